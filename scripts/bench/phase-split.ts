/**
 * Where per-page CPU goes in a batch scan, in process: decoding, visible text, page structure and
 * analysis of every corpus page, each timed with process.cpuUsage over `--copies` copies; and, as
 * the floor under extraction, htmlparser2 itself (the same parser and options, handlers that do
 * nothing). Then the floor under a whole scan: reading the same pages as a WARC.gz (one gzip
 * member per record, as `rxradar scan` reads them: native gunzip and warcio), alone and with
 * htmlparser2's tokenizer and parser behind it, doing nothing with what they read.
 * `node --import tsx scripts/bench/phase-split.ts [--copies=N]`; add `--cpu-prof` to node for a profile.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser, Tokenizer } from 'htmlparser2';
import { createEngine } from '../../src/core/engine';
import { bundledData } from '../../src/data/bundled-data';
import { loadCommunityListNode } from '../../src/data/load-community-list-node';
import { extractVisibleContentStreaming, htmlToSnapshotStreaming } from '../../src/extraction/stream-visible-text';
import { extractPageStructureStreaming } from '../../src/extraction/stream-page-structure';
import { decodeHtml } from '../../src/cli/scan-batch';
import { type ReadCounters, Sequence, warcJobs } from '../../src/cli/scan-records';
import { corpusPages, writeCorpusWarcFile } from '../../tests/support/corpus-warc';

const nothing = () => undefined;
/** htmlparser2 with the extraction's parser options and handlers that do nothing: its own cost. */
function parseDoingNothing(html: string): void {
  const parser = new Parser(
    { onopentag: nothing, ontext: nothing, onclosetag: nothing, oncomment: nothing },
    { lowerCaseAttributeNames: true, decodeEntities: true, xmlMode: false },
  );
  parser.write(html);
  parser.end();
}

const copies = Number(process.argv.find((a) => a.startsWith('--copies='))?.slice(9) ?? 20);
const engine = createEngine({ ...bundledData, community: loadCommunityListNode() });
const pages = corpusPages();
const html = pages.map((p) => decodeHtml(p.bytes, p.file));
const snaps = html.map((h, i) => htmlToSnapshotStreaming(h, pages[i]!.url));
for (const s of snaps) engine.analyzePage(s); // warm up

const cpu = (f: () => void) => {
  const t = process.cpuUsage();
  for (let c = 0; c < copies; c++) f();
  const u = process.cpuUsage(t);
  return (u.user + u.system) / 1000 / (copies * pages.length);
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
console.log(`${n} pages x ${copies}, CPU ms per page`);
for (const [k, v] of rows) console.log(`${k.padEnd(16)} ${v.toFixed(4)}`);

/** CPU ms per page record of one pass over `path` with `use` applied to each page's bytes. */
async function readArchive(path: string, use: (bytes: Uint8Array) => void): Promise<number> {
  const counters: ReadCounters = { skipped: 0 };
  let records = 0;
  const t = process.cpuUsage();
  for await (const job of warcJobs(createReadStream(path), 'bench.warc.gz', new Sequence(), counters, true)) {
    if (!job.bytes) continue;
    records++;
    use(job.bytes);
  }
  const u = process.cpuUsage(t);
  return (u.user + u.system) / 1000 / records;
}

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
  for (const [k, use] of floor) console.log(`${k.padEnd(24)} ${(await readArchive(archive, use)).toFixed(4)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
