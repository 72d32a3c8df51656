/**
 * List files: the one place that reads, checks, merges, sorts, formats and writes them, for
 * `list add`, `list validate`, `list publish` and `reports accept` (the researcher tools in the
 * extension use the same core: checkBulkInput, toListEntries, formatListFile). A list file is
 * read as text (size-bounded, UTF-8), parsed with its line and column on error, checked with the
 * schema and the lint (sorted, unique, normalised, no known pharmacy, no popular site, no too broad
 * pattern, no entry dated after the list), and written through a temporary file, fsync and rename.
 */
import { existsSync } from 'node:fs';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isPattern } from '../core/domain/domain-pattern';
import { hostAndParents, normalizeHost } from '../core/domain/normalize-host';
import { compareEntries, EvidenceListFileSchema, formatListFile, normalizeListInput } from '../core/lists/bulk-input';
import { createEntryGuard, describeEntryConflict } from '../core/lists/entry-guard';
import type { KnownPharmacy } from '../core/lists/list-schema';
import { BUNDLED_KNOWN } from './commands/list-checks';
import { fsProblem, InputError } from './scan-batch';

/** List and input files larger than this are refused without being read. */
export const MAX_LIST_FILE_BYTES = 20 * 1024 * 1024;

export async function readTextFile(path: string, maxBytes = MAX_LIST_FILE_BYTES): Promise<string> {
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    throw new InputError(`${path}: ${fsProblem(err)}`);
  }
  if (st.isDirectory()) throw new InputError(`${path}: is a directory, not a file`);
  if (!st.isFile()) throw new InputError(`${path}: not a regular file`);
  if (st.size > maxBytes) throw new InputError(`${path}: file too large (${st.size.toLocaleString('en')} bytes; limit ${maxBytes.toLocaleString('en')})`);
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw new InputError(`${path}: ${fsProblem(err)}`);
  }
  if (buf.subarray(0, 8192).includes(0)) throw new InputError(`${path}: binary file, not text`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new InputError(`${path}: not UTF-8 text`);
  }
  return text.replace(/^\uFEFF/, '');
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new InputError(`${path}: ${fsProblem(err)}`);
  }
}

/** Writes through a temporary file and a rename, so readers see the old file or the new one. */
export async function writeFileAtomic(path: string, text: string, mode = 0o644): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    const fh = await open(tmp, 'wx', mode);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw new InputError(`${path}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err))})`);
  }
}

export function parseJsonFile(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const m = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(m)?.[1];
    if (pos !== undefined) {
      const before = text.slice(0, Number(pos));
      const line = before.split('\n').length;
      const col = Number(pos) - before.lastIndexOf('\n');
      throw new InputError(`${path}:${line}:${col}: not valid JSON (${m})`);
    }
    throw new InputError(`${path}: not valid JSON (${m})`);
  }
}

// ---------------------------------------------------------------------------------------------
// lint (shared by validate, add and publish)

export type LintCode = 'schema' | 'unsorted' | 'duplicate' | 'not-normalised' | 'known-pharmacy' | 'popular-site' | 'broad-pattern' | 'date';
export interface LintIssue {
  code: LintCode;
  message: string;
}

export interface ListLint {
  errors: LintIssue[];
  /** Not wrong, worth a look: an entry covered by another. */
  warnings: string[];
  entries: number;
}

/** Line of each entry in the file's text (the project's layout has one entry a line). */
function entryLines(text: string | undefined): Map<string, number> {
  const lines = new Map<string, number>();
  if (!text) return lines;
  text.split('\n').forEach((l, i) => {
    const m = /"entry"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(l);
    if (m && !lines.has(m[1]!)) lines.set(m[1]!, i + 1);
  });
  return lines;
}

/**
 * Schema and lint of a list file's value: the schema (with optional evidence), entries sorted and
 * unique, each already normalised (what `list add` would write), on a known public suffix, no
 * known pharmacy or popular site listed, no too broad pattern (entry-guard.ts), no entry dated
 * after the list.
 */
