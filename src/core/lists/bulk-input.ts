/**
 * Bulk input for researchers: many domains or URLs pasted or uploaded as text (one a line) or CSV,
 * each normalised to a list entry with a clear per-line problem when it cannot be one; duplicates,
 * entries already listed (checkListEntry) and what may never be listed (known pharmacies, popular
 * sites, too broad patterns: entry-guard.ts) reported; the new ones exported as list entries in
 * the project's own format (list-schema.ts), ready for a pull request. Pure: no I/O, no browser
 * APIs; the options page and the CLI (`list add`) share it.
 */
import { parse } from 'tldts';
import { z } from 'zod';
import { isPattern, matchPattern, parsePattern } from '../domain/domain-pattern';
import { hostAndParents, normalizeHost } from '../domain/normalize-host';
import { createEntryGuard, describeEntryConflict, type EntryConflict, type EntryGuard, type KnownPharmacyConflict } from './entry-guard';
import type { ListIndex } from './list-index';
import { type Problem, problemsOf } from '../problems';
import { domainEntryProblem, EntryConfidenceSchema, type KnownPharmacy, ListEntrySchema, ListFileSchema } from './list-schema';

export { createKnownPharmacyGuard, describeKnownPharmacyConflict, type KnownPharmacyConflict } from './entry-guard';

import { MAX_BULK_CHARS, MAX_BULK_LINES } from './bulk-limits';

export { MAX_BULK_CHARS, MAX_BULK_LINES };
const MAX_ITEM_CHARS = 2048;

/**
 * A list entry as these tools write and feeds carry it: ListEntrySchema, with its optional
 * `evidence` (addresses of archived pages, screenshots, documents, quoted signals) bounded in size
 * and trimmed. Any entry confidence, `reviewed` included (accepted reports travel in feeds).
 */
export const EvidenceListEntrySchema = ListEntrySchema.extend({
  evidence: z.array(z.string().trim().min(1).max(2000)).max(50).optional(),
});
export type EvidenceListEntry = z.infer<typeof EvidenceListEntrySchema>;

/** A list file whose entries may carry evidence (unknown entry fields are checked, then kept by the writers). */
export const EvidenceListFileSchema = ListFileSchema.extend({ entries: z.array(EvidenceListEntrySchema).min(1) });
export type EvidenceListFile = z.infer<typeof EvidenceListFileSchema>;

export type BulkFormat = 'txt' | 'csv';

/** One item read from the input, before normalisation. */
export interface BulkItem {
  /** 1-based line where the item (its CSV record) starts. */
  line: number;
  input: string;
  /** From a CSV column named `evidence`. */
  evidence?: string;
  /** Set when the line could not even be read (CSV syntax). */
  syntaxProblem?: string;
}

export interface BulkParse {
  format: BulkFormat;
  items: BulkItem[];
  /** CSV: the column read (0-based) and its header name, if the file has a header row. */
  column?: { index: number; name: string | null };
  /** Input-wide problems (too long, too many lines). */
  problems: string[];
}

export interface BulkParseOptions {
  /** `auto` (default): CSV when the first content line has a comma or starts with a quote. */
  format?: BulkFormat | 'auto';
  /** CSV column to read: a header name or a 0-based index (default: domain/host/url... or the first). */
  column?: string | number;
}

/** Header names, best first, that say "this column holds the domains". */
const DOMAIN_COLUMNS = ['domain', 'host', 'hostname', 'url', 'website', 'site', 'address'];

/** Format for an uploaded file, from its name (`.csv` → csv, anything else → auto). */
export function formatFromFileName(name: string): BulkFormat | 'auto' {
  return /\.csv$/i.test(name) ? 'csv' : /\.(txt|list|hosts)$/i.test(name) ? 'txt' : 'auto';
}

/** Splits pasted or uploaded text into items with their line numbers. Never throws. */
export function parseBulkText(text: string, opts: BulkParseOptions = {}): BulkParse {
  if (text.length > MAX_BULK_CHARS) {
    return {
      format: 'txt',
      items: [],
      problems: [`input too large (${text.length.toLocaleString('en')} characters; limit ${MAX_BULK_CHARS.toLocaleString('en')})`],
    };
  }
  const body = text.replace(/^\uFEFF/, '');
  const format = opts.format && opts.format !== 'auto' ? opts.format : detectFormat(body);
  const parsed = format === 'csv' ? parseCsv(body, opts.column) : parseTxt(body);
  if (parsed.items.length > MAX_BULK_LINES) {
    const first = parsed.items[MAX_BULK_LINES]!;
    parsed.problems.push(`too many entries: at most ${MAX_BULK_LINES.toLocaleString('en')} at a time; line ${first.line} and after were not read`);
    parsed.items.length = MAX_BULK_LINES;
  }
  return parsed;
}

