import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { COMMUNITY_TABLE_PATH, LEXICON_PATH, preparedLists } from 'virtual:rxradar-prepared-data';
import type { ShippedLexicon } from '../src/core/engine';
import { COMMUNITY_LIST_META } from '../src/data/community-list-meta';
import { startBackground } from '../src/extension/background/start-background';

/** One of the extension's own files (made at build time: scripts/build/prepared-data-plugin.ts). */
async function ownFile(path: string): Promise<Response> {
  const response = await fetch((browser.runtime.getURL as (path: string) => string)(path));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response;
}

export default defineBackground(() => {
  startBackground({
    prepared: preparedLists,
    communitySource: COMMUNITY_LIST_META,
    // The lexicon, validated at build time, its terms packed for the engine.
    loadLexicon: async () => (await (await ownFile(LEXICON_PATH)).json()) as ShippedLexicon,
    // The community list, packed at build time.
    loadCommunityTable: async () => (await ownFile(COMMUNITY_TABLE_PATH)).arrayBuffer(),
  });
});
