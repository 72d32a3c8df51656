/**
 * `rxradar scan` at crawl scale: records from WARC / WARC.gz files (warcio), from JSONL with
 * inline HTML, or from manifests of saved files, each turned into one JSON line. Reading happens
 * in the main thread (streaming: one record in memory at a time per job in flight); extraction and
 * analysis run in scanJob, in the main thread or in worker threads (scan-pool.ts).
 *
 * Every problem with one record becomes an error outcome naming the record; the run goes on.
 */
import { open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { AsyncIterReader, WARCParser } from 'warcio';
import type { Engine } from '../core/engine';
import { createEngine } from '../core/engine';
import { bundledData, COMMUNITY_LIST_META } from '../data/bundled-data';
import { loadCommunityListNode } from '../data/load-community-list-node';
import { htmlToSnapshotStreaming } from '../extraction/stream-visible-text';
import { GzipMembers } from './gzip-members';
import { decodeHtml, fsProblem, InputError, MAX_PAGE_BYTES, readPageFile, validatePageUrl, verdictRecord } from './scan-batch';
import pkg from '../../package.json' with { type: 'json' };

/** Where a record came from, as written in its output line. */
export type RecordSource = { warcFile: string; offset: number } | { input: string; line: number; file?: string };

/** One page to scan (plain data: it crosses to worker threads). */
export interface ScanJob {
  /** Position in the input, from 0: output follows it. */
  seq: number;
  /** WARC-Record-ID, the JSONL line's "id", or input:line. */
  id: string;
  url: unknown;
  /** Page bytes (WARC payload), decoded in scanJob; or the page as text. */
  bytes?: Uint8Array;
  /** Charset named by the HTTP Content-Type header, if any. */
  charset?: string;
  html?: string;
  source: RecordSource;
  /** A problem found while reading: the job is reported, not scanned. */
  error?: string;
}

export type ScanOutcome = { seq: number; ok: true; line: string; flagged: boolean } | { seq: number; ok: false; error: string };

/** Versions written with every verdict, so results from different runs can be told apart. */
export interface ScanVersions {
  engine: string;
  lists: { authority: string; community: string | null };
}

export function scanVersions(community: boolean): ScanVersions {
  return {
    engine: `rxradar ${pkg.version}`,
    lists: { authority: (bundledData.authority as { updated: string }).updated, community: community ? COMMUNITY_LIST_META.date : null },
  };
}

export interface ScanContext {
  engine: Engine;
  versions: ScanVersions;
}

export function createScanContext(community: boolean): ScanContext {
  return { engine: createEngine({ ...bundledData, community: community ? loadCommunityListNode() : null }), versions: scanVersions(community) };
}

/** Extracts and analyses one job; never throws for page content. */
export function scanJob(ctx: ScanContext, job: ScanJob): ScanOutcome {
  if (job.error !== undefined) return { seq: job.seq, ok: false, error: job.error };
  try {
    const url = validatePageUrl(job.url, `${job.id}`);
    const html = job.html ?? decodeHtml(job.bytes ?? new Uint8Array(0), job.id, job.charset);
    const verdict = ctx.engine.analyzePage(htmlToSnapshotStreaming(html, url));
    const record = { ...verdictRecord(verdict), id: job.id, ...job.source, ...ctx.versions };
    return { seq: job.seq, ok: true, line: JSON.stringify(record), flagged: verdict.level !== 'none' };
  } catch (err) {
    const message = err instanceof InputError ? err.message : `${job.id}: could not scan (${err instanceof Error ? err.message : String(err)})`;
    return { seq: job.seq, ok: false, error: message.replace(/\s+/g, ' ') };
  }
}

/** How a WARC record's page is read: its HTTP Content-Type says HTML, text, or nothing. */
const PAGE_TYPE = /^\s*(text\/html|application\/xhtml\+xml|text\/plain)\s*(;|$)/i;
const CHARSET = /;\s*charset\s*=\s*["']?([a-z0-9_.:-]+)/i;

export interface ReadCounters {
  /** Records read that are not pages (requests, metadata, images...). */
  skipped: number;
}

/** Numbers the jobs of all inputs of one run in order. */
export class Sequence {
  private n = 0;
  next(): number {
    return this.n++;
  }
}

/**
 * The response (and resource) records of a WARC or WARC.gz stream whose content type is HTML or
 * unstated, as jobs. A payload over MAX_PAGE_BYTES is reported, not read into memory. A stream that
 * cannot be parsed any further ends with one error job.
 *
 * A WARC.gz is read member by member with native zlib (gzip-members.ts), each member parsed by
 * warcio as plain WARC; from the first member that reader leaves (a cut, a bad or very large
 * member, a whole-file gzip), warcio reads the rest of the stream itself, as it read all of it
 * before. Either way each job names the compressed offset of its record's member. `gzip`: the
 * stream starts as gzip does (openInput has read its first bytes and says so).
 */
export async function* warcJobs(
  source: AsyncIterable<Uint8Array>,
  name: string,
  seq: Sequence,
  counters: ReadCounters,
  gzip: boolean,
): AsyncGenerator<ScanJob> {
  if (!gzip) return yield* warcioJobs(source, name, seq, counters, 0);

  const members = new GzipMembers(source[Symbol.asyncIterator]());
  // Uncompressed offsets where members start, and the members' own offsets (the one parser sees the
  // members as one plain stream, so a record split across members is still read whole).
  const starts: Array<{ at: number; offset: number }> = [];
  let inflated = 0;
  async function* plain(): AsyncGenerator<Uint8Array> {
    for await (const m of members.members()) {
      starts.push({ at: inflated, offset: m.offset });
      inflated += m.data.length;
      yield m.data;
    }
  }
  const memberOffset = (at: number) => {
    while (starts.length > 1 && starts[1]!.at <= at) starts.shift();
    return starts[0]?.offset ?? 0;
  };
  const parser = new WARCParser(new AsyncIterReader(plain(), null));
  if (!(yield* recordJobs(parser, () => memberOffset(parser.offset), name, seq, counters))) return;
  if (members.stoppedAt !== null) yield* warcioJobs(members.rest(), name, seq, counters, members.stoppedAt);
}

/** warcio reading a WARC or WARC.gz stream that starts at `base` in the input. */
async function* warcioJobs(source: AsyncIterable<Uint8Array>, name: string, seq: Sequence, counters: ReadCounters, base: number): AsyncGenerator<ScanJob> {
  let total = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      total += chunk.byteLength;
      yield chunk;
    }
  }
  const parser = new WARCParser(counted());
  if (!(yield* recordJobs(parser, () => base + parser.offset, name, seq, counters))) return;
  // warcio ends quietly at a gzip member cut short: what it read must be the whole input.
  const end = parser._reader.getRawOffset();
  if (end < total) {
    yield {
      seq: seq.next(),
      id: `${name}@${base + end}`,
      url: undefined,
      source: { warcFile: name, offset: base + end },
      error: `${name}: the last ${total - end} bytes (from offset ${base + end}) are not a whole WARC record (file cut short?)`,
    };
  }
}

