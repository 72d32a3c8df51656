/**
 * The engine's three files, asked for at the very start of the worker's script: imported first by
 * entrypoints/background.ts, with no dependency but their paths and cached-read.ts, so this body
 * runs before the rest of the script's modules are evaluated. A cold worker spends most of 100 ms
 * evaluating them; the browser reads the files meanwhile. A read is kept once it has succeeded; a
 * failed one is not, so a retry asks again (cachedRead).
 *
 * Uses the browser's own API object, not the polyfill: it is not evaluated yet.
 */
import { COMMUNITY_TABLE_PATH, LEXICON_INDEX_PATH, LEXICON_PATH } from 'virtual:rxradar-prepared-data';
import { cachedRead } from './cached-read';

type RuntimeHolder = { runtime?: { getURL?: (path: string) => string } };

/** One of the extension's own files (made at build time: scripts/build/prepared-data-plugin.ts). */
async function ownFile(path: string): Promise<Response> {
  const g = globalThis as { browser?: RuntimeHolder; chrome?: RuntimeHolder };
  const runtime = g.browser?.runtime?.getURL ? g.browser.runtime : g.chrome?.runtime;
  if (!runtime?.getURL) throw new Error('RxRadar: no runtime.getURL');
  const response = await fetch(runtime.getURL(path));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response;
}

const lexiconRead = cachedRead(async (): Promise<unknown> => (await ownFile(LEXICON_PATH)).json());
const lexiconIndexRead = cachedRead(async (): Promise<ArrayBuffer> => (await ownFile(LEXICON_INDEX_PATH)).arrayBuffer());
const communityTableRead = cachedRead(async (): Promise<ArrayBuffer> => (await ownFile(COMMUNITY_TABLE_PATH)).arrayBuffer());

/** The lexicon file's parsed JSON (validated at build time). */
export const lexiconJson = (): Promise<unknown> => lexiconRead.get();
/** The bytes of the lexicon's compiled index. */
export const lexiconIndexBytes = (): Promise<ArrayBuffer> => lexiconIndexRead.get();
/** The packed community list's bytes. */
export const communityTableBytes = (): Promise<ArrayBuffer> => communityTableRead.get();
