/**
 * What `rxradar check` needs: the lists and the URL verdict, without compiling the lexicon that
 * page analysis needs (that is most of the engine's start-up time).
 */
import { verdictForUrl } from '../core/analyze-page';
import type { Engine } from '../core/engine';
import { ListIndex } from '../core/lists/list-index';
import { KnownPharmacyFileSchema, ListFileSchema } from '../core/lists/list-schema';
import { bundledData } from '../data/bundled-data';
import { loadCommunityListNode } from '../data/load-community-list-node';

export function createListChecker(community: boolean): Pick<Engine, 'checkUrl' | 'lists'> {
  const lists = new ListIndex({
    authority: ListFileSchema.parse(bundledData.authority),
    knownPharmacies: KnownPharmacyFileSchema.parse(bundledData.knownPharmacies).pharmacies,
    community: community ? loadCommunityListNode() : null,
  });
  return { checkUrl: (url) => verdictForUrl(url, lists), lists };
}
