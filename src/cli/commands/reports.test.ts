/**
 * The maintainer's `reports` commands against a database filled by the real intake server
 * (127.0.0.1, port 0), which keeps running while the commands read and write the same file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEntryProblem, ListFileSchema } from '../../core/lists/list-schema';
import type { Report } from '../../reports/report-schema';
import { sampleReport } from '../../../tests/support/sample-report';
import { type RunningIntake, startIntakeServer } from '../../server/intake-server';
import { http } from '../../../tests/support/test-http';
import { InputError } from '../scan-batch';
import { formatListFile } from '../../core/lists/bulk-input';
import { acceptReport, AUTHORITY_LIST_PATH, listReports, rejectReport, showReport, summariseEvidence } from './reports';

const idOf = (n: number) => `aaaaaaaa-bbbb-4ccc-8ddd-${String(n).padStart(12, '0')}`;
const SOURCE = 'https://web.archive.org/web/2026/https://shop.meds-direct-example.com/';
const TODAY = new Date('2026-11-22T12:00:00Z');
const now = () => TODAY;

/** The reports the server receives, by number. */
const REPORTS: Record<number, Report> = {
  1: sampleReport({ reportId: idOf(1) }), // meds-direct-example.com, rogue pharmacy
  2: sampleReport({ reportId: idOf(2), url: 'https://acetone-oil-example.net/buy', domain: 'acetone-oil-example.net', category: 'precursor-seller' }),
  3: sampleReport({ reportId: idOf(3), url: 'https://www.boots.com/pharmacy', domain: 'boots.com' }), // a known pharmacy
  4: sampleReport({ reportId: idOf(4), url: 'https://nice-pharmacy-example.org/', domain: 'nice-pharmacy-example.org', category: 'false-alarm' }),
  5: sampleReport({ reportId: idOf(5), url: 'https://tramadolus.org/shop', domain: 'tramadolus.org' }), // on the authority list
  6: sampleReport({ reportId: idOf(6), url: 'https://cheap.meds-direct-example.com/', domain: 'cheap.meds-direct-example.com' }),
  7: sampleReport({ reportId: idOf(7), url: 'https://zz-pills-example.com/', domain: 'zz-pills-example.com', time: '2026-11-21T09:00:00.000Z' }),
  8: sampleReport({ reportId: idOf(8), url: 'https://aa-pills-example.com/', domain: 'aa-pills-example.com' }),
  9: sampleReport({ reportId: idOf(9), url: 'https://mm-pills-example.com/', domain: 'mm-pills-example.com' }),
};

let dir: string;
let db: string;
let intake: RunningIntake;

async function expectInputError(p: Promise<unknown>, message: string | RegExp): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected an InputError').toBeInstanceOf(InputError);
  const m = (err as Error).message;
  if (typeof message === 'string') expect(m).toContain(message);
  else expect(m).toMatch(message);
  expect(m).not.toContain('\n');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rxradar-reports-cli-'));
  db = join(dir, 'reports.db');
  let clock = Date.UTC(2026, 10, 22, 10);
  intake = await startIntakeServer({ db, port: 0, rate: { capacity: 1000, refillPerSec: 1000 }, now: () => (clock += 1000) });
  for (const r of Object.values(REPORTS)) {
    const res = await http(intake.url, { method: 'POST', path: '/v1/reports', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(r) });
    expect(res.status, r.reportId).toBe(201);
  }
});

