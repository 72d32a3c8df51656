import { beforeAll, describe, expect, it } from 'vitest';
import { type FeedList, type FeedSigningKey, serializeFeed, signFeed } from '../../core/lists/list-feed';
import { feedList, newFeedSigningKey } from '../../../tests/support/feed-fixtures';
import {
  type FeedState,
  type FeedStore,
  type FetchLike,
  type FetchResponse,
  feedUrlProblem,
  initialFeedState,
  type RefreshDeps,
  refreshAll,
  refreshFeed,
} from './feed-refresher';

const URL_A = 'https://feeds.example.org/rxradar.json';
const T0 = Date.parse('2026-11-22T12:00:00Z');

const list = (sequence: number, domains: string[]) => feedList(sequence, domains);

let key: FeedSigningKey;
let stranger: FeedSigningKey;
let feed1: string; // sequence 1: alpha, beta
let feed2: string; // sequence 2: alpha, beta, gamma

beforeAll(async () => {
  key = await newFeedSigningKey();
  stranger = await newFeedSigningKey();
  feed1 = serializeFeed(await signFeed(list(1, ['alpha-rogue.com', 'beta-rogue.net']), key));
  feed2 = serializeFeed(await signFeed(list(2, ['alpha-rogue.com', 'beta-rogue.net', 'gamma-rogue.org']), key));
});

/** A store in memory that records every save. */
class MemoryStore implements FeedStore {
  data = new Map<string, { state: unknown; list: unknown }>();
  saves: Array<{ url: string; state: FeedState; withList: boolean }> = [];
  failSave = false;
  failLoad = false;
  async load(url: string) {
    if (this.failLoad) throw new Error('storage is broken');
    return this.data.get(url);
  }
  async save(url: string, state: FeedState, l?: FeedList) {
    if (this.failSave) throw new Error('QUOTA_BYTES quota exceeded');
    const old = this.data.get(url);
    this.data.set(url, { state, list: l ?? old?.list ?? null });
    this.saves.push({ url, state, withList: l !== undefined });
  }
}

interface Call {
  url: string;
  headers: Record<string, string>;
  signal: AbortSignal;
}

/** A fake fetch answering from a handler; records the calls. */
function fakeFetch(handler: (call: Call) => Promise<FetchResponse> | FetchResponse) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    const call = { url, headers: init.headers, signal: init.signal };
    calls.push(call);
    return handler(call);
  };
  return { fetch, calls };
}

const ok = (body: string, headers: Record<string, string> = {}) => new Response(body, { status: 200, headers });

function deps(fetch: FetchLike, store: FeedStore, extra: Partial<RefreshDeps> = {}): RefreshDeps {
  let t = T0;
  return { fetch, store, trustedKeys: [key.publicKey], knownPharmacies: ['cvs.com'], timeoutMs: 200, now: () => (t += 1000), ...extra };
}

/** Stores a good list (sequence 1, ETag "v1") as the result of an earlier refresh. */
async function withGoodList(): Promise<MemoryStore> {
  const store = new MemoryStore();
  const { fetch } = fakeFetch(() => ok(feed1, { ETag: '"v1"' }));
  const r = await refreshFeed(URL_A, deps(fetch, store));
  expect(r.state.status).toBe('ok');
  store.saves = [];
  return store;
}

