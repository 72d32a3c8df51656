/**
 * The engine built from the fixture data (fixture-data.ts), for rule tests: see that file. The
 * data goes through the same schemas as the shipped data (prepareEngineData), so an invalid
 * fixture throws here.
 */
import { createEngine, type Engine, prepareEngineData } from '../../src/core/engine';
import { compileLexicon } from '../../src/core/lexicon/compile-lexicon';
import type { CommunityList } from '../../src/core/lists/community-list';
import type { FeedList } from '../../src/core/lists/list-index';
import type { ScoringWeights } from '../../src/core/scoring/score';
import {
  fixtureAuthority,
  fixtureChemicals,
  fixtureCommunity,
  fixtureDrugs,
  fixtureKnownPharmacies,
  fixturePhrasesEn,
  fixtureWeightsFile,
} from './fixture-data';

/** The fixture's raw data files, as EngineData takes them (community list included). */
export const fixtureData = {
  drugs: fixtureDrugs,
  chemicals: fixtureChemicals,
  phrases: [fixturePhrasesEn],
  authority: fixtureAuthority,
  knownPharmacies: fixtureKnownPharmacies,
  weights: fixtureWeightsFile,
};

const prepared = prepareEngineData(fixtureData);

/** The fixture's weights, validated: what fixtureEngine() scores with. */
export const fixtureWeights: ScoringWeights = prepared.weights;

let engine: Engine | undefined;

/**
 * The engine on the fixture data and the fixture community list, built once per test file; with
 * `extra`, a new engine with that community list (null: off) and those signed feeds.
 */
export function fixtureEngine(extra?: { community?: CommunityList | null; feeds?: readonly FeedList[] }): Engine {
  if (extra) return createEngine({ ...fixtureData, community: extra.community === undefined ? fixtureCommunity : extra.community, feeds: extra.feeds });
  engine ??= createEngine({ ...fixtureData, community: fixtureCommunity });
  return engine;
}

/** The fixture lexicon, validated and compiled (for scanner tests). */
export function fixtureLexicon() {
  const lexicon = prepared.lexicon;
  return { lexicon, compiled: compileLexicon(lexicon) };
}
