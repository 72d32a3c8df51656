/**
 * A local web server for browser tests: serves any host name the browser asks for (the browser
 * maps every host to this server), from the fixture corpus by URL, plus pages a test registers.
 * It records every request it receives, so tests can prove what a site's server saw.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  /** Serves a corpus page at its own host and path (over http). Returns the http URL. */
  corpusPage(entry: CorpusEntry): string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const pages = new Map<string, string>();
  const requests: RecordedRequest[] = [];
  const key = (host: string, path: string) => `${host.toLowerCase()}${path}`;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ host, path, method: req.method ?? 'GET' });
    const body = pages.get(key(host, path)) ?? pages.get(key('*', path));
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    page(host, path, html) {
      pages.set(key(host, path), html);
    },
    corpusPage(entry) {
      const u = new URL(entry.url);
      pages.set(key(u.hostname, u.pathname), readFileSync(`${FIXTURES_DIR}${entry.file}`, 'utf8'));
      return `http://${u.hostname}${u.pathname}`;
    },
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
