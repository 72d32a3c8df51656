/**
 * Reads the worker starts before it needs them (early-data.ts). Uses the browser's own API object,
 * not the polyfill: what starts early runs before the polyfill is evaluated.
 */
type RuntimeHolder = { runtime?: { getURL?: (path: string) => string } };

/** One of the extension's own files (made at build time: scripts/build/prepared-data-plugin.ts). */
export async function ownFile(path: string): Promise<Response> {
  const g = globalThis as { browser?: RuntimeHolder; chrome?: RuntimeHolder };
  const runtime = g.browser?.runtime?.getURL ? g.browser.runtime : g.chrome?.runtime;
  if (!runtime?.getURL) throw new Error('RxRadar: no runtime.getURL');
  const response = await fetch(runtime.getURL(path));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response;
}

/** Starts `read` now; the first call takes that read, every later call (a retry) reads again. */
export function startedEarly<T>(read: () => Promise<T>): () => Promise<T> {
  let first: Promise<T> | null = read();
  // Not an unhandled rejection if it fails before anyone asks; whoever takes it sees the error.
  first.catch(() => undefined);
  return () => {
    const p = first ?? read();
    first = null;
    return p;
  };
}
