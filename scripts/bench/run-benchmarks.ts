/**
 * npm run bench: prints RxRadar's speed and memory figures (targets in the issues, not asserted).
 *   1. Domain lists: build time, bytes per entry, lookups per second at 1k, 30k, 300k entries.
 *   2. Page analysis: 10 KB .. 5 MB of text, against one toLowerCase() pass over the same text.
 *   3. Signed list feeds: verification and the engine rebuild a new list is swapped into.
 *   4. The extension in Chromium: its main-thread cost on a heavy page, time to the danger badge.
 *   5. Link marks in Chromium: main-thread cost on result pages with 100 and 10,000 links.
 *   6. Crawl-scale scanning: `rxradar scan` on a WARC.gz of corpus pages (pages/s and MB/s per
 *      core, 1 and 2 workers, against today's per-file DOM path), peak RSS on a 1 GB WARC stream,
 *      `rxradar check` latency. Needs the compiled CLI (npm run build:cli). `--stream-gb=N` sets
 *      the size of the big stream (default 1; 0 leaves it out).
 *   7. Start-up: engine start-up in Node (prepared data vs the raw files), sizes of the built
 *      scripts, and in Chromium cold and warm time to the danger badge (worker stopped by CDP),
 *      lost verdicts in N cold, N warm and 4-tabs-at-once visits, popup first paint.
 * Run with --expose-gc (the npm script does) for memory figures.
 * `--only=lists,analysis,feeds,browser,links,archive,startup,coldstart`; `--visits=N` cold and N warm visits (default 20).
 */
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../src/core/engine';
import { bundledData } from '../../src/data/bundled-data';
import { loadCommunityListNode } from '../../src/data/load-community-list-node';
import { benchAnalysis, corpusText, textOfSize } from './analysis-speed';
import { benchArchiveScan } from './archive-scan';
import { benchExtensionCost } from './extension-cost';
import { benchFeedSwap } from './feed-swap';
import { benchLinkMarks } from './link-marks-cost';
import { benchLookups } from './list-lookups';
import { bundleSizes } from './bundle-sizes';
import { benchBareNavigation, benchColdStart, TIMELINE_STEPS, WARM_STEPS } from './cold-start';
import { benchEngineStartup } from './engine-startup';

const only = (process.argv.find((a) => a.startsWith('--only='))?.slice(7) ?? 'lists,analysis,feeds,browser,links,archive,startup,coldstart').split(',');
const visits = Number(process.argv.find((a) => a.startsWith('--visits='))?.slice(9) ?? 20);
const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

if (only.includes('lists')) {
  console.log('\n## Domain lists (DomainSet: two 32-bit hashes + entry number per slot)');
  console.log('entries   | build ms | heap+buffers bytes/entry | table bytes/entry | lookups/s');
  for (const n of [1_000, 30_000, 300_000]) {
    const f = benchLookups(n);
    console.log(
      `${String(n).padEnd(9)} | ${fmt(f.buildMs).padStart(8)} | ${(f.bytesPerEntry === null ? 'run with --expose-gc' : fmt(f.bytesPerEntry)).padStart(24)} | ${fmt(f.tableBytesPerEntry).padStart(17)} | ${fmt(f.lookupsPerSecond, 0).padStart(10)}`,
    );
  }
  const t = performance.now();
  createEngine({ ...bundledData, community: loadCommunityListNode() });
  console.log(`engine start-up with all bundled data (lexicons, authority list, 19k-host community list): ${fmt(performance.now() - t)} ms`);
}

if (only.includes('analysis')) {
  console.log('\n## Page analysis (fixture-corpus text repeated to size; median of many runs)');
  console.log('text size | analyse ms | toLowerCase ms | ratio | µs per KB');
  const engine = createEngine({ ...bundledData, community: loadCommunityListNode() });
  const source = corpusText(fileURLToPath(new URL('../../tests/fixtures', import.meta.url)));
  for (const [label, bytes] of [
    ['10 KB', 10_240],
    ['100 KB', 102_400],
    ['1 MB', 1_048_576],
    ['5 MB', 5_242_880],
  ] as const) {
    const f = benchAnalysis(engine, textOfSize(source, bytes));
    console.log(
      `${label.padEnd(9)} | ${fmt(f.analyseMs, 3).padStart(10)} | ${fmt(f.lowerCaseMs, 3).padStart(14)} | ${fmt(f.ratio).padStart(5)} | ${fmt(f.microsPerKb, 2).padStart(9)}`,
    );
  }
  console.log('target: 1 MB analysed in at most 10x one toLowerCase() pass (aim 4x); µs per KB flat = linear growth');
}

