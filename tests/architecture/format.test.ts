/**
 * Prettier (.prettierrc.json, .prettierignore): every code file is formatted, and an unformatted
 * one is caught. Fix with `npx prettier --write "**\/*.{ts,mjs,cjs}"`.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PRETTIER = join(ROOT, 'node_modules', '.bin', 'prettier');

describe('format (prettier)', { timeout: 120_000 }, () => {
  it('every code file is formatted', async () => {
    const differ = await promisify(execFile)(PRETTIER, ['--list-different', '**/*.{ts,mjs,cjs}'], { cwd: ROOT, maxBuffer: 16 << 20 }).then(
      () => '',
      (err: { stdout?: string; stderr?: string; code?: number }) => {
        if (err.code !== 1) throw new Error(`prettier failed: ${err.stderr ?? String(err)}`);
        return err.stdout ?? '';
      },
    );
    expect(differ.split('\n').filter(Boolean)).toEqual([]);
  });

  it('an unformatted file is caught', async () => {
    const options = { ...(await prettier.resolveConfig(join(ROOT, 'src', 'planted.ts'))), filepath: join(ROOT, 'src', 'planted.ts') };
    expect(await prettier.check('const a = {b:1}\nexport default a\n', options)).toBe(false);
    expect(await prettier.check('const a = { b: 1 };\nexport default a;\n', options)).toBe(true);
  });
});
