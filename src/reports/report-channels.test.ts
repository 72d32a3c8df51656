import { describe, expect, it } from 'vitest';
import channelsJson from '../data/channels/report-channels.json';
import { buildReport } from './build-report';
import { browserLocale, channelText, issueTrackerUrl, mailtoUrl, MAX_MAILTO_CHARS, newIssueUrl, parseLocale, rankChannels } from './report-channels';
import { ReportChannelFileSchema, ReportChannelSchema } from './report-channels-schema';
import type { Report } from './report-schema';

const channels = ReportChannelFileSchema.parse(channelsJson).channels;
const first = (tags: string[], category: Parameters<typeof rankChannels>[1] = 'rogue-pharmacy') => rankChannels(channels, category, browserLocale(tags))[0]?.id;

describe('parseLocale / browserLocale', () => {
  it.each([
    ['es-ES', { language: 'es', region: 'ES' }],
    ['en_GB', { language: 'en', region: 'GB' }],
    ['hi', { language: 'hi', region: 'IN' }],
    ['zh-Hant-TW', { language: 'zh', region: 'TW' }],
    ['es-419', { language: 'es', region: 'ES' }],
    ['xx', { language: 'xx', region: null }],
  ])('%s', (tag, expected) => expect(parseLocale(tag)).toEqual(expected));

  it('unreadable tags give null; no readable tag gives en-US', () => {
    expect(parseLocale('')).toBeNull();
    expect(parseLocale('<script>')).toBeNull();
    expect(browserLocale([undefined, '!!'])).toEqual({ language: 'en', region: 'US' });
  });

  it('a tag with a region wins over an earlier one without, of the same language', () => {
    expect(browserLocale(['es', 'es-MX'])).toEqual({ language: 'es', region: 'MX' });
  });

  it('the first language decides; a later language’s region does not move it abroad (Chromium lists en-US after the person’s own)', () => {
    expect(browserLocale(['es', 'en-US', 'es'])).toEqual({ language: 'es', region: 'ES' });
    expect(browserLocale(['hi', 'en-US', 'en'])).toEqual({ language: 'hi', region: 'IN' });
    expect(browserLocale(['en', 'en-GB'])).toEqual({ language: 'en', region: 'GB' });
  });
});

describe('rankChannels: the first channel from language and region', () => {
  it.each([
    [['en-US'], 'fda-buyonline'],
    [['es-ES', 'es'], 'aemps-es'],
    [['hi-IN'], 'cdsco-in'],
    [['hi'], 'cdsco-in'],
    [['en-IN'], 'cdsco-in'],
    [['en-GB'], 'mhra-casereferrals'],
    [['en-CA'], 'health-canada'],
    [['fr-CA'], 'health-canada'],
    [['en-AU'], 'tga-au'],
    [['pt-PT'], 'infarmed-pt'],
    [['de-DE'], 'bfarm-de'],
    [['it-IT'], 'aifa-it'],
    [['nl-NL'], 'ema-national-authorities'],
    [['es-MX'], 'legitscript'],
    [['ja-JP'], 'legitscript'],
  ])('%j → %s', (tags, id) => expect(first(tags)).toBe(id));

  it("precursor sellers: the DEA in the U.S.; elsewhere the country's own agency first", () => {
    expect(first(['en-US'], 'precursor-seller')).toBe('dea-tips');
    expect(first(['en-GB'], 'precursor-seller')).toBe('mhra-casereferrals');
  });

  it('every channel stays on offer (another can be picked), except for a false alarm, which goes to no agency', () => {
    expect(rankChannels(channels, 'rogue-pharmacy', { language: 'en', region: 'US' })).toHaveLength(channels.length);
    expect(rankChannels(channels, 'false-alarm', { language: 'en', region: 'US' })).toEqual([]);
  });

  it('France: PHAROS for the site, then LegitScript (anywhere), then the ANSM portal for harm, before channels for other countries', () => {
    const ids = rankChannels(channels, 'rogue-pharmacy', browserLocale(['fr-FR'])).map((c) => c.id);
    expect(ids.slice(0, 3)).toEqual(['pharos-fr', 'legitscript', 'ansm-signalement']);
  });
});

describe('ReportChannelSchema', () => {
  const ok = channels.find((c) => c.id === 'fda-buyonline')!;
  it.each([
    ['http address', { ...ok, address: 'http://example.gov/form' }],
    ['javascript address', { ...ok, address: 'javascript:alert(1)' }],
    ['http source', { ...ok, sourceUrl: 'http://example.gov/' }],
    ['bad e-mail', { ...ok, kind: 'e-mail', address: 'not an address' }],
    ['nothing asked', { ...ok, asks: [] }],
    ['no category', { ...ok, categories: [] }],
    ['unknown field', { ...ok, extra: 1 }],
  ])('refuses %s', (_what, c) => expect(ReportChannelSchema.safeParse(c).success).toBe(false));
});

