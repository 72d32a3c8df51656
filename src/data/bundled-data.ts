/**
 * The data files RxRadar ships, as modules. The community list is plain text and is loaded by
 * each platform (Vite `?raw` import in the extension, the file system in Node): see
 * src/data/load-community-list-node.ts and entrypoints/background.
 */
import drugs from './lexicon/drugs.json';
import chemicals from './lexicon/precursors.json';
import phrases from './lexicon/phrases.json';
import authority from './lists/authority.json';
import knownPharmacies from './lists/known-pharmacies.json';

export const bundledData = { drugs, chemicals, phrases, authority, knownPharmacies };

export { COMMUNITY_LIST_META } from './community-list-meta';
