/**
 * `rxradar list ...`: list files for researchers and maintainers.
 *
 *   list add FILE [DOMAIN_OR_URL...] [--from INPUT.txt|INPUT.csv|-] --source S --source-url U ...
 *   list validate FILE...
 *   list keygen --out DIR
 *   list publish --key DIR --in LISTFILE --out FEED.json [--name N] [--sequence N]
 *
 * The functions (listAdd, listValidate, listKeygen, listPublish) do the work and return what
 * happened; runListCommand parses arguments and prints, for the main CLI to call with the
 * arguments after `list`. A problem with a file or an option is an InputError (one line, naming
 * the input); problems with lines of content are returned, one message each.
 */
import { listDay } from '../../core/lists/list-day';
import { chmod, mkdir, open, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  checkBulkInput,
  EntryMetaSchema,
  type BulkLineResult,
  type EntryMeta,
  EvidenceListFileSchema,
  type EvidenceListEntry,
  formatFromFileName,
  type ListedLookup,
  toListEntries,
} from '../../core/lists/bulk-input';
import {
  DEFAULT_FEED_LIMITS,
  FEED_FORMAT,
  type FeedList,
  importFeedSigningKey,
  generateFeedKeyPair,
  serializeFeed,
  signFeed,
  toBase64,
  verifyFeed,
} from '../../core/lists/list-feed';
import { ConfidenceSchema, type KnownPharmacy } from '../../core/lists/list-schema';
import { BUNDLED_KNOWN, entryChecks } from './list-checks';
import { InputError, quote, writeLine } from '../scan-batch';
import { UsageError } from '../../node/run-command';
import { exists, lintList, listTextWith, MAX_LIST_FILE_BYTES, openListFile, parseJsonFile, readTextFile, writeFileAtomic } from '../list-files';
import { problemsOf, problemText } from '../../core/problems';

/** Private key file written by keygen and read by publish: PKCS#8 PEM, mode 0600. */
export const PRIVATE_KEY_FILE = 'rxradar-feed-private-key.pem';
/** Public key file: the base64 raw public key and a newline. */
export const PUBLIC_KEY_FILE = 'rxradar-feed-public-key.txt';
export { lintList, MAX_LIST_FILE_BYTES, type LintCode, type LintIssue, type ListLint } from '../list-files';

// ---------------------------------------------------------------------------------------------
// list validate

export interface ListValidateResult {
  file: string;
  ok: boolean;
  entries: number;
  errors: string[];
  warnings: string[];
}

/** Schema and lint of one list file. File problems are errors too; never throws for bad input. */
export async function listValidate(file: string, opts: { knownPharmacies?: readonly (string | KnownPharmacy)[] } = {}): Promise<ListValidateResult> {
  let text: string;
  let value: unknown;
  try {
    text = await readTextFile(file);
    value = parseJsonFile(text, file);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { file, ok: false, entries: 0, errors: [err.message], warnings: [] };
  }
  if ((value as { format?: unknown } | null)?.format === FEED_FORMAT) {
    return { file, ok: false, entries: 0, errors: [`${file}: is a signed feed, not a list file (the list is inside its payload)`], warnings: [] };
  }
  const lint = lintList(value, { label: file, text, knownPharmacies: opts.knownPharmacies });
  return { file, ok: lint.errors.length === 0, entries: lint.entries, errors: lint.errors.map((e) => e.message), warnings: lint.warnings };
}

// ---------------------------------------------------------------------------------------------
// list add

export interface ListAddOptions extends EntryMeta {
  /** `domain` (default): registrable domains; `host`: full hosts without www. */
  keep?: 'domain' | 'host';
  /** Accept patterns (`coinrx.*`). Default true: on the command line a pattern is deliberate. */
  allowPatterns?: boolean;
  /** Input file format; default from the file name, else detected. */
  format?: 'auto' | 'txt' | 'csv';
  /** CSV column (name or 0-based index). */
  column?: string | number;
  /** Check and report, write nothing. */
  dryRun?: boolean;
  /** For a new list file. */
  name?: string;
  description?: string;
  now?: Date;
  knownPharmacies?: readonly (string | KnownPharmacy)[];
  /** Entries already listed elsewhere (default: the bundled authority list); null: none. */
  alreadyListed?: ListedLookup | null;
  /** Reads `-` (stdin). */
  stdin?: Readable;
  /** Source, address and evidence of each new entry, where they differ from the shared ones (scan results). */
  perEntry?: (entry: string) => Partial<Pick<EvidenceListEntry, 'source' | 'sourceUrl' | 'evidence'>> | undefined;
}

