// First: the engine's files are asked for before the rest of the script is evaluated.
import { communityTableBytes, lexiconJson } from '../src/extension/background/early-data';
import { defineBackground } from 'wxt/utils/define-background';
import { preparedLists } from 'virtual:rxradar-prepared-data';
import type { ShippedLexicon } from '../src/core/engine';
import { COMMUNITY_LIST_META } from '../src/data/community-list-meta';
import { startBackground } from '../src/extension/background/start-background';

export default defineBackground(() => {
  startBackground({
    prepared: preparedLists,
    communitySource: COMMUNITY_LIST_META,
    // The lexicon, validated at build time, its terms packed for the engine.
    loadLexicon: async () => (await lexiconJson()) as ShippedLexicon,
    // The community list, packed at build time.
    loadCommunityTable: communityTableBytes,
  });
});
