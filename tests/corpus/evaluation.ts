/**
 * Evaluation figures for a labelled corpus, per class and per language, each rate with its 95%
 * Wilson score interval, plus the confusion table (expected level x verdict level) per language.
 * Pure: no files, no processes (tests/corpus/scan-corpus.ts runs the CLI and feeds rows in).
 *
 * Classes: a page expected `danger` is *rogue*, a page expected `none` is *legitimate* (or
 * neutral). Pages expected `caution` (the training and held-out corpora have a few) belong to
 * neither class: they appear in the confusion tables and in danger precision (a caution-expected
 * page given danger is not a rogue page caught), and nowhere else.
 */
export type Level = 'danger' | 'caution' | 'none';

/** One page of a labelled corpus: its expected level and the level the engine gave it. */
export interface Labelled {
  file: string;
  category: string;
  expected: Level;
  got: Level;
}
export const LEVELS: readonly Level[] = ['danger', 'caution', 'none'];

export interface EvaluatedRow extends Labelled {
  /** Primary language subtag, lower case (`en`, `pt`, `hi`). */
  language: string;
}

/** A proportion with its 95% Wilson score interval; `null` rate and bounds when `n` is 0. */
export interface Proportion {
  successes: number;
  n: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

/** z for a two-sided 95% interval (the 0.975 quantile of the standard normal). */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for `successes` out of `n` (Wilson 1927; Newcombe 1998, method 3):
 * centre (p + z²/2n) / (1 + z²/n), half-width z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n).
 * Unlike the normal (Wald) interval it stays inside [0, 1] and is not empty at 0 or n successes,
 * which is where small per-language samples live.
 */
export function wilson(successes: number, n: number, z = Z95): Proportion {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || n < 0 || successes < 0 || successes > n) {
    throw new RangeError(`wilson: need integers 0 <= successes <= n, got ${successes}/${n}`);
  }
  if (n === 0) return { successes, n, rate: null, low: null, high: null };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // At 0 and n successes the bound is exactly 0 or 1; clamp rounding noise either side.
  const low = successes === 0 ? 0 : Math.max(0, centre - halfWidth);
  const high = successes === n ? 1 : Math.min(1, centre + halfWidth);
  return { successes, n, rate: p, low, high };
}

export type Confusion = Record<Level, Record<Level, number>>;

export function confusion(rows: readonly Labelled[]): Confusion {
  const table = Object.fromEntries(LEVELS.map((e) => [e, Object.fromEntries(LEVELS.map((g) => [g, 0]))])) as Confusion;
  for (const r of rows) table[r.expected][r.got]++;
  return table;
}

export interface GroupFigures {
  pages: number;
  /** Rogue (expected danger) pages. */
  rogue: number;
  /** Legitimate (expected none) pages. */
  legit: number;
  /** Rogue pages given danger. */
  dangerRecall: Proportion;
  /** Rogue pages given danger or caution. */
  flaggedRecall: Proportion;
  /** Legitimate pages given danger. */
  falseDangerRate: Proportion;
  /** Legitimate pages given caution. */
  cautionRate: Proportion;
  /** Pages given danger that are rogue. */
  dangerPrecision: Proportion;
  confusion: Confusion;
}

export function groupFigures(rows: readonly Labelled[]): GroupFigures {
  const c = confusion(rows);
  const rogue = c.danger.danger + c.danger.caution + c.danger.none;
  const legit = c.none.danger + c.none.caution + c.none.none;
  const givenDanger = c.danger.danger + c.caution.danger + c.none.danger;
  return {
    pages: rows.length,
    rogue,
    legit,
    dangerRecall: wilson(c.danger.danger, rogue),
    flaggedRecall: wilson(c.danger.danger + c.danger.caution, rogue),
    falseDangerRate: wilson(c.none.danger, legit),
    cautionRate: wilson(c.none.caution, legit),
    dangerPrecision: wilson(c.danger.danger, givenDanger),
    confusion: c,
  };
}

export interface CorpusEvaluation {
  name: string;
  all: GroupFigures;
  /** Per language, languages in alphabetical order. */
  byLanguage: [string, GroupFigures][];
  mismatches: EvaluatedRow[];
}

export function evaluateCorpus(name: string, rows: readonly EvaluatedRow[]): CorpusEvaluation {
  const languages = [...new Set(rows.map((r) => r.language))].sort();
  return {
    name,
    all: groupFigures(rows),
    byLanguage: languages.map((lang) => [lang, groupFigures(rows.filter((r) => r.language === lang))]),
    mismatches: rows.filter((r) => r.got !== r.expected),
  };
}

/** `9/22 40.9% [23.3–61.3]`, or `–` when there is nothing to measure. */
export function formatProportion(p: Proportion): string {
  if (p.rate === null || p.low === null || p.high === null) return '–';
  const pct = (x: number) => (x * 100).toFixed(1);
  return `${p.successes}/${p.n} ${pct(p.rate)}% [${pct(p.low)}–${pct(p.high)}]`;
}

const FIGURE_HEADER =
  '| language | rogue | danger recall | danger+caution recall | legit | false danger | caution on legit | danger precision |\n' +
  '|---|---:|---|---|---:|---|---|---|';

function figureRow(label: string, g: GroupFigures): string {
  return `| ${label} | ${g.rogue} | ${formatProportion(g.dangerRecall)} | ${formatProportion(g.flaggedRecall)} | ${g.legit} | ${formatProportion(g.falseDangerRate)} | ${formatProportion(g.cautionRate)} | ${formatProportion(g.dangerPrecision)} |`;
}

/**
 * The report of one corpus in markdown: the figures table (one row per language, then all), the
 * confusion tables (expected x got, per language) and, when `listMismatches`, every page not at
 * its expected level.
 */
export function formatEvaluation(e: CorpusEvaluation, options: { listMismatches?: boolean } = {}): string {
  const out = [
    `### ${e.name}: ${e.all.pages} pages, ${e.all.confusion.danger.danger + e.all.confusion.caution.caution + e.all.confusion.none.none} at the expected level`,
    '',
  ];
  out.push('Rates with 95% Wilson score intervals.', '', FIGURE_HEADER);
  for (const [lang, g] of e.byLanguage) out.push(figureRow(lang, g));
  if (e.byLanguage.length > 1) out.push(figureRow('**all**', e.all));
  const hasCautionExpected = e.all.confusion.caution.danger + e.all.confusion.caution.caution + e.all.confusion.caution.none > 0;
  const expectedLevels = LEVELS.filter((l) => l !== 'caution' || hasCautionExpected);
  out.push(
    '',
    'Confusion (rows: expected level; columns: verdict):',
    '',
    '| language | expected | got danger | got caution | got none |',
    '|---|---|---:|---:|---:|',
  );
  const groups: [string, GroupFigures][] = e.byLanguage.length > 1 ? [...e.byLanguage, ['**all**', e.all]] : e.byLanguage;
  for (const [lang, g] of groups) {
    for (const expected of expectedLevels) {
      const row = g.confusion[expected];
      if (row.danger + row.caution + row.none === 0) continue;
      out.push(`| ${lang} | ${expected} | ${row.danger} | ${row.caution} | ${row.none} |`);
    }
  }
  if (options.listMismatches && e.mismatches.length > 0) {
    out.push('', 'Pages not at their expected level:', '');
    for (const m of e.mismatches) out.push(`- ${m.file} (${m.language}, ${m.category}): expected ${m.expected}, got ${m.got}`);
  }
  return out.join('\n');
}
