/**
 * Web archives made from the corpus pages (tests/fixtures and tests/holdout), at test or bench
 * time, with warcio's writer: nothing large is committed. Each page becomes a `response` record
 * with an HTTP header block, as a crawler writes it; copies of the corpus are repeated to reach
 * the size wanted. Records that are not pages (warcinfo, request, an image) are mixed in, as in a
 * real crawl, and must be skipped by the scanner.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CorpusPage {
  corpus: 'fixtures' | 'holdout';
  url: string;
  /** Path of the page file. */
  file: string;
  bytes: Uint8Array;
  expected: string;
}

let pages: CorpusPage[] | undefined;

/** Every page of both corpora, in manifest order. */
export function corpusPages(): CorpusPage[] {
  pages ??= (['fixtures', 'holdout'] as const).flatMap((corpus) => {
    const dir = join(ROOT, 'tests', corpus);
    return readFileSync(join(dir, 'corpus.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { url: string; file: string; expected: string })
      .map(({ url, file, expected }) => ({ corpus, url, file: join(dir, file), bytes: new Uint8Array(readFileSync(join(dir, file))), expected }));
  });
  return pages;
}

export interface WarcPageRecord {
  /** WARC-Record-ID of the response record. */
  id: string;
  url: string;
  /** Index into corpusPages(). */
  page: number;
}

const encoder = new TextEncoder();

async function serialize(record: WARCRecord, gzip: boolean): Promise<Uint8Array> {
  const plain = await WARCSerializer.serialize(record);
  return gzip ? gzipSync(plain) : plain;
}

/** Record ids all have this length, so that one serialised record serves as a template for many. */
const idFor = (n: number) => `<urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}>`;
const PLACEHOLDER = idFor(0);

/** Each page serialised once (warcio), with a placeholder id to overwrite per copy. */
const templates = new Map<number, { bytes: Buffer; idAt: number }>();

async function pageRecord(page: number, id: string, gzip: boolean): Promise<Uint8Array> {
  let t = templates.get(page);
  if (t === undefined) {
    const { url, bytes } = corpusPages()[page]!;
    const plain = Buffer.from(await WARCSerializer.serialize(responseRecord(PLACEHOLDER, url, bytes, 'text/html')));
    t = { bytes: plain, idAt: plain.indexOf(PLACEHOLDER) };
    templates.set(page, t);
  }
  const copy = Buffer.from(t.bytes);
  copy.write(id, t.idAt, 'latin1');
  return gzip ? gzipSync(copy) : copy;
}

function responseRecord(id: string, url: string, bytes: Uint8Array, contentType: string): WARCRecord {
  return WARCRecord.create(
    {
      url,
      type: 'response',
      date: '2026-11-30T12:00:00Z',
      warcVersion: 'WARC/1.1',
      warcHeaders: { 'WARC-Record-ID': id },
      httpHeaders: { 'Content-Type': contentType, 'Content-Length': String(bytes.byteLength) },
      statusline: 'HTTP/1.1 200 OK',
    },
    [bytes],
  );
}

export interface WriteWarcOptions {
  /** At least this many page records (the corpus repeated). */
  records: number;
  /** Or stop once this many bytes are written. */
  untilBytes?: number;
  gzip: boolean;
  /** Where record ids start (several files of one crawl have distinct ids). */
  firstId?: number;
  /** Write non-page records too (warcinfo first, then a request and an image now and then). */
  noise?: boolean;
}

/**
 * Writes a WARC (one gzip member per record when gzip) of corpus pages to `out`, with
 * backpressure; returns the page records in order.
 */
export async function writeCorpusWarc(out: Writable, opts: WriteWarcOptions): Promise<WarcPageRecord[]> {
  const all = corpusPages();
  const written: WarcPageRecord[] = [];
  let size = 0;
  const put = async (bytes: Uint8Array) => {
    size += bytes.byteLength;
    if (!out.write(bytes)) await once(out, 'drain');
  };
  const noise = opts.noise ?? true;
  if (noise)
    await put(await serialize(WARCRecord.createWARCInfo({ filename: 'corpus.warc.gz', warcVersion: 'WARC/1.1' }, { software: 'rxradar tests' }), opts.gzip));
  let count = 0;
  for (let i = 0; count < opts.records && size < (opts.untilBytes ?? Infinity); i++, count++) {
    const page = i % all.length;
    const n = (opts.firstId ?? 0) + count;
    const id = idFor(n);
    const { url } = all[page]!;
    if (noise && i % 50 === 7) {
      const req = WARCRecord.create(
        { url, type: 'request', warcVersion: 'WARC/1.1', httpHeaders: { Host: new URL(url).host }, statusline: `GET ${new URL(url).pathname} HTTP/1.1` },
        [],
      );
      await put(await serialize(req, opts.gzip));
      await put(await serialize(responseRecord(`<urn:uuid:image-${n}>`, `${url}logo.png`, encoder.encode('\x89PNG not really'), 'image/png'), opts.gzip));
    }
    await put(await pageRecord(page, id, opts.gzip));
    if (count < 100_000) written.push({ id, url, page }); // a long stream keeps only the first ids
  }
  return written;
}

/** writeCorpusWarc to a file. */
export async function writeCorpusWarcFile(path: string, opts: WriteWarcOptions): Promise<WarcPageRecord[]> {
  const out = createWriteStream(path);
  const records = await writeCorpusWarc(out, opts);
  out.end();
  await once(out, 'close');
  return records;
}
