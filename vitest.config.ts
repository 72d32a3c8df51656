import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    globalSetup: ['tests/support/global-setup.ts'],
    /**
     * Three test files at a time (vitest's default on a 2-core machine is one): most of a browser
     * test is waiting for the browser.
     */
    maxWorkers: 3,
    testTimeout: 30_000,
    // expect.poll waits for a condition; its default of one second is short on a loaded machine.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'entrypoints/**/*.test.ts'],
  },
});
