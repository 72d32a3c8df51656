import { describe, expect, it } from 'vitest';
import authorityJson from '../../data/lists/authority.json';
import knownJson from '../../data/lists/known-pharmacies.json';
import {
  type BulkStatus,
  checkBulkInput,
  combineLookups,
  createKnownPharmacyGuard,
  csvRecords,
  EvidenceListEntrySchema,
  formatFromFileName,
  formatListFile,
  type InvalidReason,
  lookupFromEntries,
  lookupFromIndex,
  MAX_BULK_LINES,
  normalizeListInput,
  parseBulkText,
  toListEntries,
} from './bulk-input';
import { ListIndex } from './list-index';
import { problemText } from '../problems';
import { KnownPharmacyFileSchema, ListEntrySchema, ListFileSchema } from './list-schema';

const authority = ListFileSchema.parse(authorityJson);
const known = KnownPharmacyFileSchema.parse(knownJson).pharmacies;

describe('normalizeListInput', () => {
  it.each<[string, string]>([
    ['bad-meds.com', 'bad-meds.com'],
    ['  Bad-Meds.COM  ', 'bad-meds.com'],
    ['www.bad-meds.com', 'bad-meds.com'],
    ['https://www.bad-meds.com/buy/oxycodone?x=1#top', 'bad-meds.com'],
    ['http://user:pw@shop.bad-meds.com:8080/', 'bad-meds.com'],
    ['shop.bad-meds.co.uk', 'bad-meds.co.uk'],
    ['bad-meds.com.', 'bad-meds.com'],
    ['bad-meds.com:443', 'bad-meds.com'],
    ['someone.github.io', 'someone.github.io'], // private suffix: the site is the user's subdomain
    ['www.someone.github.io/page', 'someone.github.io'],
    ['аптека.com', 'xn--80aaouxs.com'], // IDN → punycode
    ['FTP://files.bad-meds.com/x', 'bad-meds.com'],
  ])('%j → %s (registrable domain)', (input, entry) => {
    expect(normalizeListInput(input)).toEqual({ ok: true, entry });
  });

  it.each<[string, string]>([
    ['https://www.shop.bad-meds.com/x', 'shop.bad-meds.com'],
    ['www.www.bad-meds.com', 'bad-meds.com'],
    ['a.b.bad-meds.co.uk', 'a.b.bad-meds.co.uk'],
  ])('%j → %s (host mode)', (input, entry) => {
    expect(normalizeListInput(input, { keep: 'host' })).toEqual({ ok: true, entry });
  });

  it.each<[string, InvalidReason, RegExp]>([
    ['', 'not-a-domain', /empty/],
    ['localhost', 'not-a-domain', /no top-level domain/],
    ['bad meds.com', 'not-a-domain', /contains spaces/],
    ['bad_meds.com', 'not-a-domain', /characters a domain name cannot have/],
    ['bad..meds.com', 'not-a-domain', /empty label/],
    ['http://', 'not-a-domain', /not a domain or URL|no host/],
    ['10.0.0.1', 'ip-address', /IP address/],
    ['http://[::1]/x', 'ip-address', /IP address/],
    ['https://192.168.1.1:8443/shop', 'ip-address', /IP address/],
    ['co.uk', 'public-suffix', /co\.uk is a public suffix/],
    ['com', 'not-a-domain', /no top-level domain/],
    ['github.io', 'public-suffix', /public suffix/],
    ['www.github.io', 'public-suffix', /github\.io is a public suffix/],
    ['bad-meds.comm', 'unknown-suffix', /\.comm is not a known top-level domain/],
    ['mailto:sales@bad-meds.com', 'not-web-address', /mailto: address/],
    ['javascript:alert(1)', 'not-web-address', /javascript: address/],
    ['chrome-extension://abc/x.html', 'not-web-address', /chrome-extension: address/],
    ['coinrx.*', 'pattern', /pattern/],
    ['x'.repeat(3000) + '.com', 'too-long', /longer than 2048/],
  ])('%j is refused: %s', (input, reason, problem) => {
    const r = normalizeListInput(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe(reason);
    expect(r.problem).toMatch(problem);
  });

  it.each<[string, string | RegExp]>([
    ['coinrx.*', 'coinrx.*'],
    ['Buy*Tramadol*.com', 'buy*tramadol*.com'],
    ['a*.com', /at least 4 letters/],
    ['rxmeds*.notasuffix', /public suffix/],
  ])('patterns when allowed: %j', (input, expected) => {
    const r = normalizeListInput(input, { allowPatterns: true });
    if (typeof expected === 'string') expect(r).toEqual({ ok: true, entry: expected });
    else {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.reason).toBe('bad-pattern');
        expect(r.problem).toMatch(expected);
      }
    }
  });

  it('every accepted entry satisfies the list schema', () => {
    for (const input of ['https://www.Bad-Meds.com/x', 'someone.github.io', 'аптека.com', 'shop.bad.co.uk']) {
      const r = normalizeListInput(input);
      expect(r.ok).toBe(true);
      if (r.ok) expect(ListEntrySchema.shape.entry.safeParse(r.entry).success).toBe(true);
    }
  });
});

