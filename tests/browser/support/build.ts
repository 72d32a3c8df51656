/**
 * The built extension, as the browser tests load it. Tests never build: a missing build is an
 * error (run `npm run build` first). Each browser loads its own copy of the build, taken at launch,
 * so a rebuild during the run (the packaging test runs `wxt zip`, which rebuilds) cannot pull files
 * from under a running browser.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtime } from '../../support/newest-mtime';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const OUTPUT_DIR = join(ROOT, '.output');
export const BUILDS = { chrome: join(OUTPUT_DIR, 'chrome-mv3'), firefox: join(OUTPUT_DIR, 'firefox-mv2') } as const;
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');
/** Present while the packaging test rebuilds (wxt zip); launches wait for it to go away. */
const REBUILD_MARKER = join(OUTPUT_DIR, '.browser-tests-rebuilding');

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, `${name}.png`);
}

async function waitForNoRebuild(): Promise<void> {
  const until = Date.now() + 120_000;
  while (existsSync(REBUILD_MARKER) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
}

/** Copies the build for `browser` to a fresh temporary directory; throws when there is no build. */
export async function copyBuild(browser: keyof typeof BUILDS): Promise<{ dir: string; remove: () => void }> {
  await waitForNoRebuild();
  const src = BUILDS[browser];
  if (!existsSync(join(src, 'manifest.json'))) {
    throw new Error(`No built extension at ${src}: run \`npm run build\` (npx wxt build && npx wxt build -b firefox) first`);
  }
  const built = statSync(join(src, 'manifest.json')).mtimeMs;
  const sources = Math.max(...['src', 'entrypoints', 'public'].map((d) => newestMtime(join(ROOT, d))));
  if (sources > built + 1000) console.warn(`[browser tests] ${src} is older than the sources: rebuild to test the current code`);
  const parent = mkdtempSync(join(tmpdir(), `rxradar-${browser}-ext-`));
  const dir = join(parent, browser === 'chrome' ? 'chrome-mv3' : 'firefox-mv2');
  cpSync(src, dir, { recursive: true });
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`Copying ${src} failed (was it being rebuilt?)`);
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/** Runs `fn` (a rebuild) while launches wait; gives launches already copying a moment to finish. */
export async function whileRebuilding<T>(fn: () => Promise<T>): Promise<T> {
  writeFileSync(REBUILD_MARKER, String(process.pid));
  try {
    await new Promise((r) => setTimeout(r, 500));
    return await fn();
  } finally {
    rmSync(REBUILD_MARKER, { force: true });
  }
}