/** Domains or URLs given as arguments, or a TXT/CSV file (`-`: standard input). */
export type ListAddInput = readonly string[] | { inputFile: string };

export interface ListAddResult {
  file: string;
  created: boolean;
  written: boolean;
  added: EvidenceListEntry[];
  /** Every input line with what happened to it. */
  lines: BulkLineResult[];
  /** Lines refused (invalid, known pharmacy) and input-wide problems: one message each, naming the line. */
  problems: string[];
  /** Lines skipped without fault (duplicates, already listed). */
  notes: string[];
}

async function readAll(stream: Readable, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > max) throw new InputError(`stdin: input too large (limit ${max.toLocaleString('en')} bytes)`);
    chunks.push(b);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

function metaOrThrow(meta: EntryMeta, what: string): void {
  const m = EntryMetaSchema.safeParse(meta);
  if (!m.success) {
    throw new InputError(`${what}: ${problemsOf(m.error).map(problemText).join('; ')}`);
  }
}

/**
 * Adds the valid new domains of `input` to the list file (created when missing), keeping it sorted
 * and valid; every other line is reported. A list file that is not valid is not touched.
 */
export async function listAdd(file: string, input: ListAddInput, opts: ListAddOptions): Promise<ListAddResult> {
  const meta: EntryMeta = { source: opts.source, sourceUrl: opts.sourceUrl, date: opts.date, confidence: opts.confidence };
  if (opts.evidence?.length) meta.evidence = opts.evidence;
  if (opts.note) meta.note = opts.note;
  metaOrThrow(meta, 'list add');
  const now = opts.now ?? new Date();
  const known = opts.knownPharmacies ?? BUNDLED_KNOWN;

  // The list file as it is.
  const list = await openListFile(file, {
    knownPharmacies: known,
    newList: () => {
      const name = opts.name ?? basename(file, extname(file));
      return {
        name: name.length >= 3 ? name : `${name} list`,
        description: opts.description ?? `Domains added with rxradar list add; every entry carries its public source.`,
        updated: listDay(now),
      };
    },
  });
  const { created } = list;
  const rawEntries = list.entries;

  // The input.
  let text: string;
  let label: string;
  let format = opts.format ?? 'auto';
  if (Array.isArray(input)) {
    const args = input as readonly string[];
    if (args.some((a) => /[\r\n]/.test(a))) throw new InputError('list add: an argument holds a line break; give one domain or URL per argument');
    text = args.join('\n');
    label = 'argument';
    format = 'txt';
  } else {
    const inputFile = (input as { inputFile: string }).inputFile;
    if (inputFile === '-') {
      if (!opts.stdin) throw new InputError('list add: no standard input to read');
      text = await readAll(opts.stdin, MAX_LIST_FILE_BYTES);
      label = 'stdin';
    } else {
      text = await readTextFile(inputFile);
      label = inputFile;
      if (format === 'auto') format = formatFromFileName(inputFile);
    }
  }

  const existing = rawEntries.map((e) => e.entry).filter((e): e is string => typeof e === 'string');
  const checks = entryChecks({ listEntries: existing, listLabel: basename(file), knownPharmacies: known, alreadyListed: opts.alreadyListed });
  const report = checkBulkInput(text, {
    format,
    column: opts.column,
    keep: opts.keep ?? 'domain',
    allowPatterns: opts.allowPatterns ?? true,
    guard: checks.guard,
    listed: checks.listed,
  });

  const name = (l: BulkLineResult) => (label === 'argument' ? `argument ${l.line}` : `${label}:${l.line}`);
  const say = (l: BulkLineResult) => (l.reason === 'syntax' ? `${name(l)}: ${l.problem}` : `${name(l)}: ${quote(l.input)}: ${l.problem}`);
  const problems = [
    ...report.problems.map((p) => `${label === 'argument' ? 'arguments' : label}: ${p}`),
    ...report.lines.filter((l) => l.status === 'invalid' || l.status === 'known-pharmacy').map(say),
  ];
  const notes = report.lines.filter((l) => l.status === 'duplicate' || l.status === 'listed').map(say);

  const out = toListEntries(report, meta);
  if (!out.ok) throw new InputError(`list add: ${out.problems.map(problemText).join('; ')}`);
  const added = opts.perEntry ? out.entries.map((e) => ({ ...e, ...opts.perEntry!(e.entry) })) : out.entries;
  const result: ListAddResult = { file, created, written: false, added, lines: report.lines, problems, notes };
  if (added.length === 0 || opts.dryRun) return result;

  const nextText = listTextWith(list, added as unknown as Array<Record<string, unknown>>, { file, now, today: listDay(now), knownPharmacies: known });
  if (created) await mkdir(dirname(resolve(file)), { recursive: true });
  await writeFileAtomic(file, nextText);
  result.written = true;
  return result;
}

