/**
 * Bulk input for researchers, the check pipeline: many domains or URLs pasted or uploaded, read
 * (bulk-parse.ts: text or CSV), each normalised to a list entry with a clear per-line problem when
 * it cannot be one (list-input.ts), then duplicates, entries already listed (checkListEntry) and
 * what may never be listed (known pharmacies, popular sites, too broad patterns: entry-guard.ts)
 * reported; the new ones become list entries in the project's format (list-export.ts), ready for
 * a pull request. Pure: no I/O, no browser APIs; the background (for the options page) and the
 * CLI (`list add`) share it. Re-exports the three parts, so callers import one module.
 */
import { isPattern, matchPattern, parsePattern } from '../domain/domain-pattern';
import { hostAndParents, normalizeHost } from '../domain/normalize-host';
import { createEntryGuard, describeEntryConflict, type EntryConflict, type EntryGuard, type KnownPharmacyConflict } from './entry-guard';
import type { ListIndex } from './list-index';
import type { KnownPharmacy } from './list-schema';

export { createKnownPharmacyGuard, describeKnownPharmacyConflict, type KnownPharmacyConflict } from './entry-guard';
export { MAX_BULK_CHARS, MAX_BULK_LINES } from './bulk-limits';
import { type BulkFormat, type BulkParse, type BulkParseOptions, parseBulkText } from './bulk-parse';
import { type InvalidReason, type NormalizeOptions, normalizeListInput } from './list-input';

export * from './bulk-parse';
export * from './list-input';
export * from './list-export';

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
