/**
 * The detection engine: compiled lexicon and lists, and the two questions it answers. Pure: no
 * browser or Node APIs; the extension and the CLI hand it the same data.
 */
import { analyzePage, analyzerDeps, type PageSnapshot, verdictForUrl } from './analyze-page';
import { compileLexicon, type CompiledLexicon } from './lexicon/compile-lexicon';
import { type Lexicon, parseLexicon } from './lexicon/lexicon-schema';
import type { CommunityList } from './lists/community-list';
import { type FeedList, ListIndex } from './lists/list-index';
import { KnownPharmacyFileSchema, ListFileSchema } from './lists/list-schema';
import { warmUpScanner } from './text/scan-text';
import type { Verdict } from './verdict';

/** Raw data files (parsed JSON); validated here, at load. */
export interface EngineData {
  drugs: unknown;
  chemicals: unknown;
  phrases: unknown;
  /** More English phrases in the same groups (offer-phrases.json); merged with phrases. */
  offerPhrases?: unknown;
  authority: unknown;
  knownPharmacies: unknown;
  /** The community list, or null when it is switched off. */
  community: CommunityList | null;
  /** Verified signed list feeds (see lists/list-feed.ts). */
  feeds?: readonly FeedList[];
}

export interface Engine {
  analyzePage(page: PageSnapshot): Verdict;
  checkUrl(url: string): Verdict;
  readonly lists: ListIndex;
  readonly lexicon: Lexicon;
}

export function createEngine(data: EngineData): Engine {
  const lexicon = parseLexicon({ drugs: data.drugs, chemicals: data.chemicals, phrases: data.phrases, offerPhrases: data.offerPhrases });
  const compiled: CompiledLexicon = compileLexicon(lexicon);
  warmUpScanner(compiled);
  const authority = ListFileSchema.parse(data.authority);
  const known = KnownPharmacyFileSchema.parse(data.knownPharmacies);
  const lists = new ListIndex({ authority, knownPharmacies: known.pharmacies, community: data.community, feeds: data.feeds });
  const deps = analyzerDeps(lexicon, compiled, lists);
  return {
    analyzePage: (page) => analyzePage(page, deps),
    checkUrl: (url) => verdictForUrl(url, lists),
    lists,
    lexicon,
  };
}

export type { PageSnapshot } from './analyze-page';
