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
    /**
     * Test files share each worker's module cache instead of importing vitest, the engine, zod,
     * Playwright and puppeteer again for every file (89 Node files: 58-71 s instead of 86 s, 117
     * CPU-s instead of 173; a browser file's imports take about 2.5 s). No file leaves state behind
     * that another reads: they pass in any file order (`--sequence.shuffle.files`).
     */
    isolate: false,
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'entrypoints/**/*.test.ts'],
  },
});