if (only.includes('feeds')) {
  console.log('\n## Signed list feeds (median of 5): verify = Ed25519 + schema + known-pharmacy check; build = new engine with the list');
  console.log('entries  | document  | verify ms | engine build ms');
  for (const f of await benchFeedSwap([1_000, 10_000, 30_000])) {
    console.log(
      `${String(f.entries).padEnd(8)} | ${`${fmt(f.documentBytes / 1024 / 1024, 2)} MB`.padStart(9)} | ${fmt(f.verifyMs).padStart(9)} | ${fmt(f.engineBuildMs).padStart(15)}`,
    );
  }
  console.log('a refresh that brings a new list costs verify + build once; verdicts keep using the old engine until the new one is in place');
}

if (only.includes('browser')) {
  console.log('\n## The extension in Chromium (Debian chromium, headless; median of 5 runs)');
  const f = await benchExtensionCost(5);
  console.log(`heavy page: ${fmt(f.heavyPageChars / 1e6, 2)} M characters of text, ${f.heavyPageElements.toLocaleString('en-US')} elements`);
  console.log(`page main-thread work during load (trace): without RxRadar ${fmt(f.pageMsWithout)} ms, with RxRadar ${fmt(f.pageMsWith)} ms`);
  console.log(
    `RxRadar's content script on the main thread: ${fmt(f.extensionScriptMs)} ms = ${fmt(f.shareOfPageWork * 100, 2)}% of the page's work (target ≤ 0.5%); longest task ${fmt(f.extensionLongestMs)} ms (target ≤ 16)`,
  );
  console.log(
    `in CPU (thread) time, which a loaded machine does not inflate: page without RxRadar ${fmt(f.pageCpuMsWithout)} ms; content script ${fmt(f.extensionCpuMs)} ms = ${fmt(f.cpuShareOfPageWork * 100, 2)}%; longest task ${fmt(f.extensionLongestCpuMs)} ms`,
  );
}

if (only.includes('startup')) {
  console.log('\n## Start-up: engine in Node (first run in a fresh process = cold; median of 5 later runs = warm; median of 5 processes)');
  const e = benchEngineStartup(5);
  console.log(`prepared data (as the extension loads it) → address verdicts: cold ${fmt(e.prepared.cold)} ms, warm ${fmt(e.prepared.warm)} ms (target ≤ 20)`);
  console.log(
    `prepared data + page analysis ready (lexicon compiled at build time): cold ${fmt(e.preparedWithAnalysis.cold)} ms, warm ${fmt(e.preparedWithAnalysis.warm)} ms`,
  );
  console.log(`raw files + list text (the CLI's createEngine): cold ${fmt(e.fromText.cold)} ms, warm ${fmt(e.fromText.warm)} ms`);
  const s = bundleSizes();
  const kb = (b: number) => `${fmt(b / 1024)} KB`;
  console.log(`background.js ${kb(s.background)} (target ≤ 400 KB); content script ${kb(s.contentScript)} (target ≤ 25 KB)`);
  console.log(`page chunks (target ≤ 100 KB each): ${s.chunks.map((c) => `${c.file.replace('chunks/', '')} ${kb(c.bytes)}`).join(', ')}`);
  console.log(`data files the worker loads: ${s.data.map((d) => `${d.file} ${kb(d.bytes)}`).join(', ') || 'none'}`);
}

