/**
 * `npm run reports:serve -- --port P --db FILE [--host H]`: runs the report intake server until
 * SIGINT/SIGTERM. Exit status: 0 stopped by a signal, 1 could not start (database, port), 2 usage.
 */
import { parseArgs } from 'node:util';
import {
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_DOMAIN_RATE,
  DEFAULT_GLOBAL_RATE,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_BODY_BYTES_IN_FLIGHT,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_CONNECTIONS_PER_CLIENT,
  DEFAULT_MAX_EVENT_LOOP_DELAY_MS,
  DEFAULT_MAX_STORE_BYTES,
  DEFAULT_MIN_FREE_DISK_BYTES,
  DEFAULT_RATE,
  startIntakeServer,
} from './intake-server';
import { compileTrustProxy } from './client-address';
import { ReportStoreError } from '../node/report-store';
import { runCommand, UsageError } from '../node/run-command';

const USAGE = `Usage: npm run reports:serve -- --port PORT --db FILE [options]

Receives RxRadar site reports (POST /v1/reports) and stores them in the SQLite file FILE
(created when missing). Review them with: npm run -s cli -- reports list|show|accept|reject

Options:
  --port PORT          TCP port (0: any free port). Default 8787.
  --db FILE            SQLite database file. Required.
  --host HOST          Address to listen on. Default 127.0.0.1.
  --trust-proxy LIST   Reverse proxies whose X-Forwarded-For names the client: addresses, CIDR
                       ranges, loopback, linklocal, uniquelocal; comma-separated. Default none
                       (the TCP peer is the client; X-Forwarded-For is ignored).
  --max-body BYTES     Largest accepted body. Default ${DEFAULT_MAX_BODY_BYTES}.
  --rate N             Requests a minute per client (IPv4 address or IPv6 /64). Default ${DEFAULT_RATE.refillPerSec * 60}.
  --burst N            Requests a client may send at once. Default ${DEFAULT_RATE.capacity}.
  --global-rate N      New reports stored an hour, all clients together. Default ${Math.round(DEFAULT_GLOBAL_RATE.refillPerSec * 3600)}.
  --global-burst N     New reports stored at once, all clients together. Default ${DEFAULT_GLOBAL_RATE.capacity}.
  --domain-rate N      New reports an hour about one reported (registrable) domain. Default ${Math.round(DEFAULT_DOMAIN_RATE.refillPerSec * 3600)}.
  --domain-burst N     New reports at once about one domain. Default ${DEFAULT_DOMAIN_RATE.capacity}.
  --max-store BYTES    Largest database; past it new reports get 503. Default ${DEFAULT_MAX_STORE_BYTES}.
  --min-free-disk BYTES  Free disk space kept; below it new reports get 503. Default ${DEFAULT_MIN_FREE_DISK_BYTES}.
  --max-connections N  Connections served at once; more get 503. Default ${DEFAULT_MAX_CONNECTIONS}.
  --max-connections-per-client N  Connections one client may hold; more get 429. Default ${DEFAULT_MAX_CONNECTIONS_PER_CLIENT}.
  --headers-timeout MS Time for a request's headers to arrive. Default ${DEFAULT_HEADERS_TIMEOUT_MS}.
  --body-timeout MS    Time for a request's body to arrive. Default ${DEFAULT_BODY_TIMEOUT_MS}.
  --max-bodies-in-memory BYTES  Request bodies held at once; past it POSTs get 503. Default ${DEFAULT_MAX_BODY_BYTES_IN_FLIGHT}.
  --max-event-loop-delay MS  Event-loop lag past which POSTs get 503. Default ${DEFAULT_MAX_EVENT_LOOP_DELAY_MS}.
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
        'trust-proxy': { type: 'string' },
        rate: { type: 'string' },
        burst: { type: 'string' },
        'global-rate': { type: 'string' },
        'global-burst': { type: 'string' },
        'domain-rate': { type: 'string' },
        'domain-burst': { type: 'string' },
        'max-store': { type: 'string' },
        'min-free-disk': { type: 'string' },
        'max-connections': { type: 'string' },
        'max-connections-per-client': { type: 'string' },
        'headers-timeout': { type: 'string' },
        'body-timeout': { type: 'string' },
        'max-bodies-in-memory': { type: 'string' },
        'max-event-loop-delay': { type: 'string' },
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
  /** A quota given as `--NAME-rate` (an hour) and `--NAME-burst`. */
  const perHour = (name: string, rate: string | undefined, burst: string | undefined, fallback: { capacity: number; refillPerSec: number }) => ({
    capacity: intArg(`${name}-burst`, burst, fallback.capacity, 1, 10_000_000),
    refillPerSec: intArg(`${name}-rate`, rate, Math.round(fallback.refillPerSec * 3600), 1, 10_000_000) / 3600,
  });
  const BYTES_MAX = Number.MAX_SAFE_INTEGER;
  const host = values.host ?? '127.0.0.1';
  const trustProxy = (values['trust-proxy'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  try {
    compileTrustProxy(trustProxy);
  } catch (err) {
    throw new UsageError(`--trust-proxy: ${err instanceof Error ? err.message : String(err)}`);
  }
  const limits = {
    trustProxy,
    maxBodyBytes,
    rate: { capacity, refillPerSec: perMinute / 60 },
    globalRate: perHour('global', values['global-rate'], values['global-burst'], DEFAULT_GLOBAL_RATE),
    domainRate: perHour('domain', values['domain-rate'], values['domain-burst'], DEFAULT_DOMAIN_RATE),
    maxStoreBytes: intArg('max-store', values['max-store'], DEFAULT_MAX_STORE_BYTES, 64 * 1024, BYTES_MAX),
    minFreeDiskBytes: intArg('min-free-disk', values['min-free-disk'], DEFAULT_MIN_FREE_DISK_BYTES, 0, BYTES_MAX),
    maxConnections: intArg('max-connections', values['max-connections'], DEFAULT_MAX_CONNECTIONS, 1, 100_000),
    maxConnectionsPerClient: intArg('max-connections-per-client', values['max-connections-per-client'], DEFAULT_MAX_CONNECTIONS_PER_CLIENT, 1, 100_000),
    headersTimeoutMs: intArg('headers-timeout', values['headers-timeout'], DEFAULT_HEADERS_TIMEOUT_MS, 100, 600_000),
    bodyTimeoutMs: intArg('body-timeout', values['body-timeout'], DEFAULT_BODY_TIMEOUT_MS, 100, 600_000),
    maxBodyBytesInFlight: intArg('max-bodies-in-memory', values['max-bodies-in-memory'], DEFAULT_MAX_BODY_BYTES_IN_FLIGHT, 1024, BYTES_MAX),
    maxEventLoopDelayMs: intArg('max-event-loop-delay', values['max-event-loop-delay'], DEFAULT_MAX_EVENT_LOOP_DELAY_MS, 10, 600_000),
  };

  let running;
  try {
    running = await startIntakeServer({
      db: values.db,
      port,
      host,
      ...limits,
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
  if (trustProxy.length > 0) process.stdout.write(`Client addresses from X-Forwarded-For of: ${trustProxy.join(', ')}\n`);
  await stopped;
  return 0;
}

runCommand('rxradar reports:serve', USAGE, main);
