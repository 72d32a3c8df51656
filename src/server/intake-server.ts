/**
 * The report intake server (issue 5): a small HTTP service that receives site reports from the
 * extension and stores them in SQLite for a maintainer to review (src/cli/commands/reports.ts).
 * Started by `npm run reports:serve -- --port P --db FILE` (src/server/serve.ts).
 *
 *   POST /v1/reports   a report as JSON (src/reports/report-schema.ts)
 *                      201 {status: 'stored', reportId}    new report
 *                      200 {status: 'duplicate', reportId} already stored; not stored again
 *                      400 {error, details}  bad JSON, not UTF-8, not a valid report
 *                      408 the body did not arrive in time
 *                      413 body over the limit; 415 not application/json
 *                      429 too many requests from this address (Retry-After: seconds)
 *                      503 the database could not store it (Retry-After)
 *   GET  /v1/health    200 {status: 'ok', schemaVersion}
 *   other paths 404, other methods 405 (Allow), always a JSON body {error}.
 *
 * CORS: any origin may POST (extension pages and content scripts have their own origins); no
 * credentials. Bad input never throws out of a handler; an aborted or slow request is dropped.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseReport, REPORT_SCHEMA_VERSION } from '../reports/report-schema';
import { RateLimiter } from './rate-limiter';
import { ReportStore, ReportStoreError } from './report-store';

export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 15_000;
/** Default per-address limit: a burst of 10 reports, then one every 6 s (10 a minute). */
export const DEFAULT_RATE = { capacity: 10, refillPerSec: 10 / 60 };
/** After an early answer (413, 415, 429...), the rest of the body is read and dropped up to this, then the connection is cut. */
const DRAIN_MAX_BYTES = 4 * 1024 * 1024;
const DRAIN_MAX_MS = 5_000;
const RETRY_AFTER_STORE_FAILURE_SEC = 30;

export interface IntakeServerOptions {
  store: ReportStore;
  maxBodyBytes?: number;
  bodyTimeoutMs?: number;
  rate?: { capacity: number; refillPerSec: number; maxClients?: number };
  /** Open connections at most (each may hold a body of up to maxBodyBytes in memory). Default 200. */
  maxConnections?: number;
  now?: () => number;
  /** One line per request (and per internal error); default: none. */
  log?: (line: string) => void;
}

type BodyResult = { kind: 'ok'; body: Buffer } | { kind: 'too-large' } | { kind: 'timeout' } | { kind: 'aborted' };

interface JsonError {
  error: string;
  details?: unknown;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Retry-After',
} as const;

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
  const now = o.now ?? Date.now;
  const limiter = new RateLimiter({ ...(o.rate ?? DEFAULT_RATE), now });
  const log = o.log ?? (() => {});

  // Node's own limits, behind ours: the whole request, and the headers alone (slowloris).
  const requestTimeout = bodyTimeout + 5_000;
  const server = createServer({ requestTimeout, headersTimeout: Math.min(10_000, requestTimeout), keepAliveTimeout: 5_000 });
  server.maxConnections = o.maxConnections ?? 200;

  function send(req: IncomingMessage, res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
    if (res.headersSent || res.destroyed || res.writableEnded) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...CORS_HEADERS,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    });
    res.end(text);
    limitDrain(req);
  }
  const fail = (req: IncomingMessage, res: ServerResponse, status: number, err: JsonError, headers?: Record<string, string>) => send(req, res, status, err, headers);

  async function postReport(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const client = req.socket.remoteAddress ?? 'unknown';
    const rate = limiter.take(client);
    if (!rate.ok) {
      return fail(req, res, 429, { error: `too many requests from this address; try again in ${rate.retryAfterSec} s` }, { 'Retry-After': String(rate.retryAfterSec) });
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
    let outcome: 'stored' | 'duplicate';
    try {
      outcome = o.store.insert(parsed.report, new Date(now()));
    } catch (err) {
      log(`store error: ${err instanceof Error ? err.message : String(err)}`);
      return fail(req, res, 503, { error: 'the report could not be stored; try again later' }, { 'Retry-After': String(RETRY_AFTER_STORE_FAILURE_SEC) });
    }
    const reportId = parsed.report.reportId;
    if (outcome === 'duplicate') return send(req, res, 200, { status: 'duplicate', reportId });
    return send(req, res, 201, { status: 'stored', reportId });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://intake.invalid').pathname;
    } catch {
      return fail(req, res, 400, { error: 'bad request path' });
    }
    const method = req.method ?? '';
    if (path === '/v1/reports') {
      if (method === 'POST') return postReport(req, res);
      if (method === 'OPTIONS') {
        if (res.headersSent) return;
        res.writeHead(204, {
          ...CORS_HEADERS,
          'Access-Control-Allow-Methods': 'POST, OPTIONS',
          'Access-Control-Allow-Headers': 'Content-Type',
          'Access-Control-Max-Age': '600',
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
    res.on('finish', () => log(`${new Date(started).toISOString()} ${req.socket.remoteAddress ?? '-'} ${req.method} ${printable(req.url ?? '')} ${res.statusCode} ${now() - started}ms`));
    handle(req, res).catch((err: unknown) => {
      log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) fail(req, res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });

  // Malformed HTTP (bad request line, header overflow...): answer if we still can, then close.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
    const text = JSON.stringify({ error: `malformed HTTP request (${reason.toLowerCase()})` });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n${text}`,
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
  const store = ReportStore.open(o.db);
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