const verdict = {
  url: 'https://shop.bad-meds.com/buy?x=1',
  host: 'shop.bad-meds.com',
  level: 'danger' as const,
  score: 90,
  reasons: [
    {
      id: 'no-prescription',
      label: 'Says you can buy without a prescription',
      kind: 'risk' as const,
      weight: 40,
      evidence: ['No prescription\nneeded!', 'Buy <b>oxycodone</b> now'],
    },
  ],
};
function report(note = ''): Report {
  const r = buildReport({
    reportId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    url: 'https://shop.bad-meds.com/buy?x=1',
    verdict,
    category: 'rogue-pharmacy',
    note,
    time: new Date('2026-12-03T10:00:00Z'),
    extensionVersion: '0.1.0',
    listVersions: { authority: '2026-11-22', community: '2026-07-05' },
  });
  if (!r.ok) throw new Error(r.error);
  return r.report;
}
const words = {
  site: 'Website',
  address: 'Address',
  found: 'What was found',
  date: 'Date',
  note: 'Note',
  category: 'Suspected illegal online pharmacy',
  footer: 'Prepared with RxRadar. Nothing was sent automatically.',
};

describe('channelText', () => {
  it('site, address, what was found with quotes (one line each), date, note', () => {
    const text = channelText(report('Seen in spam.'), verdict.reasons, words);
    expect(text).toBe(
      [
        'Website: bad-meds.com',
        'Address: https://shop.bad-meds.com/buy?x=1',
        'Suspected illegal online pharmacy',
        'Date: 2026-12-03',
        'What was found:',
        '- Says you can buy without a prescription: "No prescription needed!", "Buy <b>oxycodone</b> now"',
        'Note: Seen in spam.',
        '',
        'Prepared with RxRadar. Nothing was sent automatically.',
        '',
      ].join('\n'),
    );
  });

  it('no note line without a note; long quotes are cut', () => {
    const long = [{ label: 'x', evidence: ['a'.repeat(500)] }];
    const text = channelText(report(), long, words);
    expect(text).not.toMatch(/Note:/);
    expect(text).toMatch(/"a{159}…"/);
  });
});

describe('mailtoUrl', () => {
  it('carries the address, subject and body, encoded', () => {
    const url = mailtoUrl('casereferrals@mhra.gov.uk', 'Report: bad.com', 'line 1\nline & 2', 'too long');
    expect(url).toBe('mailto:casereferrals@mhra.gov.uk?subject=Report%3A%20bad.com&body=line%201%0Aline%20%26%202');
  });
  it('a body too long for a mailto: link is replaced by the short one', () => {
    const url = mailtoUrl('a@b.org', 's', 'x'.repeat(5000), 'The full text is on your clipboard.');
    expect(url.length).toBeLessThanOrEqual(MAX_MAILTO_CHARS);
    expect(decodeURIComponent(url.split('body=')[1]!)).toBe('The full text is on your clipboard.');
  });
});

describe('issueTrackerUrl / newIssueUrl', () => {
  it('bugs.url first, then repository (git+…, .git)', () => {
    expect(issueTrackerUrl({ bugs: { url: 'https://github.com/me/fork/issues' } })).toBe('https://github.com/me/fork/issues');
    expect(issueTrackerUrl({ repository: { url: 'git+https://github.com/me/fork.git' } })).toBe('https://github.com/me/fork/issues');
    expect(issueTrackerUrl({ repository: 'https://gitlab.com/x/y' })).toBe('https://gitlab.com/x/y/issues');
    expect(issueTrackerUrl({ bugs: 'javascript:alert(1)', repository: 'http://plain.example/x' })).toBeNull();
    expect(issueTrackerUrl({})).toBeNull();
  });
  it('title and body as parameters; an overlong body is replaced', () => {
    const url = newIssueUrl('https://github.com/me/fork/issues', 'False alarm: x.com', '{"a":1}', 'short');
    expect(url).toBe('https://github.com/me/fork/issues/new?title=False%20alarm%3A%20x.com&body=%7B%22a%22%3A1%7D');
    expect(newIssueUrl('https://github.com/a/b/issues', 't', 'y'.repeat(9000), 'short')).toMatch(/body=short$/);
  });
});