describe('parseBulkText', () => {
  it.each<[string, string, 'txt' | 'csv']>([
    ['plain lines', 'a.com\nb.com\n', 'txt'],
    ['comments first', '# my list\n\na.com\n', 'txt'],
    ['a comma', 'domain,note\na.com,x\n', 'csv'],
    ['a quote', '"a.com"\n', 'csv'],
  ])('auto-detects %s', (_name, text, format) => {
    expect(parseBulkText(text).format).toBe(format);
  });

  it('text: skips comments and blank lines, keeps line numbers, reads hosts-file lines, keeps URL fragments', () => {
    const text = '# header\n\nbad.com\n  www.worse.net  # inline comment\r\n0.0.0.0 hosts-style.org\nhttps://x.com/page#top\n#only a comment\n';
    const p = parseBulkText(text, { format: 'txt' });
    expect(p.items).toEqual([
      { line: 3, input: 'bad.com' },
      { line: 4, input: 'www.worse.net' },
      { line: 5, input: 'hosts-style.org' },
      { line: 6, input: 'https://x.com/page#top' },
    ]);
  });

  it.each<[string, string, Array<[number, string]>, { index: number; name: string | null } | undefined]>([
    [
      'no header: first column',
      'a.com,one\nb.com,two\n',
      [
        [1, 'a.com'],
        [2, 'b.com'],
      ],
      { index: 0, name: null },
    ],
    [
      'header "url" in the second column',
      'name,url,note\nBad,https://bad.com/x,hi\nWorse,worse.net,\n',
      [
        [2, 'https://bad.com/x'],
        [3, 'worse.net'],
      ],
      { index: 1, name: 'url' },
    ],
    ['header "Domain" preferred over "URL"', 'URL,Domain\nhttps://a.com/x,a.com\n', [[2, 'a.com']], { index: 1, name: 'Domain' }],
    ['header "host"', 'id,host\n1,h.com\n', [[2, 'h.com']], { index: 1, name: 'host' }],
    ['unnamed header word: first column', 'Site name,Reason\nbad.com,sells oxy\n', [[2, 'bad.com']], { index: 0, name: 'Site name' }],
    ['quoted fields with commas and doubled quotes', 'domain,note\n"bad.com","says ""no Rx"", ok"\n', [[2, 'bad.com']], { index: 0, name: 'domain' }],
    [
      'quoted newline: the next record keeps its own line number',
      'domain,note\nbad.com,"line one\nline two"\nworse.net,x\n',
      [
        [2, 'bad.com'],
        [4, 'worse.net'],
      ],
      { index: 0, name: 'domain' },
    ],
    [
      'comments and blank lines, CRLF',
      '# exported 2026-11-01\r\ndomain\r\n\r\nbad.com\r\n# skip\r\nworse.net\r\n',
      [
        [4, 'bad.com'],
        [6, 'worse.net'],
      ],
      { index: 0, name: 'domain' },
    ],
  ])('CSV: %s', (_name, text, expected, column) => {
    const p = parseBulkText(text, { format: 'csv' });
    expect(p.problems).toEqual([]);
    expect(p.items.map((i) => [i.line, i.input])).toEqual(expected);
    expect(p.column).toEqual(column);
  });

  it('CSV: per-row evidence from an "evidence" column', () => {
    const p = parseBulkText('domain,evidence\nbad.com,https://web.archive.org/web/2026/bad.com\nworse.net,\n', { format: 'csv' });
    expect(p.items).toEqual([
      { line: 2, input: 'bad.com', evidence: 'https://web.archive.org/web/2026/bad.com' },
      { line: 3, input: 'worse.net' },
    ]);
  });

  it('CSV: an explicit column by name or index; an unknown name is an input-wide problem', () => {
    expect(parseBulkText('a,b\nx.com,y.com\n', { format: 'csv', column: 'b' }).items.map((i) => i.input)).toEqual(['y.com']);
    expect(parseBulkText('x.com,y.com\n', { format: 'csv', column: 1 }).items.map((i) => i.input)).toEqual(['y.com']);
    const p = parseBulkText('a,b\nx.com,y.com\n', { format: 'csv', column: 'domain' });
    expect(p.items).toEqual([]);
    expect(p.problems[0]).toMatch(/no column named "domain"/);
  });

  it('CSV: syntax problems are per line: missing column, empty cell, unclosed quote', () => {
    const p = parseBulkText('name,url\nonly-one-column\nBad,\nWorse,"https://worse.net\n', { format: 'csv' });
    expect(p.items.map((i) => [i.line, i.syntaxProblem])).toEqual([
      [2, 'has 1 column; no column 2 (url)'],
      [3, 'empty url cell'],
      [4, 'a quoted field opened on line 4 is never closed'],
    ]);
  });

  it('csvRecords handles a final record without a newline', () => {
    expect(csvRecords('a,b\nc,"d"')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
    ]);
  });

  it(`refuses more than ${MAX_BULK_LINES} items, saying from which line`, () => {
    const text = Array.from({ length: MAX_BULK_LINES + 2 }, (_, i) => `d${i}.com`).join('\n');
    const p = parseBulkText(text);
    expect(p.items).toHaveLength(MAX_BULK_LINES);
    expect(p.problems[0]).toMatch(new RegExp(`line ${MAX_BULK_LINES + 1} and after were not read`));
  });

  it.each([
    ['list.csv', 'csv'],
    ['LIST.CSV', 'csv'],
    ['domains.txt', 'txt'],
    ['paste', 'auto'],
  ])('formatFromFileName(%s) → %s', (name, format) => {
    expect(formatFromFileName(name)).toBe(format);
  });
});

