/**
 * Crawl-scale scanning: `rxradar scan` (the compiled CLI, dist/cli) on a WARC.gz of corpus pages,
 * against today's per-file path (each page parsed into a linkedom DOM, then analysed: what
 * `scan --jsonl` did before the streaming reader), and peak memory on a 1 GB WARC stream.
 *
 * Per-core figures divide by CPU time (user + system, all threads), so they hold on a busy
 * machine; wall-clock figures and the speed-up from 2 workers depend on free cores. The child's
 * CPU time and peak RSS come from GNU time (/usr/bin/time, Debian package `time`).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'htmlparser2';
import { createEngine } from '../../src/core/engine';
import { bundledData } from '../../src/data/bundled-data';
import { loadCommunityListNode } from '../../src/data/load-community-list-node';
import { htmlToSnapshot } from '../../src/extraction/html-to-snapshot';
import { htmlToSnapshotStreaming } from '../../src/extraction/stream-visible-text';
import { decodeHtml, verdictRecord } from '../../src/cli/scan-batch';
import { type ReadCounters, scanVersions, Sequence, warcJobs } from '../../src/cli/scan-records';
import { corpusPages, writeCorpusWarc, writeCorpusWarcFile } from '../../tests/support/corpus-warc';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/rxradar.mjs');
const TIME = '/usr/bin/time';
/** The long archive: the bench's archive this many times over. */
const LONG_COPIES = 4;

export interface InProcessFigures {
  pages: number;
  htmlMb: number;
  cpuSeconds: number;
  pagesPerSecondPerCore: number;
  mbPerSecondPerCore: number;
}

/** Extraction + analysis of each page in this process, CPU time measured (no start-up). */
export function benchInProcess(kind: 'dom' | 'streaming', copies: number): InProcessFigures {
  const engine = createEngine({ ...bundledData, community: loadCommunityListNode() });
  const pages = corpusPages().map((p) => ({ url: p.url, html: decodeHtml(p.bytes, p.file), bytes: p.bytes.byteLength }));
  const extract = kind === 'dom' ? htmlToSnapshot : htmlToSnapshotStreaming;
  for (const p of pages) engine.analyzePage(extract(p.html, p.url)); // warm up
  let bytes = 0;
  const start = process.cpuUsage();
  for (let c = 0; c < copies; c++) {
    for (const p of pages) {
      engine.analyzePage(extract(p.html, p.url));
      bytes += p.bytes;
    }
  }
  const used = process.cpuUsage(start);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const n = pages.length * copies;
  return { pages: n, htmlMb: bytes / 1e6, cpuSeconds, pagesPerSecondPerCore: n / cpuSeconds, mbPerSecondPerCore: bytes / 1e6 / cpuSeconds };
}

const nothing = () => undefined;

/** htmlparser2 with the extraction's parser options and handlers that do nothing: its own cost. */
export function parseDoingNothing(html: string): void {
  const parser = new Parser(
    { onopentag: nothing, ontext: nothing, onclosetag: nothing, oncomment: nothing },
    { lowerCaseAttributeNames: true, decodeEntities: true, xmlMode: false },
  );
  parser.write(html);
  parser.end();
}

/**
 * CPU ms per page record of one pass over a WARC(.gz) file as `rxradar scan` reads it (native
 * gunzip per member, warcio), with `use` applied to each page's bytes.
 */
export async function readArchive(path: string, gzip: boolean, use: (bytes: Uint8Array) => void): Promise<number> {
  const counters: ReadCounters = { skipped: 0 };
  let records = 0;
  const t = process.cpuUsage();
  for await (const job of warcJobs(createReadStream(path), 'bench.warc.gz', new Sequence(), counters, gzip)) {
    if (!job.bytes) continue;
    records++;
    use(job.bytes);
  }
  const u = process.cpuUsage(t);
  return (u.user + u.system) / 1000 / records;
}

/**
 * What the libraries and the output format cost on their own, against the per-file path, in the
 * same process and rounds (best of `rounds` each, so that a busy moment does not count):
 * - `reading`: the WARC.gz read as the scan reads it (gunzip, warcio), nothing done with a page;
 * - `parsing`: the same, each page decoded and run through htmlparser2's parser doing nothing;
 * - `json`: each page's verdict line written with JSON.stringify, as the scan writes it;
 * - `perFile`: the per-file path (linkedom DOM + analysis), as benchInProcess('dom').
 * The target (a tenth of the per-file path) leaves for extraction and analysis only what these
 * leave of it.
 */
export interface FloorFigures {
  rounds: number;
  reading: number;
  parsing: number;
  json: number;
  perFile: number;
}

export async function benchLibraryFloor(warc: string, rounds: number): Promise<FloorFigures> {
  const engine = createEngine({ ...bundledData, community: loadCommunityListNode() });
  const versions = scanVersions(true);
  const records = corpusPages().map((p, i) => {
    const verdict = engine.analyzePage(htmlToSnapshotStreaming(decodeHtml(p.bytes, p.file), p.url));
    return { ...verdictRecord(verdict), id: `<urn:uuid:${i}>`, warcFile: 'bench.warc.gz', offset: i * 4096, ...versions };
  });
  const best: FloorFigures = { rounds, reading: Infinity, parsing: Infinity, json: Infinity, perFile: Infinity };
  for (let r = 0; r < rounds; r++) {
    best.reading = Math.min(best.reading, await readArchive(warc, true, nothing));
    best.parsing = Math.min(best.parsing, await readArchive(warc, true, (bytes) => parseDoingNothing(decodeHtml(bytes, 'bench.warc.gz'))));
    const copies = 20;
    let chars = 0; // used, so that the lines are really written
    const t = process.cpuUsage();
    for (let c = 0; c < copies; c++) for (const rec of records) chars += JSON.stringify(rec).length;
    const u = process.cpuUsage(t);
    if (chars === 0) throw new Error('no verdict lines written');
    best.json = Math.min(best.json, (u.user + u.system) / 1000 / (copies * records.length));
    const dom = benchInProcess('dom', 3);
    best.perFile = Math.min(best.perFile, (dom.cpuSeconds * 1000) / dom.pages);
  }
  return best;
}

