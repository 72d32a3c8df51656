import { beforeAll, describe, expect, it } from 'vitest';
import { type FeedList, type FeedSigningKey, serializeFeed, signFeed } from '../../core/lists/list-feed';
import { feedList, newFeedSigningKey } from '../../../tests/support/feed-fixtures';
import type { FeedList as IndexFeedList } from '../../core/lists/list-index';
import type { FeedState, FetchLike } from './feed-refresher';
import { type FeedConfig, type FeedStorage, createFeedSubscriptions } from './feed-subscriptions';

const POLICY_FEED = 'https://school.example.org/feed.json';
const USER_FEED = 'https://researcher.example.net/feed.json';

const list = (sequence: number, domains: string[]) => feedList(sequence, domains, `feed ${sequence}`);

let project: FeedSigningKey;
let school: FeedSigningKey;
beforeAll(async () => {
  project = await newFeedSigningKey();
  school = await newFeedSigningKey();
});

class MemoryStorage implements FeedStorage {
  data = new Map<string, { state: unknown; list: unknown }>();
  async load(url: string) {
    return this.data.get(url);
  }
  async save(url: string, state: FeedState, l?: FeedList) {
    this.data.set(url, { state, list: l ?? this.data.get(url)?.list ?? null });
  }
  async loadStates() {
    return Object.fromEntries([...this.data].map(([url, v]) => [url, v.state]));
  }
  async remove(urls: readonly string[]) {
    for (const u of urls) this.data.delete(u);
  }
}

/** A feed server in memory: URL → document. */
function server(docs: Map<string, string>): FetchLike {
  return async (url) => {
    const body = docs.get(url);
    return body === undefined ? new Response('not found', { status: 404 }) : new Response(body, { status: 200 });
  };
}

function setup(config: FeedConfig, docs: Map<string, string>, storage = new MemoryStorage()) {
  const retries: number[] = [];
  const applied: IndexFeedList[][] = [];
  const why: string[] = [];
  let cfg = config;
  const subs = createFeedSubscriptions({
    storage,
    fetch: server(docs),
    projectKeys: [project.publicKey],
    knownPharmacies: [{ domain: 'cvs.com', name: 'CVS Pharmacy', source: 'x', sourceUrl: 'https://example.org', country: 'US' } as never],
    config: async () => cfg,
    apply: (feeds, reason) => {
      applied.push(feeds);
      why.push(reason);
    },
    timeoutMs: 500,
    retryLater: (minutes) => void retries.push(minutes),
  });
  return { subs, applied, why, retries, storage, setConfig: (c: FeedConfig) => (cfg = c) };
}

const domainsOf = (feeds: IndexFeedList[] | undefined) => feeds?.flatMap((f) => f.entries.map((e) => e.entry)) ?? [];

