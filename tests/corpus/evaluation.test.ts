import { describe, expect, it } from 'vitest';
import { confusion, evaluateCorpus, formatEvaluation, formatProportion, groupFigures, wilson, type EvaluatedRow, type Level } from './evaluation';
import { pageLanguage, primaryLanguage } from './scan-corpus';

describe('wilson', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in
  // Medicine 17:857-872, Table I, method 3 (Wilson score interval without continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i matches the published interval', (x, n, low, high) => {
    const w = wilson(x, n);
    expect(w.rate).toBeCloseTo(x / n, 12);
    expect(w.low).toBeCloseTo(low, 4);
    expect(w.high).toBeCloseTo(high, 4);
  });

  it('matches hand-computed bounds, including the closed forms at 0 and n', () => {
    // 5/10: centre 0.5, half-width 1.96·sqrt(0.025 + 3.8415/400) / (1 + 3.8415/10) = 0.26341
    const half = wilson(5, 10);
    expect(half.low).toBeCloseTo(0.5 - 0.26341, 4);
    expect(half.high).toBeCloseTo(0.5 + 0.26341, 4);
    // 0/n: upper bound z²/(n + z²); n/n: lower bound n/(n + z²).
    const z2 = 1.959963984540054 ** 2;
    expect(wilson(0, 10)).toEqual({ successes: 0, n: 10, rate: 0, low: 0, high: expect.closeTo(z2 / (10 + z2), 12) });
    expect(wilson(10, 10)).toEqual({ successes: 10, n: 10, rate: 1, low: expect.closeTo(10 / (10 + z2), 12), high: 1 });
  });

  it('has no rate when there is nothing to measure, and refuses impossible counts', () => {
    expect(wilson(0, 0)).toEqual({ successes: 0, n: 0, rate: null, low: null, high: null });
    expect(() => wilson(3, 2)).toThrow(RangeError);
    expect(() => wilson(-1, 2)).toThrow(RangeError);
    expect(() => wilson(1.5, 2)).toThrow(RangeError);
  });
});

function rows(language: string, expected: Level, got: Level, count: number): EvaluatedRow[] {
  return Array.from({ length: count }, (_, i) => ({ file: `${language}-${expected}-${got}-${i}.html`, category: 'c', expected, got, language }));
}

// German: 4 rogue (2 danger, 1 caution, 1 none), 5 legitimate (1 danger, 1 caution, 3 none) and one
// caution-expected page given danger. Portuguese: 3 rogue all danger, 2 legitimate quiet.
const corpus: EvaluatedRow[] = [
  ...rows('pt', 'danger', 'danger', 3),
  ...rows('de', 'danger', 'danger', 2),
  ...rows('de', 'danger', 'caution', 1),
  ...rows('de', 'danger', 'none', 1),
  ...rows('de', 'none', 'danger', 1),
  ...rows('de', 'none', 'caution', 1),
  ...rows('de', 'none', 'none', 3),
  ...rows('de', 'caution', 'danger', 1),
  ...rows('pt', 'none', 'none', 2),
];