export function lintList(
  value: unknown,
  opts: { label: string; text?: string; knownPharmacies?: readonly (string | KnownPharmacy)[]; popularSites?: readonly string[] },
): ListLint {
  const errors: LintIssue[] = [];
  const warnings: string[] = [];
  const lines = entryLines(opts.text);
  const raw = (value as { entries?: unknown } | null)?.entries;
  const rawEntries = Array.isArray(raw) ? (raw as unknown[]) : [];
  const entryOf = (i: number): string | undefined => {
    const e = (rawEntries[i] as { entry?: unknown } | null)?.entry;
    return typeof e === 'string' ? e : undefined;
  };
  const where = (i: number) => {
    const e = entryOf(i);
    const line = e !== undefined ? lines.get(e) : undefined;
    return line !== undefined ? `${opts.label}:${line}` : `${opts.label}: entries[${i}]`;
  };

  const parsed = EvidenceListFileSchema.safeParse(value);
  const schemaBad = new Set<number>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [top, index, ...rest] = issue.path;
      if (top === 'entries' && typeof index === 'number') {
        schemaBad.add(index);
        const e = entryOf(index);
        const field = rest.length ? rest.join('.') : 'entry';
        const message = e !== undefined && issue.message.startsWith(`${e}: `) ? issue.message : `${e !== undefined ? `${e}: ` : ''}${issue.message}`;
        errors.push({ code: 'schema', message: `${where(index)}: ${field}: ${message}` });
      } else {
        errors.push({ code: 'schema', message: `${opts.label}: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}` });
      }
    }
  }

  const guard = createEntryGuard({ knownPharmacies: opts.knownPharmacies ?? BUNDLED_KNOWN, ...(opts.popularSites ? { popularSites: opts.popularSites } : {}) });
  const firstAt = new Map<string, number>();
  let unsortedReported = false;
  const all = new Set<string>();
  rawEntries.forEach((_, i) => {
    const e = entryOf(i);
    if (e !== undefined) all.add(e);
  });
  const updated = (value as { updated?: unknown } | null)?.updated;
  for (let i = 0; i < rawEntries.length; i++) {
    const e = entryOf(i);
    if (e === undefined) continue;
    const prev = i > 0 ? entryOf(i - 1) : undefined;
    const seen = firstAt.get(e);
    if (seen !== undefined) errors.push({ code: 'duplicate', message: `${where(i)}: ${e} is listed twice (entries ${seen + 1} and ${i + 1})` });
    else firstAt.set(e, i);
    if (prev !== undefined && prev > e && !unsortedReported) {
      unsortedReported = true;
      errors.push({ code: 'unsorted', message: `${where(i)}: entries are not sorted: ${e} comes after ${prev}` });
    }
    // An entry the schema refused is already explained; the lint adds what only it knows.
    const n = schemaBad.has(i) ? null : normalizeListInput(e, { keep: 'host', allowPatterns: true });
    if (n && !n.ok) {
      errors.push({ code: 'not-normalised', message: `${where(i)}: ${e}: ${n.problem}` });
    } else if (n && n.entry !== e) {
      errors.push({ code: 'not-normalised', message: `${where(i)}: ${e} is not normalised: write it as ${n.entry}` });
    }
    const conflict = guard(e);
    if (conflict) errors.push({ code: conflict.kind, message: `${where(i)}: ${describeEntryConflict(e, conflict)}` });
    if (!isPattern(e)) {
      const h = normalizeHost(e);
      const parent = h
        ? hostAndParents(h.host, h.domain)
            .slice(1)
            .find((p) => all.has(p))
        : undefined;
      if (parent) warnings.push(`${where(i)}: ${e} is already covered by ${parent}`);
    }
    const date = (rawEntries[i] as { date?: unknown }).date;
    if (typeof updated === 'string' && typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) && date > updated) {
      errors.push({ code: 'date', message: `${where(i)}: ${e}: date ${date} is after the list's "updated" (${updated})` });
    }
  }
  return { errors, warnings, entries: rawEntries.length };
}

// ---------------------------------------------------------------------------------------------
// open, merge, write

/** A list file as read (checked), or a new one not yet written. */
export interface OpenList {
  value: Record<string, unknown>;
  entries: Array<Record<string, unknown>>;
  created: boolean;
}

/**
 * Reads and checks the list file at `file`, or starts a new one (`newList`) when there is none.
 * A file that fails the schema or the lint is refused as it is (an unsorted one is not: writing
 * sorts it). `folderMustExist`: a new file needs its folder already there.
 */
export async function openListFile(
  file: string,
  o: {
    knownPharmacies?: readonly (string | KnownPharmacy)[];
    newList: () => { name: string; description: string; updated: string };
    folderMustExist?: boolean;
  },
): Promise<OpenList> {
  if (!(await exists(file))) {
    if (o.folderMustExist && !existsSync(dirname(file))) throw new InputError(`${file}: the folder does not exist`);
    return { value: { ...o.newList(), entries: [] }, entries: [], created: true };
  }
  const text = await readTextFile(file);
  const parsed = parseJsonFile(text, file);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new InputError(`${file}: not a list file (expected a JSON object with "entries")`);
  const lint = lintList(parsed, { label: file, text, knownPharmacies: o.knownPharmacies ?? BUNDLED_KNOWN });
  const blocking = lint.errors.filter((e) => e.code !== 'unsorted');
  if (blocking.length > 0) {
    throw new InputError(
      `${file}: not a valid list file, not changed (${blocking.length} problem${blocking.length === 1 ? '' : 's'}, first: ${blocking[0]!.message}); run list validate`,
    );
  }
  const value = parsed as Record<string, unknown>;
  return { value, entries: value.entries as Array<Record<string, unknown>>, created: false };
}

/**
 * The list's text with `added` merged in: sorted by entry, `updated` the latest of the list's,
 * today's and the new entries' dates, in the project's layout, and checked again (an invalid
 * result is a bug: it throws).
 */
export function listTextWith(
  list: OpenList,
  added: ReadonlyArray<Record<string, unknown>>,
  o: { file: string; now: Date; today: string; knownPharmacies?: readonly (string | KnownPharmacy)[] },
): string {
  const merged = [...list.entries, ...added].sort((a, b) => compareEntries(String(a.entry), String(b.entry)));
  const dates = [String(list.value.updated ?? ''), o.today, ...added.map((e) => String(e.date ?? ''))].filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  const updated = dates.reduce((a, b) => (a > b ? a : b));
  const next = { ...list.value, updated, entries: merged } as unknown as Parameters<typeof formatListFile>[0];
  const text = formatListFile(next);
  const check = lintList(JSON.parse(text), { label: o.file, text, knownPharmacies: o.knownPharmacies ?? BUNDLED_KNOWN });
  if (check.errors.length > 0) throw new Error(`${o.file}: the list would not be valid: ${check.errors[0]!.message}`);
  return text;
}