describe('refreshFeed: success', () => {
  it('first refresh: fetches without If-None-Match, verifies, returns the new list to swap in and saves state and list together', async () => {
    const store = new MemoryStore();
    const { fetch, calls } = fakeFetch(() => ok(feed1, { ETag: '"v1"', 'Content-Type': 'application/json' }));
    const r = await refreshFeed(URL_A, deps(fetch, store));
    expect(calls[0]!.headers['If-None-Match']).toBeUndefined();
    expect(r.changed).toBe(true);
    expect(r.list?.entries.map((e) => e.entry)).toEqual(['alpha-rogue.com', 'beta-rogue.net']);
    expect(r.state).toEqual({
      url: URL_A,
      status: 'ok',
      lastChecked: '2026-11-22T12:00:01.000Z',
      lastSuccess: '2026-11-22T12:00:01.000Z',
      entries: 2,
      sequence: 1,
      etag: '"v1"',
      error: null,
      errorCode: null,
      name: 'test feed',
      published: '2026-11-22T10:00:00.000Z',
      dropped: 0,
      keyId: key.publicKey,
    });
    expect(store.saves).toEqual([{ url: URL_A, state: r.state, withList: true }]);
  });

  it('304: sends the ETag, keeps the list, no swap, state not-modified', async () => {
    const store = await withGoodList();
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 304 }));
    const r = await refreshFeed(URL_A, deps(fetch, store));
    expect(calls[0]!.headers['If-None-Match']).toBe('"v1"');
    expect(r).toMatchObject({ changed: false, state: { status: 'not-modified', entries: 2, sequence: 1, etag: '"v1"', error: null } });
    expect(r.list?.sequence).toBe(1);
    expect(store.saves.map((s) => s.withList)).toEqual([false]);
  });

  it('a newer sequence replaces the list', async () => {
    const store = await withGoodList();
    const { fetch } = fakeFetch(() => ok(feed2, { ETag: '"v2"' }));
    const r = await refreshFeed(URL_A, deps(fetch, store));
    expect(r).toMatchObject({ changed: true, state: { status: 'ok', sequence: 2, entries: 3, etag: '"v2"' } });
    expect(store.saves.map((s) => s.withList)).toEqual([true]);
  });

  it('the same publication again (a server without ETags): not-modified, no swap', async () => {
    const store = await withGoodList();
    const { fetch } = fakeFetch(() => ok(feed1));
    const r = await refreshFeed(URL_A, deps(fetch, store));
    expect(r).toMatchObject({ changed: false, state: { status: 'not-modified', sequence: 1, etag: '"v1"' } });
  });

  it('known pharmacies in a feed are dropped and counted', async () => {
    const store = new MemoryStore();
    const text = serializeFeed(await signFeed(list(5, ['alpha-rogue.com', 'cvs.com']), key));
    const { fetch } = fakeFetch(() => ok(text));
    const r = await refreshFeed(URL_A, deps(fetch, store));
    expect(r.list?.entries.map((e) => e.entry)).toEqual(['alpha-rogue.com']);
    expect(r.dropped.map((d) => d.entry)).toEqual(['cvs.com']);
    expect(r.state).toMatchObject({ status: 'ok', entries: 1, dropped: 1 });
  });

  it('http is allowed for localhost only (local test servers)', async () => {
    const { fetch } = fakeFetch(() => ok(feed1));
    const r = await refreshFeed('http://127.0.0.1:8123/feed.json', deps(fetch, new MemoryStore()));
    expect(r.state.status).toBe('ok');
  });
});

