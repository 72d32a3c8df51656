/**
 * Feed storage in extension storage (storage.local): each feed's state and its last good list
 * under their own keys, written together in one `set` when the list changes, so a reader never
 * sees a new list with an old state. Lists can be megabytes: the manifest asks for
 * unlimitedStorage.
 */
import { browser } from 'wxt/browser';
import type { FeedList } from '../../core/lists/list-feed';
import type { FeedState } from '../feeds/feed-refresher';
import type { FeedStorage } from '../feeds/feed-subscriptions';

const STATE = 'feedState:';
const LIST = 'feedList:';

async function feedKeys(): Promise<string[]> {
  const area = browser.storage.local as typeof browser.storage.local & { getKeys?: () => Promise<string[]> };
  const keys = area.getKeys ? await area.getKeys() : Object.keys(await browser.storage.local.get(null));
  return keys.filter((k) => k.startsWith(STATE) || k.startsWith(LIST));
}

export const browserFeedStorage: FeedStorage = {
  async load(url) {
    const got = await browser.storage.local.get([STATE + url, LIST + url]);
    if (got[STATE + url] === undefined && got[LIST + url] === undefined) return undefined;
    return { state: got[STATE + url], list: got[LIST + url] ?? null };
  },
  async save(url: string, state: FeedState, list?: FeedList) {
    await browser.storage.local.set(list ? { [STATE + url]: state, [LIST + url]: list } : { [STATE + url]: state });
  },
  async loadAll() {
    const keys = await feedKeys();
    if (keys.length === 0) return {};
    const got = await browser.storage.local.get(keys);
    const out: Record<string, { state: unknown; list: unknown }> = {};
    for (const [k, v] of Object.entries(got)) {
      const url = k.startsWith(STATE) ? k.slice(STATE.length) : k.slice(LIST.length);
      const entry = (out[url] ??= { state: undefined, list: null });
      if (k.startsWith(STATE)) entry.state = v;
      else entry.list = v;
    }
    return out;
  },
  async remove(urls) {
    await browser.storage.local.remove(urls.flatMap((u) => [STATE + u, LIST + u]));
  },
};
