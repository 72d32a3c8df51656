/**
 * The report intake server (issue 5): a small HTTP service that receives site reports from the
 * extension and stores them in SQLite for a maintainer to review (src/cli/commands/reports.ts).
 * Started by `npm run reports:serve -- --port P --db FILE` (src/server/serve.ts). Made to face
 * the internet (issue 10), directly or behind a reverse proxy named in `trustProxy`.
 *
 *   POST /v1/reports   a report as JSON (src/reports/report-schema.ts)
 *                      201 {status: 'stored', reportId}    new report
 *                      200 {status: 'duplicate', reportId} already stored; not stored again
 *                      400 {error, details}  bad JSON, nested too deeply or too many values, not
 *                          UTF-8, not a valid report
 *                      408 the body did not arrive in time
 *                      413 body over the limit; 415 not application/json
 *                      429 too many requests from this client, too many reports about this
 *                          domain, or too many open connections from this client (Retry-After)
 *                      503 busy (connections, bodies in memory, event loop), the global quota of
 *                          new reports, the storage quota, or the database could not store it
 *                          (Retry-After)
 *   GET  /v1/health    200 {status: 'ok', schemaVersion}
 *   other paths 404, other methods 405 (Allow), always a JSON body {error}.
 *
 * Limits, cheapest first: connections (src/server/connection-limits.ts), header and body
 * timeouts, requests per client (IPv4 address or IPv6 /64, src/server/client-address.ts), bodies
 * held in memory, event-loop delay, body size, the body's JSON shape before parsing
 * (src/server/json-limits.ts), then, for a valid new report only, storage, reports per reported
 * domain and new reports overall. A report already stored is acknowledged (200) whatever the
 * quotas say, so a client that missed the first answer stops resending.
 *
 * Why node:http and not a framework (fastify with @fastify/rate-limit and @fastify/under-pressure
 * was weighed): what the audit found is below the request (connections refused with an answer
 * instead of a reset, per-client connection counts, Node's header-timeout check interval) or after
 * parsing (quotas per reported domain, storage), where those plugins do not reach; the rest
 * (routing two paths, JSON bodies) was already here and tested. The one piece with a well-known
 * correct form, reading X-Forwarded-For from trusted proxies, is proxy-addr, as in Express and
 * Fastify.
 *
 * CORS: only extension pages (chrome-extension://, moz-extension://) are allowed to read the
 * answers; any other web origin gets no Access-Control-Allow-Origin, so a web page cannot make its
 * visitors' browsers submit reports. No credentials. Bad input never throws out of a handler; an
 * aborted or slow request is dropped.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { statfsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { getDomain } from 'tldts';
import { parseReport, REPORT_SCHEMA_VERSION } from '../reports/report-schema';
import { clientAddress, clientKey, compileTrustProxy } from './client-address';
import { limitConnections } from './connection-limits';
import { jsonShapeProblem } from './json-limits';
import { RateLimiter } from './rate-limiter';
import { watchEventLoop } from './event-loop-watch';
import { ReportStore, ReportStoreError } from '../node/report-store';

export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 15_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** Per client (IPv4 address or IPv6 /64): a burst of 10 requests, then one a minute. */
export const DEFAULT_RATE = { capacity: 10, refillPerSec: 1 / 60 };
/** New reports stored, all clients together: a burst of 100, then 600 an hour. */
export const DEFAULT_GLOBAL_RATE = { capacity: 100, refillPerSec: 600 / 3600 };
/** New reports stored about one registrable domain: a burst of 10, then 30 an hour. */
export const DEFAULT_DOMAIN_RATE = { capacity: 10, refillPerSec: 30 / 3600 };
export const DEFAULT_MAX_STORE_BYTES = 4 * 1024 ** 3;
export const DEFAULT_MIN_FREE_DISK_BYTES = 256 * 1024 ** 2;
export const DEFAULT_MAX_CONNECTIONS = 256;
export const DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 8;
export const DEFAULT_MAX_BODY_BYTES_IN_FLIGHT = 128 * 1024 * 1024;
export const DEFAULT_MAX_EVENT_LOOP_DELAY_MS = 1_000;
/** After an early answer (413, 415, 429...), the rest of the body is read and dropped up to this, then the connection is cut. */
const DRAIN_MAX_BYTES = 4 * 1024 * 1024;
const DRAIN_MAX_MS = 5_000;
const RETRY_AFTER_STORE_FAILURE_SEC = 30;
const RETRY_AFTER_BUSY_SEC = 10;
const RETRY_AFTER_STORAGE_SEC = 600;