describe('refreshFeed: any failure keeps the last good list and records the error', () => {
  const hang = (call: Call) =>
    new Promise<FetchResponse>((_, reject) =>
      call.signal.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError'))),
    );

  /** A body that gives `chunks` chunks of `size` bytes, then hangs (never closes) unless `end`. */
  function slowBody(chunks: number, size: number, end: boolean, pulled: { n: number }) {
    return new ReadableStream<Uint8Array>({
      async pull(c) {
        if (pulled.n >= chunks) {
          if (end) c.close();
          else await new Promise(() => {});
          return;
        }
        pulled.n++;
        c.enqueue(new Uint8Array(size).fill(0x20));
      },
    });
  }

  type Handler = (call: Call) => Promise<FetchResponse> | FetchResponse;
  const cases: Array<[string, string, RegExp, Handler, Partial<RefreshDeps>?]> = [
    ['HTTP 500', 'http', /^server answered HTTP 500 Internal Server Error$/, () => new Response('oops', { status: 500, statusText: 'Internal Server Error' })],
    ['HTTP 404', 'http', /HTTP 404/, () => new Response('', { status: 404, statusText: 'Not Found' })],
    [
      'network error',
      'network',
      /network error: fetch failed: getaddrinfo ENOTFOUND/,
      () => Promise.reject(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND feeds.example.org') })),
    ],
    ['timeout: no answer (fetch honours the abort signal)', 'timeout', /no answer within 200 ms/, hang],
    ['timeout: a fetch that ignores the signal', 'timeout', /no answer within 200 ms/, () => new Promise<FetchResponse>(() => {})],
    ['timeout: headers arrive, the body stalls', 'timeout', /no answer within 200 ms/, () => new Response(slowBody(1, 10, false, { n: 0 }), { status: 200 })],
    [
      'oversized: declared by Content-Length',
      'oversized',
      /999,999 bytes; the limit is 1,000/,
      () => new Response('{}', { status: 200, headers: { 'Content-Length': '999999' } }),
      { maxBytes: 1000 },
    ],
    [
      'oversized: streamed past the limit',
      'oversized',
      /over 1,000 bytes \(stopped reading\)/,
      () => new Response(slowBody(100, 400, true, { n: 0 }), { status: 200 }),
      { maxBytes: 1000 },
    ],
    ['tampered: a payload byte changed', 'bad-signature', /feed rejected \(bad-signature\)/, () => ok(feed2.replace('gamma-rogue.org', 'gamma-rogue.com'))],
    ['signed by an untrusted key', 'untrusted-key', /not trusted/, async () => ok(serializeFeed(await signFeed(list(9, ['x-rogue.com']), stranger)))],
    ['not JSON (an HTML error page with status 200)', 'not-json', /not JSON/, () => ok('<html>captive portal</html>')],
    ['wrong version', 'wrong-version', /version 2/, () => ok(feed2.replace('"version": 1', '"version": 2'))],
    [
      'an older sequence (rollback)',
      'stale-sequence',
      /older than the list in force \(1\)/,
      async () => ok(serializeFeed(await signFeed(list(0, ['old-rogue.com']), key))),
    ],
    [
      'a redirect to a plain-http address',
      'bad-url',
      /redirected to an address that must be an https:\/\/ address/,
      () => ({ ...responseLike(feed2), url: 'http://evil.example/feed.json' }),
    ],
  ];

  function responseLike(body: string): FetchResponse {
    const r = ok(body);
    return { status: r.status, statusText: r.statusText, headers: r.headers, body: r.body, url: URL_A };
  }

  it.each(cases)('%s → error %s, last good list kept', async (_name, code, message, handler, extra) => {
    const store = await withGoodList();
    const before = store.data.get(URL_A)!;
    const { fetch } = fakeFetch(handler);
    const r = await refreshFeed(URL_A, deps(fetch, store, { now: () => T0 + 3_600_000, ...extra }));
    expect(r.changed).toBe(false);
    expect(r.list?.sequence).toBe(1);
    expect(r.list?.entries.map((e) => e.entry)).toEqual(['alpha-rogue.com', 'beta-rogue.net']);
    expect(r.state.status).toBe('error');
    expect(r.state.errorCode).toBe(code);
    expect(r.state.error).toMatch(message);
    expect(r.state).toMatchObject({ entries: 2, sequence: 1, etag: '"v1"', lastSuccess: (before.state as FeedState).lastSuccess });
    expect(r.state.lastChecked! > (before.state as FeedState).lastChecked!).toBe(true);
    // The stored list is untouched; only the state was saved.
    expect(store.data.get(URL_A)!.list).toBe(before.list);
    expect(store.saves.every((s) => !s.withList)).toBe(true);
  });

  it('stops reading an oversized body early', async () => {
    const store = new MemoryStore();
    const pulled = { n: 0 };
    const { fetch } = fakeFetch(() => new Response(slowBody(10_000, 1000, true, pulled), { status: 200 }));
    const r = await refreshFeed(URL_A, deps(fetch, store, { maxBytes: 5000 }));
    expect(r.state.errorCode).toBe('oversized');
    expect(pulled.n).toBeLessThan(20); // a little read-ahead, not 10,000 chunks
  });

  it('an error with no list yet: state error, list null', async () => {
    const { fetch } = fakeFetch(() => new Response('', { status: 503, statusText: 'Service Unavailable' }));
    const r = await refreshFeed(URL_A, deps(fetch, new MemoryStore()));
    expect(r).toMatchObject({ changed: false, list: null, state: { status: 'error', entries: 0, sequence: null, lastSuccess: null, errorCode: 'http' } });
  });

  it('a bad feed address is refused without a request', async () => {
    const { fetch, calls } = fakeFetch(() => ok(feed1));
    for (const url of ['http://feeds.example.org/x.json', 'ftp://feeds.example.org/x', 'not a url', 'https://user:pw@feeds.example.org/x']) {
      const r = await refreshFeed(url, deps(fetch, new MemoryStore()));
      expect(r.state.errorCode, url).toBe('bad-url');
    }
    expect(calls).toHaveLength(0);
    expect(feedUrlProblem('https://feeds.example.org/x.json')).toBeNull();
    expect(feedUrlProblem('http://localhost:8080/x.json')).toBeNull();
  });

  it('storage that cannot be written: the new list is not swapped in', async () => {
    const store = await withGoodList();
    store.failSave = true;
    const { fetch } = fakeFetch(() => ok(feed2));
    const r = await refreshFeed(URL_A, deps(fetch, store));
    expect(r).toMatchObject({ changed: false, state: { status: 'error', errorCode: 'storage', sequence: 1 } });
    expect(r.list?.sequence).toBe(1);
  });

  it('storage that cannot be read: error, nothing fetched or overwritten', async () => {
    const store = await withGoodList();
    store.failLoad = true;
    const { fetch, calls } = fakeFetch(() => ok(feed2));
    const r = await refreshFeed(URL_A, deps(fetch, store));
    expect(r).toMatchObject({ changed: false, list: null, state: { status: 'error', errorCode: 'storage' } });
    expect(calls).toHaveLength(0);
    expect(store.saves).toEqual([]);
  });

  it('a 304 while no list is stored (e.g. the list was damaged): error, and the next request has no If-None-Match', async () => {
    const store = await withGoodList();
    store.data.set(URL_A, { state: store.data.get(URL_A)!.state, list: { damaged: true } });
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 304 }));
    const r = await refreshFeed(URL_A, deps(fetch, store));
    expect(calls[0]!.headers['If-None-Match']).toBeUndefined();
    expect(r).toMatchObject({ list: null, state: { status: 'error', errorCode: 'no-list', etag: null } });
  });

  it('damaged stored state is ignored (a fresh start), a valid stored list is still the last good one', async () => {
    const store = await withGoodList();
    store.data.set(URL_A, { state: { url: URL_A, status: 'bogus' }, list: store.data.get(URL_A)!.list });
    const { fetch } = fakeFetch(() => new Response('', { status: 500 }));
    const r = await refreshFeed(URL_A, deps(fetch, store));
    expect(r.list?.sequence).toBe(1);
    expect(r.state).toMatchObject({ status: 'error', entries: 2, sequence: 1 });
  });
});

