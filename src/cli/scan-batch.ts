/**
 * The reusable part of the CLI: reading and checking page files, scanning a JSONL manifest,
 * checking addresses, and writing lines with backpressure. Every problem with the input is an
 * InputError whose one-line message names the input (file path, manifest line, URL).
 */
import { open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Engine } from '../core/engine';
import { normalizeHost } from '../core/domain/normalize-host';
import type { Verdict } from '../core/verdict';
import { htmlToSnapshotStreaming } from '../extraction/stream-visible-text';
import { fsProblem, InputError, quote } from './cli-io';

/** Pages larger than this are refused without being read. */
export const MAX_PAGE_BYTES = 20 * 1024 * 1024;
/** A NUL byte in this many leading bytes marks a file as binary. */
export const BINARY_SNIFF_BYTES = 8 * 1024;
const MAX_SHOWN_INPUT = 200;

export { fsProblem, InputError, quote, writeLine } from './cli-io';

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;

/**
 * Reads an HTML file as text. Refuses missing and unreadable files, non-files, files over
 * MAX_PAGE_BYTES (checked before reading) and binary files (a NUL byte in the first 8 KB).
 * Decodes UTF-8, UTF-16 with a byte order mark, or the charset named by a <meta> tag.
 */
export async function readPageFile(path: string): Promise<string> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw new InputError(`${path}: ${fsProblem(err)}`);
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new InputError(`${path}: is a directory, not a file`);
    if (!st.isFile()) throw new InputError(`${path}: not a regular file`);
    if (st.size > MAX_PAGE_BYTES) throw new InputError(`${path}: file too large (${mb(st.size)}; limit ${mb(MAX_PAGE_BYTES)})`);
    // Read at most one byte over the limit, in case the file grew since stat.
    const buf = Buffer.allocUnsafe(Math.min(st.size, MAX_PAGE_BYTES) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, length, buf.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buf.length) break;
    }
    if (length > MAX_PAGE_BYTES) throw new InputError(`${path}: file too large (over ${mb(MAX_PAGE_BYTES)})`);
    return decodeHtml(buf.subarray(0, length), path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: ${fsProblem(err)}`);
  } finally {
    await fh.close().catch(() => {});
  }
}

const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)/i;

/**
 * Bytes of an HTML file → text; throws InputError for binary content. `transportCharset` is the
 * charset an HTTP Content-Type header named (a WARC record's): it wins over a <meta> tag, as in
 * browsers; a byte order mark wins over both.
 */
export function decodeHtml(bytes: Uint8Array, name: string, transportCharset?: string): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const sniff = bytes.subarray(0, BINARY_SNIFF_BYTES);
  if (sniff.includes(0)) throw new InputError(`${name}: binary file (NUL byte in the first ${BINARY_SNIFF_BYTES / 1024} KB), not HTML`);
  let encoding = 'utf-8';
  if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    const declared = (transportCharset ?? META_CHARSET.exec(Buffer.from(bytes.subarray(0, 1024)).toString('latin1'))?.[1])?.toLowerCase();
    // A page that says UTF-16 but has no byte order mark is read as UTF-8, as browsers do.
    if (declared && !declared.startsWith('utf-16') && !declared.startsWith('utf16')) encoding = declared;
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  const text = decoder.decode(bytes); // strips a UTF-8 BOM
  // Node 20 decodes windows-1252 (and latin1, ascii: the same label set) as ISO-8859-1, leaving
  // C1 controls where the page has curly quotes, dashes and the euro sign.
  return decoder.encoding === 'windows-1252' ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c) : text;
}

/** windows-1252 bytes 0x80-0x9F (undefined bytes map to themselves). */
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Checks a page address with normalizeHost and returns it as a URL (`https://` added to a bare
 * host). Throws InputError naming `where` otherwise.
 */
