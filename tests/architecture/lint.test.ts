/**
 * ESLint with typescript-eslint's type-aware promise rules (eslint.config.mjs): the project passes,
 * and the planted file (a promise nobody waits for) fails, so the rule is known to be active.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('lint (eslint + typescript-eslint)', { timeout: 180_000 }, () => {
  it('the project has no floating or misused promises', async () => {
    const results = await new ESLint({ cwd: ROOT }).lintFiles(['.']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(ROOT.length)}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(problems).toEqual([]);
  });

  it('a planted floating promise is reported', async () => {
    const [result] = await new ESLint({ cwd: ROOT, ignore: false }).lintFiles(['tests/architecture/planted/floating-promise.ts']);
    expect(result!.messages.map((m) => m.ruleId)).toEqual(['@typescript-eslint/no-floating-promises']);
  });
});
