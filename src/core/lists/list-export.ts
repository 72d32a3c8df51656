/**
 * New entries out of the tools: each with who says so (source, address, date, confidence,
 * evidence), validated with the list schema, sorted, and written in the project's list layout
 * (one entry a line), as the bundled lists are. Pure.
 */
import { z } from '../zod';
import { type Problem, problemsOf } from '../problems';
import { EntryConfidenceSchema, ListEntrySchema, ListFileSchema } from './list-schema';

/**
 * A list entry as these tools write and feeds carry it: ListEntrySchema, with its optional
 * `evidence` (addresses of archived pages, screenshots, documents, quoted signals) bounded in size
 * and trimmed. Any entry confidence, `reviewed` included (accepted reports travel in feeds).
 */
export const EvidenceListEntrySchema = z.extend(ListEntrySchema, {
  evidence: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))).check(z.maxLength(50))),
});
export type EvidenceListEntry = z.infer<typeof EvidenceListEntrySchema>;

/** A list file whose entries may carry evidence (unknown entry fields are checked, then kept by the writers). */
export const EvidenceListFileSchema = z.extend(ListFileSchema, { entries: z.array(EvidenceListEntrySchema).check(z.minLength(1)) });
export type EvidenceListFile = z.infer<typeof EvidenceListFileSchema>;

/** Who says so, for every exported entry. */
export const EntryMetaSchema = z.object({
  source: z.string().check(z.trim(), z.minLength(10, 'say who names the site, in words a user can check (at least 10 characters)')),
  sourceUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) address of the public source' }),
  date: z.iso.date({ error: 'must be the date of the source, as YYYY-MM-DD' }),
  /** `reviewed` too: a maintainer publishing accepted reports. The researcher tools offer only the source-backed ones. */
  confidence: EntryConfidenceSchema,
  evidence: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))).check(z.maxLength(50))),
  note: z.optional(z.string().check(z.trim(), z.minLength(1))),
});
export type EntryMeta = z.input<typeof EntryMetaSchema>;

/** Refused: structured problems (the metadata's fields, or the entry at fault as `field`). */
export type EntriesResult = { ok: true; entries: EvidenceListEntry[] } | { ok: false; problems: Problem[] };

/** What toListEntries needs of a checked input (bulk-input.ts: BulkReport): its lines, their status, entry and evidence. */
export interface CheckedLines {
  lines: ReadonlyArray<{ status: string; entry?: string; evidence?: string }>;
}

/** An entry to export, with its line's own evidence (a CSV column) if any. */
export interface ExportItem {
  entry: string;
  evidence?: string;
}

/** The new lines of a checked input, as export items. */
export function newItems(report: CheckedLines): ExportItem[] {
  return report.lines.filter((l) => l.status === 'new').map((l) => ({ entry: l.entry!, ...(l.evidence ? { evidence: l.evidence } : {}) }));
}

/**
 * The new entries of a report (or plain entries, or export items) as list entries in the
 * project's format, sorted by entry, each with the given source, date, confidence and evidence
 * (plus a line's own CSV evidence). The metadata is validated here (EntryMetaSchema, whatever its
 * sender said it was), and every entry with the list schema.
 */
export function toListEntries(from: CheckedLines | ReadonlyArray<string | ExportItem>, meta: EntryMeta | Record<string, unknown>): EntriesResult {
  const m = EntryMetaSchema.safeParse(meta);
  if (!m.success) return { ok: false, problems: problemsOf(m.error) };
  const items: ExportItem[] = Array.isArray(from)
    ? (from as ReadonlyArray<string | ExportItem>).map((x) => (typeof x === 'string' ? { entry: x } : x))
    : newItems(from as CheckedLines);
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
