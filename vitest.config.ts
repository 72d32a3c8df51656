import { configDefaults, defineConfig } from 'vitest/config';
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
    projects: [
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'entrypoints/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/browser/**'],
          /**
           * The Node tests share each worker's module cache instead of importing the engine, zod and
           * the data files again for every file: 88 files in 58 s instead of 86 s (117 CPU-s instead
           * of 173). None of them leaves state behind that another reads (they pass in any order).
           */
          isolate: false,
        },
      },
    ],
  },
});
