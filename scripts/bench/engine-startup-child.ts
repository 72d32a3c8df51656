/** One process of the engine start-up benchmark (see engine-startup.ts): prints its figures as JSON. */
import { packCommunityList } from '../build/prepared-data-plugin';
import { PackedHostTable } from '../../src/core/domain/packed-host-table';
import { createEngine, createPreparedEngine, openShippedLexicon, prepareEngineData, shipLexicon } from '../../src/core/engine';
import { bundledData } from '../../src/data/bundled-data';
import { COMMUNITY_LIST_META } from '../../src/data/community-list-meta';
import { loadCommunityListNode } from '../../src/data/load-community-list-node';

// What the build emits (made here, outside the timings).
const preparedData = prepareEngineData(bundledData);
// As the extension has it: the lexicon compiled at build time (data/lexicon.json and data/lexicon-index.bin).
const { lexicon: _lexicon, ...preparedLists } = preparedData;
const listsJson = JSON.stringify(preparedLists);
const lexiconFiles = shipLexicon(preparedData.lexicon);
const lexiconJson = JSON.stringify(lexiconFiles.json);
const lexiconBytes = lexiconFiles.bytes.slice().buffer;
const tableBytes = packCommunityList();

const time = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const fromPrepared = (analysis: boolean) => () => {
  const engine = createPreparedEngine(
    { ...JSON.parse(listsJson), ...openShippedLexicon(JSON.parse(lexiconJson), lexiconBytes.slice(0)) },
    {
      community: { ...COMMUNITY_LIST_META, table: PackedHostTable.fromBytes(tableBytes.slice()) },
    },
  );
  if (analysis) engine.prepareAnalysis();
};
const fromText = () => void createEngine({ ...bundledData, community: loadCommunityListNode() });
const figures = (f: () => void) => {
  const cold = time(f);
  const warm = [1, 2, 3, 4, 5].map(() => time(f)).sort((a, b) => a - b)[2]!;
  return { cold, warm };
};
// Order matters for "cold": each path's first run pays its own code's first compilation.
const prepared = figures(fromPrepared(false));
const preparedWithAnalysis = figures(fromPrepared(true));
console.log(JSON.stringify({ prepared, preparedWithAnalysis, fromText: figures(fromText) }));
