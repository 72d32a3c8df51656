/**
 * `rxradar list add`: valid new domains or patterns of an input (arguments, a text or CSV file,
 * standard input, or flagged results of `rxradar scan`) into a list file, each with its public
 * source; every other line reported. Reading, checking and writing the list file: list-files.ts.
 */
import { listDay } from '../../core/lists/list-day';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import {
  checkBulkInput,
  EntryMetaSchema,
  type BulkLineResult,
  type EntryMeta,
  type EvidenceListEntry,
  formatFromFileName,
  type ListedLookup,
  toListEntries,
} from '../../core/lists/bulk-input';
import { type KnownPharmacy } from '../../core/lists/list-schema';
import { BUNDLED_KNOWN, entryChecks } from './list-checks';
import { InputError, quote } from '../scan-batch';
import { listTextWith, MAX_LIST_FILE_BYTES, openListFile, readTextFile, writeFileAtomic } from '../list-files';
import { problemsOf, problemText } from '../../core/problems';

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

export async function readAll(stream: Readable, max: number): Promise<string> {
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

export function metaOrThrow(meta: EntryMeta, what: string): void {
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