describe('groupFigures and evaluateCorpus', () => {
  it('counts the confusion table expected x got', () => {
    expect(confusion(corpus)).toEqual({
      danger: { danger: 5, caution: 1, none: 1 },
      caution: { danger: 1, caution: 0, none: 0 },
      none: { danger: 1, caution: 1, none: 5 },
    });
  });

  it('computes each rate on its own class, per language and overall', () => {
    const e = evaluateCorpus('t', corpus);
    expect(e.byLanguage.map(([l]) => l)).toEqual(['de', 'pt']);
    const de = e.byLanguage[0]![1];
    expect([de.pages, de.rogue, de.legit]).toEqual([10, 4, 5]);
    expect([de.dangerRecall.successes, de.dangerRecall.n]).toEqual([2, 4]);
    expect([de.flaggedRecall.successes, de.flaggedRecall.n]).toEqual([3, 4]);
    expect([de.falseDangerRate.successes, de.falseDangerRate.n]).toEqual([1, 5]);
    expect([de.cautionRate.successes, de.cautionRate.n]).toEqual([1, 5]);
    // Given danger: 2 rogue, 1 legitimate, 1 caution-expected.
    expect([de.dangerPrecision.successes, de.dangerPrecision.n]).toEqual([2, 4]);
    const pt = e.byLanguage[1]![1];
    expect([pt.dangerRecall.successes, pt.dangerRecall.n, pt.falseDangerRate.successes, pt.falseDangerRate.n]).toEqual([3, 3, 0, 2]);
    expect([pt.dangerPrecision.successes, pt.dangerPrecision.n]).toEqual([3, 3]);
    expect([e.all.dangerRecall.successes, e.all.dangerRecall.n]).toEqual([5, 7]);
    expect([e.all.flaggedRecall.successes, e.all.flaggedRecall.n]).toEqual([6, 7]);
    expect([e.all.falseDangerRate.successes, e.all.falseDangerRate.n]).toEqual([1, 7]);
    expect([e.all.dangerPrecision.successes, e.all.dangerPrecision.n]).toEqual([5, 7]);
    expect(e.mismatches).toHaveLength(5);
  });

  it('has no rate for a class a group lacks', () => {
    const g = groupFigures(rows('vi', 'none', 'none', 4));
    expect(g.dangerRecall.rate).toBeNull();
    expect(g.dangerPrecision.rate).toBeNull();
    expect(formatProportion(g.dangerRecall)).toBe('–');
    expect(formatProportion(g.falseDangerRate)).toBe('0/4 0.0% [0.0–49.0]');
  });
});

describe('formatEvaluation', () => {
  it('prints a figures row per language and overall, and the confusion rows per language', () => {
    const text = formatEvaluation(evaluateCorpus('toy corpus', corpus), { listMismatches: true });
    expect(text).toContain('### toy corpus: 15 pages, 10 at the expected level');
    // de: 2/4 danger recall, Wilson [15.0, 85.0]; 3/4 flagged [30.1, 95.4]; 1/5 [3.6, 62.4]
    expect(text).toContain(
      '| de | 4 | 2/4 50.0% [15.0–85.0] | 3/4 75.0% [30.1–95.4] | 5 | 1/5 20.0% [3.6–62.4] | 1/5 20.0% [3.6–62.4] | 2/4 50.0% [15.0–85.0] |',
    );
    expect(text).toContain('| pt | 3 | 3/3 100.0% [43.9–100.0] |');
    expect(text).toContain('| **all** | 7 | 5/7 71.4%');
    expect(text).toContain('| de | caution | 1 | 0 | 0 |');
    expect(text).toContain('| pt | danger | 3 | 0 | 0 |');
    expect(text).not.toContain('| pt | caution |');
    expect(text).toContain('| **all** | none | 1 | 1 | 5 |');
    expect(text).toContain('- de-danger-none-0.html (de, c): expected danger, got none');
  });

  it('lists no pages unless asked', () => {
    expect(formatEvaluation(evaluateCorpus('blind', corpus))).not.toContain('.html');
  });
});

describe('page language', () => {
  it('takes the primary subtag of <html lang>, else English', () => {
    expect(pageLanguage('<!doctype html><HTML class="x" LANG="pt-BR"><body>')).toBe('pt');
    expect(pageLanguage("<html lang='hi'>")).toBe('hi');
    expect(pageLanguage('<html lang=vi><p lang="fr">')).toBe('vi');
    expect(pageLanguage('<html><body><p lang="fr">bonjour</p>')).toBe('en');
    expect(pageLanguage('<html lang="">')).toBe('en');
    expect(pageLanguage('no markup at all')).toBe('en');
    expect(primaryLanguage(' zh_TW ')).toBe('zh');
  });
});
