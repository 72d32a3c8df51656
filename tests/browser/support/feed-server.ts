/**
 * A list-feed server on 127.0.0.1 for browser tests: serves one document at /feed.json with a
 * strong ETag, answers If-None-Match with 304, and records every request.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FeedSigningKey } from '../../../src/core/lists/list-feed';
import { feedList, newFeedSigningKey, signedFeedText } from '../../support/feed-fixtures';

export interface FeedServer {
  /** http://127.0.0.1:<port>/feed.json */
  url: string;
  serve(document: string): void;
  requests: Array<{ ifNoneMatch: string | null; status: number }>;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  let doc = '';
  const requests: FeedServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const etag = `"${createHash('sha256').update(doc).digest('hex').slice(0, 16)}"`;
    const ifNoneMatch = req.headers['if-none-match'] ?? null;
    if (req.url !== '/feed.json') {
      requests.push({ ifNoneMatch, status: 404 });
      res.writeHead(404).end();
      return;
    }
    const status = ifNoneMatch === etag ? 304 : 200;
    requests.push({ ifNoneMatch, status });
    res.writeHead(status, { 'content-type': 'application/json', etag, 'cache-control': 'no-cache' });
    res.end(status === 200 ? doc : undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/feed.json`,
    serve: (d) => void (doc = d),
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A signing key made for the test run. */
export const testFeedKey = newFeedSigningKey;

export const FEED_NAME = 'Test researchers’ list';

/** A signed feed document listing `domains`. */
export function signedFeed(key: FeedSigningKey, sequence: number, domains: string[]): Promise<string> {
  return signedFeedText(feedList(sequence, domains, FEED_NAME), key);
}
