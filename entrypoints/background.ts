// First: the engine's files are asked for before the rest of the script is evaluated.
import { communityTableBytes, lexiconIndexBytes, lexiconJson } from '../src/extension/background/early-data';
import { defineBackground } from 'wxt/utils/define-background';
import { preparedLists } from 'virtual:rxradar-prepared-data';
import { openShippedLexicon, type ShippedLexicon } from '../src/core/engine';
import { COMMUNITY_LIST_META } from '../src/data/community-list-meta';
import { startBackground } from '../src/extension/background/start-background';

export default defineBackground(() => {
  startBackground({
    prepared: preparedLists,
    communitySource: COMMUNITY_LIST_META,
    // The lexicon, validated and compiled at build time.
    loadLexicon: async () => {
      const [json, bytes] = await Promise.all([lexiconJson(), lexiconIndexBytes()]);
      return openShippedLexicon(json as ShippedLexicon, bytes);
    },
    // The community list, packed at build time.
    loadCommunityTable: communityTableBytes,
  });
});
