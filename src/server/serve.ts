/**
 * `npm run reports:serve -- --port P --db FILE [--host H]`: runs the report intake server until
 * SIGINT/SIGTERM. Exit status: 0 stopped by a signal, 1 could not start (database, port), 2 usage.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_RATE, startIntakeServer } from './intake-server';
import { ReportStoreError } from './report-store';
import { runCommand, UsageError } from '../cli/run-command';

const USAGE = `Usage: npm run reports:serve -- --port PORT --db FILE [options]

Receives RxRadar site reports (POST /v1/reports) and stores them in the SQLite file FILE
(created when missing). Review them with: npm run -s cli -- reports list|show|accept|reject

Options:
  --port PORT          TCP port (0: any free port). Default 8787.
  --db FILE            SQLite database file. Required.
  --host HOST          Address to listen on. Default 127.0.0.1.
  --max-body BYTES     Largest accepted body. Default ${DEFAULT_MAX_BODY_BYTES}.
  --rate N             Reports a minute per client address. Default ${DEFAULT_RATE.refillPerSec * 60}.
  --burst N            Reports a client may send at once. Default ${DEFAULT_RATE.capacity}.
  -h, --help           Show this help.
`;


function intArg(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} ${JSON.stringify(value)}: expected a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

function report(message: string): void {
  process.stderr.write(`rxradar reports:serve: ${message}\n`);
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        db: { type: 'string' },
        host: { type: 'string' },
        'max-body': { type: 'string' },
        rate: { type: 'string' },
        burst: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.db === undefined || values.db === '') throw new UsageError('--db FILE is required');
  const port = intArg('port', values.port, 8787, 0, 65535);
  const maxBodyBytes = intArg('max-body', values['max-body'], DEFAULT_MAX_BODY_BYTES, 1024, 64 * 1024 * 1024);
  const perMinute = intArg('rate', values.rate, DEFAULT_RATE.refillPerSec * 60, 1, 100_000);
  const capacity = intArg('burst', values.burst, DEFAULT_RATE.capacity, 1, 100_000);
  const host = values.host ?? '127.0.0.1';

  let running;
  try {
    running = await startIntakeServer({
      db: values.db,
      port,
      host,
      maxBodyBytes,
      rate: { capacity, refillPerSec: perMinute / 60 },
      log: (line) => process.stdout.write(`${line}\n`),
    });
  } catch (err) {
    if (err instanceof ReportStoreError) report(err.message);
    else {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') report(`--port ${port}: already in use on ${host}`);
      else if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') report(`--host ${JSON.stringify(host)}: not an address of this machine`);
      else if (code === 'EACCES') report(`--port ${port}: permission denied`);
      else report(`cannot start: ${err instanceof Error ? err.message : String(err)}`);
    }
    return 1;
  }
  const r = running;
  // Signal handlers first: whoever reads the line below may stop us at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`${signal}: stopping\n`);
      void r.close().then(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  process.stdout.write(`RxRadar report intake listening on ${r.url} (database ${values.db}, ${r.store.count()} reports)\n`);
  await stopped;
  return 0;
}

runCommand('rxradar reports:serve', USAGE, main);
