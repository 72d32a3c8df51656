import { createEngine, type Engine } from '../../src/core/engine';
import { compileLexicon } from '../../src/core/lexicon/compile-lexicon';
import { parseLexicon } from '../../src/core/lexicon/lexicon-schema';
import { bundledData } from '../../src/data/bundled-data';
import { loadCommunityListNode } from '../../src/data/load-community-list-node';

let engine: Engine | undefined;

/** The engine with all bundled data, built once per test file. */
export function testEngine(): Engine {
  engine ??= createEngine({ ...bundledData, community: loadCommunityListNode() });
  return engine;
}

export function bundledLexicon() {
  const lexicon = parseLexicon({ drugs: bundledData.drugs, chemicals: bundledData.chemicals, phrases: bundledData.phrases, offerPhrases: bundledData.offerPhrases });
  return { lexicon, compiled: compileLexicon(lexicon) };
}
