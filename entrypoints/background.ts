import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { COMMUNITY_TABLE_PATH, preparedData } from 'virtual:rxradar-prepared-data';
import { COMMUNITY_LIST_META } from '../src/data/community-list-meta';
import { startBackground } from '../src/extension/background/start-background';

export default defineBackground(() => {
  startBackground({
    prepared: preparedData,
    communitySource: COMMUNITY_LIST_META,
    // The community list, packed at build time (scripts/build/prepared-data-plugin.ts).
    loadCommunityTable: async () => {
      const response = await fetch((browser.runtime.getURL as (path: string) => string)(COMMUNITY_TABLE_PATH));
      if (!response.ok) throw new Error(`${COMMUNITY_TABLE_PATH}: HTTP ${response.status}`);
      return response.arrayBuffer();
    },
  });
});
