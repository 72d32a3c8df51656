/**
 * Prettier (.prettierrc.json, .prettierignore). `npm run lint` (part of `npm test`, before the
 * builds) checks every code file; this test shows an unformatted file is caught with the project's
 * settings. Fix with `npm run format`.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('format (prettier)', () => {
  it('an unformatted file is caught', async () => {
    const options = { ...(await prettier.resolveConfig(join(ROOT, 'src', 'planted.ts'))), filepath: join(ROOT, 'src', 'planted.ts') };
    expect(options.printWidth).toBe(160);
    expect(await prettier.check('const a = {b:1}\nexport default a\n', options)).toBe(false);
    expect(await prettier.check('const a = { b: 1 };\nexport default a;\n', options)).toBe(true);
  });
});