function detectFormat(text: string): BulkFormat {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    return line.includes(',') || line.startsWith('"') ? 'csv' : 'txt';
  }
  return 'txt';
}

const HOSTS_PREFIX = /^(0\.0\.0\.0|127\.0\.0\.1|::1?)\s+/;

function parseTxt(text: string): BulkParse {
  const items: BulkItem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    // `#` starts a comment at the start of a line or after a space (not in `page#anchor`).
    const line = lines[i]!.replace(/\r$/, '')
      .replace(/(^|\s)#.*$/, '')
      .trim();
    if (line === '') continue;
    items.push({ line: i + 1, input: line.replace(HOSTS_PREFIX, '') }); // hosts-file lines: `0.0.0.0 x.com`
  }
  return { format: 'txt', items, problems: [] };
}

interface CsvRecord {
  line: number;
  fields: string[];
  problem?: string;
}

/** RFC 4180 records: quoted fields (with `""` and line breaks inside), CRLF or LF; `#` lines and blank lines skipped. */
export function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    // Start of a record: skip blank lines and comment lines.
    const eol = text.indexOf('\n', i);
    const lineEnd = eol < 0 ? n : eol;
    const whole = text.slice(i, lineEnd).replace(/\r$/, '');
    if (whole.trim() === '' || whole.trimStart().startsWith('#')) {
      i = lineEnd + 1;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    let field = '';
    let problem: string | undefined;
    let quoted = false;
    let atFieldStart = true;
    for (;;) {
      if (i >= n) {
        if (quoted) problem = `a quoted field opened on line ${start} is never closed`;
        fields.push(field);
        break;
      }
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
        continue;
      }
      if (c === '"' && atFieldStart && field.trim() === '') {
        quoted = true;
        field = '';
        atFieldStart = false;
        i++;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        atFieldStart = true;
        i++;
      } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
        fields.push(field);
        i += c === '\r' ? 2 : 1;
        line++;
        break;
      } else {
        field += c;
        atFieldStart = false;
        i++;
      }
    }
    records.push(problem ? { line: start, fields, problem } : { line: start, fields });
  }
  return records;
}

function parseCsv(text: string, column: string | number | undefined): BulkParse {
  const records = csvRecords(text);
  const problems: string[] = [];
  const items: BulkItem[] = [];
  let index = 0;
  let name: string | null = null;
  let evidenceIndex = -1;
  let body = records;
  const first = records[0];
  if (first && !first.problem) {
    const header = first.fields.map((f) => f.trim().toLowerCase());
    const named = DOMAIN_COLUMNS.map((c) => header.indexOf(c)).find((k) => k >= 0);
    const looksLikeHeader = named !== undefined || header.includes('evidence') || /^[a-z][a-z _-]*$/.test(header[0] ?? '');
    if (looksLikeHeader) {
      body = records.slice(1);
      evidenceIndex = header.indexOf('evidence');
      index = named ?? 0;
      name = first.fields[index]?.trim() ?? null;
      if (typeof column === 'string') {
        const k = header.indexOf(column.trim().toLowerCase());
        if (k < 0)
          problems.push(`no column named ${JSON.stringify(column)} in the header (line ${first.line}: ${first.fields.map((f) => f.trim()).join(', ')})`);
        else {
          index = k;
          name = first.fields[k]!.trim();
        }
      }
    }
  }
  if (typeof column === 'number') {
    index = column;
    name = name === null ? null : (first?.fields[column]?.trim() ?? null);
  }
  if (typeof column === 'string' && name === null && problems.length === 0) problems.push(`no header row, so no column named ${JSON.stringify(column)}`);
  if (problems.length > 0) return { format: 'csv', items: [], column: { index, name }, problems };
  for (const r of body) {
    const cell = r.fields[index];
    const item: BulkItem = { line: r.line, input: (cell ?? '').trim() };
    if (r.problem) item.syntaxProblem = r.problem;
    else if (cell === undefined)
      item.syntaxProblem = `has ${r.fields.length} column${r.fields.length === 1 ? '' : 's'}; no column ${index + 1}${name ? ` (${name})` : ''}`;
    else if (item.input === '') item.syntaxProblem = `empty ${name ? `${name} ` : ''}cell`;
    const evidence = evidenceIndex >= 0 ? r.fields[evidenceIndex]?.trim() : undefined;
    if (evidence) item.evidence = evidence;
    items.push(item);
  }
  return { format: 'csv', items, column: { index, name }, problems };
}