export interface RateOptions {
  capacity: number;
  refillPerSec: number;
  /** Keys (clients, domains) remembered at most; default 10,000. */
  maxClients?: number;
}

export interface IntakeServerOptions {
  store: ReportStore;
  maxBodyBytes?: number;
  /** Time for the whole body to arrive. */
  bodyTimeoutMs?: number;
  /** Time for the request line and headers to arrive (slow-header clients). */
  headersTimeoutMs?: number;
  /** Requests to POST /v1/reports per client (IPv4 address or IPv6 /64). */
  rate?: RateOptions;
  /** New reports stored, all clients together. */
  globalRate?: RateOptions;
  /** New reports stored about one registrable domain (the report's `domain`). */
  domainRate?: RateOptions;
  /** The database may grow to this many bytes; past it new reports get 503. */
  maxStoreBytes?: number;
  /** New reports get 503 when the database's disk has less free space than this. */
  minFreeDiskBytes?: number;
  /**
   * Reverse proxies whose X-Forwarded-For names the client: addresses, CIDR ranges, `loopback`,
   * `linklocal`, `uniquelocal`. Default none: the TCP peer is the client.
   */
  trustProxy?: readonly string[];
  /** Connections served at once; more are answered 503. */
  maxConnections?: number;
  /** Connections one client (not a trusted proxy) may hold; more are answered 429. */
  maxConnectionsPerClient?: number;
  /** Request bodies held in memory at once (declared or largest size); past it a POST gets 503. */
  maxBodyBytesInFlight?: number;
  /** When the event loop lags more than this, POSTs get 503 until it catches up. */
  maxEventLoopDelayMs?: number;
  /** How long after a lag POSTs still get 503 (default 1 s). */
  eventLoopCoolDownMs?: number;
  now?: () => number;
  /** One line per request (and per internal error); default: none. */
  log?: (line: string) => void;
}

type BodyResult = { kind: 'ok'; body: Buffer } | { kind: 'too-large' } | { kind: 'timeout' } | { kind: 'aborted' };

interface JsonError {
  error: string;
  details?: unknown;
}

const EXTENSION_ORIGIN = /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** CORS headers: the origin echoed for an extension page, nothing for any other origin. */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && EXTENSION_ORIGIN.test(origin)) {
    return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Retry-After', Vary: 'Origin' };
  }
  return { Vary: 'Origin' };
}

/** The key reports about a site are counted under: its registrable domain (a.shop.example and b.shop.example are one site). */
function domainKey(domain: string): string {
  return getDomain(domain, { allowPrivateDomains: true }) ?? domain;
}

/** Free bytes for an unprivileged writer on the disk holding `file`; Infinity when it cannot be told. */
function freeDiskBytes(file: string): number {
  try {
    const s = statfsSync(dirname(file));
    return s.bavail * s.bsize;
  } catch {
    return Infinity;
  }
}

/** Reads the body up to `limit` bytes within `timeoutMs`. Never rejects. */
function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      chunks.length = 0;
      resolve(r);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) finish({ kind: 'too-large' });
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) {
        const body = Buffer.concat(chunks, size);
        finish({ kind: 'ok', body });
      }
    });
    req.on('error', () => finish({ kind: 'aborted' }));
    req.on('close', () => finish(req.complete ? { kind: 'ok', body: Buffer.concat(chunks, size) } : { kind: 'aborted' }));
  });
}

