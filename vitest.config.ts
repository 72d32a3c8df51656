import { configDefaults, defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Browser tests that write machine-wide browser policy (Chromium's /etc/chromium/policies, Firefox
 * ESR's policies.json): while such a file exists, every browser started on the machine gets the
 * policy, so these files run last, after everything else has finished, one at a time.
 */
const MACHINE_POLICY_TESTS = ['tests/browser/family-policy*.browser.test.ts', 'tests/browser/policy-*.browser.test.ts'];

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
          name: 'rxradar',
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'entrypoints/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...MACHINE_POLICY_TESTS],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'machine-policy',
          include: MACHINE_POLICY_TESTS,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
