/**
 * Holds the engine: built from data prepared at build time (scripts/build/prepared-data-plugin.ts),
 * once, and again when the community list is switched on or off or the subscribed feeds bring
 * new lists. The packed community list is loaded as it is (its bytes are the lookup table); its
 * loading starts as soon as the worker does. The lexicon comes compiled (its index's arrays are
 * views on the file's bytes). Address verdicts need only the lists; page analysis is made ready
 * (its lookup maps built, the scanner warmed up) once a page is about to report (analysisWanted),
 * or on its first use.
 */
import { createPreparedEngine, type LoadedLexicon, type PreparedEngine, type PreparedLists } from '../../core/engine';
import type { CommunityListSource, PackedCommunityList } from '../../core/lists/community-list';
import { PackedHostTable } from '../../core/domain/packed-host-table';
import type { FeedList } from '../../core/lists/list-index';

export interface EngineHolderInput {
  /** The bundled lists, validated at build time (small: shipped in the worker's script). */
  prepared: PreparedLists;
  /** The lexicon, validated and compiled at build time (the extension fetches its own files, data/lexicon.json and data/lexicon-index.bin). */
  loadLexicon: () => Promise<LoadedLexicon>;
  communitySource: CommunityListSource;
  /** The packed community list's bytes (the extension fetches its own file). */
  loadCommunityTable: () => Promise<ArrayBuffer | Uint8Array>;
}

/** How long the last engine took to be ready (ms, performance.now()), for `npm run bench`. */
export interface EngineTimings {
  /** From the holder's creation (worker start) to the packed community list loaded. */
  communityTableMs: number | null;
  /** From the holder's creation (worker start) to the lexicon loaded. */
  lexiconMs: number | null;
  /** Building the engine once its data is there (lists indexed): address verdicts ready. */
  engineBuildMs: number | null;
  /** Making page analysis ready (lookup maps, the scanner warmed up). */
  analysisMs: number | null;
  /** From the holder's creation to the first engine ready. */
  firstEngineMs: number | null;
  /** performance.now() when the holder was made, and when the lexicon was last compiled: for the bench's cold-start timeline. */
  createdAt: number;
  analysisReadyAt: number | null;
}

export function createEngineHolder(input: EngineHolderInput) {
  const createdAt = performance.now();
  const timings: EngineTimings = {
    communityTableMs: null,
    lexiconMs: null,
    engineBuildMs: null,
    analysisMs: null,
    firstEngineMs: null,
    createdAt,
    analysisReadyAt: null,
  };
  let community: Promise<PackedCommunityList> | null = null;
  let lexicon: Promise<LoadedLexicon> | null = null;
  let engine: Promise<PreparedEngine> | null = null;
  let communityEnabled = true;
  let feeds: readonly FeedList[] = [];

  const loadCommunity = (): Promise<PackedCommunityList> => {
    community ??= input.loadCommunityTable().then((bytes) => {
      const table = PackedHostTable.fromBytes(bytes);
      timings.communityTableMs = performance.now() - createdAt;
      return { ...input.communitySource, table };
    });
    return community;
  };

  const loadLexicon = (): Promise<LoadedLexicon> => {
    lexicon ??= input.loadLexicon().then(
      (loaded) => {
        timings.lexiconMs = performance.now() - createdAt;
        return loaded;
      },
      (err: unknown) => {
        // Asked again by the next engine (the file is part of the extension: a failure is rare).
        lexicon = null;
        throw err;
      },
    );
    return lexicon;
  };

  const build = async (): Promise<PreparedEngine> => {
    // Both files load at once; the lexicon is needed before the engine (it is part of it).
    const lexiconLoaded = loadLexicon();
    lexiconLoaded.catch(() => undefined);
    let list: PackedCommunityList | null = null;
    if (communityEnabled) {
      try {
        list = await loadCommunity();
      } catch (err) {
        // Judge without it now, and try again for the next engine.
        console.error('RxRadar: could not load the community list', err);
        community = null;
        engine = null;
      }
    }
    let loadedLexicon: LoadedLexicon;
    try {
      loadedLexicon = await lexiconLoaded;
    } catch (err) {
      engine = null;
      throw err;
    }
    const startedAt = performance.now();
    const built = createPreparedEngine({ ...input.prepared, lexicon: loadedLexicon.lexicon, compiled: loadedLexicon.compiled }, { community: list, feeds });
    timings.engineBuildMs = performance.now() - startedAt;
    timings.firstEngineMs ??= performance.now() - createdAt;
    if (analysisWanted) prepareAnalysisSoon(built);
    return built;
  };

  /**
   * Page analysis is made ready in a task of its own once a page is about to report (its hello),
   * not with the engine: a cold worker's address verdicts (a listed site, whose page never
   * reports) would otherwise wait behind it, and a page's report finds it ready or nearly.
   */
  let analysisWanted = false;
  /** The engine whose analysis was last made ready (an engine asked twice is prepared once). */
  let preparedFor: PreparedEngine | null = null;
  const prepareAnalysisSoon = (e: PreparedEngine) =>
    setTimeout(() => {
      if (e === preparedFor) return;
      preparedFor = e;
      const t = performance.now();
      e.prepareAnalysis();
      timings.analysisMs = performance.now() - t;
      timings.analysisReadyAt = performance.now();
    }, 0);

  return {
    timings,
    /** Starts loading what the engine needs (called when the worker starts). */
    warmUp(): void {
      void loadLexicon().catch(() => undefined);
      if (communityEnabled) void loadCommunity().catch(() => undefined);
    },
    get(): Promise<PreparedEngine> {
      engine ??= build();
      return engine;
    },
    /** A page is about to report (its hello came): have page analysis made ready in the next task. */
    analysisWanted(): void {
      if (analysisWanted) return;
      analysisWanted = true;
      if (engine) void engine.then(prepareAnalysisSoon, () => undefined);
    },
    setCommunityEnabled(enabled: boolean): void {
      if (enabled === communityEnabled && engine) return;
      communityEnabled = enabled;
      engine = null;
    },
    /**
     * Swaps in the verified feed lists, all at once: the next verdict uses a new engine built with
     * exactly these lists (the old engine answers until then).
     */
    setFeeds(next: readonly FeedList[]): void {
      feeds = next;
      engine = null;
    },
  };
}

export type EngineHolder = ReturnType<typeof createEngineHolder>;
