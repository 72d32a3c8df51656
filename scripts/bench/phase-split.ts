/**
 * Where per-page CPU goes in a batch scan, in process: decoding, visible text, page structure and
 * analysis of every corpus page (and, within analysis, one pass of the lexicon scanner over the
 * text), each timed with process.cpuUsage, the quickest of 5 rounds that share `--copies` copies;
 * and, as the floor under extraction, htmlparser2 itself (the same parser and options, handlers
 * that do nothing). Then the floor under a whole scan: reading the same pages as a WARC.gz (one
 * gzip member per record, as `rxradar scan` reads them: native gunzip and warcio), alone and with
 * htmlparser2's tokenizer and parser behind it, doing nothing with what they read.
 * `node --import tsx scripts/bench/phase-split.ts [--copies=N]`; add `--cpu-prof` to node for a profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from 'htmlparser2';
import { pageText } from '../../src/core/analyze-page';
import { createEngine } from '../../src/core/engine';
import { compileLexicon } from '../../src/core/lexicon/compile-lexicon';
import { scanText } from '../../src/core/text/scan-text';
import { bundledData } from '../../src/data/bundled-data';
import { loadCommunityListNode } from '../../src/data/load-community-list-node';
import { extractVisibleContentStreaming, htmlToSnapshotStreaming } from '../../src/extraction/stream-visible-text';
import { extractPageStructureStreaming } from '../../src/extraction/stream-page-structure';
import { decodeHtml } from '../../src/cli/scan-batch';
import { corpusPages, writeCorpusWarcFile } from '../../tests/support/corpus-warc';
import { parseDoingNothing, readArchive } from './archive-scan';

const nothing = () => undefined;

const copies = Number(process.argv.find((a) => a.startsWith('--copies='))?.slice(9) ?? 20);
const engine = createEngine({ ...bundledData, community: loadCommunityListNode() });
const pages = corpusPages();
const html = pages.map((p) => decodeHtml(p.bytes, p.file));
const snaps = html.map((h, i) => htmlToSnapshotStreaming(h, pages[i]!.url));
const compiled = compileLexicon(engine.lexicon);
const texts = snaps.map(pageText); // what the analysis scans
for (const s of snaps) engine.analyzePage(s); // warm up

/** Rounds each row is timed in (its copies shared out among them); the quickest round counts, as a busy moment inflates one. */
const ROUNDS = 5;
const perRound = Math.max(1, Math.round(copies / ROUNDS));
const cpu = (f: () => void) => {
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.cpuUsage();
    for (let c = 0; c < perRound; c++) f();
    const u = process.cpuUsage(t);
    best = Math.min(best, (u.user + u.system) / 1000 / (perRound * pages.length));
  }
  return best;
};
const n = pages.length;
const rows: Array<[string, number]> = [
  [
    'decode',
    cpu(() => {
      for (const p of pages) decodeHtml(p.bytes, p.file);
    }),
  ],
  [
    'htmlparser2 only',
    cpu(() => {
      for (const h of html) parseDoingNothing(h);
    }),
  ],
  [
    'visible text',
    cpu(() => {
      for (let i = 0; i < n; i++) extractVisibleContentStreaming(html[i]!, pages[i]!.url);
    }),
  ],
  [
    'page structure',
    cpu(() => {
      for (let i = 0; i < n; i++) extractPageStructureStreaming(html[i]!);
    }),
  ],
  [
    'snapshot (both)',
    cpu(() => {
      for (let i = 0; i < n; i++) htmlToSnapshotStreaming(html[i]!, pages[i]!.url);
    }),
  ],
  [
    'lexicon scan alone',
    cpu(() => {
      for (const t of texts) scanText(t, compiled);
    }),
  ],
  [
    'analysis',
    cpu(() => {
      for (const s of snaps) engine.analyzePage(s);
    }),
  ],
  [
    'all',
    cpu(() => {
      for (let i = 0; i < n; i++) engine.analyzePage(htmlToSnapshotStreaming(decodeHtml(pages[i]!.bytes, pages[i]!.file), pages[i]!.url));
    }),
  ],
];
console.log(`${n} pages, ${perRound} copies a round, CPU ms per page in the quickest of ${ROUNDS} rounds`);
for (const [k, v] of rows) console.log(`${k.padEnd(18)} ${v.toFixed(4)}`);

const dir = mkdtempSync(join(tmpdir(), 'rxradar-phase-split-'));
try {
  const archive = join(dir, 'bench.warc.gz');
  const records = await writeCorpusWarcFile(archive, { records: n * copies, gzip: true });
  const tokenizerCallbacks = new Proxy({}, { get: () => nothing }) as ConstructorParameters<typeof Tokenizer>[1];
  const floor: Array<[string, (bytes: Uint8Array) => void]> = [
    ['reading (gunzip, warcio)', nothing],
    [
      '+ decode + Tokenizer',
      (bytes) => {
        const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: true }, tokenizerCallbacks);
        tokenizer.write(decodeHtml(bytes, 'bench.warc.gz'));
        tokenizer.end();
      },
    ],
    ['+ decode + Parser', (bytes) => parseDoingNothing(decodeHtml(bytes, 'bench.warc.gz'))],
  ];
  console.log(`\nthe same pages as a WARC.gz (${records.length.toLocaleString('en-US')} records), CPU ms per page, doing nothing with them`);
  for (const [k, use] of floor) console.log(`${k.padEnd(24)} ${(await readArchive(archive, true, use)).toFixed(4)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
