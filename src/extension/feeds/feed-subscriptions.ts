/**
 * The list feeds an install follows: which are subscribed (policy and the user's own), which
 * keys are trusted (the project's and the policy's), the lists in force, and each feed's state
 * for the options page. Pure glue over feed-refresher.ts: storage, the network and the engine are
 * passed in, so tests drive it with fakes.
 *
 * The lists in force change only in `apply`, with the whole set at once: the engine holder swaps
 * its engine in one assignment, so a verdict is made with the old lists or the new, never a mix.
 * A stored list is used only while its feed is subscribed and its signing key is still trusted
 * (a list whose key was never recorded is not trusted either): an update that withdraws a key
 * drops every list it signed, on start, and its feeds are refused from then on. Any failed
 * refresh keeps the last good list.
 */
import type { FeedList as FeedPayload } from '../../core/lists/list-feed';
import type { FeedList as IndexFeedList } from '../../core/lists/list-index';
import type { KnownPharmacy } from '../../core/lists/list-schema';
import type { FeedsView, FeedView } from '../messages';
import { type FeedState, FeedStateSchema, type FeedStore, type FetchLike, initialFeedState, refreshAll } from './feed-refresher';
import { FeedPayloadSchema } from '../../core/lists/list-feed';
import { createEntryGuard } from '../../core/lists/entry-guard';

/** How often feeds are checked while the browser runs (and once on start). */
export const FEED_REFRESH_MINUTES = 4 * 60;
/** After a check that could not reach a feed (offline at start, no answer), another try this much later. */
export const FEED_RETRY_MINUTES = 15;

export interface FeedConfig {
  /** Feeds from the administrator's policy. */
  policySubscriptions: readonly string[];
  /** The user's own feeds. */
  userSubscriptions: readonly string[];
  /** Keys from the policy's `listKeys`. */
  policyKeys: readonly string[];
}

/** Storage for feeds: the refresher's store, plus listing and removing. */
export interface FeedStorage extends FeedStore {
  /** The state of every stored feed, by URL (raw values, validated here); lists are not read. */
  loadStates(): Promise<Record<string, unknown>>;
  remove(urls: readonly string[]): Promise<void>;
}

export interface FeedSubscriptionsDeps {
  storage: FeedStorage;
  fetch: FetchLike;
  /** The project's own keys (src/data/feed-keys.json). */
  projectKeys: readonly string[];
  /** Keys withdrawn by the project (feed-keys.json `withdrawn`): never trusted, even when a policy names them. */
  withdrawnKeys?: readonly string[];
  knownPharmacies: readonly KnownPharmacy[];
  config: () => Promise<FeedConfig>;
  /**
   * Puts the lists in force into the engine (all of them, in subscription order). `stored`: the
   * lists kept from before, put back on start (verdicts already made with them need no redoing).
   */
  apply: (feeds: IndexFeedList[], why: 'stored' | 'changed') => void | Promise<void>;
  /** Called after a refresh in which a feed could not be reached: ask to be refreshed again in `minutes`. */
  retryLater?: (minutes: number) => void;
  timeoutMs?: number;
  maxBytes?: number;
  now?: () => number;
}

export interface FeedSubscriptions {
  /** On start: puts the stored lists that are still subscribed and trusted in force, without the network. */
  loadStored(): Promise<void>;
  /** Checks every subscribed feed now; returns what the options page shows. Calls overlap into one. */
  refresh(): Promise<FeedsView>;
  /** Refreshes when a subscribed feed was never checked or not within `maxAgeMs` (a new background instance). */
  refreshIfStale(maxAgeMs: number): Promise<void>;
  /** Subscriptions or keys changed: drops what no longer applies, and checks new feeds. */
  configChanged(): Promise<void>;
  view(): Promise<FeedsView>;
  /** Feed URL → the sequence of the list in force, for reports. */
  versions(): Record<string, string>;
  setNextRefreshAt(at: number | null): void;
}

interface InForce {
  list: FeedPayload;
  keyId: string | undefined;
}