describe('known pharmacy guard', () => {
  const guard = createKnownPharmacyGuard(['cvs.com', 'pharmacy.amazon.com', 'boots.com']);
  it.each<[string, string | null, string | null]>([
    ['cvs.com', 'same', 'cvs.com'],
    ['www2.cvs.com', 'under', 'cvs.com'],
    ['amazon.com', 'above', 'pharmacy.amazon.com'],
    ['pharmacy.amazon.com', 'same', 'pharmacy.amazon.com'],
    ['rx.pharmacy.amazon.com', 'under', 'pharmacy.amazon.com'],
    ['boot*.*', 'pattern', 'boots.com'],
    ['cvs-pharmacy-discount.com', null, null],
    ['notcvs.com', null, null],
    ['buy*tramadol*.com', null, null],
  ])('%s → %s', (entry, relation, pharmacy) => {
    const c = guard(entry);
    expect(c ? [c.relation, c.pharmacy] : [null, null]).toEqual([relation, pharmacy]);
  });
});

describe('checkBulkInput', () => {
  const index = new ListIndex({ authority, knownPharmacies: known, community: null });
  const opts = { knownPharmacies: known, listed: index };

  it('reports every line: new, invalid with the reason, duplicate, covered, listed, known pharmacy', () => {
    const text = [
      '# researcher paste', // 1
      'https://www.new-rogue-meds.com/buy', // 2
      '10.0.0.1', // 3
      'new-rogue-meds.com', // 4: duplicate of line 2
      'tramadolus.org', // 5: authority list
      'https://shop.tramadolus.org/x', // 6: covered by the authority entry (same registrable domain)
      'www.cvs.com', // 7: known pharmacy
      'co.uk', // 8
      '', // 9
      'another-shop.net', // 10
      'not a domain', // 11
    ].join('\n');
    const r = checkBulkInput(text, opts);
    expect(r.format).toBe('txt');
    expect(r.lines.map((l) => [l.line, l.status, l.entry ?? null])).toEqual([
      [2, 'new', 'new-rogue-meds.com'],
      [3, 'invalid', null],
      [4, 'duplicate', 'new-rogue-meds.com'],
      [5, 'listed', 'tramadolus.org'],
      [6, 'duplicate', 'tramadolus.org'],
      [7, 'known-pharmacy', 'cvs.com'],
      [8, 'invalid', null],
      [10, 'new', 'another-shop.net'],
      [11, 'invalid', null],
    ]);
    expect(r.counts).toEqual({ new: 2, duplicate: 2, listed: 1, 'known-pharmacy': 1, invalid: 3 } satisfies Record<BulkStatus, number>);
    const msg = (line: number) => r.lines.find((l) => l.line === line)!.message;
    expect(msg(3)).toBe('line 3: "10.0.0.1": an IP address, not a domain');
    expect(msg(4)).toBe('line 4: "new-rogue-meds.com": duplicate of line 2 (new-rogue-meds.com)');
    expect(msg(5)).toBe('line 5: "tramadolus.org": tramadolus.org is already on the authority list');
    expect(msg(7)).toBe('line 7: "www.cvs.com": cvs.com is a known licensed pharmacy and cannot be listed');
    expect(msg(8)).toBe('line 8: "co.uk": co.uk is a public suffix (like com, co.uk or github.io), not a site');
    expect(msg(11)).toBe('line 11: "not a domain": contains spaces: put one domain or URL on each line');
    expect(r.lines.find((l) => l.line === 4)!.duplicateOf).toBe(2);
  });

  it('host mode: a subdomain already covered by a listed parent is reported with the covering entry', () => {
    const r = checkBulkInput('shop.tramadolus.org\n', { ...opts, keep: 'host' });
    expect(r.lines[0]).toMatchObject({ status: 'listed', entry: 'shop.tramadolus.org', listed: { list: 'authority', entry: 'tramadolus.org' } });
    expect(r.lines[0]!.message).toBe('line 1: "shop.tramadolus.org": shop.tramadolus.org is already covered by tramadolus.org on the authority list');
  });

  it('host mode: an entry under another new entry of the same input is covered by it, in either order', () => {
    const r = checkBulkInput('shop.rogue.com\nrogue.com\n', { keep: 'host' });
    expect(r.lines.map((l) => [l.status, l.duplicateOf ?? null, l.problem ?? null])).toEqual([
      ['duplicate', 2, 'covered by rogue.com (line 2)'],
      ['new', null, null],
    ]);
  });

  it('a parent domain that would cover a known pharmacy is refused', () => {
    const r = checkBulkInput('amazon.com\n', {
      knownPharmacies: [...known, { domain: 'pharmacy.amazon.com', name: 'Amazon Pharmacy', country: 'US', source: 'licensed in all states' }],
    });
    expect(r.lines[0]).toMatchObject({ status: 'known-pharmacy', knownPharmacy: { relation: 'above', pharmacy: 'pharmacy.amazon.com' } });
  });

  it('takes a lookup function instead of a ListIndex, and combines lookups', () => {
    const listed = combineLookups(lookupFromEntries(['mine.com'], 'my-list.json'), lookupFromIndex(index));
    const r = checkBulkInput('x.mine.com\ntramadolus.org\nfresh.org\n', { listed, keep: 'host' });
    expect(r.lines.map((l) => [l.status, l.listed?.list ?? null])).toEqual([
      ['listed', 'my-list.json'],
      ['listed', 'authority'],
      ['new', null],
    ]);
  });

  it('CSV with syntax problems: the line is invalid with the problem, the rest goes on', () => {
    const r = checkBulkInput('domain,note\nbad-one.com,x\n,empty\n"unclosed.com\n', { format: 'csv' });
    expect(r.lines.map((l) => [l.line, l.status, l.reason ?? null])).toEqual([
      [2, 'new', null],
      [3, 'invalid', 'syntax'],
      [4, 'invalid', 'syntax'],
    ]);
    expect(r.lines[1]!.message).toBe('line 3: empty domain cell');
  });

  it('an input that is too large is refused as a whole, without items', () => {
    const r = checkBulkInput('a'.repeat(10 * 1024 * 1024 + 1));
    expect(r.lines).toEqual([]);
    expect(r.problems[0]).toMatch(/input too large/);
  });
});

