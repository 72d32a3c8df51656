/**
 * Build step (a Vite plugin, used by wxt.config.ts): prepares the data the engine needs in the
 * form it uses, so the extension's worker neither runs schemas nor parses the community list's
 * text when it wakes.
 *
 * - `virtual:rxradar-prepared-data` exports the lists validated here (the build fails on invalid
 *   data) as one JSON string, and the addresses of the three files below.
 * - The lexicon (drugs, precursors, every phrase file), validated and compiled here, is emitted
 *   as `data/lexicon.json` (the lexicon and the JSON half of its index) and
 *   `data/lexicon-index.bin` (the index's typed arrays, src/core/lexicon/packed-index.ts): the
 *   worker fetches them while it starts instead of parsing the lexicon as part of its script, and
 *   compiles nothing.
 * - The community list (src/data/lists/third-party/blocklistproject-drugs.txt) is parsed here and
 *   emitted as `data/community-hosts.bin`, a PackedHostTable: 8 bytes a host, loaded as it is.
 * - `virtual:rxradar-report-channels` exports the official report channels, validated here, for
 *   the report page (which then needs no schema library).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { PackedHostTable } from '../../src/core/domain/packed-host-table';
import { type PreparedLists, prepareEngineData, shipLexicon } from '../../src/core/engine';
import { parseHostsFile } from '../../src/core/lists/community-list';
import { ReportChannelFileSchema } from '../../src/reports/report-channels-schema';

export const PREPARED_DATA_MODULE = 'virtual:rxradar-prepared-data';
const RESOLVED_ID = `\0${PREPARED_DATA_MODULE}`;
/** The official report channels, validated here (the report page gets them without the schema). */
export const REPORT_CHANNELS_MODULE = 'virtual:rxradar-report-channels';
const CHANNELS_ID = `\0${REPORT_CHANNELS_MODULE}`;
/** Where the packed community list lands in the extension (also what the worker fetches). */
export const COMMUNITY_TABLE_FILE = 'data/community-hosts.bin';
/** Where the validated lexicon lands in the extension (also what the worker fetches). */
export const LEXICON_FILE = 'data/lexicon.json';
/** Where the typed arrays of the lexicon's compiled index land (src/core/lexicon/packed-index.ts). */
export const LEXICON_INDEX_FILE = 'data/lexicon-index.bin';

const dataFile = (rel: string) => fileURLToPath(new URL(`../../src/data/${rel}`, import.meta.url));
const readJson = (rel: string): unknown => JSON.parse(readFileSync(dataFile(rel), 'utf8'));

/** The packed community list's bytes, from the bundled text list. */
export function packCommunityList(): Uint8Array {
  return PackedHostTable.pack(parseHostsFile(readFileSync(dataFile('lists/third-party/blocklistproject-drugs.txt'), 'utf8')).hosts);
}

export function preparedDataPlugin(): Plugin {
  return {
    name: 'rxradar-prepared-data',
    resolveId(id) {
      return id === PREPARED_DATA_MODULE ? RESOLVED_ID : id === REPORT_CHANNELS_MODULE ? CHANNELS_ID : null;
    },
    load(id) {
      if (id === CHANNELS_ID) {
        this.addWatchFile(dataFile('channels/report-channels.json'));
        // The build fails on an invalid file, as for the lists.
        const file = ReportChannelFileSchema.parse(readJson('channels/report-channels.json'));
        return `export const reportChannels = JSON.parse(${JSON.stringify(JSON.stringify(file))});`;
      }
      if (id !== RESOLVED_ID) return null;
      const phraseFiles = readdirSync(dataFile('lexicon/phrases'))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => `lexicon/phrases/${f}`);
      for (const rel of [
        'lexicon/drugs.json',
        'lexicon/precursors.json',
        ...phraseFiles,
        'lists/authority.json',
        'lists/known-pharmacies.json',
        'scoring/weights.json',
        'lists/third-party/blocklistproject-drugs.txt',
      ]) {
        this.addWatchFile(dataFile(rel));
      }
      const prepared = prepareEngineData({
        drugs: readJson('lexicon/drugs.json'),
        chemicals: readJson('lexicon/precursors.json'),
        // One phrase file per language, as src/data/bundled-data.ts bundles them.
        phrases: phraseFiles.map(readJson),
        authority: readJson('lists/authority.json'),
        knownPharmacies: readJson('lists/known-pharmacies.json'),
        weights: readJson('scoring/weights.json'),
      });
      this.emitFile({ type: 'asset', fileName: COMMUNITY_TABLE_FILE, source: packCommunityList() });
      const lexiconFiles = shipLexicon(prepared.lexicon);
      this.emitFile({ type: 'asset', fileName: LEXICON_FILE, source: JSON.stringify(lexiconFiles.json) });
      this.emitFile({ type: 'asset', fileName: LEXICON_INDEX_FILE, source: lexiconFiles.bytes });
      // Everything of PreparedLists (src/core/engine.ts) but the lexicon: the lists and the fitted weights.
      const lists: PreparedLists = { authority: prepared.authority, knownPharmacies: prepared.knownPharmacies, weights: prepared.weights };
      // A JSON string literal parses faster than the same data as a JavaScript object literal.
      return [
        `export const preparedLists = JSON.parse(${JSON.stringify(JSON.stringify(lists))});`,
        `export const COMMUNITY_TABLE_PATH = ${JSON.stringify(`/${COMMUNITY_TABLE_FILE}`)};`,
        `export const LEXICON_PATH = ${JSON.stringify(`/${LEXICON_FILE}`)};`,
        `export const LEXICON_INDEX_PATH = ${JSON.stringify(`/${LEXICON_INDEX_FILE}`)};`,
      ].join('\n');
    },
  };
}
