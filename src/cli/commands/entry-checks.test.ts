/**
 * `reports accept` and `list add` decide alike (issue 10, finding 8): one table of entries, each
 * run through both commands against the same list file and the bundled lists, with the outcome
 * both must give. Pattern rows go through `list add` and the shared check `reports accept` uses
 * (a report names a domain, never a pattern).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkListEntry } from '../../core/lists/bulk-input';
import { sampleReport } from '../../../tests/support/sample-report';
import { ReportStore } from '../../node/report-store';
import { InputError } from '../scan-batch';
import { entryChecks } from './list-checks';
import { listAdd } from './lists';
import { acceptReport } from './reports';

type Outcome = 'new' | 'listed' | 'refused';

const LIST_FILE = `{
  "name": "Shared table list",
  "description": "A list file both commands add to in this test.",
  "updated": "2026-11-22",
  "entries": [
    {"entry":"buy*pills*.com","source":"Test researcher report on a naming scheme","sourceUrl":"https://example.org/scheme","date":"2026-11-20","confidence":"corroborated"},
    {"entry":"listed-rogue-example.com","source":"Test researcher report on rogue pharmacies","sourceUrl":"https://example.org/report","date":"2026-11-20","confidence":"corroborated"}
  ]
}
`;

/** entry, the reported page, what both commands must do. */
const DOMAIN_ROWS: Array<[string, string, Outcome]> = [
  ['fresh-rogue-example.com', 'https://fresh-rogue-example.com/oxycodone', 'new'],
  ['google.com', 'https://sites.google.com/view/rogue-pharmacy', 'refused'], // a parent of the page's host
  ['mail.google.com', 'https://mail.google.com/mail/u/0/', 'refused'],
  ['wordpress.com', 'https://rogue-pills.wordpress.com/', 'refused'], // would cover files.wordpress.com
  ['pinterest.com', 'https://pinterest.com/pin/1', 'refused'],
  ['rogue-pills.wordpress.com', 'https://rogue-pills.wordpress.com/', 'new'],
  ['boots.com', 'https://www.boots.com/pharmacy', 'refused'], // a known pharmacy
  ['tramadolus.org', 'https://tramadolus.org/shop', 'listed'], // on the authority list
  ['coinrx.shop', 'https://coinrx.shop/', 'listed'], // covered by the authority pattern coinrx.*
  ['shop.listed-rogue-example.com', 'https://shop.listed-rogue-example.com/', 'listed'], // under an entry of the file
  ['buycheappills.com', 'https://buycheappills.com/', 'listed'], // matched by the file's pattern buy*pills*.com
];

const PATTERN_ROWS: Array<[string, Outcome]> = [
  ['cheap*oxycodone*.*', 'new'],
  ['buy*pills*.com', 'listed'],
  ['coinrx.*', 'listed'],
  ['*in*er*.*', 'refused'], // too broad: matches pinterest.com
  ['pinte*.*', 'refused'], // matches pinterest.com
  ['walgreen*.*', 'refused'], // matches a known pharmacy
];

let dir: string;
let db: string;
const idOf = (n: number) => `cccccccc-bbbb-4ccc-8ddd-${String(n).padStart(12, '0')}`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxradar-entry-checks-'));
  writeFileSync(join(dir, 'list.json'), LIST_FILE);
  db = join(dir, 'reports.db');
  const store = ReportStore.open(db);
  DOMAIN_ROWS.forEach(([domain, url], i) =>
    expect(store.insert(sampleReport({ reportId: idOf(i), url, domain }), new Date('2026-11-22T10:00:00Z'))).toBe('stored'),
  );
  // Reports for the refused-list rows below (each accepted at most once).
  for (const n of [60, 61, 62])
    expect(
      store.insert(
        sampleReport({ reportId: idOf(n), url: 'https://fresh-rogue-example.com/', domain: 'fresh-rogue-example.com' }),
        new Date('2026-11-22T10:00:00Z'),
      ),
    ).toBe('stored');
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let copies = 0;
function listCopy(): string {
  const path = join(dir, `list-${++copies}.json`);
  copyFileSync(join(dir, 'list.json'), path);
  return path;
}