afterAll(async () => {
  await intake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reports list / show', () => {
  it('lists every report, newest first, with page and verdict', async () => {
    const rows = await listReports({ db });
    expect(rows).toHaveLength(9);
    expect(rows[0]).toMatchObject({
      id: idOf(9),
      domain: 'mm-pills-example.com',
      category: 'rogue-pharmacy',
      status: 'new',
      url: 'https://mm-pills-example.com/',
      level: 'danger',
    });
    expect(rows.at(-1)!.id).toBe(idOf(1));
    expect(rows.map((r) => r.receivedAt)).toEqual([...rows.map((r) => r.receivedAt)].sort().reverse());
  });

  it.each([
    [{ category: 'precursor-seller' }, [2]],
    [{ category: 'false-alarm' }, [4]],
    [{ status: 'accepted' }, []],
    [{ status: 'new', category: 'precursor-seller' }, [2]],
    [{ limit: 2 }, [9, 8]],
  ])('filter %j', async (filter, ids) => {
    expect((await listReports({ db, ...filter })).map((r) => r.id)).toEqual(ids.map(idOf));
  });

  it.each([
    [{ status: 'pending' }, '--status "pending": expected one of new, accepted, rejected'],
    [{ category: 'spam' }, '--category "spam": expected one of rogue-pharmacy, precursor-seller, false-alarm'],
    [{ limit: 0 }, '--limit "0"'],
  ])('refuses %j', async (filter, message) => {
    await expectInputError(listReports({ db, ...filter }), message);
  });

  it('shows one report as stored', async () => {
    const s = await showReport({ db, id: idOf(2) });
    expect(s).toMatchObject({ id: idOf(2), status: 'new', domain: 'acetone-oil-example.net', category: 'precursor-seller' });
    expect(s.report).toEqual(REPORTS[2]);
    expect((await showReport({ db, id: idOf(2).toUpperCase() })).id).toBe(idOf(2));
  });

  it.each([
    ['not-a-uuid', 'report "not-a-uuid": not a report id (expected a UUID)'],
    [idOf(99), `report ${idOf(99)}: not found in`],
    ['', 'missing report id'],
  ])('show %s: a clear error', async (id, message) => {
    await expectInputError(showReport({ db, id }), message);
  });

  it('a missing database, a file that is not one, or a database of something else: errors naming the file', async () => {
    const missing = join(dir, 'nope.db');
    await expectInputError(listReports({ db: missing }), `${missing}: no such database file`);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'plain text, not SQLite '.repeat(200));
    await expectInputError(listReports({ db: text }), `${text}: not a SQLite database`);
    const Database = (await import('better-sqlite3')).default;
    const other = join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE t (x)');
    await expectInputError(showReport({ db: other, id: idOf(1) }), `${other}: not an RxRadar reports database`);
    await expectInputError(listReports({ db: '' }), '--db: missing database file');
  });
});

