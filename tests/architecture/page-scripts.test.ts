/**
 * Extension pages (popup, options, report, warning page) load small scripts: the schema library
 * and the domain parser stay in the background, which validates and builds for the pages through
 * the message protocol (src/extension/messages.ts). A page module that imports them again (a
 * schema, the list or report builders, the storage items) puts them back in a page chunk, and this
 * fails. Reads the Chrome and Firefox builds (`npm run build`, before vitest in `npm test`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBuild } from '../browser/support/build';

/** The bound of issue #15: no page chunk over 100 KB. */
const MAX_CHUNK_BYTES = 100 * 1024;
/** Text only these libraries' code holds: zod's error class, and a private suffix of tldts' public-suffix trie. */
const LIBRARY_MARKS: Record<string, RegExp> = { zod: /ZodError/, tldts: /blogspot/ };

describe.each(['chrome', 'firefox'] as const)('page scripts (%s build)', (browser) => {
  let build: Awaited<ReturnType<typeof copyBuild>>;
  let chunks: Array<{ file: string; text: string }>;
  beforeAll(async () => {
    build = await copyBuild(browser);
    const dir = join(build.dir, 'chunks');
    chunks = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
  });
  afterAll(() => build?.remove());

  it('the build has page chunks (options, report, popup)', () => {
    for (const page of ['options', 'report', 'popup'])
      expect(
        chunks.some((c) => c.file.startsWith(`${page}-`)),
        page,
      ).toBe(true);
  });

  it('each page has its style sheet inline and links none (a file fetched before the first paint: scripts/build/inline-page-css-plugin.ts)', () => {
    for (const page of ['popup', 'blocked', 'options', 'report']) {
      const html = readFileSync(join(build.dir, `${page}.html`), 'utf8');
      expect(html, page).not.toMatch(/<link[^>]+rel="stylesheet"/);
      expect(html, page).toMatch(/<style>[^<]*\{[^<]*<\/style>/);
    }
    expect(readdirSync(build.dir)).not.toContain('assets');
  });

  it('no page chunk is over 100 KB', () => {
    const over = chunks.filter((c) => Buffer.byteLength(c.text) > MAX_CHUNK_BYTES).map((c) => `${c.file}: ${Buffer.byteLength(c.text)} bytes`);
    expect(over).toEqual([]);
  });

  it('no page chunk holds zod or tldts (they are in background.js, which the pages ask)', () => {
    const found = chunks.flatMap((c) => Object.entries(LIBRARY_MARKS).flatMap(([lib, mark]) => (mark.test(c.text) ? [`${c.file}: ${lib}`] : [])));
    expect(found).toEqual([]);
    // The marks do find the libraries where they are.
    const background = readFileSync(join(build.dir, 'background.js'), 'utf8');
    for (const [lib, mark] of Object.entries(LIBRARY_MARKS)) expect(mark.test(background), lib).toBe(true);
  });
});
