/**
 * ESLint with typescript-eslint's type-aware promise rules (eslint.config.mjs). `npm run lint`
 * (part of `npm test`, before the builds) lints the project; this test shows the planted file (a
 * promise nobody waits for) is reported, so the rule is known to be active.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('lint (eslint + typescript-eslint)', { timeout: 180_000 }, () => {
  it('a planted floating promise is reported', async () => {
    // Typed with a project of its own (one file), so the check does not load the whole program.
    const eslint = new ESLint({
      cwd: ROOT,
      ignore: false,
      overrideConfig: {
        languageOptions: { parserOptions: { projectService: false, project: ['tests/architecture/planted/tsconfig.json'], tsconfigRootDir: ROOT } },
      },
    });
    const [result] = await eslint.lintFiles(['tests/architecture/planted/floating-promise.ts']);
    expect(result!.messages.map((m) => m.ruleId)).toEqual(['@typescript-eslint/no-floating-promises']);
  });
});
