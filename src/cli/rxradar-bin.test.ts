/**
 * The installable command: dist/cli/rxradar.mjs (package.json "bin") runs on plain Node, without
 * tsx, and answers `check` and `scan` like the source. `npm test` builds it (npm run build); a
 * lone run of this file builds it here.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/rxradar.mjs');

beforeAll(async () => {
  if (!existsSync(BIN)) await run(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT });
}, 120_000);

describe('rxradar bin (compiled)', () => {
  it('is the package bin, starts with a node shebang, and loads no tsx', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin.rxradar).toBe('dist/cli/rxradar.mjs');
    const text = readFileSync(BIN, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(text).not.toMatch(/from ["']tsx/);
  });

  it('check answers from the lists validated at build time', () => {
    const r = spawnSync(process.execPath, [BIN, 'check', 'tramadolus.org', 'example.com'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(r.status).toBe(0);
    const [listed, clean] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>);
    expect(listed).toMatchObject({ host: 'tramadolus.org', level: 'danger', listMatch: { tier: 'authority' } });
    expect(clean).toEqual({ input: 'example.com', host: 'example.com', level: 'none' });
  });

  it('scan reads JSONL from stdin and runs worker threads from the compiled worker', () => {
    const input = [
      JSON.stringify({
        url: 'https://meds-direct.example/',
        html: '<h1>Buy Oxycodone 30mg online</h1><p>No prescription needed. Stealth shipping, pay with Bitcoin.</p>',
      }),
      JSON.stringify({ url: 'https://bakery.example/', html: '<h1>Fresh bread daily</h1>' }),
    ].join('\n');
    const r = spawnSync(process.execPath, [BIN, 'scan', '--workers', '2'], { input, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { level: string }).level),
    ).toEqual(['danger', 'none']);
  });
});