export function validatePageUrl(url: unknown, where: string): string {
  if (url === undefined || url === null || url === '') throw new InputError(`${where}: missing url`);
  if (typeof url !== 'string') throw new InputError(`${where}: url must be a string, got ${JSON.stringify(url)?.slice(0, MAX_SHOWN_INPUT)}`);
  const trimmed = url.trim();
  if (!normalizeHost(trimmed)) throw new InputError(`${where}: invalid url ${quote(url)}`);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

/** Reads, extracts and analyses one page file. */
export async function scanPageFile(engine: Engine, file: string, url: unknown, urlWhere = '--url'): Promise<Verdict> {
  const pageUrl = validatePageUrl(url, urlWhere);
  const html = await readPageFile(file);
  return engine.analyzePage(htmlToSnapshotStreaming(html, pageUrl));
}

/** The verdict with its fields in a fixed order, for JSON output. */
export function verdictRecord(v: Verdict): Verdict {
  const out: Verdict = {
    url: v.url,
    host: v.host,
    level: v.level,
    score: v.score,
    reasons: v.reasons.map((r) => ({ id: r.id, label: r.label, kind: r.kind, weight: r.weight, evidence: r.evidence })),
  };
  if (v.listMatch) out.listMatch = v.listMatch;
  return out;
}

export interface ManifestEntry {
  /** 1-based line number in the manifest. */
  line: number;
  url: string;
  /** Absolute path of the page file. */
  file: string;
}

/**
 * Parses one manifest line `{"url": "...", "file": "..."}` (file relative to `baseDir`, other
 * fields ignored). `where` names the line in messages (`pages.jsonl:7`).
 */
export function parseManifestLine(text: string, where: string, baseDir: string, line: number): ManifestEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${where}: bad JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${where}: expected a JSON object like {"url": "...", "file": "..."}`);
  }
  const rec = value as Record<string, unknown>;
  const url = validatePageUrl(rec.url, where);
  if (rec.file === undefined || rec.file === null || rec.file === '') throw new InputError(`${where}: missing file`);
  if (typeof rec.file !== 'string') throw new InputError(`${where}: file must be a string`);
  return { line, url, file: resolve(baseDir, rec.file) };
}

export type BatchResult = { ok: true; line: number; url: string; file: string; verdict: Verdict } | { ok: false; line: number; error: string };

export interface ScanManifestOptions {
  engine: Engine;
  /** Folder that manifest file paths are relative to. */
  baseDir: string;
  /** How the manifest is named in messages (its path, or `stdin`). */
  label: string;
}

/**
 * Scans every entry of a manifest, in order, one result per non-blank line. Problems with one
 * line become an error result; the rest of the batch goes on.
 */
export async function* scanManifest(lines: AsyncIterable<string>, opts: ScanManifestOptions): AsyncGenerator<BatchResult> {
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    const where = `${opts.label}:${lineNo}`;
    try {
      const entry = parseManifestLine(text, where, opts.baseDir, lineNo);
      let html: string;
      try {
        html = await readPageFile(entry.file);
      } catch (err) {
        throw err instanceof InputError ? new InputError(`${where}: ${err.message}`) : err;
      }
      const verdict = opts.engine.analyzePage(htmlToSnapshotStreaming(html, entry.url));
      yield { ok: true, line: lineNo, url: entry.url, file: entry.file, verdict };
    } catch (err) {
      const message = err instanceof InputError ? err.message : `${where}: could not scan (${err instanceof Error ? err.message : String(err)})`;
      yield { ok: false, line: lineNo, error: oneLine(message) };
    }
  }
}

/** Lines of a text stream (any line ending). */
export function readLines(input: Readable): AsyncIterable<string> {
  return createInterface({ input, crlfDelay: Infinity });
}

/** Opens a manifest file for scanManifest; throws InputError when it cannot be read. */
export async function openManifest(path: string): Promise<{ lines: AsyncIterable<string>; baseDir: string; close: () => Promise<void> }> {
  let fh;
  try {
    fh = await open(path, 'r');
    const st = await fh.stat();
    if (st.isDirectory()) throw new InputError(`${path}: is a directory, not a manifest file`);
  } catch (err) {
    await fh?.close().catch(() => {});
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: ${fsProblem(err)}`);
  }
  const handle = fh;
  const stream = handle.createReadStream({ encoding: 'utf8', autoClose: false });
  return {
    lines: readLines(stream),
    baseDir: dirname(resolve(path)),
    close: async () => {
      stream.destroy();
      await handle.close().catch(() => {});
    },
  };
}

export { type CheckRecord, checkTarget } from './list-checker';
