/**
 * Sizes of the built extension's scripts (.output/chrome-mv3): background.js, the content script,
 * every page chunk, and the data files the worker loads.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUILDS } from '../../tests/browser/support/build';

export interface BundleSizes {
  background: number;
  contentScript: number;
  /** chunks/*.js, largest first. */
  chunks: Array<{ file: string; bytes: number }>;
  /** data/* (loaded by the worker at start). */
  data: Array<{ file: string; bytes: number }>;
}

export function bundleSizes(dir = BUILDS.chrome): BundleSizes {
  if (!existsSync(join(dir, 'background.js'))) throw new Error(`no build in ${dir}: npm run build`);
  const list = (sub: string, ext: string) =>
    existsSync(join(dir, sub))
      ? readdirSync(join(dir, sub))
          .filter((f) => f.endsWith(ext))
          .map((file) => ({ file: `${sub}/${file}`, bytes: statSync(join(dir, sub, file)).size }))
          .sort((a, b) => b.bytes - a.bytes)
      : [];
  return {
    background: statSync(join(dir, 'background.js')).size,
    contentScript: statSync(join(dir, 'content-scripts', 'content.js')).size,
    chunks: list('chunks', '.js'),
    data: list('data', ''),
  };
}
