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
import { FEED_LIST_PREFIX, FEED_STATE_PREFIX } from '../storage-keys';

const STATE = FEED_STATE_PREFIX;
const LIST = FEED_LIST_PREFIX;

/** Every stored feed state's key (the lists are not read). */
async function stateKeys(): Promise<string[]> {
  const area = browser.storage.local as typeof browser.storage.local & { getKeys?: () => Promise<string[]> };
  const keys = area.getKeys ? await area.getKeys() : Object.keys(await browser.storage.local.get(null));
  return keys.filter((k) => k.startsWith(STATE));
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
  async loadStates() {
    const keys = await stateKeys();
    if (keys.length === 0) return {};
    const got = await browser.storage.local.get(keys);
    return Object.fromEntries(Object.entries(got).map(([k, v]) => [k.slice(STATE.length), v]));
  },
  async remove(urls) {
    await browser.storage.local.remove(urls.flatMap((u) => [STATE + u, LIST + u]));
  },
};
