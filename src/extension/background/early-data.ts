/**
 * The engine's three files, asked for at the very start of the worker's script: imported first by
 * entrypoints/background.ts, with no dependency but their paths and started-early.ts, so this
 * body runs before the rest of the script's modules are evaluated. A cold worker spends most of
 * 100 ms evaluating them; the browser reads the files meanwhile. Each early read is handed out
 * once; a retry (a failed read) asks again.
 */
import { COMMUNITY_TABLE_PATH, LEXICON_INDEX_PATH, LEXICON_PATH } from 'virtual:rxradar-prepared-data';
import { ownFile, startedEarly } from './started-early';

/** The lexicon file's parsed JSON (validated at build time). */
export const lexiconJson = startedEarly(async (): Promise<unknown> => (await ownFile(LEXICON_PATH)).json());
/** The bytes of the lexicon's compiled index. */
export const lexiconIndexBytes = startedEarly(async (): Promise<ArrayBuffer> => (await ownFile(LEXICON_INDEX_PATH)).arrayBuffer());
/** The packed community list's bytes. */
export const communityTableBytes = startedEarly(async (): Promise<ArrayBuffer> => (await ownFile(COMMUNITY_TABLE_PATH)).arrayBuffer());