if (only.includes('coldstart')) {
  console.log(
    `\n## Cold and warm in Chromium (${visits} cold + ${visits} warm rogue visits; listed domain ${Math.min(visits, 10)} + ${Math.min(visits, 10)}; worker stopped by CDP ServiceWorker.stopWorker and checked stopped before each cold visit)`,
  );
  const c = await benchColdStart(visits);
  const row = (label: string, xs: number[], target: number) =>
    console.log(
      `${label.padEnd(22)} median ${xs.length ? fmt(median(xs), 0) : '-'} ms, p90 ${xs.length ? fmt(quantile(xs, 0.9), 0) : '-'} ms (n=${xs.length}, target ≤ ${target})`,
    );
  row('rogue page, cold', c.badgeMs.rogueCold, 300);
  row('rogue page, warm', c.badgeMs.rogueWarm, 150);
  row('listed domain, cold', c.badgeMs.listedCold, 150);
  row('listed domain, warm', c.badgeMs.listedWarm, 50);
  console.log(
    `lost verdicts (no "!" within 8 s): cold ${c.lost.cold}/${visits}, warm ${c.lost.warm}/${visits}, 4 tabs at once ${c.lost.fourTabs.lost}/${c.lost.fourTabs.visits}`,
  );
  if (c.engine) {
    console.log(
      `engine start-up in the worker (median, cold starts): first engine ready ${fmt(c.engine.firstEngineMs)} ms after the worker started, of which community table loaded at ${fmt(c.engine.communityTableMs)} ms, lexicon files at ${fmt(c.engine.lexiconMs)} ms and engine build ${fmt(c.engine.engineBuildMs)} ms (target ≤ 20); page analysis ready after that in ${fmt(c.engine.analysisMs)} ms`,
    );
  } else console.log('engine start-up in the worker: not reported by this build');
  const steps = TIMELINE_STEPS.map((k) => ({ k, xs: c.timeline[k].filter((x) => Number.isFinite(x)) })).filter((s) => s.xs.length > 0);
  if (steps.length)
    console.log(
      `cold rogue visit, ms after the navigation started (medians, n=${steps[0]!.xs.length}): ${steps.map((s) => `${s.k} ${fmt(median(s.xs))}`).join(' · ')}`,
    );
  const warmSteps = WARM_STEPS.map((k) => ({ k, xs: c.warmTimeline[k].filter((x) => Number.isFinite(x)) })).filter((s) => s.xs.length > 0);
  if (warmSteps.length)
    console.log(
      `warm rogue visit, ms after the navigation started (medians, n=${warmSteps[0]!.xs.length}): ${warmSteps.map((s) => `${s.k} ${fmt(median(s.xs))}`).join(' · ')}`,
    );
  const bare = await benchBareNavigation(visits);
  console.log(
    `without RxRadar (the same browser and navigations): rogue page parsed (DOMContentLoaded) median ${fmt(median(bare.rogueParsedMs), 0)} ms, p90 ${fmt(quantile(bare.rogueParsedMs, 0.9), 0)} ms (n=${bare.rogueParsedMs.length}); listed domain's page parsed median ${fmt(median(bare.listedParsedMs), 0)} ms (n=${bare.listedParsedMs.length})`,
  );
  row('popup first paint', c.popupFirstPaintMs, 100);
}

function median(xs: number[]): number {
  return quantile(xs, 0.5);
}
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
}

if (only.includes('links')) {
  console.log('\n## Link marks in Chromium (result pages, a tenth of the links to listed pharmacies, half Google-wrapped; median of 5 runs)');
  console.log('links  | page main-thread ms (no RxRadar) | link marks ms | longest link-marks task ms | marks shown');
  const marksCpu: string[] = [];
  for (const f of await benchLinkMarks([100, 10_000])) {
    console.log(
      `${String(f.links).padEnd(6)} | ${fmt(f.pageMsWithout, 2).padStart(32)} | ${fmt(f.marksMs, 2).padStart(13)} | ${fmt(f.longestMarksTaskMs, 2).padStart(26)} | ${String(f.marks).padStart(11)}`,
    );
    marksCpu.push(
      `${f.links} links: page ${fmt(f.pageCpuMsWithout, 2)} ms, link marks ${fmt(f.marksCpuMs, 2)} ms, longest task ${fmt(f.longestMarksTaskCpuMs, 2)} ms`,
    );
  }
  console.log(`in CPU (thread) time, which a loaded machine does not inflate: ${marksCpu.join('; ')}`);
  console.log('targets: 100 links at most 2 ms of main-thread time; no link-marks task over 16 ms at 10,000 links');
}