describe('reports accept', () => {
  const list = () => join(dir, 'reviewed.json');
  const readList = () => readFileSync(list(), 'utf8');

  it('writes a reviewed entry (source, sourceUrl, date, evidence) into a new list file and marks the report accepted', async () => {
    const r = await acceptReport({ db, id: idOf(1), list: list(), sourceUrl: SOURCE, now });
    expect(r).toMatchObject({ id: idOf(1), domain: 'meds-direct-example.com', status: 'accepted', previousStatus: 'new', listCreated: true, list: list() });
    expect(r.entry).toEqual({
      entry: 'meds-direct-example.com',
      source: `RxRadar report ${idOf(1)} reviewed by a maintainer (rogue-pharmacy)`,
      sourceUrl: SOURCE,
      date: '2026-11-22',
      confidence: 'reviewed',
      evidence: summariseEvidence(REPORTS[1]!),
    });
    expect(r.entry.evidence).toEqual([
      'Reported page on shop.meds-direct-example.com: verdict danger, score 92 (RxRadar 0.1.0, report of 2026-11-22)',
      'Sells prescription drugs without a prescription: "No prescription needed", "Buy Oxycodone 30mg online"',
      'Takes payment only in cryptocurrency: "pay with Bitcoin"',
      'Promises hidden ("stealth") shipping: "Stealth shipping"',
    ]);
    const file = ListFileSchema.parse(JSON.parse(readList()));
    expect(file).toMatchObject({ name: 'RxRadar reviewed reports', updated: '2026-11-22' });
    expect(file.entries).toEqual([r.entry]);
    expect((await showReport({ db, id: idOf(1) })).status).toBe('accepted');
  });

  it('adds later entries in sorted order, one entry per line, and the file stays valid', async () => {
    await acceptReport({ db, id: idOf(7), list: list(), sourceUrl: SOURCE, now });
    await acceptReport({ db, id: idOf(8), list: list(), sourceUrl: SOURCE, now });
    const r = await acceptReport({ db, id: idOf(2), list: list(), sourceUrl: 'https://example.org/precursor-notice', now });
    expect(r.entry.source).toBe(`RxRadar report ${idOf(2)} reviewed by a maintainer (precursor-seller)`);
    expect(r.listCreated).toBe(false);
    const text = readList();
    const file = ListFileSchema.parse(JSON.parse(text));
    const entries = file.entries.map((e) => e.entry);
    expect(entries).toEqual(['aa-pills-example.com', 'acetone-oil-example.net', 'meds-direct-example.com', 'zz-pills-example.com']);
    expect(entries).toEqual([...entries].sort());
    for (const e of entries) expect(domainEntryProblem(e)).toBeNull();
    // The project's layout: one entry per line, as in src/data/lists/authority.json.
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '{',
      '  "name": "RxRadar reviewed reports",',
      expect.stringMatching(/^ {2}"description": /),
      '  "updated": "2026-11-22",',
      '  "entries": [',
    ]);
    expect(lines.filter((l) => l.startsWith('    {"entry":'))).toHaveLength(4);
    expect(text.endsWith('  ]\n}\n')).toBe(true);
    // The layout `list add` writes too (one formatter for every list file).
    expect(formatListFile(JSON.parse(text) as Parameters<typeof formatListFile>[0])).toBe(text);
  });

  it('refuses a known pharmacy, and changes neither the list nor the report', async () => {
    const before = readList();
    await expectInputError(
      acceptReport({ db, id: idOf(3), list: list(), sourceUrl: SOURCE, now }),
      `report ${idOf(3)}: boots.com is a known pharmacy (Boots, boots.com in known-pharmacies.json); it is never listed`,
    );
    expect(readList()).toBe(before);
    expect((await showReport({ db, id: idOf(3) })).status).toBe('new');
  });

  it.each([
    [4, 'a false-alarm report'],
    [5, 'tramadolus.org is already on the authority list (entry tramadolus.org)'],
    [6, 'cheap.meds-direct-example.com is already in'],
    [1, 'already accepted'],
  ])('refuses report %i: %s', async (n, message) => {
    const before = readList();
    await expectInputError(acceptReport({ db, id: idOf(n), list: list(), sourceUrl: SOURCE, now }), message);
    expect(readList()).toBe(before);
  });

  it('refuses a domain that is, or is above, a known pharmacy (list passed in)', async () => {
    const other = join(dir, 'other-list.json');
    await expectInputError(
      acceptReport({
        db,
        id: idOf(9),
        list: other,
        sourceUrl: SOURCE,
        now,
        knownPharmacies: [{ domain: 'rx.mm-pills-example.com', name: 'X', country: 'US', source: 'test pharmacy source' }],
      }),
      'mm-pills-example.com is a known pharmacy (X, rx.mm-pills-example.com',
    );
    await expectInputError(
      acceptReport({
        db,
        id: idOf(9),
        list: other,
        sourceUrl: SOURCE,
        now,
        knownPharmacies: [{ domain: 'mm-pills-example.com', name: 'X', country: 'US', source: 'test pharmacy source' }],
      }),
      'mm-pills-example.com is a known pharmacy',
    );
    expect((await showReport({ db, id: idOf(9) })).status).toBe('new');
  });

  it.each<[string, () => Parameters<typeof acceptReport>[0], string]>([
    ['no --source-url', () => ({ db, id: idOf(9), list: join(dir, 'l.json'), sourceUrl: '' }), '--source-url is required'],
    [
      'a source URL that is not http(s)',
      () => ({ db, id: idOf(9), list: join(dir, 'l.json'), sourceUrl: 'ftp://x.example/y' }),
      '--source-url "ftp://x.example/y": expected an http(s) URL',
    ],
    ['no list file', () => ({ db, id: idOf(9), list: '', sourceUrl: SOURCE }), '--list: missing list file'],
    [
      'the authority list',
      () => ({ db, id: idOf(9), list: AUTHORITY_LIST_PATH, sourceUrl: SOURCE }),
      'the authority list holds only sites named by the FDA or DEA',
    ],
    [
      'a list in a missing folder',
      () => ({ db, id: idOf(9), list: join(dir, 'no-such-dir', 'l.json'), sourceUrl: SOURCE }),
      'no-such-dir/l.json: the folder does not exist',
    ],
    ['an unknown report', () => ({ db, id: idOf(99), list: join(dir, 'l.json'), sourceUrl: SOURCE }), 'not found in'],
  ])('refuses %s', async (_name, opts, message) => {
    await expectInputError(acceptReport({ ...opts(), now }), message);
    expect((await showReport({ db, id: idOf(9) })).status).toBe('new');
  });

  it('refuses a list file that is not valid JSON or not a valid list, naming it and the field', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"name": "x",');
    // The same reading as `list add` (list-files.ts): where the JSON breaks, by line and column.
    await expectInputError(acceptReport({ db, id: idOf(9), list: broken, sourceUrl: SOURCE, now }), `${broken}:1:14: not valid JSON`);
    writeFileSync(
      broken,
      JSON.stringify({
        name: 'My list',
        description: 'A list for testing only',
        updated: '2026-01-01',
        entries: [{ entry: 'WWW.BAD.COM', source: 'somewhere long enough', sourceUrl: SOURCE, date: '2026-01-01', confidence: 'authority' }],
      }),
    );
    await expectInputError(
      acceptReport({ db, id: idOf(9), list: broken, sourceUrl: SOURCE, now }),
      `${broken}: not a valid list file, not changed (1 problem, first: ${broken}:1: entry: WWW.BAD.COM: must be lower case with no spaces); run list validate`,
    );
    expect((await showReport({ db, id: idOf(9) })).status).toBe('new');
  });

  it('adds to an existing list in the authority format, keeping its entries and fields, sorting', async () => {
    const mine = join(dir, 'mine.json');
    const authorityStyle = {
      name: 'My list',
      description: 'Sites my team confirmed',
      updated: '2026-01-01',
      entries: [
        {
          entry: 'zzz-example.com',
          source: 'FDA warning letter to ZZZ',
          sourceUrl: 'https://www.fda.gov/zzz',
          date: '2025-01-01',
          confidence: 'authority',
          note: 'kept as is',
        },
        { entry: 'aaa-example.com', source: 'FDA warning letter to AAA', sourceUrl: 'https://www.fda.gov/aaa', date: '2025-01-01', confidence: 'inferred' },
      ],
    };
    expect(ListFileSchema.safeParse(authorityStyle).success).toBe(true);
    writeFileSync(mine, JSON.stringify(authorityStyle, null, 2));
    const r = await acceptReport({ db, id: idOf(9), list: mine, sourceUrl: SOURCE, now });
    expect(r.listCreated).toBe(false);
    const file = ListFileSchema.parse(JSON.parse(readFileSync(mine, 'utf8')));
    expect(file.entries.map((e) => e.entry)).toEqual(['aaa-example.com', 'mm-pills-example.com', 'zzz-example.com']);
    expect(file.entries[2]).toEqual(authorityStyle.entries[0]);
    expect(file).toMatchObject({ name: 'My list', description: 'Sites my team confirmed', updated: '2026-11-22' });
  });
});

