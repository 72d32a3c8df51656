/**
 * `rxradar list ...`: list files for researchers and maintainers.
 *
 *   list add FILE [DOMAIN_OR_URL...] [--from INPUT.txt|INPUT.csv|-] --source S --source-url U ...
 *   list validate FILE...
 *   list keygen --out DIR
 *   list publish --key DIR --in LISTFILE --out FEED.json [--name N] [--sequence N]
 *
 * One module a subcommand does the work and returns what happened (list-add.ts, list-validate.ts,
 * list-keys.ts, list-publish.ts; list files themselves: ../list-files.ts); runListCommand parses
 * arguments and prints, for the main CLI to call with the
 * arguments after `list`. A problem with a file or an option is an InputError (one line, naming
 * the input); problems with lines of content are returned, one message each.
 */
import { listDay } from '../../core/lists/list-day';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { type EvidenceListEntry } from '../../core/lists/bulk-input';
import { ConfidenceSchema } from '../../core/lists/list-schema';
import { InputError, writeLine } from '../scan-batch';
import { UsageError } from '../../node/run-command';
import { MAX_LIST_FILE_BYTES, readTextFile } from '../list-files';
import { listAdd, readAll } from './list-add';
import { listKeygen } from './list-keys';
import { listPublish } from './list-publish';
import { listValidate } from './list-validate';

export { listValidate, type ListValidateResult } from './list-validate';
export { listAdd, type ListAddInput, type ListAddOptions, type ListAddResult } from './list-add';
export { listKeygen, type ListKeygenResult, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from './list-keys';
export { listPublish, type ListPublishOptions, type ListPublishResult } from './list-publish';
export { lintList, MAX_LIST_FILE_BYTES, type LintCode, type LintIssue, type ListLint } from '../list-files';

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