describe('toListEntries', () => {
  const meta = {
    source: 'RxRadar researcher test purchase report, Nov 2026',
    sourceUrl: 'https://example.org/reports/2026-11',
    date: '2026-11-20',
    confidence: 'corroborated' as const,
    evidence: ['https://web.archive.org/web/2026/zz-rogue.com'],
  };

  it('exports only new entries, sorted, in the list format, with evidence merged from CSV rows', () => {
    const r = checkBulkInput('domain,evidence\nzz-rogue.com,https://example.org/shot1.png\naa-rogue.net,\n10.0.0.1,\naa-rogue.net,\n', { format: 'csv' });
    const out = toListEntries(r, meta);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.entries).toEqual([
      { entry: 'aa-rogue.net', source: meta.source, sourceUrl: meta.sourceUrl, date: meta.date, confidence: 'corroborated', evidence: meta.evidence },
      {
        entry: 'zz-rogue.com',
        source: meta.source,
        sourceUrl: meta.sourceUrl,
        date: meta.date,
        confidence: 'corroborated',
        evidence: [...meta.evidence, 'https://example.org/shot1.png'],
      },
    ]);
    for (const e of out.entries) {
      expect(ListEntrySchema.safeParse(e).success).toBe(true);
      expect(EvidenceListEntrySchema.parse(e)).toEqual(e);
    }
  });

  it('without evidence, entries have no evidence field; a note is kept', () => {
    const out = toListEntries(['b.com', 'a.com'], { ...meta, evidence: undefined, note: 'from a test purchase' });
    expect(out).toEqual({
      ok: true,
      entries: [
        { entry: 'a.com', source: meta.source, sourceUrl: meta.sourceUrl, date: meta.date, confidence: 'corroborated', note: 'from a test purchase' },
        { entry: 'b.com', source: meta.source, sourceUrl: meta.sourceUrl, date: meta.date, confidence: 'corroborated', note: 'from a test purchase' },
      ],
    });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['short source', { source: 'me' }, /^source: say who names the site/],
    ['non-web sourceUrl', { sourceUrl: 'ftp://example.org/x' }, /^sourceUrl: must be an http\(s\) address/],
    ['bad date', { date: '2026-13-01' }, /^date: must be the date of the source/],
    ['unknown confidence', { confidence: 'very-sure' }, /^confidence: /],
    ['empty evidence item', { evidence: [''] }, /^evidence\.0: /],
  ])('refuses bad metadata: %s', (_name, patch, problem) => {
    const out = toListEntries(['a.com'], { ...meta, ...patch } as never);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(problemText(out.problems[0]!)).toMatch(problem);
  });
});

describe('formatListFile', () => {
  it('reproduces authority.json byte for byte', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL('../../data/lists/authority.json', import.meta.url), 'utf8');
    expect(formatListFile(JSON.parse(text))).toBe(text);
  });
});
