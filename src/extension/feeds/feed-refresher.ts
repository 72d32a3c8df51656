/**
 * Refreshing signed list subscriptions. Pure: the network (`fetch`) and storage are passed in, so
 * this runs in the background page and in Node tests alike.
 *
 * One refresh: GET with If-None-Match (the ETag of the list in force) under a timeout, read the
 * body only up to a size limit, verify the feed (list-feed.ts), and either swap the new list in
 * (state and list saved together, in one write) or keep the last good list and record why not.
 * Nothing here throws: every failure becomes the feed's `error` state.
 */
import { z } from '../../core/zod';
import { DEFAULT_FEED_LIMITS, FeedPayloadSchema, type DroppedEntry, type FeedList, type FeedRejection, verifyFeed } from '../../core/lists/list-feed';
import type { KnownPharmacy } from '../../core/lists/list-schema';
import { remoteUrlProblem } from '../net/remote-url';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONCURRENCY = 3;

export type FeedStatus = 'ok' | 'not-modified' | 'error' | 'never';

/** Why the last check failed (besides the feed rejections of list-feed.ts). */
export type FeedErrorCode = FeedRejection | 'bad-url' | 'timeout' | 'network' | 'http' | 'no-list' | 'storage';

export const FeedStateSchema = z.object({
  url: z.string(),
  status: z.enum(['ok', 'not-modified', 'error', 'never']),
  /** Last attempt (ISO time). */
  lastChecked: z.nullable(z.string()),
  /** Last time the feed answered with a valid list or "not modified" (ISO time). */
  lastSuccess: z.nullable(z.string()),
  /** Entries in the list in force. */
  entries: z.number().check(z.int(), z.gte(0)),
  /** Sequence of the list in force. */
  sequence: z.nullable(z.number().check(z.int(), z.gte(0))),
  /** ETag of the list in force, sent as If-None-Match. */
  etag: z.nullable(z.string()),
  /** Why the last check failed; null after a success. */
  error: z.nullable(z.string()),
  errorCode: z.optional(z.nullable(z.string())),
  /** The feed's own name and publication time, for the options page. */
  name: z.optional(z.string()),
  published: z.optional(z.string()),
  /** Entries the feed listed but RxRadar left out (known pharmacies, repeats). */
  dropped: z.optional(z.number().check(z.int(), z.gte(0))),
  /** The trusted key (base64 raw) that signed the list in force: a stored list is used only while that key is still trusted. */
  keyId: z.optional(z.string()),
});
export type FeedState = z.infer<typeof FeedStateSchema>;

export function initialFeedState(url: string): FeedState {
  return { url, status: 'never', lastChecked: null, lastSuccess: null, entries: 0, sequence: null, etag: null, error: null };
}

/** What a FeedStore holds for one feed. Validated on load: storage may be old or damaged. */
export interface StoredFeed {
  state: FeedState;
  /** The last good list, or null. */
  list: FeedList | null;
}

/**
 * Persistence for feeds. `save` must write the state and (when given) the list in one write (one
 * `storage.local.set` with both keys), so a reader never sees a new list with an old state or the
 * reverse. `list` is omitted when the list in force did not change.
 */
export interface FeedStore {
  load(url: string): Promise<unknown>;
  save(url: string, state: FeedState, list?: FeedList): Promise<void>;
}

/** The part of a fetch Response used here (a real Response fits). */
export interface FetchResponse {
  status: number;
  statusText?: string;
  url?: string;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
}
export type FetchLike = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; signal: AbortSignal; cache: 'no-store'; credentials: 'omit'; redirect: 'follow' },
) => Promise<FetchResponse>;

export interface RefreshDeps {
  fetch: FetchLike;
  store: FeedStore;
  /** base64 raw Ed25519 public keys: the project's and the policy's `listKeys`. */
  trustedKeys: readonly string[];
  /** Never listable by a feed. */
  knownPharmacies: readonly (string | KnownPharmacy)[];
  timeoutMs?: number;
  maxBytes?: number;
  maxEntries?: number;
  now?: () => number;
}

export interface RefreshOutcome {
  url: string;
  state: FeedState;
  /**
   * The list in force after this refresh: the new one, or the last good one (null: none yet, or
   * stored state that could not be read).
   */
  list: FeedList | null;
  /** True when `list` is new and should be swapped in; when false, keep whatever list is in force. */
  changed: boolean;
  /** Entries dropped from a new list (known pharmacies, repeats). */
  dropped: DroppedEntry[];
}