describe('refreshAll', () => {
  it('refreshes each URL once, at most `concurrency` at a time, outcomes in order', async () => {
    const urls = Array.from({ length: 7 }, (_, i) => `https://feeds.example.org/${i}.json`);
    let active = 0;
    let peak = 0;
    const { fetch, calls } = fakeFetch(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 10));
      active--;
      return ok(feed1);
    });
    const out = await refreshAll([...urls, urls[0]!, urls[3]!], deps(fetch, new MemoryStore()), { concurrency: 2 });
    expect(peak).toBe(2);
    expect(calls).toHaveLength(7);
    expect(out.map((o) => o.url)).toEqual(urls);
    expect(out.every((o) => o.state.status === 'ok' && o.changed)).toBe(true);
  });

  it('one failing feed does not affect the others', async () => {
    const { fetch } = fakeFetch((call) => (call.url.includes('bad') ? Promise.reject(new TypeError('fetch failed')) : ok(feed1)));
    const out = await refreshAll(['https://a.example/ok.json', 'https://a.example/bad.json'], deps(fetch, new MemoryStore()));
    expect(out.map((o) => o.state.status)).toEqual(['ok', 'error']);
  });

  it('concurrent refreshes of one feed share one request', async () => {
    const { fetch, calls } = fakeFetch(async () => {
      await new Promise((r) => setTimeout(r, 10));
      return ok(feed1);
    });
    const d = deps(fetch, new MemoryStore());
    const [a, b] = await Promise.all([refreshFeed(URL_A, d), refreshFeed(URL_A, d)]);
    expect(calls).toHaveLength(1);
    expect(a).toBe(b);
  });

  it('initialFeedState is "never"', () => {
    expect(initialFeedState(URL_A)).toEqual({
      url: URL_A,
      status: 'never',
      lastChecked: null,
      lastSuccess: null,
      entries: 0,
      sequence: null,
      etag: null,
      error: null,
    });
  });
});