export type InvalidReason =
  | 'syntax'
  | 'too-long'
  | 'not-a-domain'
  | 'not-web-address'
  | 'ip-address'
  | 'public-suffix'
  | 'unknown-suffix'
  | 'pattern'
  | 'bad-pattern'
  /** A popular legitimate site, a parent covering one, or a pattern matching one (entry-guard.ts). */
  | 'popular-site'
  /** A pattern too broad to mean one naming scheme (entry-guard.ts). */
  | 'broad-pattern';

export interface NormalizeOptions {
  /** `domain` (default): the registrable domain (`shop.bad.com/x` → `bad.com`). `host`: the host without `www.`. */
  keep?: 'domain' | 'host';
  /** Accept patterns (`coinrx.*`, `buy*tramadol*.com`), validated as the list schema does. Default false. */
  allowPatterns?: boolean;
}

export type NormalizedInput = { ok: true; entry: string } | { ok: false; reason: InvalidReason; problem: string };

const bad = (reason: InvalidReason, problem: string): NormalizedInput => ({ ok: false, reason, problem });

/** One pasted item (domain, host or URL) → a normalised list entry, or why it cannot be one. */
export function normalizeListInput(raw: string, opts: NormalizeOptions = {}): NormalizedInput {
  const input = raw.trim();
  if (input === '') return bad('not-a-domain', 'empty');
  if (input.length > MAX_ITEM_CHARS) return bad('too-long', `longer than ${MAX_ITEM_CHARS} characters`);
  if (input.includes('*')) {
    if (!opts.allowPatterns) return bad('pattern', 'a pattern (has *): bulk input takes domains and URLs; add patterns to the list file by hand');
    const pattern = input.toLowerCase();
    const p = parsePattern(pattern);
    if (typeof p === 'string') return bad('bad-pattern', `not a valid pattern: ${p}`);
    return { ok: true, entry: pattern };
  }
  if (/\s/.test(input)) return bad('not-a-domain', 'contains spaces: put one domain or URL on each line');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(input)?.[1]?.toLowerCase();
  const hasAuthority = /^[a-z][a-z0-9+.-]*:\/\//i.test(input);
  if (scheme && hasAuthority && !/^(https?|ftp|wss?)$/.test(scheme)) return bad('not-web-address', `a ${scheme}: address, not a web address`);
  if (scheme && !hasAuthority && !/^[a-z][a-z0-9+.-]*:\d+(\/|$)/i.test(input)) return bad('not-web-address', `a ${scheme}: address, not a web address`);
  const h = normalizeHost(input);
  if (!h) return bad('not-a-domain', whyNotAHost(input, hasAuthority));
  if (h.isIp) return bad('ip-address', 'an IP address, not a domain');
  if (!h.domain) return bad('public-suffix', `${h.host} is a public suffix (like com, co.uk or github.io), not a site`);
  const parsed = parse(h.host, { allowPrivateDomains: true });
  if (!parsed.isIcann && !parsed.isPrivate) return bad('unknown-suffix', `.${h.suffix ?? h.host.split('.').pop()} is not a known top-level domain`);
  const entry = (opts.keep === 'host' ? h.host : h.domain).replace(/^(?:www\.)+/, '');
  const problem = domainEntryProblem(entry);
  if (problem) return bad(problem.includes('public suffix') ? 'public-suffix' : 'not-a-domain', `${entry} ${problem}`);
  return { ok: true, entry };
}