describe('feed subscriptions', () => {
  it('puts verified feeds in force (policy feeds signed by a policy key, user feeds by the project key) and reports their state', async () => {
    const docs = new Map([
      [POLICY_FEED, serializeFeed(await signFeed(list(1, ['school-listed.com']), school))],
      [USER_FEED, serializeFeed(await signFeed(list(3, ['project-listed.net', 'cvs.com']), project))],
    ]);
    const { subs, applied, retries } = setup({ policySubscriptions: [POLICY_FEED], userSubscriptions: [USER_FEED], policyKeys: [school.publicKey] }, docs);
    const view = await subs.refresh();
    expect(retries).toEqual([]);
    expect(domainsOf(applied.at(-1))).toEqual(['school-listed.com', 'project-listed.net']);
    expect(view.feeds).toMatchObject([
      { url: POLICY_FEED, from: 'policy', status: 'ok', entries: 1, name: 'feed 1' },
      { url: USER_FEED, from: 'user', status: 'ok', entries: 1, dropped: 1 },
    ]);
    expect(view).toMatchObject({ trustedKeys: 2, policyKeys: 1 });
    expect(subs.versions()[USER_FEED]).toMatch(/^sequence 3/);
  });

  it('a signed feed naming google.com or a too broad pattern: those entries are dropped and counted, the rest is in force (issue 10, finding 8)', async () => {
    const docs = new Map([[USER_FEED, serializeFeed(await signFeed(list(1, ['listed-rogue.com', 'google.com', '*in*er*.*']), project))]]);
    const { subs, applied } = setup({ policySubscriptions: [], userSubscriptions: [USER_FEED], policyKeys: [] }, docs);
    const view = await subs.refresh();
    expect(domainsOf(applied.at(-1))).toEqual(['listed-rogue.com']);
    expect(view.feeds[0]).toMatchObject({ status: 'ok', entries: 1, dropped: 2 });
  });

  it('a stored list from before the guard (naming google.com) is put back without it on start', async () => {
    const storage = new MemoryStorage();
    const state: FeedState = {
      url: USER_FEED,
      status: 'ok',
      lastChecked: '2026-11-22T10:00:00.000Z',
      lastSuccess: '2026-11-22T10:00:00.000Z',
      entries: 2,
      sequence: 2,
      etag: null,
      error: null,
      keyId: project.publicKey,
    };
    storage.data.set(USER_FEED, { state, list: list(2, ['stored-rogue.com', 'google.com']) });
    const { subs, applied } = setup({ policySubscriptions: [], userSubscriptions: [USER_FEED], policyKeys: [] }, new Map(), storage);
    await subs.loadStored();
    expect(domainsOf(applied.at(-1))).toEqual(['stored-rogue.com']);
  });

  it('a tampered or untrusted feed changes nothing: the last good list stays in force and the state says why', async () => {
    const docs = new Map([[USER_FEED, serializeFeed(await signFeed(list(1, ['first-rogue.com']), project))]]);
    const { subs, applied, retries } = setup({ policySubscriptions: [], userSubscriptions: [USER_FEED], policyKeys: [] }, docs);
    await subs.refresh();
    expect(applied).toHaveLength(1);
    expect(retries).toEqual([]);

    const good = JSON.parse(serializeFeed(await signFeed(list(2, ['first-rogue.com', 'second-rogue.com']), project)));
    good.payload = good.payload.replace('second-rogue.com', 'cvs-pharmacy-now.com');
    docs.set(USER_FEED, JSON.stringify(good));
    let view = await subs.refresh();
    expect(view.feeds[0]).toMatchObject({ status: 'error', entries: 1 });
    expect(view.feeds[0]!.error).toMatch(/bad-signature/);
    // A refused feed waits for the regular check; an unreachable one is tried again sooner.
    expect(retries).toEqual([]);

    docs.set(USER_FEED, serializeFeed(await signFeed(list(5, ['stranger.com']), school))); // school's key is not trusted here
    view = await subs.refresh();
    expect(view.feeds[0]!.error).toMatch(/untrusted-key/);
    expect(applied).toHaveLength(1); // never swapped
    expect(domainsOf(applied[0])).toEqual(['first-rogue.com']);

    docs.delete(USER_FEED);
    await subs.refresh(); // 404: waits for the regular check
    expect(retries).toEqual([]);
  });

  it('on start, stored lists come back without the network; a feed no longer subscribed, or whose key is no longer trusted, is dropped', async () => {
    const docs = new Map([
      [POLICY_FEED, serializeFeed(await signFeed(list(1, ['school-listed.com']), school))],
      [USER_FEED, serializeFeed(await signFeed(list(1, ['user-listed.com']), project))],
    ]);
    const first = setup({ policySubscriptions: [POLICY_FEED], userSubscriptions: [USER_FEED], policyKeys: [school.publicKey] }, docs);
    await first.subs.refresh();

    // A new start, offline: same storage.
    const offline = setup({ policySubscriptions: [POLICY_FEED], userSubscriptions: [USER_FEED], policyKeys: [school.publicKey] }, new Map(), first.storage);
    await offline.subs.loadStored();
    expect(domainsOf(offline.applied.at(-1))).toEqual(['school-listed.com', 'user-listed.com']);
    // Put back as they were: open tabs need not be judged again.
    expect(offline.why).toEqual(['stored']);

    // The administrator withdraws the school key and the user unsubscribes.
    offline.setConfig({ policySubscriptions: [POLICY_FEED], userSubscriptions: [], policyKeys: [] });
    await offline.subs.configChanged();
    expect(domainsOf(offline.applied.at(-1))).toEqual([]);
    expect(offline.why.at(-1)).toBe('changed');
    expect([...first.storage.data.keys()]).not.toContain(USER_FEED);
    expect((await offline.subs.view()).feeds).toMatchObject([{ url: POLICY_FEED, entries: 0 }]);
  });

  it('a feed that cannot be reached (offline) is tried again in 15 minutes, keeping its list', async () => {
    const docs = new Map([[USER_FEED, serializeFeed(await signFeed(list(1, ['kept-rogue.com']), project))]]);
    const { subs, applied, retries, storage } = setup({ policySubscriptions: [], userSubscriptions: [USER_FEED], policyKeys: [] }, docs);
    await subs.refresh();
    const offline = createFeedSubscriptions({
      storage,
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      projectKeys: [project.publicKey],
      knownPharmacies: [],
      config: async () => ({ policySubscriptions: [], userSubscriptions: [USER_FEED], policyKeys: [] }),
      apply: (feeds) => void applied.push(feeds),
      retryLater: (m) => void retries.push(m),
    });
    await offline.loadStored();
    const view = await offline.refresh();
    expect(view.feeds[0]).toMatchObject({ status: 'error', entries: 1 });
    expect(view.feeds[0]!.error).toMatch(/network error/);
    expect(retries).toEqual([15]);
    expect(domainsOf(applied.at(-1))).toEqual(['kept-rogue.com']);
  });

  it('a new subscription is fetched at once; overlapping refreshes share one run', async () => {
    const docs = new Map([[USER_FEED, serializeFeed(await signFeed(list(1, ['new-rogue.com']), project))]]);
    const { subs, applied, setConfig } = setup({ policySubscriptions: [], userSubscriptions: [], policyKeys: [] }, docs);
    await subs.loadStored();
    setConfig({ policySubscriptions: [], userSubscriptions: [USER_FEED], policyKeys: [] });
    await subs.configChanged();
    expect(domainsOf(applied.at(-1))).toEqual(['new-rogue.com']);
    const [a, b] = [subs.refresh(), subs.refresh()];
    expect(a).toBe(b);
    await a;
  });

  describe('a project key withdrawn from the extension (key rotation and revocation, issue 10, finding 11)', () => {
    function withKeys(projectKeys: string[], docs: Map<string, string>, storage: MemoryStorage) {
      const applied: IndexFeedList[][] = [];
      const subs = createFeedSubscriptions({
        storage,
        fetch: server(docs),
        projectKeys,
        knownPharmacies: [],
        config: async () => ({ policySubscriptions: [], userSubscriptions: [USER_FEED], policyKeys: [] }),
        apply: (feeds) => void applied.push(feeds),
        timeoutMs: 500,
      });
      return { subs, applied };
    }

    it('an update whose key file no longer holds the old key drops the lists it signed and refuses its feeds; the new key is accepted', async () => {
      const retired = await newFeedSigningKey();
      const current = await newFeedSigningKey();
      const storage = new MemoryStorage();
      const docs = new Map([[USER_FEED, serializeFeed(await signFeed(list(4, ['signed-by-retired.com']), retired))]]);

      // The old version trusts the retired key: its list is in force and stored.
      const before = withKeys([retired.publicKey], docs, storage);
      await before.subs.refresh();
      expect(domainsOf(before.applied.at(-1))).toEqual(['signed-by-retired.com']);
      expect(storage.data.has(USER_FEED)).toBe(true);

      // The new version ships only the new key: on start the stored list is not put back, and is deleted.
      const after = withKeys([current.publicKey], docs, storage);
      await after.subs.loadStored();
      expect(domainsOf(after.applied.at(-1))).toEqual([]);
      expect(storage.data.get(USER_FEED)?.list ?? null).toBeNull();

      // The feed, still signed by the withdrawn key, is refused.
      let view = await after.subs.refresh();
      expect(view.feeds[0]).toMatchObject({ status: 'error', entries: 0 });
      expect(view.feeds[0]!.error).toMatch(/untrusted-key/);
      expect(domainsOf(after.applied.at(-1))).toEqual([]);

      // Re-signed with the new key, even at the same sequence, it is accepted again.
      docs.set(USER_FEED, serializeFeed(await signFeed(list(4, ['signed-by-current.com']), current)));
      view = await after.subs.refresh();
      expect(view.feeds[0]).toMatchObject({ status: 'ok', entries: 1 });
      expect(domainsOf(after.applied.at(-1))).toEqual(['signed-by-current.com']);
    });

    it('a stored list whose signing key was never recorded (older storage) is not trusted on start', async () => {
      const storage = new MemoryStorage();
      const state: FeedState = {
        url: USER_FEED,
        status: 'ok',
        lastChecked: '2026-11-22T10:00:00.000Z',
        lastSuccess: '2026-11-22T10:00:00.000Z',
        entries: 1,
        sequence: 2,
        etag: null,
        error: null,
      };
      storage.data.set(USER_FEED, { state, list: list(2, ['unattributed.com']) });
      const { subs, applied } = withKeys([project.publicKey], new Map(), storage);
      await subs.loadStored();
      expect(domainsOf(applied.at(-1))).toEqual([]);
      expect(storage.data.has(USER_FEED)).toBe(false);
    });

    it('a withdrawn key stays refused even when a policy names it', async () => {
      const leaked = await newFeedSigningKey();
      const docs = new Map([[POLICY_FEED, serializeFeed(await signFeed(list(1, ['signed-by-leaked.com']), leaked))]]);
      const applied: IndexFeedList[][] = [];
      const subs = createFeedSubscriptions({
        storage: new MemoryStorage(),
        fetch: server(docs),
        projectKeys: [project.publicKey],
        withdrawnKeys: [leaked.publicKey],
        knownPharmacies: [],
        config: async () => ({ policySubscriptions: [POLICY_FEED], userSubscriptions: [], policyKeys: [leaked.publicKey] }),
        apply: (feeds) => void applied.push(feeds),
      });
      const view = await subs.refresh();
      expect(view.feeds[0]!.error).toMatch(/untrusted-key/);
      expect(view.trustedKeys).toBe(1);
      expect(domainsOf(applied.at(-1))).toEqual([]);
    });
  });
});
