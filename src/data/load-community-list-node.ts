import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CommunityList, parseHostsFile } from '../core/lists/community-list';
import { COMMUNITY_LIST_META } from './bundled-data';

export const COMMUNITY_LIST_PATH = fileURLToPath(new URL('./lists/third-party/blocklistproject-drugs.txt', import.meta.url));

/** Reads the bundled community list from disk (Node: CLI, tests, benchmarks). */
export function loadCommunityListNode(): CommunityList {
  const { hosts } = parseHostsFile(readFileSync(COMMUNITY_LIST_PATH, 'utf8'));
  return { ...COMMUNITY_LIST_META, hosts };
}
