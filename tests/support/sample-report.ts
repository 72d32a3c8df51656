/**
 * A realistic report for tests and examples (not shipped in the extension). `sampleReport()`
 * gives a fresh copy; overrides replace top-level fields.
 */
import type { Report } from '../../src/reports/report-schema';

/** The smallest valid PNG (1x1, transparent), as a data: URL. */
export const TINY_PNG_DATA_URL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export function sampleReport(overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    reportId: '3f1c2b9e-8d4a-4c1e-9b7a-2f6e5d4c3b2a',
    url: 'https://shop.meds-direct-example.com/oxycodone-30mg?ref=ad',
    domain: 'meds-direct-example.com',
    time: '2026-11-22T10:15:30.000Z',
    category: 'rogue-pharmacy',
    note: 'Found through a search ad; sells oxycodone with no prescription.',
    verdict: {
      level: 'danger',
      score: 92,
      reasons: [
        {
          id: 'no-prescription',
          label: 'Sells prescription drugs without a prescription',
          kind: 'risk',
          weight: 40,
          evidence: ['No prescription needed', 'Buy Oxycodone 30mg online'],
        },
        { id: 'crypto-only', label: 'Takes payment only in cryptocurrency', kind: 'risk', weight: 25, evidence: ['pay with Bitcoin'] },
        { id: 'stealth-shipping', label: 'Promises hidden ("stealth") shipping', kind: 'risk', weight: 20, evidence: ['Stealth shipping'] },
        { id: 'https', label: 'Uses a secure connection', kind: 'trust', weight: -2, evidence: [] },
      ],
    },
    extensionVersion: '0.1.0',
    listVersions: { authority: '2026-11-22', community: '2026-07-05', feeds: { 'https://lists.example.org/rxradar/feed.json': '2026-11-20' } },
    ...overrides,
  };
}
