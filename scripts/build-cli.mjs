/**
 * Compiles the command line ahead of time (esbuild): dist/cli/rxradar.mjs (the `rxradar` bin),
 * dist/cli/scan-worker.mjs (the worker threads of `scan --workers N`) and
 * dist/cli/reports-serve.mjs (the intake server, `npm run reports:serve` compiled: what the tests
 * start), with shared chunks beside them, so that `rxradar` runs on plain Node without tsx. Dependencies are bundled except
 * better-sqlite3 (a native module, loaded from node_modules by `reports`). The community list is
 * copied to where the bundle reads it. Run by `npm run build`, `npm run build:cli` and `prepare`.
 */
import { chmodSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const OUT = 'dist/cli';
rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: { rxradar: 'src/cli/rxradar-cli.ts', 'scan-worker': 'src/cli/scan-worker.ts', 'reports-serve': 'src/server/serve.ts' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  // Chunks beside the entries: modules find the worker and the community list relative to themselves.
  chunkNames: 'chunk-[hash]',
  external: ['better-sqlite3'],
  // Smaller files parse faster (`check` should answer in well under 300 ms). Names are kept as
  // written, so stack traces and CPU profiles name the real functions, without keepNames' wrapper
  // call around every function made at run time (1% of a scan's CPU).
  minifyWhitespace: true,
  minifySyntax: true,
  banner: { js: "import { createRequire as __rxradarRequire } from 'node:module'; const require = __rxradarRequire(import.meta.url);" },
  logLevel: 'warning',
});
mkdirSync(`${OUT}/lists/third-party`, { recursive: true });
cpSync('src/data/lists/third-party/blocklistproject-drugs.txt', `${OUT}/lists/third-party/blocklistproject-drugs.txt`);
chmodSync(`${OUT}/rxradar.mjs`, 0o755);

// The validated lists for `check` (src/cli/list-snapshot.ts), so that it starts without zod.
const snapshotModule = await build({
  entryPoints: ['src/cli/list-snapshot.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  write: false,
  banner: { js: "import { createRequire as __rxradarRequire } from 'node:module'; const require = __rxradarRequire(import.meta.url);" },
  logLevel: 'warning',
});
const tmp = `${OUT}/list-snapshot.tmp.mjs`;
writeFileSync(tmp, snapshotModule.outputFiles[0].text);
try {
  const { buildListSnapshot } = await import(pathToFileURL(resolve(tmp)).href);
  writeFileSync(`${OUT}/lists/check-lists.json`, JSON.stringify(buildListSnapshot()));
} finally {
  rmSync(tmp);
}