/** Jobs for the page records `parser` reads; false when it failed (after one error job). */
async function* recordJobs(parser: WARCParser, offsetNow: () => number, name: string, seq: Sequence, counters: ReadCounters): AsyncGenerator<ScanJob, boolean> {
  let lastOffset = 0;
  try {
    for await (const record of parser) {
      const offset = offsetNow();
      lastOffset = offset;
      const type = record.warcType;
      if (type !== 'response' && type !== 'resource') {
        counters.skipped++;
        continue;
      }
      const contentType = type === 'response' ? (record.httpHeaders?.headers.get('content-type') ?? null) : (record.warcContentType ?? null);
      if (contentType !== null && contentType.trim() !== '' && !PAGE_TYPE.test(contentType)) {
        counters.skipped++;
        continue;
      }
      const id = record.warcHeader('WARC-Record-ID') ?? `${name}@${offset}`;
      const job: ScanJob = { seq: seq.next(), id, url: record.warcTargetURI ?? undefined, source: { warcFile: name, offset } };
      const charset = contentType ? CHARSET.exec(contentType)?.[1] : undefined;
      if (charset) job.charset = charset;
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of record) {
        size += chunk.byteLength;
        if (size > MAX_PAGE_BYTES) break;
        chunks.push(chunk);
      }
      if (size > MAX_PAGE_BYTES) job.error = `${id}: page too large (over ${MAX_PAGE_BYTES / (1024 * 1024)} MB) at ${name} offset ${offset}`;
      else job.bytes = concat(chunks, size);
      yield job;
    }
    return true;
  } catch (err) {
    yield {
      seq: seq.next(),
      id: `${name}@${lastOffset}`,
      url: undefined,
      source: { warcFile: name, offset: lastOffset },
      error: `${name}: cannot read WARC after offset ${lastOffset} (${err instanceof Error ? err.message : String(err)})`,
    };
    return false;
  }
}

/** The chunks in one new buffer of their own (safe to transfer to a worker). */
function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** A JSONL line is refused past this many bytes (an inline page up to MAX_PAGE_BYTES, JSON-escaped). */
export const MAX_LINE_BYTES = 3 * MAX_PAGE_BYTES;

/** Lines of a byte stream, as text; a line over maxBytes comes as null (its bytes are not kept). */
export async function* boundedLines(source: AsyncIterable<Uint8Array>, maxBytes = MAX_LINE_BYTES): AsyncGenerator<string | null> {
  const decoder = new TextDecoder('utf-8');
  let parts: Uint8Array[] = [];
  let size = 0;
  let tooLong = false;
  const finish = () => {
    const line = tooLong ? null : decoder.decode(concat(parts, size)).replace(/\r$/, '');
    parts = [];
    size = 0;
    tooLong = false;
    return line;
  };
  for await (const chunk of source) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const end = nl < 0 ? chunk.byteLength : nl;
      if (!tooLong) {
        if (size + (end - start) > maxBytes) {
          tooLong = true;
          parts = [];
        } else if (end > start) parts.push(chunk.subarray(start, end).slice());
        size += end - start;
      }
      if (nl < 0) break;
      yield finish();
      start = nl + 1;
    }
  }
  if (size > 0 || tooLong) yield finish();
}

