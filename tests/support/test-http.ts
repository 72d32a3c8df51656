/**
 * Small HTTP helpers for the intake server's tests (not shipped). Every call has a time limit.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface HttpRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A string, a buffer, or chunks written one after another (chunked transfer encoding, no Content-Length). */
  body?: string | Buffer | Buffer[];
  timeoutMs?: number;
  /** Send from this local address (another 127.x.y.z is another client on loopback). */
  localAddress?: string;
}

/** One request on a fresh connection. Resolves with the answer; rejects on a network error or after the time limit. */
export function http(baseUrl: string, r: HttpRequest): Promise<HttpResult> {
  const url = new URL(r.path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: r.method ?? 'GET', headers: r.headers, agent: false, localAddress: r.localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text === '' ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`${r.method ?? 'GET'} ${r.path}: no answer within ${r.timeoutMs ?? 10_000} ms`));
    }, r.timeoutMs ?? 10_000);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    if (Array.isArray(r.body)) {
      for (const chunk of r.body) req.write(chunk);
      req.end();
    } else req.end(r.body);
  });
}

export interface RawOptions {
  /** Close our side right after writing (an aborted request). */
  destroyAfterWrite?: boolean;
  /** Give up waiting for the server after this long (default 5 s). */
  timeoutMs?: number;
  localAddress?: string;
}

/** Writes raw bytes to the server and returns whatever it sends back until it closes (or the time limit). */
export function raw(port: number, data: string | Buffer, o: RawOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: o.localAddress });
    const chunks: Buffer[] = [];
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(done, o.timeoutMs ?? 5_000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') done();
      else if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(err);
      }
    });
    socket.on('connect', () => {
      socket.write(data, () => {
        if (o.destroyAfterWrite) done();
      });
    });
  });
}

/** A port with nothing listening (bound once, then released). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