export function createFeedSubscriptions(deps: FeedSubscriptionsDeps): FeedSubscriptions {
  const inForce = new Map<string, InForce>();
  const states = new Map<string, FeedState>();
  let applied = '';
  let nextRefreshAt: number | null = null;
  let running: Promise<FeedsView> | null = null;

  const subscribed = (c: FeedConfig) => [...new Set([...c.policySubscriptions, ...c.userSubscriptions])];
  const withdrawn = new Set(deps.withdrawnKeys ?? []);
  const trustedKeys = (c: FeedConfig) => [...new Set([...deps.projectKeys, ...c.policyKeys])].filter((k) => !withdrawn.has(k));
  /** A list is kept only with a recorded signing key that is trusted now. */
  const keyTrusted = (keys: ReadonlySet<string>, keyId: string | undefined) => keyId !== undefined && keys.has(keyId);

  /** Pushes the lists in force to the engine, in subscription order, when they changed. */
  async function push(c: FeedConfig, why: 'stored' | 'changed' = 'changed'): Promise<void> {
    const feeds: IndexFeedList[] = [];
    for (const url of subscribed(c)) {
      const f = inForce.get(url);
      if (f) feeds.push({ name: f.list.name, url, entries: f.list.entries });
    }
    const signature = feeds.map((f) => `${f.url}#${inForce.get(f.url)!.list.sequence}`).join('\n');
    if (signature === applied) return;
    applied = signature;
    await deps.apply(feeds, why);
  }

  /** Forgets (in memory and in storage) feeds no longer subscribed and lists whose key is no longer trusted. */
  async function prune(c: FeedConfig): Promise<void> {
    const urls = new Set(subscribed(c));
    const keys = new Set(trustedKeys(c));
    const gone: string[] = [];
    for (const [url, f] of inForce) {
      if (!urls.has(url) || !keyTrusted(keys, f.keyId)) {
        inForce.delete(url);
        gone.push(url);
      }
    }
    for (const url of states.keys()) if (!urls.has(url)) states.delete(url);
    const stored = await deps.storage.loadStates().catch(() => ({}) as Record<string, unknown>);
    for (const [url, raw] of Object.entries(stored)) {
      const state = FeedStateSchema.safeParse(raw).data;
      // A stored state with a sequence holds a list: it goes when its key is not trusted now.
      const holdsList = state !== undefined && state.sequence !== null;
      if (!urls.has(url) || (holdsList && !keyTrusted(keys, state.keyId))) gone.push(url);
    }
    if (gone.length) {
      await deps.storage.remove([...new Set(gone)]).catch(() => {});
      // A dropped list must be fetched again in full (and verified with the keys trusted now).
      for (const url of gone) if (urls.has(url)) states.set(url, initialFeedState(url));
    }
  }

  async function loadStored(): Promise<void> {
    const c = await deps.config();
    const keys = new Set(trustedKeys(c));
    // Stored lists were verified when they arrived, perhaps by an older version with fewer
    // guards: what may never be listed (entry-guard.ts) is left out of them too.
    const guard = createEntryGuard({ knownPharmacies: deps.knownPharmacies });
    for (const url of subscribed(c)) {
      const raw = (await deps.storage.load(url).catch(() => undefined)) as { state?: unknown; list?: unknown } | undefined;
      const state = FeedStateSchema.safeParse(raw?.state);
      const list = FeedPayloadSchema.safeParse(raw?.list);
      if (state.success && state.data.url === url) states.set(url, state.data);
      if (list.success && state.success && keyTrusted(keys, state.data.keyId)) {
        inForce.set(url, { list: { ...list.data, entries: list.data.entries.filter((e) => guard(e.entry) === null) }, keyId: state.data.keyId });
      }
    }
    await prune(c);
    await push(c, 'stored');
  }

  async function refreshNow(): Promise<FeedsView> {
    const c = await deps.config();
    await prune(c);
    const urls = subscribed(c);
    const outcomes = await refreshAll(urls, {
      fetch: deps.fetch,
      store: deps.storage,
      trustedKeys: trustedKeys(c),
      knownPharmacies: deps.knownPharmacies,
      ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
      ...(deps.maxBytes !== undefined ? { maxBytes: deps.maxBytes } : {}),
      ...(deps.now ? { now: deps.now } : {}),
    });
    // Subscriptions may have changed while the network was busy: only what is still subscribed counts.
    const now = await deps.config();
    const still = new Set(subscribed(now));
    for (const o of outcomes) {
      if (!still.has(o.url)) continue;
      states.set(o.url, o.state);
      // Only a verified new list replaces the one in force; every failure keeps it.
      if (o.changed && o.list) inForce.set(o.url, { list: o.list, keyId: o.state.keyId });
    }
    await prune(now);
    await push(now);
    const result = await view();
    // Unreachable feeds are tried again soon; a refused or missing feed waits for the regular check.
    const unreachable = subscribed(now).some((url) => ['network', 'timeout'].includes(states.get(url)?.errorCode ?? ''));
    if (unreachable) deps.retryLater?.(FEED_RETRY_MINUTES);
    return result;
  }

  async function view(): Promise<FeedsView> {
    const c = await deps.config();
    const policy = new Set(c.policySubscriptions);
    const feeds: FeedView[] = subscribed(c).map((url) => {
      const s = states.get(url) ?? initialFeedState(url);
      const f = inForce.get(url);
      return {
        url,
        from: policy.has(url) ? 'policy' : 'user',
        status: s.status,
        entries: f ? f.list.entries.length : 0,
        ...(f ? { name: f.list.name, published: f.list.published } : {}),
        lastChecked: s.lastChecked,
        lastSuccess: s.lastSuccess,
        error: s.error,
        ...(s.dropped ? { dropped: s.dropped } : {}),
      };
    });
    return { feeds, trustedKeys: trustedKeys(c).length, policyKeys: new Set(c.policyKeys).size, nextRefreshAt };
  }

  return {
    loadStored,
    refresh(): Promise<FeedsView> {
      running ??= refreshNow().finally(() => (running = null));
      return running;
    },
    async configChanged(): Promise<void> {
      const c = await deps.config();
      await prune(c);
      await push(c);
      // New subscriptions (never checked) are fetched now rather than at the next alarm.
      if (subscribed(c).some((url) => !states.has(url) || states.get(url)!.status === 'never')) await this.refresh();
    },
    async refreshIfStale(maxAgeMs: number): Promise<void> {
      const c = await deps.config();
      const now = (deps.now ?? Date.now)();
      const stale = subscribed(c).some((url) => {
        const checked = states.get(url)?.lastChecked;
        return !checked || now - Date.parse(checked) > maxAgeMs;
      });
      if (stale) await this.refresh();
    },
    view,
    versions(): Record<string, string> {
      const out: Record<string, string> = {};
      for (const [url, f] of inForce) out[url] = `sequence ${f.list.sequence} (${f.list.published.slice(0, 10)})`;
      return out;
    },
    setNextRefreshAt(at: number | null): void {
      nextRefreshAt = at;
    },
  };
}