/** https anywhere; plain http only for this machine (a local test server). */
export const feedUrlProblem = remoteUrlProblem;

class RefreshError extends Error {
  constructor(
    readonly code: FeedErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const TIMEOUT = Symbol('timeout');

/** Reads a body, stopping as soon as it passes `maxBytes`. */
async function readLimited(res: FetchResponse, maxBytes: number, deadline: Promise<typeof TIMEOUT>): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    void res.body?.cancel().catch(() => {});
    throw new RefreshError('oversized', `feed is ${declared.toLocaleString('en')} bytes; the limit is ${maxBytes.toLocaleString('en')}`);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), deadline]);
      if (next === TIMEOUT) throw new RefreshError('timeout', '');
      if (next.done) break;
      size += next.value.byteLength;
      if (size > maxBytes) throw new RefreshError('oversized', `feed is over ${maxBytes.toLocaleString('en')} bytes (stopped reading)`);
      chunks.push(next.value);
    }
  } catch (err) {
    void reader.cancel().catch(() => {});
    throw err;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function loadStored(url: string, raw: unknown): StoredFeed {
  const r = (raw ?? {}) as { state?: unknown; list?: unknown };
  const state = FeedStateSchema.safeParse(r.state);
  const list = r.list === null || r.list === undefined ? null : FeedPayloadSchema.safeParse(r.list);
  if (!state.success || state.data.url !== url) {
    // No usable state: start over, keeping a valid list if there is one (it is still the last good list).
    const good = list?.success ? list.data : null;
    return { state: { ...initialFeedState(url), ...(good ? { entries: good.entries.length, sequence: good.sequence } : {}) }, list: good };
  }
  if (list && !list.success) return { state: { ...state.data, entries: 0, sequence: null, etag: null }, list: null };
  const good = list ? list.data : null;
  // Never send an ETag for a list we do not hold: a 304 would then leave us with nothing.
  return { state: good ? state.data : { ...state.data, entries: 0, sequence: null, etag: null }, list: good };
}

const inflight = new WeakMap<FeedStore, Map<string, Promise<RefreshOutcome>>>();

/**
 * Refreshes one subscription. Concurrent calls for the same URL and store share one refresh.
 * Never throws.
 */
export function refreshFeed(url: string, deps: RefreshDeps): Promise<RefreshOutcome> {
  let byUrl = inflight.get(deps.store);
  if (!byUrl) inflight.set(deps.store, (byUrl = new Map()));
  const running = byUrl.get(url);
  if (running) return running;
  const p = refreshOnce(url, deps).finally(() => byUrl!.delete(url));
  byUrl.set(url, p);
  return p;
}

async function refreshOnce(url: string, deps: RefreshDeps): Promise<RefreshOutcome> {
  const now = deps.now ?? Date.now;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = deps.maxBytes ?? DEFAULT_FEED_LIMITS.maxBytes;

  let prev: StoredFeed;
  try {
    prev = loadStored(url, await deps.store.load(url));
  } catch (err) {
    // Without the stored state we cannot know the list in force: report, and do not overwrite it.
    const state: FeedState = {
      ...initialFeedState(url),
      status: 'error',
      lastChecked: new Date(now()).toISOString(),
      error: `could not read stored feed state (${errText(err)})`,
      errorCode: 'storage',
    };
    return { url, state, list: null, changed: false, dropped: [] };
  }

  const checkedAt = new Date(now()).toISOString();
  const fail = async (code: FeedErrorCode, message: string): Promise<RefreshOutcome> => {
    const state: FeedState = { ...prev.state, status: 'error', lastChecked: checkedAt, error: message, errorCode: code };
    await deps.store.save(url, state).catch(() => {}); // the state is informative; the list in force is unchanged either way
    return { url, state, list: prev.list, changed: false, dropped: [] };
  };

  const urlProblem = feedUrlProblem(url);
  if (urlProblem) return fail('bad-url', `feed address ${urlProblem}`);

  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(TIMEOUT);
    }, timeoutMs);
  });
  const timeoutMessage = `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`;

  try {
    let res: FetchResponse;
    try {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (prev.state.etag && prev.list) headers['If-None-Match'] = prev.state.etag;
      const answer = await Promise.race([
        deps.fetch(url, { method: 'GET', headers, signal: controller.signal, cache: 'no-store', credentials: 'omit', redirect: 'follow' }),
        deadline,
      ]);
      if (answer === TIMEOUT) return await fail('timeout', timeoutMessage);
      res = answer;
    } catch (err) {
      if (controller.signal.aborted) return await fail('timeout', timeoutMessage);
      return await fail('network', `network error: ${errText(err)}`);
    }
    if (res.url) {
      const redirected = feedUrlProblem(res.url);
      if (redirected) {
        void res.body?.cancel().catch(() => {});
        return await fail('bad-url', `feed was redirected to an address that ${redirected}`);
      }
    }

    if (res.status === 304) {
      void res.body?.cancel().catch(() => {});
      if (!prev.list) return await fail('no-list', 'server answered "not modified" but no list is stored; will fetch it in full next time');
      const state: FeedState = { ...prev.state, status: 'not-modified', lastChecked: checkedAt, lastSuccess: checkedAt, error: null, errorCode: null };
      return await saved(state, prev.list, false, []);
    }
    if (res.status < 200 || res.status > 299) {
      void res.body?.cancel().catch(() => {});
      return await fail('http', `server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }

    let body: Uint8Array;
    try {
      body = await readLimited(res, maxBytes, deadline);
    } catch (err) {
      if (err instanceof RefreshError) return await fail(err.code, err.code === 'timeout' ? timeoutMessage : err.message);
      if (controller.signal.aborted) return await fail('timeout', timeoutMessage);
      return await fail('network', `network error while reading: ${errText(err)}`);
    }

    const verified = await verifyFeed(body, deps.trustedKeys, {
      maxBytes,
      maxEntries: deps.maxEntries ?? DEFAULT_FEED_LIMITS.maxEntries,
      knownPharmacies: deps.knownPharmacies,
      currentSequence: prev.list ? prev.list.sequence : null,
    });
    if (!verified.ok) return await fail(verified.reason, `feed rejected (${verified.reason}): ${verified.message}`);

    const etag = res.headers.get('etag');
    const list = verified.list;
    if (prev.list && list.sequence === prev.list.sequence) {
      // The same publication again (a server without ETags): nothing to swap. The first copy seen stays.
      const state: FeedState = {
        ...prev.state,
        status: 'not-modified',
        lastChecked: checkedAt,
        lastSuccess: checkedAt,
        etag: etag ?? prev.state.etag,
        error: null,
        errorCode: null,
      };
      return await saved(state, prev.list, false, []);
    }
    const state: FeedState = {
      url,
      status: 'ok',
      lastChecked: checkedAt,
      lastSuccess: checkedAt,
      entries: list.entries.length,
      sequence: list.sequence,
      etag,
      error: null,
      errorCode: null,
      name: list.name,
      published: list.published,
      dropped: verified.dropped.length,
      keyId: verified.keyId,
    };
    return await saved(state, list, true, verified.dropped);
  } finally {
    clearTimeout(timer);
  }

  async function saved(state: FeedState, list: FeedList, changed: boolean, dropped: DroppedEntry[]): Promise<RefreshOutcome> {
    try {
      await deps.store.save(url, state, changed ? list : undefined);
    } catch (err) {
      // Not stored means not swapped: the stored list and the one in force must stay the same.
      const errorState: FeedState = {
        ...prev.state,
        status: 'error',
        lastChecked: checkedAt,
        error: `could not store the feed (${errText(err)})`,
        errorCode: 'storage',
      };
      return { url, state: errorState, list: prev.list, changed: false, dropped: [] };
    }
    return { url, state, list, changed, dropped };
  }
}

function errText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error && cause.message && cause.message !== err.message ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

/**
 * Refreshes every subscription (duplicates once), at most `concurrency` at a time. Outcomes come
 * back in the order of the (de-duplicated) URLs. Never throws.
 */
export async function refreshAll(urls: readonly string[], deps: RefreshDeps, opts: { concurrency?: number } = {}): Promise<RefreshOutcome[]> {
  const unique = [...new Set(urls)];
  const out: RefreshOutcome[] = new Array(unique.length);
  const limit = Math.max(1, Math.min(opts.concurrency ?? DEFAULT_CONCURRENCY, unique.length));
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const i = next++;
      out[i] = await refreshFeed(unique[i]!, deps);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}
