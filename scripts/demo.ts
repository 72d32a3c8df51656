/**
 * npm run demo: builds the extension (the npm script does) and shows RxRadar's judgement on a
 * set of the bundled demo pages (from the fixture corpus), through the same path as the CLI.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../src/core/engine';
import type { Verdict } from '../src/core/verdict';
import { bundledData } from '../src/data/bundled-data';
import { loadCommunityListNode } from '../src/data/load-community-list-node';
import { htmlToSnapshot } from '../src/extraction/html-to-snapshot';

const FIXTURES = fileURLToPath(new URL('../tests/fixtures/', import.meta.url));
const DEMO_PAGES = [
  'rogue-rxmeds-express24-catalogue',
  'precursor-npp-b2b-product',
  'obf-leetspeak-shop',
  'glp1-retatrutide-single',
  'es-farmacia-sinreceta',
  'caution-edpills-no-rx',
  'legit-cvs-refill',
  'legit-healthwarehouse-catalogue',
  'news-reuters-operation-meltdown',
  'wiki-fentanyl',
  'chem-sigma-4-piperidone',
];

const colour = process.stdout.isTTY ? (code: number, s: string) => `\x1b[${code}m${s}\x1b[0m` : (_: number, s: string) => s;
const LEVEL = { danger: colour(41, ' DANGER  '), caution: colour(43, ' CAUTION '), none: colour(42, '  NONE   ') } as const;

function show(label: string, v: Verdict): void {
  console.log(`\n${LEVEL[v.level]} ${v.host}  (score ${v.score})  ${colour(2, label)}`);
  if (v.listMatch) console.log(`   list: ${v.listMatch.tier}, ${v.listMatch.source} (${v.listMatch.date ?? 'no date'})`);
  for (const r of v.reasons.filter((r) => r.kind !== 'context').slice(0, 4)) {
    const ev = r.evidence.length
      ? `: ${r.evidence
          .slice(0, 2)
          .map((e) => `"${e}"`)
          .join(', ')}`
      : '';
    console.log(`   ${r.weight > 0 ? '+' : ''}${r.weight} ${r.label}${ev}`);
  }
}

const engine = createEngine({ ...bundledData, community: loadCommunityListNode() });
const manifest = readFileSync(`${FIXTURES}corpus.jsonl`, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { url: string; file: string; expected: string });
console.log('RxRadar demo: bundled demo pages, analysed on this machine (nothing is sent anywhere).');
let agree = 0;
for (const name of DEMO_PAGES) {
  const page = manifest.find((p) => p.file === `pages/${name}.html`);
  if (!page) throw new Error(`demo page ${name} is missing from tests/fixtures/corpus.jsonl`);
  const v = engine.analyzePage(htmlToSnapshot(readFileSync(`${FIXTURES}${page.file}`, 'utf8'), page.url));
  if (v.level === page.expected) agree++;
  show(`${page.file} (expected ${page.expected})`, v);
}
show('address only: a domain named in an FDA warning letter', engine.checkUrl('https://www.tramadolus.org/buy'));
console.log(`\n${agree}/${DEMO_PAGES.length} demo pages at their expected level.`);
console.log('\nThe extension is built, ready to load unpacked:');
console.log('  Chrome/Chromium: chrome://extensions > Developer mode > Load unpacked > .output/chrome-mv3');
console.log('  Firefox: about:debugging > This Firefox > Load Temporary Add-on > .output/firefox-mv2/manifest.json');
console.log('Scan your own saved pages: npm run -s cli -- scan page.html --url https://example.com/');
