/**
 * Detection figures for a labelled corpus: per-level agreement, recall on rogue pages and false
 * alarms on legitimate ones, reported separately as the field's published work recommends.
 */
export interface Labelled {
  file: string;
  category: string;
  expected: 'danger' | 'caution' | 'none';
  got: 'danger' | 'caution' | 'none';
}

export interface CorpusFigures {
  pages: number;
  exact: number;
  /** Share of expected-danger pages flagged (caution or danger). */
  recallFlagged: number;
  /** Share of expected-danger pages given danger. */
  recallDanger: number;
  /** Expected-none pages given caution or danger. */
  falseAlarms: number;
  negatives: number;
  /** Expected-none pages given danger. */
  falseDangers: number;
  byCategory: Record<string, { pages: number; exact: number }>;
  mismatches: Labelled[];
}

export function corpusFigures(rows: Labelled[]): CorpusFigures {
  const positives = rows.filter((r) => r.expected === 'danger');
  const negatives = rows.filter((r) => r.expected === 'none');
  const byCategory: CorpusFigures['byCategory'] = {};
  for (const r of rows) {
    const c = (byCategory[r.category] ??= { pages: 0, exact: 0 });
    c.pages++;
    if (r.got === r.expected) c.exact++;
  }
  return {
    pages: rows.length,
    exact: rows.filter((r) => r.got === r.expected).length,
    recallFlagged: positives.filter((r) => r.got !== 'none').length / Math.max(1, positives.length),
    recallDanger: positives.filter((r) => r.got === 'danger').length / Math.max(1, positives.length),
    falseAlarms: negatives.filter((r) => r.got !== 'none').length,
    negatives: negatives.length,
    falseDangers: negatives.filter((r) => r.got === 'danger').length,
    byCategory,
    mismatches: rows.filter((r) => r.got !== r.expected),
  };
}

export function formatFigures(name: string, f: CorpusFigures): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `${name}: ${f.exact}/${f.pages} pages at the expected level`,
    `  recall on rogue pages: ${pct(f.recallDanger)} danger, ${pct(f.recallFlagged)} flagged (danger or caution)`,
    `  false alarms on legitimate pages: ${f.falseAlarms}/${f.negatives} (${f.falseDangers} at danger)`,
  ];
  for (const m of f.mismatches) lines.push(`  mismatch: ${m.file} (${m.category}) expected ${m.expected}, got ${m.got}`);
  return lines.join('\n');
}