if (only.includes('archive')) {
  const streamGb = Number(process.argv.find((a) => a.startsWith('--stream-gb='))?.slice(12) ?? 1);
  const f = await benchArchiveScan({ records: 10_290, streamGb });
  console.log(
    `\n## Crawl-scale scanning: rxradar scan (compiled) on a WARC.gz of ${f.records.toLocaleString('en-US')} corpus pages (${fmt(f.warcGzMb)} MB gzipped, ${fmt(f.htmlMb)} MB of HTML)`,
  );
  console.log('per core = per CPU second (user + system, all threads); start-up (engine build, once per process and per worker) left out');
  console.log('path                                   | pages/s per core | MB/s per core | ms per page');
  const row = (name: string, pps: number, mbs: number) =>
    console.log(`${name.padEnd(38)} | ${fmt(pps, 0).padStart(16)} | ${fmt(mbs, 2).padStart(13)} | ${fmt(1000 / pps, 2).padStart(11)}`);
  row("today's per-file path (linkedom DOM)", f.perFile.pagesPerSecondPerCore, f.perFile.mbPerSecondPerCore);
  row('streaming extraction, in process', f.streaming.pagesPerSecondPerCore, f.streaming.mbPerSecondPerCore);
  for (const w of f.workers) row(`rxradar scan --workers ${w.workers} (WARC.gz)`, w.pagesPerSecondPerCore, w.mbPerSecondPerCore);
  console.log(`start-up (no pages): ${fmt(f.startup.cpuSeconds, 2)} s CPU`);
  for (const w of f.workers)
    console.log(
      `--workers ${w.workers}: ${fmt(w.run.wallSeconds, 2)} s wall, ${fmt(w.pagesPerSecond, 0)} pages/s, ${fmt(w.run.cpuSeconds, 2)} s CPU, peak RSS ${fmt(w.run.maxRssMb, 0)} MB`,
    );
  const [one, two] = f.workers;
  console.log(`speed-up, 2 workers against 1 (wall clock, depends on free cores): ${fmt(one!.run.wallSeconds / two!.run.wallSeconds, 2)}x`);
  const [longOne, longTwo] = f.long.runs;
  console.log(
    `the same archive 4 times over (${f.long.records.toLocaleString('en-US')} pages): --workers 1 ${fmt(longOne!.run.wallSeconds, 1)} s wall (${fmt(longOne!.run.cpuSeconds, 1)} s CPU), --workers 2 ${fmt(longTwo!.run.wallSeconds, 1)} s wall (${fmt(longTwo!.run.cpuSeconds, 1)} s CPU, peak RSS ${fmt(longTwo!.run.maxRssMb, 0)} MB): speed-up ${fmt(longOne!.run.wallSeconds / longTwo!.run.wallSeconds, 2)}x`,
  );
  console.log(
    `per-page CPU against today's per-file path: ${fmt(f.perFile.pagesPerSecondPerCore / one!.pagesPerSecondPerCore, 3)} of the time (target: under 0.1)`,
  );
  const fl = f.floor;
  const share = (ms: number) => `${fmt(ms, 3)} ms per page, ${fmt(ms / fl.perFile, 3)} of the per-file path`;
  console.log(
    `what the target leaves (best of ${fl.rounds} rounds each, in this process): the per-file path ${fmt(fl.perFile, 3)} ms per page, a tenth ${fmt(fl.perFile / 10, 3)}`,
  );
  console.log(`  the same WARC.gz read, nothing done with the pages (gunzip, warcio): ${share(fl.reading)}`);
  console.log(`  read, decoded and parsed by htmlparser2 doing nothing: ${share(fl.parsing)}`);
  console.log(`  and each verdict written as its JSON line: ${share(fl.parsing + fl.json)}`);
  if (f.bigStream) {
    const b = f.bigStream;
    console.log(
      `${fmt(b.gb, 1)} GB WARC stream on stdin (--workers 2): ${b.records.toLocaleString('en-US')} pages in ${fmt(b.run.wallSeconds, 1)} s, peak RSS ${fmt(b.run.maxRssMb, 0)} MB`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `rxradar check example.com (node dist/cli/rxradar.mjs, 7 runs): median ${fmt(median(f.checkMs.wallMs), 0)} ms wall (min ${fmt(Math.min(...f.checkMs.wallMs), 0)}), median ${fmt(median(f.checkMs.cpuMs), 0)} ms CPU (target 300 ms)`,
  );
}
