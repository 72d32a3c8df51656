/** Attribution of the bundled community list (shown with every match). */
export const COMMUNITY_LIST_META = {
  name: 'The Block List Project: Drugs Block List',
  source: 'The Block List Project "Drugs Block List" (community list, MIT/Unlicense), changed 2026-07-05',
  sourceUrl: 'https://github.com/blocklistproject/Lists',
  date: '2026-07-05',
} as const;
