/**
 * The data files RxRadar ships, as modules. The community list is plain text and is loaded by
 * each platform (Vite `?raw` import in the extension, the file system in Node): see
 * src/data/load-community-list-node.ts and entrypoints/background.
 */
import drugs from './lexicon/drugs.json';
import chemicals from './lexicon/precursors.json';
import offerPhrases from './lexicon/offer-phrases.json';
import phrases from './lexicon/phrases.json';
import authority from './lists/authority.json';
import knownPharmacies from './lists/known-pharmacies.json';

export const bundledData = { drugs, chemicals, phrases, offerPhrases, authority, knownPharmacies };

/** Attribution of the bundled community list (shown with every match). */
export const COMMUNITY_LIST_META = {
  name: 'The Block List Project: Drugs Block List',
  source: 'The Block List Project "Drugs Block List" (community list, MIT/Unlicense), changed 2026-07-05',
  sourceUrl: 'https://github.com/blocklistproject/Lists',
  date: '2026-07-05',
} as const;
