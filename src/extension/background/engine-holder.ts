/**
 * Builds the engine from bundled data, once, and again when the community list is switched on
 * or off or the subscribed feeds bring new lists. The community list text is handed in by the entrypoint (a Vite `?raw` import).
 */
import { createEngine, type Engine } from '../../core/engine';
import { parseHostsFile } from '../../core/lists/community-list';
import type { FeedList } from '../../core/lists/list-index';
import { bundledData, COMMUNITY_LIST_META } from '../../data/bundled-data';

export function createEngineHolder(communityListText: string) {
  let hosts: string[] | null = null;
  let engine: Engine | null = null;
  let communityEnabled = true;
  let feeds: readonly FeedList[] = [];

  const build = (): Engine => {
    if (communityEnabled && !hosts) hosts = parseHostsFile(communityListText).hosts;
    return createEngine({ ...bundledData, community: communityEnabled ? { ...COMMUNITY_LIST_META, hosts: hosts! } : null, feeds });
  };

  return {
    get(): Engine {
      engine ??= build();
      return engine;
    },
    setCommunityEnabled(enabled: boolean): void {
      if (enabled === communityEnabled && engine) return;
      communityEnabled = enabled;
      engine = null;
    },
    /**
     * Swaps in the verified feed lists, all at once: the next verdict uses a new engine built with
     * exactly these lists (the old engine answers until then).
     */
    setFeeds(next: readonly FeedList[]): void {
      feeds = next;
      engine = null;
    },
  };
}
