/**
 * The detection engine: compiled lexicon and lists, and the two questions it answers. Pure: no
 * browser or Node APIs; the extension and the CLI hand it the same data.
 */
import { analyzePage, analyzerDeps, firstReadVerdict, type PageSignals, pageSignals, type PageSnapshot, verdictForUrl } from './analyze-page';
import { compileLexicon, type CompiledLexicon } from './lexicon/compile-lexicon';
import { packLexiconIndex, type PackedLexiconIndex, unpackLexiconIndex } from './lexicon/packed-index';
import { type Lexicon, parseLexicon } from './lexicon/lexicon-schema';
import { type FeedList, ListIndex } from './lists/list-index';
import type { CommunityList, PackedCommunityList } from './lists/community-list';
import { type KnownPharmacy, KnownPharmacyFileSchema, type ListFile, ListFileSchema } from './lists/list-schema';
import type { ScoringWeights } from './scoring/score';
import { parseScoringWeights } from './scoring/weights-schema';
import { warmUpScanner } from './text/scan-text';
import type { Verdict } from './verdict';

/** Raw data files (parsed JSON); validated here, at load. */
export interface EngineData {
  drugs: unknown;
  chemicals: unknown;
  phrases: unknown;
  authority: unknown;
  knownPharmacies: unknown;
  /** The scoring model: points per signal and thresholds (src/data/scoring/weights.json). */
  weights: unknown;
  /** The community list, or null when it is switched off. */
  community: CommunityList | PackedCommunityList | null;
  /** Verified signed list feeds (see lists/list-feed.ts). */
  feeds?: readonly FeedList[];
}

export interface Engine {
  analyzePage(page: PageSnapshot): Verdict;
  /** The verdict on the beginning of a long page's text when it settles the page, else null (analyze-page.ts). */
  firstReadVerdict(page: PageSnapshot): Verdict | null;
  /** What analyzePage weighs: each signal's activation and evidence (null when the address has no host). */
  pageSignals(page: PageSnapshot): PageSignals | null;
  checkUrl(url: string): Verdict;
  readonly lists: ListIndex;
  readonly lexicon: Lexicon;
}

/**
 * The bundled data already validated (by prepareEngineData, at build time for the extension):
 * what the engine starts from without running a schema.
 */
export interface PreparedEngineData extends PreparedLists {
  lexicon: Lexicon;
  /** The lexicon compiled at build time (shipLexicon, openShippedLexicon): used as it is instead of compiled on first use. */
  compiled?: CompiledLexicon;
}

/**
 * The lexicon as the extension ships it: data/lexicon.json holds this (the validated lexicon and
 * the JSON half of its compiled index), data/lexicon-index.bin the index's typed arrays.
 */
export interface ShippedLexicon {
  lexicon: Lexicon;
  index: PackedLexiconIndex;
}

/** Made at build time: the lexicon compiled, in the two files the extension ships. */
export function shipLexicon(lexicon: Lexicon): { json: ShippedLexicon; bytes: Uint8Array } {
  const { index, bytes } = packLexiconIndex(compileLexicon(lexicon));
  return { json: { lexicon, index }, bytes };
}

/** The lexicon and its compiled index, ready for createPreparedEngine. */
export interface LoadedLexicon {
  lexicon: Lexicon;
  compiled: CompiledLexicon;
}

/** The shipped lexicon as the engine uses it: nothing is compiled (the index's arrays are views on `bytes`). */
export function openShippedLexicon(json: ShippedLexicon, bytes: ArrayBuffer | Uint8Array): LoadedLexicon {
  return { lexicon: json.lexicon, compiled: unpackLexiconIndex(json.index, bytes) };
}

/** The bundled lists of PreparedEngineData (the extension ships the lexicon as a separate file). */
export interface PreparedLists {
  authority: ListFile;
  knownPharmacies: readonly KnownPharmacy[];
  weights: ScoringWeights;
}

/** Validates the raw data files (throws on the first problem) into the form the engine starts from. */
export function prepareEngineData(data: Pick<EngineData, 'drugs' | 'chemicals' | 'phrases' | 'authority' | 'knownPharmacies' | 'weights'>): PreparedEngineData {
  return {
    lexicon: parseLexicon({ drugs: data.drugs, chemicals: data.chemicals, phrases: data.phrases }),
    authority: ListFileSchema.parse(data.authority),
    knownPharmacies: KnownPharmacyFileSchema.parse(data.knownPharmacies).pharmacies,
    weights: parseScoringWeights(data.weights),
  };
}

export function createEngine(data: EngineData): Engine {
  const engine = createPreparedEngine(prepareEngineData(data), { community: data.community, feeds: data.feeds });
  engine.prepareAnalysis();
  return engine;
}

/** An engine whose page analysis (the compiled lexicon) is made on first use, or when asked. */
export interface PreparedEngine extends Engine {
  /** Compiles the lexicon now (idempotent): call it in idle time so the first page report does not wait. */
  prepareAnalysis(): void;
}

/**
 * The engine from prepared data, no schema run. Address verdicts need only the lists, so they are
 * ready at once; the lexicon is compiled on the first page analysis or prepareAnalysis().
 */
export function createPreparedEngine(
  prepared: PreparedEngineData,
  extra: { community: CommunityList | PackedCommunityList | null; feeds?: readonly FeedList[] },
): PreparedEngine {
  const lexicon = prepared.lexicon;
  const lists = new ListIndex({ authority: prepared.authority, knownPharmacies: prepared.knownPharmacies, community: extra.community, feeds: extra.feeds });
  let deps: ReturnType<typeof analyzerDeps> | null = null;
  const analysis = () => {
    if (!deps) {
      const compiled: CompiledLexicon = prepared.compiled ?? compileLexicon(lexicon);
      warmUpScanner(compiled);
      deps = analyzerDeps(lexicon, compiled, lists, prepared.weights);
    }
    return deps;
  };
  return {
    analyzePage: (page) => analyzePage(page, analysis()),
    firstReadVerdict: (page) => firstReadVerdict(page, analysis()),
    pageSignals: (page) => pageSignals(page, analysis()),
    checkUrl: (url) => verdictForUrl(url, lists),
    prepareAnalysis: () => void analysis(),
    lists,
    lexicon,
  };
}

export type { PageSignals, PageSnapshot } from './analyze-page';