const META = {
  source: 'Test researcher report on rogue pharmacies',
  sourceUrl: 'https://example.org/report',
  date: '2026-11-22',
  confidence: 'corroborated' as const,
};

async function viaListAdd(entry: string): Promise<Outcome> {
  const r = await listAdd(listCopy(), [entry], { ...META, keep: 'host', dryRun: true });
  const status = r.lines[0]!.status;
  return status === 'new' ? 'new' : status === 'listed' || status === 'duplicate' ? 'listed' : 'refused';
}

async function viaAccept(n: number): Promise<Outcome> {
  const list = listCopy();
  try {
    await acceptReport({ db, id: idOf(n), list, sourceUrl: 'https://example.org/evidence', now: () => new Date('2026-11-22T12:00:00Z') });
    return 'new';
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    expect(readFileSync(list, 'utf8')).toBe(LIST_FILE); // a refusal writes nothing
    return /is already (on|in) /.test(err.message) ? 'listed' : 'refused';
  }
}

describe('reports accept and list add agree, through one guard and one coverage check', () => {
  it.each(DOMAIN_ROWS.map((r, i) => [...r, i] as const))('%s (reported at %s) → %s in both', async (entry, _url, expected, i) => {
    expect({ listAdd: await viaListAdd(entry), reportsAccept: await viaAccept(i) }).toEqual({ listAdd: expected, reportsAccept: expected });
  });

  it.each(PATTERN_ROWS)('pattern %s → %s in list add and in the check reports accept uses', async (pattern, expected) => {
    const shared = checkListEntry(
      pattern,
      entryChecks({ listEntries: JSON.parse(LIST_FILE).entries.map((e: { entry: string }) => e.entry), listLabel: 'list.json' }),
    );
    expect({ listAdd: await viaListAdd(pattern), shared: shared.status === 'refused' ? 'refused' : shared.status }).toEqual({
      listAdd: expected,
      shared: expected,
    });
  });

  it('a report naming google.com for a page on sites.google.com says why it is refused', async () => {
    await expect(acceptReport({ db, id: idOf(1), list: listCopy(), sourceUrl: 'https://example.org/evidence' })).rejects.toThrow(
      `report ${idOf(1)}: google.com is a popular legitimate site (popular-sites.json) and cannot be listed`,
    );
  });

  it.each<[string, number, string]>([
    [
      'an entry not written as list add writes it',
      60,
      '{"entry":"WWW.Rogue-Example.com","source":"Test researcher report on rogue pharmacies","sourceUrl":"https://example.org/report","date":"2026-11-20","confidence":"corroborated"}',
    ],
    [
      'a known pharmacy',
      61,
      '{"entry":"boots.com","source":"Test researcher report on rogue pharmacies","sourceUrl":"https://example.org/report","date":"2026-11-20","confidence":"corroborated"}',
    ],
    [
      'an entry dated after the list',
      62,
      '{"entry":"later-rogue-example.com","source":"Test researcher report on rogue pharmacies","sourceUrl":"https://example.org/report","date":"2026-12-30","confidence":"corroborated"}',
    ],
  ])('a list file with %s is refused as it is by both, with the same words, and not changed', async (_what, n, line) => {
    const bad = LIST_FILE.replace('"entries": [\n', `"entries": [\n    ${line},\n`);
    const path = join(dir, `bad-${++copies}.json`);
    writeFileSync(path, bad);
    const add = await listAdd(path, ['fresh-rogue-example.com'], META).then(
      () => 'written',
      (e: unknown) => (e as Error).message,
    );
    const accept = await acceptReport({
      db,
      id: idOf(n),
      list: path,
      sourceUrl: 'https://example.org/evidence',
      now: () => new Date('2026-11-22T12:00:00Z'),
    }).then(
      () => 'written',
      (e: unknown) => (e as Error).message,
    );
    expect(add).toMatch(/not a valid list file, not changed/);
    expect(accept).toBe(add);
    expect(readFileSync(path, 'utf8')).toBe(bad);
  });
});