describe('reports reject', () => {
  it('marks a new report rejected', async () => {
    expect(await rejectReport({ db, id: idOf(4) })).toEqual({
      id: idOf(4),
      domain: 'nice-pharmacy-example.org',
      category: 'false-alarm',
      status: 'rejected',
      previousStatus: 'new',
    });
    expect((await listReports({ db, status: 'rejected' })).map((r) => r.id)).toEqual([idOf(4)]);
  });

  it.each([
    [4, 'already rejected'],
    [1, 'already accepted (its list entry for meds-direct-example.com stays until removed by hand)'],
    [99, 'not found in'],
  ])('refuses report %i: %s', async (n, message) => {
    await expectInputError(rejectReport({ db, id: idOf(n) }), message);
  });

  it('a rejected report can still be accepted later', async () => {
    await rejectReport({ db, id: idOf(6) });
    await expectInputError(acceptReport({ db, id: idOf(6), list: join(dir, 'reviewed.json'), sourceUrl: SOURCE, now }), 'already in');
    expect((await showReport({ db, id: idOf(6) })).status).toBe('rejected');
  });

  it('the server, still running on the same file, sees the review and still dedupes', async () => {
    const res = await http(intake.url, {
      method: 'POST',
      path: '/v1/reports',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(REPORTS[1]),
    });
    expect(res.json).toEqual({ status: 'duplicate', reportId: idOf(1) });
    expect(intake.store.get(idOf(1))!.status).toBe('accepted');
    expect(intake.store.count()).toBe(9);
  });
});
