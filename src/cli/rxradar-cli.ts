/**
 * RxRadar command line: `npm run -s cli -- scan page.html --url https://...`, `scan --jsonl
 * manifest.jsonl`, `check URL...`. Argument handling only; the work is in scan-batch.ts.
 *
 * Exit codes: 0 all inputs processed, 1 some input failed (each named on stderr), 2 usage error.
 */
import { parseArgs } from 'node:util';
import { createEngine, type Engine } from '../core/engine';
import { bundledData } from '../data/bundled-data';
import { loadCommunityListNode } from '../data/load-community-list-node';
import { runListCommand } from './commands/lists';
import { runReportsCommand } from './commands/reports-command';
import { runCommand, UsageError } from './run-command';
import { checkTarget, InputError, openManifest, readLines, scanManifest, scanPageFile, verdictRecord, writeLine } from './scan-batch';

const USAGE = `Usage:
  rxradar scan FILE --url URL          Scan one saved HTML page; prints the verdict as JSON.
  rxradar scan --jsonl MANIFEST        Scan many pages; MANIFEST has one {"url": "...", "file": "..."}
                                       per line (file relative to the manifest's folder; - reads
                                       stdin). Prints one verdict per line, in order.
  rxradar check URL_OR_DOMAIN...       Look addresses up in the lists; one JSON line each.
  rxradar list add|validate|keygen|publish ...
                                       Build and check list files and signed list feeds
                                       (rxradar list --help for details).
  rxradar reports list|show|accept|reject ...
                                       Review reports received by the intake server
                                       (rxradar reports --help for details).

Options:
  --no-community   Do not use the community blocklist.
  -h, --help       Show this help.

Exit status: 0 all inputs processed, 1 some input failed (reported on stderr), 2 usage error.
`;


let engine: Engine | undefined;
let useCommunity = true;

/** Built once per process, on first use. */
function getEngine(): Engine {
  engine ??= createEngine({ ...bundledData, community: useCommunity ? loadCommunityListNode() : null });
  return engine;
}

function report(message: string): void {
  process.stderr.write(`rxradar: ${message}\n`);
}

async function main(argv: string[]): Promise<number> {
  // `list ...` and `reports ...` have options of their own: hand them over before parsing ours.
  // Their usage errors carry their own usage text.
  if (argv[0] === 'reports') return runReportsCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr });
  if (argv[0] === 'list') return runListCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        jsonl: { type: 'string' },
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
  switch (command) {
    case 'scan':
      if (values.jsonl !== undefined) {
        if (args.length > 0 || values.url !== undefined) throw new UsageError('scan --jsonl takes no FILE or --url');
        return scanJsonl(values.jsonl);
      }
      if (args.length !== 1) throw new UsageError('scan needs one FILE (or --jsonl MANIFEST)');
      if (values.url === undefined) throw new UsageError('scan FILE needs --url URL');
      return scanOne(args[0]!, values.url);
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
  try {
    const verdict = await scanPageFile(getEngine(), file, url);
    await writeLine(process.stdout, JSON.stringify(verdictRecord(verdict), null, 2));
    return 0;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    report(err.message);
    return 1;
  }
}

async function scanJsonl(manifest: string): Promise<number> {
  let source;
  if (manifest === '-') {
    source = { lines: readLines(process.stdin), baseDir: process.cwd(), label: 'stdin', close: async () => {} };
  } else {
    try {
      source = { ...(await openManifest(manifest)), label: manifest };
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      report(err.message);
      return 1;
    }
  }
  const eng = getEngine();
  let failed = 0;
  try {
    for await (const result of scanManifest(source.lines, { engine: eng, baseDir: source.baseDir, label: source.label })) {
      if (result.ok) await writeLine(process.stdout, JSON.stringify(verdictRecord(result.verdict)));
      else {
        failed++;
        report(result.error);
      }
    }
  } finally {
    await source.close();
  }
  return failed > 0 ? 1 : 0;
}

async function check(inputs: string[]): Promise<number> {
  const eng = getEngine();
  let failed = 0;
  for (const input of inputs) {
    try {
      await writeLine(process.stdout, JSON.stringify(checkTarget(eng, input)));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      failed++;
      report(err.message);
    }
  }
  return failed > 0 ? 1 : 0;
}

runCommand('rxradar', USAGE, main);