function whyNotAHost(input: string, hasAuthority: boolean): string {
  let hostname: string;
  try {
    hostname = new URL(hasAuthority ? input : `http://${input}`).hostname.replace(/\.+$/, '');
  } catch {
    return 'not a domain or URL';
  }
  if (hostname === '') return 'has no host name';
  if (hostname.startsWith('.') || hostname.includes('..')) return `${hostname} has an empty label`;
  if (!hostname.includes('.')) return `${hostname} has no top-level domain (a domain looks like example.com)`;
  if (!/^[a-z0-9.-]+$/.test(hostname)) return `${hostname} has characters a domain name cannot have`;
  return 'not a domain or URL';
}

/** Where an entry is already listed: the list (`authority`, `community`, a file name) and the entry that covers it. */
export interface ListedHit {
  list: string;
  entry: string;
}
export type ListedLookup = (entry: string) => ListedHit | null | undefined;

/** A lookup in the bundled lists: a domain covered by an authority or community entry (the entry or a parent). */
export function lookupFromIndex(index: ListIndex): ListedLookup {
  return (entry) => {
    if (isPattern(entry)) return null;
    const h = normalizeHost(entry);
    const match = h ? index.lookup(h).match : undefined;
    return match ? { list: match.tier, entry: match.entry } : null;
  };
}

/**
 * A lookup in plain entries (a list file): the entry itself, a parent domain, a pattern of the
 * entries matching its registrable domain, or the same pattern.
 */
export function lookupFromEntries(entries: readonly string[], list: string): ListedLookup {
  const set = new Set(entries);
  const patterns = entries.filter(isPattern).flatMap((e) => {
    const p = parsePattern(e);
    return typeof p === 'string' ? [] : [p];
  });
  return (entry) => {
    if (isPattern(entry)) return set.has(entry) ? { list, entry } : null;
    const h = normalizeHost(entry);
    for (const d of h ? hostAndParents(h.host, h.domain) : [entry]) if (set.has(d)) return { list, entry: d };
    const label = h?.domainLabel;
    const suffix = h?.suffix;
    const p = label && suffix ? patterns.find((q) => matchPattern(q, label, suffix)) : undefined;
    return p ? { list, entry: p.source } : null;
  };
}

/** What may happen to one new entry: refused by the guard, already listed (covered), or new. */
export type EntryCheck =
  { status: 'new' } | { status: 'refused'; conflict: EntryConflict; problem: string } | { status: 'listed'; listed: ListedHit; problem: string };

/** The checks every path that adds entries applies: the guard (entry-guard.ts) and where the entry is already listed. */
export interface EntryChecks {
  guard: EntryGuard;
  listed?: ListedLookup;
}

/**
 * The one decision for a normalised entry (domain or pattern), shared by `list add`, `reports
 * accept`, `list publish` and the researcher tools: refused (known pharmacy, popular site, too
 * broad a pattern), already listed (it, a parent, or a pattern covering it), or new.
 */
export function checkListEntry(entry: string, checks: EntryChecks): EntryCheck {
  const conflict = checks.guard(entry);
  if (conflict) return { status: 'refused', conflict, problem: describeEntryConflict(entry, conflict) };
  const hit = checks.listed?.(entry);
  if (hit) {
    const problem = hit.entry === entry ? `${entry} is already on the ${hit.list} list` : `${entry} is already covered by ${hit.entry} on the ${hit.list} list`;
    return { status: 'listed', listed: hit, problem };
  }
  return { status: 'new' };
}

/** Combines lookups; the first hit wins. */
export function combineLookups(...lookups: ListedLookup[]): ListedLookup {
  return (entry) => {
    for (const l of lookups) {
      const hit = l(entry);
      if (hit) return hit;
    }
    return null;
  };
}

export type BulkStatus = 'new' | 'duplicate' | 'listed' | 'known-pharmacy' | 'invalid';

export interface BulkLineResult {
  line: number;
  /** The item as read (the cell, for CSV). */
  input: string;
  status: BulkStatus;
  /** The normalised entry, when there is one. */
  entry?: string;
  reason?: InvalidReason;
  /** What is wrong or notable, without the line number (`an IP address, not a domain`). */
  problem?: string;
  /** `line 4: "10.0.0.1": an IP address, not a domain`; for `new` lines, what it became. */
  message: string;
  /** duplicate: the line of the first occurrence, or of the entry that covers this one. */
  duplicateOf?: number;
  listed?: ListedHit;
  knownPharmacy?: KnownPharmacyConflict;
  /** From the CSV `evidence` column. */
  evidence?: string;
}