export interface CommandFigures {
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  stdoutLines: number;
}

/** Runs the compiled CLI under GNU time; feeds stdin from `feed` when given. */
function timed(args: string[], feed?: (stdin: NodeJS.WritableStream) => Promise<void>): Promise<CommandFigures> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(TIME, ['-f', 'RXTIME %U %S %M', process.execPath, BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /RXTIME ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      if (code !== 0 || !m) return reject(new Error(`rxradar ${args.join(' ')} failed (${code}): ${stderr.slice(-500)}`));
      resolve({ wallSeconds: (performance.now() - t0) / 1000, cpuSeconds: Number(m[1]) + Number(m[2]), maxRssMb: Number(m[3]) / 1024, stdoutLines: lines });
    });
    if (feed) {
      child.stdin.on('error', () => {});
      feed(child.stdin).then(
        () => child.stdin.end(),
        (err: unknown) => {
          child.kill();
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    } else child.stdin.end();
  });
}

export interface ArchiveFigures {
  records: number;
  warcGzMb: number;
  htmlMb: number;
  perFile: InProcessFigures;
  streaming: InProcessFigures;
  startup: CommandFigures;
  workers: Array<{ workers: number; run: CommandFigures; pagesPerSecondPerCore: number; mbPerSecondPerCore: number; pagesPerSecond: number }>;
  /**
   * 1 and 2 workers on the archive LONG_COPIES times over (tens of thousands of pages, as a crawl's
   * WARC file holds): each worker's start-up and warm-up (its engine, and the JIT compiling the
   * analysis code in every thread) weigh less there than on the short archive.
   */
  long: { records: number; runs: Array<{ workers: number; run: CommandFigures }> };
  bigStream: { gb: number; records: number; run: CommandFigures } | null;
  floor: FloorFigures;
  checkMs: { wallMs: number[]; cpuMs: number[] };
}

export async function benchArchiveScan(opts: { records: number; streamGb: number }): Promise<ArchiveFigures> {
  if (!existsSync(BIN)) throw new Error('dist/cli/rxradar.mjs is missing: run npm run build:cli first');
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing: apt-get install time`);
  const dir = mkdtempSync(join(tmpdir(), 'rxradar-bench-'));
  try {
    const warc = join(dir, 'corpus.warc.gz');
    const recs = await writeCorpusWarcFile(warc, { records: opts.records, gzip: true });
    const all = corpusPages();
    const htmlMb = recs.reduce((n, r) => n + all[r.page]!.bytes.byteLength, 0) / 1e6;
    const copies = Math.max(1, Math.round(opts.records / all.length));

    const perFile = benchInProcess('dom', copies);
    const streaming = benchInProcess('streaming', copies);
    // Start-up and engine build, with no pages: what every run pays once.
    const startup = await timed(['scan', '--format', 'warc', '-'], async () => {});
    const workers = [];
    for (const n of [1, 2]) {
      const run = await timed(['scan', '--workers', String(n), warc]);
      if (run.stdoutLines !== recs.length) throw new Error(`expected ${recs.length} lines, got ${run.stdoutLines}`);
      const scanCpu = Math.max(0.001, run.cpuSeconds - startup.cpuSeconds * n);
      workers.push({
        workers: n,
        run,
        pagesPerSecond: recs.length / run.wallSeconds,
        pagesPerSecondPerCore: recs.length / scanCpu,
        mbPerSecondPerCore: htmlMb / scanCpu,
      });
    }

    const longWarc = join(dir, 'long.warc.gz');
    const gz = readFileSync(warc);
    for (let i = 0; i < LONG_COPIES; i++) appendFileSync(longWarc, gz); // gzip members concatenate
    const long: ArchiveFigures['long'] = { records: recs.length * LONG_COPIES, runs: [] };
    for (const n of [1, 2]) {
      const run = await timed(['scan', '--workers', String(n), longWarc]);
      if (run.stdoutLines !== long.records) throw new Error(`expected ${long.records} lines, got ${run.stdoutLines}`);
      long.runs.push({ workers: n, run });
    }
    rmSync(longWarc);

    let bigStream: ArchiveFigures['bigStream'] = null;
    if (opts.streamGb > 0) {
      let records = 0;
      const run = await timed(['scan', '--workers', '2', '--format', 'warc', '-'], async (stdin) => {
        records = (await writeCorpusWarc(stdin as never, { records: Infinity, untilBytes: opts.streamGb * 1024 ** 3, gzip: false, noise: false })).length;
      });
      bigStream = { gb: opts.streamGb, records: run.stdoutLines, run };
      void records;
    }

    const floor = await benchLibraryFloor(warc, 5);

    const checkMs = { wallMs: [] as number[], cpuMs: [] as number[] };
    for (let i = 0; i < 7; i++) {
      const r = await timed(['check', 'example.com']);
      checkMs.wallMs.push(r.wallSeconds * 1000);
      checkMs.cpuMs.push(r.cpuSeconds * 1000);
    }
    return {
      records: recs.length,
      warcGzMb: readFileSync(warc).byteLength / 1e6,
      htmlMb,
      perFile,
      streaming,
      startup,
      workers,
      long,
      bigStream,
      floor,
      checkMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
