#!/usr/bin/env node
/**
 * RxRadar command line: `rxradar scan page.html --url https://...`, `scan FILE.warc.gz...`,
 * `scan --jsonl manifest.jsonl`, `check URL...`, `list ...`, `reports ...`. Argument handling only:
 * the work is in scan-batch.ts, scan-records.ts and scan-pool.ts. Heavy modules are imported when
 * a command needs them, so that `check` answers quickly.
 *
 * Exit codes: 0 all inputs processed, 1 some input failed (each named on stderr), 2 usage error.
 */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { Engine } from '../core/engine';
import { runCommand, UsageError } from '../node/run-command';
import { InputError, writeLine } from './cli-io';

const USAGE = `Usage:
  rxradar scan FILE --url URL          Scan one saved HTML page; prints the verdict as JSON.
  rxradar scan [INPUT...]              Scan web archives and page batches: each INPUT (a file, or -
                                       for stdin, the default) is a WARC or WARC.gz file (response
                                       records) or JSONL with {"url", "html"} (the page inline) or
                                       {"url", "file"} per line. Prints one JSON line per page, in
                                       input order: verdict, id, WARC file and offset (or input and
                                       line), engine and list versions.
  rxradar scan --jsonl MANIFEST        The same for one JSONL input (file relative to the manifest's
                                       folder; - reads stdin).
  rxradar check URL_OR_DOMAIN...       Look addresses up in the lists; one JSON line each.
  rxradar list add|validate|keygen|publish ...
                                       Build and check list files and signed list feeds
                                       (rxradar list --help for details).
  rxradar reports list|show|accept|reject|draft ...
                                       Review reports received by the intake server, or draft
                                       reports from scan results (rxradar reports --help).

Options:
  --workers N      scan: N worker threads (default 1: scan in the main thread).
  --format F       scan: auto (default), warc or jsonl.
  --stdin-name N   scan: name standard input N in output lines and messages (a pipeline
                   that feeds a WARC file on stdin names it).
  --no-community   Do not use the community blocklist.
  -h, --help       Show this help.

Exit status: 0 all inputs processed, 1 some input failed (reported on stderr), 2 usage error.
`;

let useCommunity = true;

function report(message: string): void {
  process.stderr.write(`rxradar: ${message}\n`);
}

async function main(argv: string[]): Promise<number> {
  // `list ...` and `reports ...` have options of their own: hand them over before parsing ours.
  // Their usage errors carry their own usage text.
  if (argv[0] === 'reports') {
    const { runReportsCommand } = await import('./commands/reports-command');
    return runReportsCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
  }
  if (argv[0] === 'list') {
    const { runListCommand } = await import('./commands/lists');
    return runListCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        jsonl: { type: 'string' },
        workers: { type: 'string' },
        format: { type: 'string' },
        'stdin-name': { type: 'string' },
        'no-community': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  useCommunity = !values['no-community'];
  const [command, ...args] = positionals;
  if (command !== 'scan' && (values.workers !== undefined || values.format !== undefined || values['stdin-name'] !== undefined)) {
    throw new UsageError('--workers, --format and --stdin-name are options of scan');
  }
  switch (command) {
    case 'scan': {
      const workers = values.workers === undefined ? 1 : Number(values.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 256)
        throw new UsageError(`--workers needs a whole number from 1 to 256, got ${JSON.stringify(values.workers)}`);
      const format = values.format ?? 'auto';
      if (format !== 'auto' && format !== 'warc' && format !== 'jsonl') throw new UsageError(`--format is auto, warc or jsonl, got ${JSON.stringify(format)}`);
      if (values.jsonl !== undefined) {
        if (args.length > 0 || values.url !== undefined) throw new UsageError('scan --jsonl takes no FILE or --url');
        return scanInputs([values.jsonl], 'jsonl', workers, values['stdin-name']);
      }
      if (values.url !== undefined) {
        if (args.length !== 1) throw new UsageError('scan --url URL needs one FILE');
        return scanOne(args[0]!, values.url);
      }
      if (args.length === 1 && /\.x?html?$/i.test(args[0]!)) throw new UsageError('scan FILE needs --url URL');
      return scanInputs(args.length > 0 ? args : ['-'], format, workers, values['stdin-name']);
    }
    case 'check':
      if (args.length === 0) throw new UsageError('check needs at least one URL or domain');
      if (values.url !== undefined || values.jsonl !== undefined) throw new UsageError('check takes no --url or --jsonl');
      return check(args);
    case undefined:
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

async function scanOne(file: string, url: string): Promise<number> {
  const { scanPageFile, verdictRecord } = await import('./scan-batch');
  const { createScanContext } = await import('./scan-records');
  try {
    const verdict = await scanPageFile(createScanContext(useCommunity).engine, file, url);
    await writeLine(process.stdout, JSON.stringify(verdictRecord(verdict), null, 2));
    return 0;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    report(err.message);
    return 1;
  }
}

/** Scans every input in turn through one pool; one line per page, in input order. */
async function scanInputs(inputs: string[], format: 'auto' | 'warc' | 'jsonl', workers: number, stdinName = 'stdin'): Promise<number> {
  const { createScanContext, jsonlJobs, openInput, Sequence, warcJobs } = await import('./scan-records');
  const { runScan } = await import('./scan-pool');
  const { ProgressLine } = await import('./progress');
  const progress = new ProgressLine(process.stderr);
  const seq = new Sequence();
  const counters = { skipped: 0 };
  let failed = 0;
  const fail = (message: string) => {
    failed++;
    progress.clear();
    report(message);
  };
  async function* jobs() {
    for (const path of inputs) {
      let input;
      try {
        input = await openInput(path, process.stdin, format, stdinName);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        fail(err.message);
        continue;
      }
      try {
        if (input.kind === 'warc') yield* warcJobs(input.chunks, input.name, seq, counters, input.gzip);
        else yield* jsonlJobs(input.chunks, input.name, input.baseDir, seq);
      } finally {
        await input.close();
      }
    }
  }
  // Lines go out in batches of about 64 KB: one write per line costs more than the scan of a small page.
  let batch: string[] = [];
  let batched = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const text = batch.join('');
    batch = [];
    batched = 0;
    if (!process.stdout.write(text)) await once(process.stdout, 'drain');
  };
  await runScan(
    jobs(),
    { workers, community: useCommunity },
    () => createScanContext(useCommunity),
    async (outcome) => {
      if (outcome.ok) {
        batch.push(`${outcome.line}\n`);
        batched += outcome.line.length + 1;
        if (batched >= 64 * 1024) await flush();
      } else fail(outcome.error);
      progress.count(outcome.ok, outcome.ok && outcome.flagged);
    },
  );
  await flush();
  progress.finish();
  return failed > 0 ? 1 : 0;
}

/** List look-ups need only the lists: no lexicon is compiled, so `check` answers at once. */
async function check(inputs: string[]): Promise<number> {
  const { checkTarget, createListChecker } = await import('./list-checker');
  const checker: Pick<Engine, 'checkUrl' | 'lists'> = await createListChecker(useCommunity);
  let failed = 0;
  for (const input of inputs) {
    try {
      await writeLine(process.stdout, JSON.stringify(checkTarget(checker, input)));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      failed++;
      report(err.message);
    }
  }
  return failed > 0 ? 1 : 0;
}

runCommand('rxradar', USAGE, main);