// ---------------------------------------------------------------------------------------------
// list keygen

export interface ListKeygenResult {
  /** base64 raw Ed25519 public key: what to print, and what trusted-key lists hold. */
  publicKey: string;
  privateKeyPath: string;
  publicKeyPath: string;
}

function pem(label: string, der: Uint8Array): string {
  const b64 = toBase64(der)
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function fromPem(text: string, label: string, path: string): Uint8Array {
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(text);
  if (!m) throw new InputError(`${path}: not a PEM ${label}`);
  return Uint8Array.from(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

/**
 * Writes a new Ed25519 key pair into `outDir` (created with mode 0700 if missing): the private key
 * as PKCS#8 PEM with mode 0600, the public key as base64 raw. Never overwrites a key unless `force`.
 */
export async function listKeygen(outDir: string, opts: { force?: boolean } = {}): Promise<ListKeygenResult> {
  const privateKeyPath = join(outDir, PRIVATE_KEY_FILE);
  const publicKeyPath = join(outDir, PUBLIC_KEY_FILE);
  try {
    await mkdir(outDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new InputError(`${outDir}: cannot create directory (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!opts.force && (await exists(privateKeyPath)))
    throw new InputError(`${privateKeyPath}: a key is already there; not overwritten (use --force to replace it)`);
  const kp = await generateFeedKeyPair();
  try {
    const fh = await open(privateKeyPath, opts.force ? 'w' : 'wx', 0o600);
    try {
      await fh.chmod(0o600); // also when --force replaced a looser file
      await fh.writeFile(pem('PRIVATE KEY', kp.privateKeyPkcs8), 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new InputError(`${privateKeyPath}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  await writeFileAtomic(publicKeyPath, `${kp.publicKey}\n`, 0o644);
  await chmod(publicKeyPath, 0o644);
  return { publicKey: kp.publicKey, privateKeyPath, publicKeyPath };
}

// ---------------------------------------------------------------------------------------------
// list publish

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

async function loadSigningKey(keyDir: string, warnings: string[]) {
  const path = join(keyDir, PRIVATE_KEY_FILE);
  const text = await readTextFile(path, 64 * 1024);
  const st = await stat(path);
  if ((st.mode & 0o077) !== 0) warnings.push(`${path}: the private key is readable by others (mode ${(st.mode & 0o777).toString(8)}); chmod 600 it`);
  let key;
  try {
    key = await importFeedSigningKey(fromPem(text, 'PRIVATE KEY', path));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: not an Ed25519 private key (${err instanceof Error ? err.message : String(err)})`);
  }
  const pubPath = join(keyDir, PUBLIC_KEY_FILE);
  if (await exists(pubPath)) {
    const pub = (await readTextFile(pubPath, 4096)).trim();
    if (pub !== key.publicKey) throw new InputError(`${pubPath}: does not match ${PRIVATE_KEY_FILE} (its public key is ${key.publicKey})`);
  }
  return key;
}

/** The sequence of the feed already at `path`, or null when there is none; refuses to overwrite anything else. */
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

// ---------------------------------------------------------------------------------------------
// command line

export const LIST_USAGE = `Usage:
  rxradar list add FILE [DOMAIN_OR_URL...] [--from INPUT] --source TEXT --source-url URL
                   [--date YYYY-MM-DD] [--confidence authority|corroborated|inferred]
                   [--evidence TEXT]... [--note TEXT] [--host] [--column NAME] [--dry-run]
        Adds domains (arguments, or INPUT: .txt one a line, .csv first column or a column named
        domain/host/url; - reads stdin) to the list FILE (created if missing), sorted; prints each
        added entry as a JSON line, and each refused line on stderr. --host keeps subdomains
        (default: the registrable domain). --date defaults to today, --confidence to authority
        (the source names the site).
  rxradar list add FILE --from RESULTS.jsonl --level danger|caution [--source TEXT] [--host] ...
        Adds the domains that \`rxradar scan\` flagged at LEVEL or above (RESULTS: its output; -
        reads stdin), each with the page it was found on as source URL and the verdict's evidence.
        --confidence defaults to inferred (found by page analysis, not named by an authority).
  rxradar list validate FILE...
        Checks list files: schema, sorted, unique, normalised, valid patterns, no known pharmacy.
  rxradar list keygen --out DIR [--force]
        Writes a feed signing key pair to DIR (private key mode 0600); prints the public key.
  rxradar list publish --key DIR --in LISTFILE --out FEED.json [--name NAME] [--sequence N]
                   [--source TEXT --source-url URL [--date D] [--confidence C]]
        Signs LISTFILE (a list file, or plain text: one domain a line, # comments; plain text
        needs --source and --source-url) as a feed. The sequence defaults to FEED.json's + 1.

Exit status: 0 done, 1 some input refused (reported on stderr), 2 usage error.
`;

/** `list add FILE --from RESULTS.jsonl --level L`: flagged domains from scan output, each with its own evidence. */
async function addFromScanResults(
  file: string,
  items: string[],
  v: {
    from?: string;
    level?: string;
    source?: string;
    'source-url'?: string;
    date?: string;
    note?: string;
    host?: boolean;
    'dry-run'?: boolean;
    name?: string;
    evidence?: string[];
    column?: string;
  },
  confidence: EvidenceListEntry['confidence'] | undefined,
  io: ListCommandIo,
  report: (m: string) => void,
): Promise<number> {
  if (v.level !== 'danger' && v.level !== 'caution') throw new ListUsageError('--level must be danger or caution');
  if (v.from === undefined || items.length > 0)
    throw new ListUsageError('list add --level reads scan results from --from RESULTS.jsonl (or - for stdin), not arguments');
  if (v['source-url'] !== undefined || v.evidence !== undefined || v.column !== undefined)
    throw new ListUsageError('list add --level takes the source URL and evidence of each entry from the scan results');
  const label = v.from === '-' ? 'stdin' : v.from;
  let text: string;
  if (v.from === '-') {
    if (!io.stdin) throw new InputError('list add: no standard input to read');
    text = await readAll(io.stdin, MAX_LIST_FILE_BYTES);
  } else text = await readTextFile(v.from);
  const { flaggedPages, evidenceOf } = await import('./scan-results');
  const { pages, problems } = flaggedPages(text, label, v.level);
  for (const p of problems) report(p);
  if (pages.length === 0) {
    report(`${label}: no page flagged ${v.level}${v.level === 'caution' ? ' or danger' : ''}; nothing to add`);
    return problems.length > 0 ? 1 : 0;
  }
  // The first page found for each entry (domain, or host with --host) speaks for it.
  const byEntry = new Map<string, (typeof pages)[number]>();
  for (const p of pages) for (const key of [p.host, p.domain]) if (!byEntry.has(key)) byEntry.set(key, p);
  const sourceOf = (p: (typeof pages)[number]) =>
    `${v.source ?? 'Flagged by RxRadar page analysis'} (${p.result.engine ?? 'rxradar'}: ${p.result.level}, score ${p.result.score}${p.result.id ? `, record ${p.result.id}` : ''})`.slice(
      0,
      1000,
    );
  const first = pages[0]!;
  const r = await listAdd(file, [...new Set(pages.map((p) => p.host))], {
    source: sourceOf(first),
    sourceUrl: first.result.url,
    date: v.date ?? listDay(new Date()),
    confidence: confidence ?? 'inferred',
    note: v.note,
    keep: v.host ? 'host' : 'domain',
    dryRun: v['dry-run'],
    name: v.name,
    perEntry: (entry) => {
      const p = byEntry.get(entry);
      if (!p) return undefined;
      const evidence = evidenceOf(p.result);
      return { source: sourceOf(p), sourceUrl: p.result.url, ...(evidence.length ? { evidence } : {}) };
    },
  });
  for (const e of r.added) await writeLine(io.stdout, JSON.stringify(e));
  for (const p of r.problems) report(p);
  for (const n of r.notes) report(`skipped: ${n}`);
  report(
    `${file}: ${r.written ? 'added' : v['dry-run'] ? 'would add' : 'added'} ${r.added.length} entr${r.added.length === 1 ? 'y' : 'ies'} from ${pages.length} flagged page${pages.length === 1 ? '' : 's'}`,
  );
  return r.problems.length > 0 || problems.length > 0 ? 1 : 0;
}

/** Bad `list` arguments: reported with the `list` usage text. */
export class ListUsageError extends UsageError {
  constructor(message: string) {
    super(message, LIST_USAGE);
  }
}

export interface ListCommandIo {
  stdout: Writable;
  stderr: Writable;
  stdin?: Readable;
}

/**
 * Runs `list SUBCOMMAND ...` (argv: the arguments after `list`). Prints results on stdout and
 * problems on stderr; returns the exit status. Throws ListUsageError for bad usage, with the
 * message to show above LIST_USAGE.
 */
export async function runListCommand(argv: string[], io: ListCommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        source: { type: 'string' },
        'source-url': { type: 'string' },
        date: { type: 'string' },
        confidence: { type: 'string' },
        evidence: { type: 'string', multiple: true },
        note: { type: 'string' },
        from: { type: 'string' },
        level: { type: 'string' },
        column: { type: 'string' },
        host: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        out: { type: 'string' },
        force: { type: 'boolean' },
        key: { type: 'string' },
        in: { type: 'string' },
        name: { type: 'string' },
        sequence: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new ListUsageError(err instanceof Error ? err.message : String(err));
  }
  const { values: v, positionals } = parsed;
  const [sub, ...args] = positionals;
  if (v.help) {
    io.stdout.write(LIST_USAGE);
    return 0;
  }
  const report = (m: string) => io.stderr.write(`rxradar: ${m}\n`);
  const allowed: Record<string, string[]> = {
    add: ['source', 'source-url', 'date', 'confidence', 'evidence', 'note', 'from', 'level', 'column', 'host', 'dry-run', 'name'],
    validate: [],
    keygen: ['out', 'force'],
    publish: ['key', 'in', 'out', 'name', 'sequence', 'source', 'source-url', 'date', 'confidence', 'evidence', 'note'],
  };
  if (sub === undefined) throw new ListUsageError('list needs a subcommand: add, validate, keygen or publish');
  const ok = allowed[sub];
  if (!ok) throw new ListUsageError(`unknown list subcommand ${JSON.stringify(sub)}`);
  const extra = Object.keys(v).filter((k) => k !== 'help' && !ok.includes(k));
  if (extra.length > 0) throw new ListUsageError(`list ${sub} takes no ${extra.map((k) => `--${k}`).join(', ')}`);
  const confidence = (): EvidenceListEntry['confidence'] | undefined => {
    if (v.confidence === undefined) return undefined;
    const c = ConfidenceSchema.safeParse(v.confidence);
    if (!c.success) throw new ListUsageError(`--confidence must be one of ${ConfidenceSchema.options.join(', ')}`);
    return c.data;
  };

  try {
    switch (sub) {
      case 'add': {
        const [file, ...items] = args;
        if (!file) throw new ListUsageError('list add needs the list FILE');
        if (items.length === 0 && v.from === undefined) throw new ListUsageError('list add needs domains or URLs, or --from INPUT');
        if (items.length > 0 && v.from !== undefined) throw new ListUsageError('list add takes domains as arguments or --from INPUT, not both');
        if (v.level !== undefined) return await addFromScanResults(file, items, v, confidence(), io, report);
        if (v.source === undefined || v['source-url'] === undefined)
          throw new ListUsageError('list add needs --source and --source-url (who names these sites, and where)');
        const column = v.column === undefined ? undefined : /^\d+$/.test(v.column) ? Number(v.column) - 1 : v.column;
        if (column === -1) throw new ListUsageError('--column counts from 1');
        const r = await listAdd(file, v.from !== undefined ? { inputFile: v.from } : items, {
          source: v.source,
          sourceUrl: v['source-url'],
          date: v.date ?? listDay(new Date()),
          confidence: confidence() ?? 'authority',
          evidence: v.evidence,
          note: v.note,
          column,
          keep: v.host ? 'host' : 'domain',
          dryRun: v['dry-run'],
          name: v.name,
          stdin: io.stdin,
        });
        for (const e of r.added) await writeLine(io.stdout, JSON.stringify(e));
        for (const p of r.problems) report(p);
        for (const n of r.notes) report(`skipped: ${n}`);
        const count = (s: string) => r.lines.filter((l) => l.status === s).length;
        const verb = r.written ? (r.created ? 'created with' : 'added') : v['dry-run'] ? 'would add' : 'added';
        report(
          `${file}: ${verb} ${r.added.length} entr${r.added.length === 1 ? 'y' : 'ies'}; ${count('invalid')} invalid, ${count('known-pharmacy')} known pharmac${count('known-pharmacy') === 1 ? 'y' : 'ies'}, ${count('listed')} already listed, ${count('duplicate')} duplicate${count('duplicate') === 1 ? '' : 's'}`,
        );
        return r.problems.length > 0 ? 1 : 0;
      }
      case 'validate': {
        if (args.length === 0) throw new ListUsageError('list validate needs at least one FILE');
        let failed = 0;
        for (const file of args) {
          const r = await listValidate(file);
          for (const w of r.warnings) report(`warning: ${w}`);
          for (const e of r.errors) report(e);
          if (r.ok) await writeLine(io.stdout, `${file}: ok, ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'}`);
          else failed++;
        }
        return failed > 0 ? 1 : 0;
      }
      case 'keygen': {
        if (args.length > 0) throw new ListUsageError('list keygen takes no arguments besides --out DIR');
        if (!v.out) throw new ListUsageError('list keygen needs --out DIR');
        const r = await listKeygen(v.out, { force: v.force });
        await writeLine(io.stdout, r.publicKey);
        report(`wrote ${r.privateKeyPath} (private key, mode 600: keep it secret, never commit it) and ${r.publicKeyPath}`);
        return 0;
      }
      case 'publish': {
        if (args.length > 0) throw new ListUsageError('list publish takes no arguments besides its options');
        if (!v.key || !v.in || !v.out) throw new ListUsageError('list publish needs --key DIR, --in LISTFILE and --out FEED.json');
        let sequence: number | undefined;
        if (v.sequence !== undefined) {
          if (!/^\d+$/.test(v.sequence) || !Number.isSafeInteger(Number(v.sequence))) throw new ListUsageError('--sequence must be a whole number');
          sequence = Number(v.sequence);
        }
        const r = await listPublish(v.key, v.in, v.out, {
          name: v.name,
          sequence,
          source: v.source,
          sourceUrl: v['source-url'],
          date: v.date,
          confidence: confidence(),
          evidence: v.evidence,
          note: v.note,
        });
        for (const w of r.warnings) report(`warning: ${w}`);
        for (const p of r.problems) report(p);
        if (!r.written) {
          report(`${v.out}: not written`);
          return 1;
        }
        await writeLine(io.stdout, JSON.stringify({ out: r.out, name: r.name, sequence: r.sequence, entries: r.entries, keyId: r.keyId, bytes: r.bytes }));
        return 0;
      }
    }
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    report(err.message);
    return 1;
  }
  return 2;
}