/**
 * Jobs from JSONL: each line an object with "url" and either "html" (the page inline) or "file"
 * (a saved page, relative to baseDir: the existing manifests), and optionally "id".
 */
export async function* jsonlJobs(source: AsyncIterable<Uint8Array>, name: string, baseDir: string, seq: Sequence): AsyncGenerator<ScanJob> {
  let lineNo = 0;
  for await (const raw of boundedLines(source)) {
    lineNo++;
    const where = `${name}:${lineNo}`;
    const src: RecordSource = { input: name, line: lineNo };
    if (raw === null) {
      yield { seq: seq.next(), id: where, url: undefined, source: src, error: `${where}: line too long (over ${MAX_LINE_BYTES / (1024 * 1024)} MB)` };
      continue;
    }
    const text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    const job: ScanJob = { seq: seq.next(), id: where, url: undefined, source: src };
    try {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new InputError(`${where}: bad JSON (${err instanceof Error ? err.message : String(err)})`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new InputError(`${where}: expected a JSON object like {"url": "...", "html": "..."}`);
      const rec = value as Record<string, unknown>;
      if (typeof rec.id === 'string' && rec.id !== '') job.id = rec.id.slice(0, 500);
      job.url = rec.url;
      if (typeof rec.html === 'string') job.html = rec.html.length > MAX_PAGE_BYTES ? raiseTooLarge(where) : rec.html;
      else if (rec.html !== undefined) throw new InputError(`${where}: html must be a string`);
      else if (typeof rec.file === 'string' && rec.file !== '') {
        validatePageUrl(rec.url, where); // a bad url is reported without reading the file
        const file = resolve(baseDir, rec.file);
        job.source = { ...src, file };
        try {
          job.html = await readPageFile(file);
        } catch (err) {
          throw err instanceof InputError ? new InputError(`${where}: ${err.message}`) : err;
        }
      } else if (rec.file !== undefined && rec.file !== null && rec.file !== '') throw new InputError(`${where}: file must be a string`);
      else throw new InputError(`${where}: needs "html" (the page) or "file" (a saved page)`);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      job.error = err.message;
      delete job.html;
    }
    yield job;
  }
}

function raiseTooLarge(where: string): never {
  throw new InputError(`${where}: page too large (over ${MAX_PAGE_BYTES / (1024 * 1024)} MB)`);
}

/** An input of `rxradar scan`: a file path or `-` for standard input. */
export interface OpenedInput {
  name: string;
  kind: 'warc' | 'jsonl';
  /** The input starts as gzip does (a WARC.gz; its first bytes were read to tell). */
  gzip: boolean;
  chunks: AsyncIterable<Uint8Array>;
  baseDir: string;
  close(): Promise<void>;
}

const GZIP = [0x1f, 0x8b];
const WARC_MAGIC = Buffer.from('WARC/');

/** Reads the first bytes to tell WARC (plain or gzip) from JSONL, then hands the whole stream on. */
export async function openInput(path: string, stdin: Readable, format: 'auto' | 'warc' | 'jsonl', stdinName = 'stdin'): Promise<OpenedInput> {
  let stream: Readable;
  let close = async () => {};
  let name = path;
  let baseDir = process.cwd();
  if (path === '-') {
    stream = stdin;
    name = stdinName;
  } else {
    let fh;
    try {
      fh = await open(path, 'r');
      const st = await fh.stat();
      if (st.isDirectory()) throw new InputError(`${path}: is a directory, not a file`);
    } catch (err) {
      await fh?.close().catch(() => {});
      if (err instanceof InputError) throw err;
      throw new InputError(`${path}: ${fsProblem(err)}`);
    }
    const handle = fh;
    stream = handle.createReadStream({ highWaterMark: 256 * 1024 });
    close = async () => {
      stream.destroy();
      await handle.close().catch(() => {});
    };
    baseDir = dirname(resolve(path));
  }
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  const head: Buffer | null = first.done ? null : first.value;
  const gzip = head !== null && head[0] === GZIP[0] && head[1] === GZIP[1];
  let kind: 'warc' | 'jsonl' = format === 'warc' ? 'warc' : 'jsonl';
  if (format === 'auto' && head !== null) {
    const isWarc = head.subarray(0, WARC_MAGIC.length).equals(WARC_MAGIC);
    if (gzip || isWarc) kind = 'warc';
    else {
      const firstChar = head
        .toString('utf8', 0, Math.min(head.length, 64))
        .replace(/^\uFEFF/, '')
        .trimStart()[0];
      if (firstChar !== undefined && firstChar !== '{') {
        await close();
        throw new InputError(`${name}: neither WARC nor JSONL (scan one HTML page with: rxradar scan FILE --url URL)`);
      }
    }
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (head !== null) yield head;
    for (;;) {
      const r = await iterator.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { name, kind, gzip, chunks: chunks(), baseDir, close };
}