export interface BulkCheckOptions extends BulkParseOptions, NormalizeOptions {
  /** Known licensed pharmacies: refused. */
  knownPharmacies?: readonly (string | KnownPharmacy)[];
  /** Popular legitimate hosts: refused (default: the shipped list, entry-guard.ts). */
  popularSites?: readonly string[];
  /** The guard to use instead of one built from knownPharmacies and popularSites. */
  guard?: EntryGuard;
  /** Entries already listed (the bundled lists, the target file): a ListIndex or a lookup function. */
  listed?: ListIndex | ListedLookup;
}

export interface BulkReport {
  format: BulkFormat;
  column?: BulkParse['column'];
  /** Input-wide problems (too large, too many lines, unknown column). */
  problems: string[];
  /** One result per item, in input order. */
  lines: BulkLineResult[];
  counts: Record<BulkStatus, number>;
}

const show = (s: string) => {
  const q = JSON.stringify(s);
  return q.length > 120 ? `${q.slice(0, 118)}…"` : q;
};

/** Parses, normalises and checks pasted or uploaded text. Never throws. */
export function checkBulkInput(text: string, opts: BulkCheckOptions = {}): BulkReport {
  const parsed = parseBulkText(text, opts);
  const guard =
    opts.guard ?? createEntryGuard({ knownPharmacies: opts.knownPharmacies ?? [], ...(opts.popularSites ? { popularSites: opts.popularSites } : {}) });
  const listed: ListedLookup | undefined = typeof opts.listed === 'function' ? opts.listed : opts.listed ? lookupFromIndex(opts.listed) : undefined;
  const firstLine = new Map<string, number>();
  const lines: BulkLineResult[] = [];
  for (const item of parsed.items) {
    const base = { line: item.line, input: item.input, ...(item.evidence ? { evidence: item.evidence } : {}) };
    const where = `line ${item.line}: ${show(item.input)}`;
    if (item.syntaxProblem) {
      lines.push({ ...base, status: 'invalid', reason: 'syntax', problem: item.syntaxProblem, message: `line ${item.line}: ${item.syntaxProblem}` });
      continue;
    }
    const n = normalizeListInput(item.input, opts);
    if (!n.ok) {
      lines.push({ ...base, status: 'invalid', reason: n.reason, problem: n.problem, message: `${where}: ${n.problem}` });
      continue;
    }
    const entry = n.entry;
    const check = checkListEntry(entry, { guard, listed });
    if (check.status === 'refused') {
      const { problem, conflict } = check;
      if (conflict.kind === 'known-pharmacy') {
        const { kind: _kind, ...knownPharmacy } = conflict;
        lines.push({ ...base, status: 'known-pharmacy', entry, knownPharmacy, problem, message: `${where}: ${problem}` });
      } else {
        lines.push({ ...base, status: 'invalid', reason: conflict.kind, entry, problem, message: `${where}: ${problem}` });
      }
      continue;
    }
    const seen = firstLine.get(entry);
    if (seen !== undefined) {
      const problem = `duplicate of line ${seen} (${entry})`;
      lines.push({ ...base, status: 'duplicate', entry, duplicateOf: seen, problem, message: `${where}: ${problem}` });
      continue;
    }
    firstLine.set(entry, item.line);
    if (check.status === 'listed') {
      lines.push({ ...base, status: 'listed', entry, listed: check.listed, problem: check.problem, message: `${where}: ${check.problem}` });
      continue;
    }
    lines.push({ ...base, status: 'new', entry, message: `${where}: new entry ${entry}` });
  }
  // A new entry under another new entry of the same input adds nothing: `shop.bad.com` with `bad.com`.
  const fresh = new Map(lines.filter((l) => l.status === 'new').map((l) => [l.entry!, l.line]));
  for (const l of lines) {
    if (l.status !== 'new' || isPattern(l.entry!)) continue;
    const h = normalizeHost(l.entry!);
    const parent = h
      ? hostAndParents(h.host, h.domain)
          .slice(1)
          .find((p) => fresh.has(p))
      : undefined;
    if (parent) {
      l.status = 'duplicate';
      l.duplicateOf = fresh.get(parent)!;
      l.problem = `covered by ${parent} (line ${l.duplicateOf})`;
      l.message = `line ${l.line}: ${show(l.input)}: ${l.problem}`;
    }
  }
  const counts: Record<BulkStatus, number> = { new: 0, duplicate: 0, listed: 0, 'known-pharmacy': 0, invalid: 0 };
  for (const l of lines) counts[l.status]++;
  return { format: parsed.format, ...(parsed.column ? { column: parsed.column } : {}), problems: parsed.problems, lines, counts };
}

