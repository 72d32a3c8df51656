// @vitest-environment node
/**
 * Packaging: `wxt zip` and `wxt zip -b firefox` make the store packages in .output/, and
 * addons-linter (`web-ext lint`) finds no error in the Firefox build (warnings are printed).
 * `wxt zip` rebuilds .output/chrome-mv3 and .output/firefox-mv2 first; browser tests running at
 * the same time loaded their own copies of the build (support/build.ts), and launches wait while
 * this rebuild runs.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, OUTPUT_DIR, ROOT, whileRebuilding } from './support/build';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

/** File names in a zip archive, from its central directory. */
function zipEntries(path: string): string[] {
  const buf = readFileSync(path);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${path} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: bad central directory`);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.subarray(p + 46, p + 46 + nameLen).toString('utf8'));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

describe('packaging', { timeout: 180_000 }, () => {
  const started = Date.now();
  const zips = {
    chrome: join(OUTPUT_DIR, `${pkg.name}-${pkg.version}-chrome.zip`),
    firefox: join(OUTPUT_DIR, `${pkg.name}-${pkg.version}-firefox.zip`),
    sources: join(OUTPUT_DIR, `${pkg.name}-${pkg.version}-sources.zip`),
  };

  beforeAll(async () => {
    if (!existsSync(join(BUILDS.chrome, 'manifest.json')) || !existsSync(join(BUILDS.firefox, 'manifest.json'))) {
      throw new Error('No built extension in .output/: run `npm run build` first');
    }
    await whileRebuilding(async () => {
      await run('npx', ['wxt', 'zip'], { cwd: ROOT, env: { ...process.env, CI: 'true' }, maxBuffer: 16 << 20 });
      await run('npx', ['wxt', 'zip', '-b', 'firefox'], { cwd: ROOT, env: { ...process.env, CI: 'true' }, maxBuffer: 16 << 20 });
    });
  }, 180_000);

  it('wxt zip makes the Chrome package in .output/', () => {
    expect(existsSync(zips.chrome)).toBe(true);
    expect(statSync(zips.chrome).mtimeMs).toBeGreaterThanOrEqual(started - 1000);
    const names = zipEntries(zips.chrome);
    expect(names).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'background.js',
        'popup.html',
        'options.html',
        'content-scripts/content.js',
        '_locales/en/messages.json',
        '_locales/es/messages.json',
        '_locales/hi/messages.json',
      ]),
    );
    // The warning-preview page (a test page for the caution banner's accessibility) stays out of the store package.
    expect(names.filter((n) => n.includes('warning-preview'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(BUILDS.chrome, 'manifest.json'), 'utf8')) as { manifest_version: number };
    expect(manifest.manifest_version).toBe(3);
  });

  it('wxt zip -b firefox makes the Firefox package (and the sources package AMO asks for)', () => {
    for (const zip of [zips.firefox, zips.sources]) {
      expect(existsSync(zip), zip).toBe(true);
      expect(statSync(zip).mtimeMs).toBeGreaterThanOrEqual(started - 1000);
    }
    expect(zipEntries(zips.firefox)).toEqual(expect.arrayContaining(['manifest.json', 'background.js', 'popup.html', 'content-scripts/content.js']));
    expect(zipEntries(zips.firefox).filter((n) => n.includes('warning-preview'))).toEqual([]);
    const sources = zipEntries(zips.sources);
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'wxt.config.ts']));
    expect(sources.some((n) => n.startsWith('node_modules/'))).toBe(false);
    expect(sources.some((n) => n.startsWith('.output/'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(BUILDS.firefox, 'manifest.json'), 'utf8')) as {
      manifest_version: number;
      browser_action?: { default_icon?: unknown };
    };
    expect(manifest.manifest_version).toBe(2);
    expect(manifest.browser_action?.default_icon).toBeTruthy();
  });

  it('web-ext lint: no errors in the Firefox build', async () => {
    let stdout: string;
    try {
      ({ stdout } = await run('npx', ['web-ext', 'lint', '--source-dir', BUILDS.firefox, '--output', 'json', '--no-config-discovery'], {
        cwd: ROOT,
        maxBuffer: 16 << 20,
      }));
    } catch (e) {
      // web-ext exits non-zero when it finds errors; the report is still on stdout.
      stdout = (e as { stdout?: string }).stdout ?? '';
      if (!stdout.trim().startsWith('{')) throw e;
    }
    const report = JSON.parse(stdout) as {
      summary: { errors: number; warnings: number; notices: number };
      errors: Array<{ code: string; message: string; file?: string }>;
      warnings: Array<{ code: string; message: string; file?: string }>;
    };
    for (const w of report.warnings) console.log(`[web-ext lint] warning ${w.code} ${w.file ?? ''}: ${w.message}`);
    expect(report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  });
});
