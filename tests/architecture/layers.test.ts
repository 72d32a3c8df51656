/**
 * The layer rules of .dependency-cruiser.cjs. `npm run lint` (part of `npm test`, before the
 * builds) checks the shipped code against them; this test shows each rule fails on a planted
 * violation (a small tree written to a temporary folder with the same layout), so a broken rule
 * cannot pass quietly.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

async function cruise(cwd: string, paths: string[]): Promise<Violation[]> {
  // Exit status 1 when rules are broken: the JSON report is on stdout either way.
  const out = await promisify(execFile)(DEPCRUISE, [...paths, '--config', CONFIG, '--output-type', 'json'], { cwd, maxBuffer: 64 << 20 }).catch(
    (err: { stdout?: string; stderr?: string }) => {
      if (!err.stdout) throw new Error(`depcruise failed: ${err.stderr ?? String(err)}`);
      return { stdout: err.stdout };
    },
  );
  return (JSON.parse(out.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('layers (dependency-cruiser)', { timeout: 60_000 }, () => {
  const planted = mkdtempSync(join(tmpdir(), 'rxradar-layers-'));
  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  it('fails on a planted violation of each rule', async () => {
    const files: Record<string, string> = {
      'tsconfig.json': '{"compilerOptions":{"module":"esnext","moduleResolution":"bundler","allowJs":true}}',
      'src/core/uses-node.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      'src/extraction/uses-extension.ts': "import { y } from '../extension/thing';\nexport const z = y;\n",
      'src/extension/thing.ts': 'export const y = 1;\n',
      'src/cli/uses-server.ts': "import { s } from '../server/store';\nexport const c = s;\n",
      'src/server/store.ts': "import { h } from '../cli/helper';\nexport const s = h;\n",
      'src/cli/helper.ts': 'export const h = 1;\n',
      'src/node/uses-extension.ts': "import { y } from '../extension/thing';\nexport const n = y;\n",
      'src/extension/a.ts': "import { b } from './b';\nexport const a = b;\n",
      'src/extension/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      'src/reports/classic-zod.ts': "import { z } from 'zod/mini';\nexport const S = z.string();\n",
      'src/core/uses-wxt.ts': "import { browser } from 'wxt/browser';\nexport const w = browser;\n",
      // Packages as installed (their files under dist/, like wxt's and tldts'): the rules must see
      // an import that resolves into node_modules, not only one that does not resolve.
      'node_modules/wxt/package.json': '{"name":"wxt","exports":{"./browser":"./dist/browser.mjs"}}',
      'node_modules/wxt/dist/browser.mjs': 'export const browser = {};\n',
      'node_modules/zod/package.json': '{"name":"zod","exports":{"./mini":"./mini/index.js"}}',
      'node_modules/zod/mini/index.js': 'export const z = {};\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(planted, path)), { recursive: true });
      writeFileSync(join(planted, path), text);
    }
    const violations = await cruise(planted, ['src']);
    const broken = new Set(violations.map((v) => v.rule.name));
    expect(violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual(
      expect.arrayContaining([
        'core-no-browser-or-outer-layers: src/core/uses-wxt.ts -> node_modules/wxt/dist/browser.mjs',
        'zod-through-core-zod: src/reports/classic-zod.ts -> node_modules/zod/mini/index.js',
      ]),
    );
    expect([...broken].sort()).toEqual([
      'cli-not-server',
      'cli-server-not-extension',
      'core-no-browser-or-outer-layers',
      'core-no-node',
      'no-cycles',
      'server-not-cli',
      'zod-through-core-zod',
    ]);
  });
});
