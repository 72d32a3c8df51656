/**
 * A local web server for browser tests: serves any host name the browser asks for (the browser
 * maps every host to this server), from the fixture corpus by URL, plus pages a test registers.
 * It records every request it receives, so tests can prove what a site's server saw.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export interface CorpusEntry {
  url: string;
  file: string;
  expected: 'danger' | 'caution' | 'none';
  category: string;
}

export function readCorpus(dir = FIXTURES_DIR): CorpusEntry[] {
  return readFileSync(`${dir}corpus.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusEntry);
}

export interface RecordedRequest {
  host: string;
  path: string;
  method: string;
}

export interface FixtureServer {
  port: number;
  /** Serves `html` at http://host/path. */
  page(host: string, path: string, html: string): void;
  /**
   * Serves a corpus page at its own host and path (over http). Returns the http URL. `dir` is the
   * corpus folder holding `entry.file` (the fixture corpus unless said otherwise).
   */
  corpusPage(entry: CorpusEntry, dir?: string): string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface FixtureServerOptions {
  /**
   * Also answer TLS on the same port with this key and certificate (self-signed: the browser must
   * ignore certificate errors). For sites the browser only opens over https (HSTS-preloaded hosts
   * such as wikipedia.org or justice.gov). Without it, TLS is recorded and refused.
   */
  tls?: { key: string; cert: string };
}

export async function startFixtureServer(opts: FixtureServerOptions = {}): Promise<FixtureServer> {
  const pages = new Map<string, string>();
  const requests: RecordedRequest[] = [];
  const key = (host: string, path: string) => `${host.toLowerCase()}${path}`;
  const handler: RequestListener = (req: IncomingMessage, res) => {
    // Chromium maps every host here (origin-form request line, Host header); Firefox uses this
    // server as its HTTP proxy (absolute-form request line: GET http://host/path).
    const raw = req.url ?? '/';
    const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? new URL(raw) : null;
    const host = (absolute?.hostname ?? req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const path = absolute ? absolute.pathname : raw.split('?')[0]!;
    requests.push({ host, path, method: req.method ?? 'GET' });
    const body = pages.get(key(host, path)) ?? pages.get(key('*', path));
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  };
  const server: Server = createServer(handler);
  // Anything that is not plain HTTP (a TLS handshake for an https:// address, a CONNECT tunnel) is
  // recorded too, so a test that checks what the browser sent cannot miss it.
  server.on('clientError', (err: Error & { rawPacket?: Buffer }, socket) => {
    const sni = err.rawPacket ? tlsServerName(err.rawPacket) : null;
    requests.push({ host: sni ?? '(not http)', path: '', method: sni ? 'TLS' : 'CLIENT-ERROR' });
    socket.destroy();
  });
  server.on('connect', (req, socket) => {
    requests.push({ host: (req.url ?? '').replace(/:\d+$/, ''), path: '', method: 'CONNECT' });
    socket.destroy();
  });
  // With TLS: one port, the first byte of each connection says which server takes it (0x16 is a
  // TLS handshake record).
  const tlsServer = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, handler) : null;
  const front = tlsServer
    ? createNetServer((socket) => {
        socket.once('data', (first) => {
          socket.pause();
          socket.unshift(first);
          (first[0] === 0x16 ? tlsServer : server).emit('connection', socket);
          process.nextTick(() => socket.resume());
        });
        socket.on('error', () => undefined);
      })
    : server;
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const port = (front.address() as AddressInfo).port;
  return {
    port,
    page(host, path, html) {
      pages.set(key(host, path), html);
    },
    corpusPage(entry, dir = FIXTURES_DIR) {
      const u = new URL(entry.url);
      pages.set(key(u.hostname, u.pathname), readFileSync(`${dir.endsWith('/') ? dir : `${dir}/`}${entry.file}`, 'utf8'));
      return `http://${u.hostname}${u.pathname}`;
    },
    requests,
    close: () =>
      new Promise((resolve) => {
        front.close(() => resolve());
        server.closeAllConnections();
        tlsServer?.closeAllConnections();
      }),
  };
}

/** The host name (SNI) a TLS ClientHello asks for, or null when `buf` is not one. */
export function tlsServerName(buf: Buffer): string | null {
  try {
    if (buf[0] !== 0x16 || buf[5] !== 0x01) return null; // handshake record, ClientHello
    let p = 5 + 4 + 2 + 32; // record header, handshake header, version, random
    p += 1 + buf[p]!; // session id
    p += 2 + buf.readUInt16BE(p); // cipher suites
    p += 1 + buf[p]!; // compression methods
    const end = p + 2 + buf.readUInt16BE(p);
    p += 2;
    while (p + 4 <= end) {
      const type = buf.readUInt16BE(p);
      const len = buf.readUInt16BE(p + 2);
      if (type === 0) {
        const nameLen = buf.readUInt16BE(p + 4 + 3);
        return buf.subarray(p + 4 + 5, p + 4 + 5 + nameLen).toString('ascii');
      }
      p += 4 + len;
    }
  } catch {
    // not a well-formed ClientHello
  }
  return null;
}
