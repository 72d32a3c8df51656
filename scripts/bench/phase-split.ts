/**
 * Where per-page CPU goes in a batch scan, in process: decoding, visible text, page structure and
 * analysis of every corpus page, each timed with process.cpuUsage over `--copies` copies; and, as
 * the floor under extraction, htmlparser2 itself (the same parser and options, handlers that do
 * nothing).
 * `node --import tsx scripts/bench/phase-split.ts [--copies=N]`; add `--cpu-prof` to node for a profile.
 */
import { Parser } from 'htmlparser2';
import { createEngine } from '../../src/core/engine';
import { bundledData } from '../../src/data/bundled-data';
import { loadCommunityListNode } from '../../src/data/load-community-list-node';
import { extractVisibleContentStreaming, htmlToSnapshotStreaming } from '../../src/extraction/stream-visible-text';
import { extractPageStructureStreaming } from '../../src/extraction/stream-page-structure';
import { decodeHtml } from '../../src/cli/scan-batch';
import { corpusPages } from '../../tests/support/corpus-warc';

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
      const nothing = () => undefined;
      for (const h of html) {
        const parser = new Parser(
          { onopentag: nothing, ontext: nothing, onclosetag: nothing, oncomment: nothing },
          { lowerCaseAttributeNames: true, decodeEntities: true, xmlMode: false },
        );
        parser.write(h);
        parser.end();
      }
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
