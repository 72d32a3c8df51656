/**
 * Builds the engine from bundled data, once, and again when the community list is switched on
 * or off. The community list text is handed in by the entrypoint (a Vite `?raw` import).
 */
import { createEngine, type Engine } from '../../core/engine';
import { parseHostsFile } from '../../core/lists/community-list';
import { bundledData, COMMUNITY_LIST_META } from '../../data/bundled-data';

export function createEngineHolder(communityListText: string) {
  let hosts: string[] | null = null;
  let engine: Engine | null = null;
  let communityEnabled = true;

  const build = (): Engine => {
    if (communityEnabled && !hosts) hosts = parseHostsFile(communityListText).hosts;
    return createEngine({ ...bundledData, community: communityEnabled ? { ...COMMUNITY_LIST_META, hosts: hosts! } : null });
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
  };
}