/**
 * After answering before the body was read: let Node read and drop the rest (so the client gets
 * the answer on a healthy connection), but cut a client that keeps sending too much or too long.
 */
function limitDrain(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  let extra = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, DRAIN_MAX_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    extra += chunk.length;
    if (extra > DRAIN_MAX_BYTES) {
      clearTimeout(timer);
      cut();
    }
  });
  const stop = () => clearTimeout(timer);
  req.on('end', stop);
  req.on('close', stop);
  req.resume();
}

function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const [type, ...params] = value.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  for (const p of params) {
    const [k, v] = p.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (k === 'charset' && v !== 'utf-8' && v !== 'utf8') return false;
  }
  return true;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A client's text for a log line: printable ASCII only, shortened. */
const printable = (s: string) => s.slice(0, 200).replace(/[^\x20-\x7e]/g, '?');

export function createIntakeServer(o: IntakeServerOptions): Server {
  const maxBody = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const bodyTimeout = o.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const headersTimeout = o.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const now = o.now ?? Date.now;
  const limiter = new RateLimiter({ ...(o.rate ?? DEFAULT_RATE), now });
  const globalLimiter = new RateLimiter({ ...(o.globalRate ?? DEFAULT_GLOBAL_RATE), now });
  const domainLimiter = new RateLimiter({ ...(o.domainRate ?? DEFAULT_DOMAIN_RATE), now });
  const maxStoreBytes = o.maxStoreBytes ?? DEFAULT_MAX_STORE_BYTES;
  const minFreeDisk = o.minFreeDiskBytes ?? DEFAULT_MIN_FREE_DISK_BYTES;
  const maxInFlight = o.maxBodyBytesInFlight ?? DEFAULT_MAX_BODY_BYTES_IN_FLIGHT;
  const trust = compileTrustProxy(o.trustProxy);
  const log = o.log ?? (() => {});
  let inFlight = 0;

  // Node's own limits, behind ours: the whole request, and the headers alone (slowloris), checked
  // every second (Node's default check runs every 30 s, so a 10 s limit could take 40).
  const requestTimeout = Math.max(bodyTimeout, headersTimeout) + 5_000;
  const server = createServer({
    requestTimeout,
    headersTimeout: Math.min(headersTimeout, requestTimeout),
    keepAliveTimeout: 5_000,
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(headersTimeout / 2))),
  });
  const connections = limitConnections(server, {
    maxConnections: o.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    maxPerClient: o.maxConnectionsPerClient ?? DEFAULT_MAX_CONNECTIONS_PER_CLIENT,
    isTrustedPeer: trust.trusts,
    keyOf: clientKey,
    retryAfterSec: RETRY_AFTER_BUSY_SEC,
  });
  const eventLoop = watchEventLoop(o.maxEventLoopDelayMs ?? DEFAULT_MAX_EVENT_LOOP_DELAY_MS, { coolDownMs: o.eventLoopCoolDownMs });
  server.on('close', eventLoop.stop);

  function send(req: IncomingMessage, res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
    if (res.headersSent || res.destroyed || res.writableEnded) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...corsHeaders(req),
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    });
    res.end(text);
    limitDrain(req);
  }
  const fail = (req: IncomingMessage, res: ServerResponse, status: number, err: JsonError, headers?: Record<string, string>) =>
    send(req, res, status, err, headers);
  const retryAfter = (sec: number) => ({ 'Retry-After': String(sec) });

  /** Why a new report of `bytes` cannot be stored now, or null. */
  function storageProblem(bytes: number): string | null {
    if (o.store.sizeBytes() + bytes > maxStoreBytes) return 'the report storage is full';
    if (freeDiskBytes(o.store.file) - bytes < minFreeDisk) return 'the report storage is low on disk space';
    return null;
  }

  async function postReport(req: IncomingMessage, res: ServerResponse, client: string): Promise<void> {
    const rate = limiter.take(clientKey(client));
    if (!rate.ok) {
      return fail(req, res, 429, { error: `too many requests from this address; try again in ${rate.retryAfterSec} s` }, retryAfter(rate.retryAfterSec));
    }
    if (eventLoop.lagging()) {
      return fail(req, res, 503, { error: 'the server is busy; try again later' }, retryAfter(RETRY_AFTER_BUSY_SEC));
    }
    const contentType = req.headers['content-type'];
    if (!isJsonContentType(contentType)) {
      return fail(req, res, 415, { error: 'Content-Type must be application/json (UTF-8)', details: { received: contentType ?? null } });
    }
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBody) {
      // Read and drop a body a little over the limit, so the client sees the answer; close on a far larger one.
      const close = Number(declared) > maxBody + DRAIN_MAX_BYTES ? { Connection: 'close' } : undefined;
      return fail(req, res, 413, { error: `body too large (${declared} bytes; at most ${maxBody})` }, close);
    }
    // Memory: each body is counted at its declared size (or the largest allowed) until it is handled.
    const reserved = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : maxBody;
    if (inFlight + reserved > maxInFlight) {
      return fail(req, res, 503, { error: 'the server is busy; try again later' }, retryAfter(RETRY_AFTER_BUSY_SEC));
    }
    inFlight += reserved;
    try {
      await receiveReport(req, res);
    } finally {
      inFlight -= reserved;
    }
  }

  async function receiveReport(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, maxBody, bodyTimeout);
    switch (body.kind) {
      case 'aborted':
        return; // the client is gone; nothing to answer
      case 'timeout':
        return fail(req, res, 408, { error: `the body did not arrive within ${Math.round(bodyTimeout / 1000)} s` }, { Connection: 'close' });
      case 'too-large':
        return fail(req, res, 413, { error: `body too large (at most ${maxBody} bytes)` });
      case 'ok':
        break;
    }
    const shape = jsonShapeProblem(body.body);
    if (shape) return fail(req, res, 400, { error: shape });
    let text: string;
    try {
      text = utf8.decode(body.body);
    } catch {
      return fail(req, res, 400, { error: 'body is not valid UTF-8' });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return fail(req, res, 400, { error: 'body is not valid JSON', details: err instanceof Error ? err.message : String(err) });
    }
    const parsed = parseReport(value);
    if (!parsed.ok) return fail(req, res, 400, { error: parsed.error, details: parsed.issues });
    const report = parsed.report;
    const reportId = report.reportId;
    const storeFailed = (err: unknown) => {
      log(`store error: ${err instanceof Error ? err.message : String(err)}`);
      fail(req, res, 503, { error: 'the report could not be stored; try again later' }, retryAfter(RETRY_AFTER_STORE_FAILURE_SEC));
    };
    let problem: string | null;
    try {
      // Already stored: acknowledged whatever the quotas say, so the sender stops resending.
      if (o.store.has(reportId)) return send(req, res, 200, { status: 'duplicate', reportId });
      problem = storageProblem(body.body.length);
    } catch (err) {
      return storeFailed(err);
    }
    if (problem) return fail(req, res, 503, { error: `${problem}; try again later` }, retryAfter(RETRY_AFTER_STORAGE_SEC));
    // Per domain first: a flood about one site spends that site's quota, not everybody's.
    const site = domainKey(report.domain);
    const perDomain = domainLimiter.take(site);
    if (!perDomain.ok) {
      return fail(req, res, 429, { error: `too many reports about ${site}; try again in ${perDomain.retryAfterSec} s` }, retryAfter(perDomain.retryAfterSec));
    }
    const overall = globalLimiter.take('all');
    if (!overall.ok) {
      domainLimiter.refund(site);
      return fail(req, res, 503, { error: `too many new reports right now; try again in ${overall.retryAfterSec} s` }, retryAfter(overall.retryAfterSec));
    }
    let outcome: 'stored' | 'duplicate';
    try {
      outcome = o.store.insert(report, new Date(now()));
    } catch (err) {
      domainLimiter.refund(site);
      globalLimiter.refund('all');
      return storeFailed(err);
    }
    if (outcome === 'duplicate') return send(req, res, 200, { status: 'duplicate', reportId });
    return send(req, res, 201, { status: 'stored', reportId });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, client: string): Promise<void> {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://intake.invalid').pathname;
    } catch {
      return fail(req, res, 400, { error: 'bad request path' });
    }
    const method = req.method ?? '';
    if (path === '/v1/reports') {
      if (method === 'POST') return postReport(req, res, client);
      if (method === 'OPTIONS') {
        if (res.headersSent) return;
        const cors = corsHeaders(req);
        res.writeHead(204, {
          ...cors,
          ...('Access-Control-Allow-Origin' in cors
            ? { 'Access-Control-Allow-Methods': 'POST, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' }
            : { Allow: 'POST, OPTIONS' }),
          'Content-Length': '0',
        });
        res.end();
        limitDrain(req);
        return;
      }
      return fail(req, res, 405, { error: `method ${method} not allowed on ${path}; use POST` }, { Allow: 'POST, OPTIONS' });
    }
    if (path === '/v1/health') {
      if (method === 'GET' || method === 'HEAD') return send(req, res, 200, { status: 'ok', schemaVersion: REPORT_SCHEMA_VERSION });
      return fail(req, res, 405, { error: `method ${method} not allowed on ${path}; use GET` }, { Allow: 'GET, HEAD' });
    }
    return fail(req, res, 404, { error: `no such path: ${path.slice(0, 200)}` });
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = now();
    req.on('error', () => {}); // an aborted upload: handled by readBody
    res.on('error', () => {}); // the client went away while we answered
    const client = clientAddress(req, trust.forWalk);
    res.on('finish', () =>
      log(`${new Date(started).toISOString()} ${printable(client)} ${req.method} ${printable(req.url ?? '')} ${res.statusCode} ${now() - started}ms`),
    );
    if (connections.isRefused(req.socket)) {
      // Over a connection limit: the body is read and dropped (closing on unread data would reset
      // the connection before the client reads the answer), then answered and closed. The
      // connection limits close it anyway within a few seconds.
      const refusal = connections.takeRefusal(req.socket);
      if (!refusal) return;
      const answer = () => fail(req, res, refusal.status, { error: refusal.error }, { ...retryAfter(refusal.retryAfterSec), Connection: 'close' });
      if (req.complete) return answer();
      req.on('end', answer);
      req.resume();
      return;
    }
    handle(req, res, client).catch((err: unknown) => {
      log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) fail(req, res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });

  // Malformed HTTP (bad request line, header overflow, headers too slow...): answer if we still can, then close.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
    const text = JSON.stringify({ error: `malformed HTTP request (${reason.toLowerCase()})` });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  });

  return server;
}

export interface StartOptions extends Omit<IntakeServerOptions, 'store'> {
  /** SQLite file (created when missing). */
  db: string;
  port: number;
  /** Default 127.0.0.1: put a reverse proxy with TLS in front to accept reports from the internet. */
  host?: string;
}

export interface RunningIntake {
  server: Server;
  store: ReportStore;
  /** `http://host:port` as bound (the real port when 0 was asked). */
  url: string;
  port: number;
  /** Stops accepting, ends open connections, closes the database. */
  close(): Promise<void>;
}

/** Opens the database and listens. Throws ReportStoreError for the database, or the listen error. */
export async function startIntakeServer(o: StartOptions): Promise<RunningIntake> {
  // SQLite's own limit, a body above the quota: the quota answers first, this holds if it is bypassed.
  const store = ReportStore.open(o.db, { maxBytes: (o.maxStoreBytes ?? DEFAULT_MAX_STORE_BYTES) + (o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES) * 2 });
  const server = createIntakeServer({ ...o, store });
  const host = o.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      server.once('error', onError);
      server.listen(o.port, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
  } catch (err) {
    store.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    server,
    store,
    url: `http://${shownHost}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

export { ReportStoreError };
