import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'entrypoints/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
