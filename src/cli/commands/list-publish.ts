/** `rxradar list publish`: a list file as a signed feed (sequence, limits, verified after signing). */
import { metaOrThrow } from './list-add';
import { loadSigningKey } from './list-keys';
import { listDay } from '../../core/lists/list-day';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { checkBulkInput, type EntryMeta, EvidenceListFileSchema, type EvidenceListEntry, toListEntries } from '../../core/lists/bulk-input';
import { DEFAULT_FEED_LIMITS, FEED_FORMAT, type FeedList, serializeFeed, signFeed, verifyFeed } from '../../core/lists/list-feed';
import { type KnownPharmacy } from '../../core/lists/list-schema';
import { BUNDLED_KNOWN, entryChecks } from './list-checks';
import { InputError, quote } from '../scan-batch';
import { exists, lintList, parseJsonFile, readTextFile, writeFileAtomic } from '../list-files';
import { problemText } from '../../core/problems';

export interface ListPublishOptions {
  /** Feed name (default: the list file's name, or the file's base name for plain text). */
  name?: string;
  /** Must increase; default: the sequence of the feed already at `outFile` + 1, else 1. */
  sequence?: number;
  /** For plain-text input: every line becomes an entry with these (source and sourceUrl required). */
  source?: string;
  sourceUrl?: string;
  date?: string;
  confidence?: EvidenceListEntry['confidence'];
  evidence?: string[];
  note?: string;
  now?: Date;
  knownPharmacies?: readonly (string | KnownPharmacy)[];
}

export interface ListPublishResult {
  written: boolean;
  out: string;
  name?: string;
  sequence?: number;
  entries?: number;
  /** base64 raw public key that signed it. */
  keyId?: string;
  bytes?: number;
  /** Content problems that stopped the publication, one message each. */
  problems: string[];
  warnings: string[];
}

async function previousSequence(path: string): Promise<number | null> {
  if (!(await exists(path))) return null;
  const text = await readTextFile(path, DEFAULT_FEED_LIMITS.maxBytes * 2);
  let doc: { format?: unknown; payload?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    throw new InputError(`${path}: exists and is not a feed; not overwritten`);
  }
  if (doc?.format !== FEED_FORMAT || typeof doc.payload !== 'string') throw new InputError(`${path}: exists and is not a feed; not overwritten`);
  try {
    const seq = (JSON.parse(doc.payload) as { sequence?: unknown }).sequence;
    return typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : null;
  } catch {
    return null;
  }
}

/**
 * Signs a list as a feed: `inFile` is a list file in the project's format, or plain text with one
 * domain per line and `#` comments (entries then need `source` and `sourceUrl`). Nothing is written
 * when the list has a problem (each one reported); the written feed is verified before it is kept.
 */
export async function listPublish(keyDir: string, inFile: string, outFile: string, opts: ListPublishOptions = {}): Promise<ListPublishResult> {
  const warnings: string[] = [];
  const problems: string[] = [];
  const failed = (): ListPublishResult => ({ written: false, out: outFile, problems, warnings });
  const known = opts.knownPharmacies ?? BUNDLED_KNOWN;
  const now = opts.now ?? new Date();
  if (opts.sequence !== undefined && (!Number.isSafeInteger(opts.sequence) || opts.sequence < 0))
    throw new InputError(`--sequence must be a whole number ≥ 0, got ${opts.sequence}`);
  const key = await loadSigningKey(keyDir, warnings);
  const text = await readTextFile(inFile);

  let name: string;
  let entries: EvidenceListEntry[];
  if (text.trimStart().startsWith('{')) {
    const value = parseJsonFile(text, inFile);
    if ((value as { format?: unknown } | null)?.format === FEED_FORMAT) throw new InputError(`${inFile}: is already a feed; publish takes a list file`);
    const lint = lintList(value, { label: inFile, text, knownPharmacies: known });
    warnings.push(...lint.warnings);
    if (lint.errors.length > 0) {
      problems.push(...lint.errors.map((e) => e.message));
      return failed();
    }
    const file = EvidenceListFileSchema.parse(value);
    name = opts.name ?? file.name;
    entries = file.entries;
  } else {
    if (!opts.source || !opts.sourceUrl) throw new InputError(`${inFile}: a plain-text list needs --source and --source-url to make its lines list entries`);
    const meta: EntryMeta = { source: opts.source, sourceUrl: opts.sourceUrl, date: opts.date ?? listDay(now), confidence: opts.confidence ?? 'authority' };
    if (opts.evidence?.length) meta.evidence = opts.evidence;
    if (opts.note) meta.note = opts.note;
    metaOrThrow(meta, 'list publish');
    // A plain list says exactly which hosts it means: keep them (normalised), do not widen to the registrable domain.
    const report = checkBulkInput(text, { format: 'txt', keep: 'host', allowPatterns: true, guard: entryChecks({ knownPharmacies: known }).guard });
    for (const l of report.lines) {
      const msg = `${inFile}:${l.line}: ${quote(l.input)}: ${l.problem}`;
      if (l.status === 'invalid' || l.status === 'known-pharmacy') problems.push(msg);
      else if (l.status === 'duplicate') warnings.push(msg);
    }
    problems.push(...report.problems.map((p) => `${inFile}: ${p}`));
    if (report.lines.length === 0 && report.problems.length === 0) warnings.push(`${inFile}: no domains: the feed will be empty`);
    if (problems.length > 0) return failed();
    const out = toListEntries(report, meta);
    if (!out.ok) throw new InputError(`list publish: ${out.problems.map(problemText).join('; ')}`);
    name = opts.name ?? basename(inFile, extname(inFile));
    entries = out.entries;
  }
  if (name.trim().length < 3) throw new InputError(`feed name ${quote(name)} is too short (at least 3 characters; use --name)`);
  if (entries.length > DEFAULT_FEED_LIMITS.maxEntries) {
    problems.push(`${inFile}: ${entries.length.toLocaleString('en')} entries; a feed holds at most ${DEFAULT_FEED_LIMITS.maxEntries.toLocaleString('en')}`);
    return failed();
  }

  const prev = await previousSequence(outFile);
  const sequence = opts.sequence ?? (prev === null ? 1 : prev + 1);
  if (prev !== null && sequence <= prev) {
    problems.push(`${outFile}: has sequence ${prev}; a new publication needs a higher one (got ${sequence}), or subscribers would refuse it`);
    return failed();
  }

  const list: FeedList = { name: name.trim(), sequence, published: now.toISOString(), entries };
  const doc = await signFeed(list, key);
  const feedText = serializeFeed(doc);
  const bytes = Buffer.byteLength(feedText, 'utf8');
  if (bytes > DEFAULT_FEED_LIMITS.maxBytes) {
    problems.push(`feed would be ${bytes.toLocaleString('en')} bytes; subscribers accept at most ${DEFAULT_FEED_LIMITS.maxBytes.toLocaleString('en')}`);
    return failed();
  }
  const check = await verifyFeed(feedText, [key.publicKey], { knownPharmacies: known });
  if (!check.ok) throw new Error(`the signed feed does not verify (${check.reason}: ${check.message})`);
  await mkdir(dirname(resolve(outFile)), { recursive: true });
  await writeFileAtomic(outFile, feedText);
  return { written: true, out: outFile, name: list.name, sequence, entries: entries.length, keyId: key.publicKey, bytes, problems, warnings };
}
