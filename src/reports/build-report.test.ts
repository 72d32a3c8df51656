import { describe, expect, it } from 'vitest';
import type { Verdict } from '../core/verdict';
import { assembleReport, buildReport, reportDomain, reportFileName, reportFileText, reportPreviewText } from './build-report';
import { MAX_NOTE_CHARS, parseReport } from './report-schema';
import { TINY_PNG_DATA_URL } from '../../tests/support/sample-report';

const verdict: Verdict = {
  url: 'https://shop.meds-direct-example.com/oxy',
  host: 'shop.meds-direct-example.com',
  level: 'danger',
  score: 88,
  reasons: [
    { id: 'no-prescription', label: 'Says you can buy without a prescription', kind: 'risk', weight: 40, evidence: ['No prescription needed'] },
    { id: 'authority-list', label: 'Named by the FDA', kind: 'list', weight: 100, evidence: [] },
  ],
  listMatch: {
    tier: 'authority',
    entry: 'meds-direct-example.com',
    host: 'shop.meds-direct-example.com',
    source: 'FDA warning letter',
    sourceUrl: 'https://www.fda.gov/x',
    date: '2026-02-01',
    confidence: 'authority',
  },
};

const base = {
  reportId: '0b7c8f0e-3d6a-4f5b-9c2e-1a2b3c4d5e6f',
  url: 'https://shop.meds-direct-example.com/oxy?ref=ad',
  verdict,
  category: 'rogue-pharmacy' as const,
  note: '  Found through an ad.  ',
  time: new Date('2026-11-22T10:00:00Z'),
  extensionVersion: '0.1.0',
  listVersions: { authority: '2026-11-20', community: '2026-07-05' },
};

describe('buildReport', () => {
  it('builds a valid report from a verdict: registrable domain, reasons with evidence, list match, trimmed note', () => {
    const r = buildReport(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report).toMatchObject({
      domain: 'meds-direct-example.com',
      note: 'Found through an ad.',
      time: '2026-11-22T10:00:00.000Z',
      category: 'rogue-pharmacy',
    });
    expect(r.report.verdict.reasons[0]!.evidence).toEqual(['No prescription needed']);
    expect(r.report.listMatch?.entry).toBe('meds-direct-example.com');
    expect(r.report.screenshot).toBeUndefined();
  });

  it('reports a page with no verdict yet as level none (a false-alarm report may come before any check)', () => {
    const r = buildReport({ ...base, verdict: null, category: 'false-alarm' });
    expect(r.ok && r.report.verdict).toEqual({ level: 'none', score: 0, reasons: [] });
  });

  it('includes the screenshot only when given, and the preview replaces it with a placeholder', () => {
    const r = buildReport({ ...base, screenshot: TINY_PNG_DATA_URL });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.screenshot).toBe(TINY_PNG_DATA_URL);
    const preview = reportPreviewText(r.report, (n) => `(image, ${n} characters, shown above)`);
    expect(preview).not.toContain('base64');
    expect(preview).toContain(`(image, ${TINY_PNG_DATA_URL.length} characters, shown above)`);
    expect(JSON.parse(reportFileText(r.report))).toEqual(r.report);
  });

  it('clips an over-long note instead of failing', () => {
    const r = buildReport({ ...base, note: 'x'.repeat(MAX_NOTE_CHARS + 50) });
    expect(r.ok && r.report.note.length).toBe(MAX_NOTE_CHARS);
  });

  it('refuses what the schema refuses: no host, non-web addresses, a bad screenshot', () => {
    expect(buildReport({ ...base, url: 'file:///etc/passwd' }).ok).toBe(false);
    expect(buildReport({ ...base, url: 'https://10.0.0.1/x' }).ok).toBe(false);
    expect(buildReport({ ...base, screenshot: 'data:image/png;base64,AAAA' }).ok).toBe(false);
  });

  it('names files after the domain and date', () => {
    const r = buildReport(base);
    expect(r.ok && reportFileName(r.report)).toBe('rxradar-report-meds-direct-example.com-2026-11-22.json');
    expect(reportDomain('https://www.Example.co.uk/a')).toBe('example.co.uk');
  });
});

describe('assembleReport: what the report page shows before the background checks it', () => {
  const cases: Array<[string, Parameters<typeof assembleReport>[0]]> = [
    [
      'with a list match, feeds and a screenshot',
      { ...base, screenshot: TINY_PNG_DATA_URL, listVersions: { ...base.listVersions, feeds: { 'https://feeds.example.org/rx.json': '7' } } },
    ],
    ['without a list match', { ...base, verdict: { ...verdict, listMatch: undefined } }],
    [
      'a list match with only its required fields',
      { ...base, verdict: { ...verdict, listMatch: { tier: 'community', entry: 'x-example.com', host: 'x-example.com', source: 'Community list' } } },
    ],
    ['no verdict', { ...base, verdict: null }],
  ];
  it.each(cases)('%s: its text is the text of the report the schema gives back', (_name, input) => {
    const assembled = assembleReport(input, reportDomain(input.url));
    const checked = parseReport(assembled);
    expect(checked.ok, checked.ok ? '' : checked.error).toBe(true);
    if (checked.ok) expect(reportFileText(assembled)).toBe(reportFileText(checked.report));
  });
});