/** Who says so, for every exported entry. */
export const EntryMetaSchema = z.object({
  source: z.string().trim().min(10, 'say who names the site, in words a user can check (at least 10 characters)'),
  sourceUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) address of the public source' }),
  date: z.iso.date({ error: 'must be the date of the source, as YYYY-MM-DD' }),
  /** `reviewed` too: a maintainer publishing accepted reports. The researcher tools offer only the source-backed ones. */
  confidence: EntryConfidenceSchema,
  evidence: z.array(z.string().trim().min(1).max(2000)).max(50).optional(),
  note: z.string().trim().min(1).optional(),
});
export type EntryMeta = z.input<typeof EntryMetaSchema>;

/** Refused: structured problems (the metadata's fields, or the entry at fault as `field`). */
export type EntriesResult = { ok: true; entries: EvidenceListEntry[] } | { ok: false; problems: Problem[] };

/** An entry to export, with its line's own evidence (a CSV column) if any. */
export interface ExportItem {
  entry: string;
  evidence?: string;
}

/** The new lines of a checked input, as export items. */
export function newItems(report: BulkReport): ExportItem[] {
  return report.lines.filter((l) => l.status === 'new').map((l) => ({ entry: l.entry!, ...(l.evidence ? { evidence: l.evidence } : {}) }));
}

/**
 * The new entries of a report (or plain entries, or export items) as list entries in the
 * project's format, sorted by entry, each with the given source, date, confidence and evidence
 * (plus a line's own CSV evidence). The metadata is validated here (EntryMetaSchema, whatever its
 * sender said it was), and every entry with the list schema.
 */
export function toListEntries(from: BulkReport | ReadonlyArray<string | ExportItem>, meta: EntryMeta | Record<string, unknown>): EntriesResult {
  const m = EntryMetaSchema.safeParse(meta);
  if (!m.success) return { ok: false, problems: problemsOf(m.error) };
  const items: ExportItem[] = Array.isArray(from)
    ? (from as ReadonlyArray<string | ExportItem>).map((x) => (typeof x === 'string' ? { entry: x } : x))
    : newItems(from as BulkReport);
  const entries: EvidenceListEntry[] = [];
  const problems: Problem[] = [];
  for (const { entry, evidence } of items) {
    const e: Record<string, unknown> = { entry, source: m.data.source, sourceUrl: m.data.sourceUrl, date: m.data.date, confidence: m.data.confidence };
    const ev = [...(m.data.evidence ?? []), ...(evidence ? [evidence] : [])];
    if (ev.length > 0) e.evidence = ev;
    if (m.data.note) e.note = m.data.note;
    const parsed = EvidenceListEntrySchema.safeParse(e);
    if (parsed.success) entries.push(parsed.data);
    else problems.push(...problemsOf(parsed.error, entry));
  }
  if (problems.length > 0) return { ok: false, problems };
  entries.sort((a, b) => compareEntries(a.entry, b.entry));
  return { ok: true, entries };
}

/** List order: plain code-unit order of `entry`, as the list lint checks. */
export function compareEntries(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Entries as the list files hold them: one JSON object a line (paste into `entries`). */
export function formatEntryLines(entries: readonly object[], indent = '    '): string {
  return entries.map((e) => `${indent}${JSON.stringify(e)}`).join(',\n');
}

/**
 * A whole list file in the project's layout (as authority.json): header fields one a line, then
 * one entry a line; trailing newline. Unknown top-level fields are kept, before `entries`.
 */
export function formatListFile(file: { name: string; description: string; updated: string; entries: readonly object[]; [k: string]: unknown }): string {
  const { name, description, updated, entries, ...rest } = file;
  const head = [
    `  "name": ${JSON.stringify(name)}`,
    `  "description": ${JSON.stringify(description)}`,
    `  "updated": ${JSON.stringify(updated)}`,
    ...Object.entries(rest).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`),
  ];
  return `{\n${head.join(',\n')},\n  "entries": [\n${formatEntryLines(entries)}\n  ]\n}\n`;
}
