/**
 * An HTTPS server for pages whose host the browser only reaches over https (HSTS-preloaded search
 * engines: Chromium upgrades http://www.bing.com and has no switch to stop it). Self-signed
 * certificate made with openssl for the run; Chromium is started with --ignore-certificate-errors
 * and every host's port 443 mapped here. Every request is recorded, like the fixture server's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedRequest } from './fixture-server';

export interface HttpsPages {
  port: number;
  page(host: string, path: string, html: string): void;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startHttpsPages(): Promise<HttpsPages> {
  const dir = mkdtempSync(join(tmpdir(), 'rxradar-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=rxradar-test',
      '-days',
      '1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const pages = new Map<string, string>();
  const requests: RecordedRequest[] = [];
  const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ host, path, method: req.method ?? 'GET' });
    const body = pages.get(`${host}${path}`);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  });
  server.on('tlsClientError', () => requests.push({ host: '(tls error)', path: '', method: 'TLS' }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    page: (host, path, html) => void pages.set(`${host}${path}`, html),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        rmSync(dir, { recursive: true, force: true });
      }),
  };
}
