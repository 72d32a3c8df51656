import { describe, expect, it } from 'vitest';
import { normalizeHost } from '../domain/normalize-host';
import type { CommunityList } from './community-list';
import { ListIndex } from './list-index';
import type { KnownPharmacy, ListFile } from './list-schema';

const FDA_URL = 'https://www.fda.gov/warning-letters/example-123';

const authority: ListFile = {
  name: 'test authority list',
  description: 'authority entries for the ListIndex tests',
  updated: '2026-11-22',
  entries: [
    { entry: 'bad-meds.com', source: 'FDA warning letter to Bad Meds', sourceUrl: FDA_URL, date: '2020-09-11', confidence: 'authority' },
    { entry: 'shop.evil-rx.org', source: 'FDA warning letter page address', sourceUrl: 'https://www.fda.gov/x', date: '2021-01-28', confidence: 'inferred' },
    {
      entry: 'coinrx.*',
      source: 'Network named in FDA warning letters',
      sourceUrl: 'https://example.org/coinrx',
      date: '2018-08-01',
      confidence: 'corroborated',
    },
    {
      entry: 'buy*tramadol*.com',
      source: 'DEA public safety alert on tramadol sites',
      sourceUrl: 'https://www.dea.gov/alert',
      date: '2022-08-01',
      confidence: 'authority',
    },
    // Also a "known pharmacy" below: the authority list must still win.
    { entry: 'compromised-pharmacy.com', source: 'FDA warning letter to a licensed pharmacy', sourceUrl: FDA_URL, date: '2023-03-03', confidence: 'authority' },
  ],
};

const known: KnownPharmacy[] = [
  { domain: 'good-pharmacy.com', name: 'Good Pharmacy', country: 'US', source: 'state-licensed test pharmacy' },
  { domain: 'pharmacy.amazon.com', name: 'Amazon Pharmacy', country: 'US', source: 'licensed in all states (test)' },
  { domain: 'compromised-pharmacy.com', name: 'Compromised', country: 'US', source: 'licensed, but warned (test)' },
];

const community: CommunityList = {
  name: 'test community list',
  source: 'Some community blocklist (test)',
  sourceUrl: 'https://github.com/example/lists',
  date: '2026-07-05',
  hosts: ['noisy-meds.net', 'sub.cheap-pills.ru', 'good-pharmacy.com', 'amazon.com', 'bad-meds.com'],
};

const index = new ListIndex({ authority, knownPharmacies: known, community });

function lookup(input: string, ix: ListIndex = index) {
  const h = normalizeHost(input);
  if (!h) throw new Error(`no host in ${input}`);
  return ix.lookup(h);
}

describe('ListIndex: authority domains', () => {
  it.each([
    ['bad-meds.com', 'bad-meds.com'],
    ['https://www.bad-meds.com/cart', 'www.bad-meds.com'],
    ['HTTPS://Shop.EU.Bad-Meds.com:8443/', 'shop.eu.bad-meds.com'],
    ['bad-meds.com.', 'bad-meds.com'],
  ])('%s matches bad-meds.com with its source', (input, host) => {
    expect(lookup(input)).toEqual({
      match: {
        tier: 'authority',
        entry: 'bad-meds.com',
        host,
        source: 'FDA warning letter to Bad Meds',
        sourceUrl: FDA_URL,
        date: '2020-09-11',
        confidence: 'authority',
      },
      knownPharmacy: undefined,
    });
  });

  it('a listed subdomain matches itself and below, not its parent or siblings', () => {
    expect(lookup('shop.evil-rx.org').match).toMatchObject({ tier: 'authority', entry: 'shop.evil-rx.org', confidence: 'inferred', date: '2021-01-28' });
    expect(lookup('a.shop.evil-rx.org').match?.entry).toBe('shop.evil-rx.org');
    expect(lookup('evil-rx.org').match).toBeUndefined();
    expect(lookup('blog.evil-rx.org').match).toBeUndefined();
  });

  it.each(['notbad-meds.com', 'bad-meds.com.other.org', 'bad-meds.net', 'good-site.com'])('%s matches nothing', (input) => {
    expect(lookup(input)).toEqual({});
  });
});

describe('ListIndex: authority patterns', () => {
  it.each([
    ['coinrx.com', 'coinrx.*'],
    ['coinrx.is', 'coinrx.*'],
    ['coinrx.co.uk', 'coinrx.*'],
    ['https://www.coinrx.co.uk/shop', 'coinrx.*'],
    ['coinrx.com.au', 'coinrx.*'],
    ['buytramadol.com', 'buy*tramadol*.com'],
    ['https://shop.buy-cheap-tramadol-now.com/', 'buy*tramadol*.com'],
  ])('%s matches %s', (input, entry) => {
    const r = lookup(input);
    expect(r.match).toMatchObject({ tier: 'authority', entry, host: normalizeHost(input)!.host });
    const listed = authority.entries.find((e) => e.entry === entry)!;
    expect(r.match).toMatchObject({ source: listed.source, sourceUrl: listed.sourceUrl, date: listed.date, confidence: listed.confidence });
  });

  it.each([
    'coinrx2.com', // label must match the whole label
    'mycoinrx.com',
    'coinrx.example.com', // coinrx is a subdomain here, not the registrable label
    'buy-tramadol.net', // wrong suffix for a suffix-specific pattern
    'buy-tramadol.com.au',
  ])('%s does not match a pattern', (input) => {
    expect(lookup(input).match).toBeUndefined();
  });
});

describe('ListIndex: community list and known pharmacies', () => {
  it('a community host gives tier community with the list attribution', () => {
    expect(lookup('https://www.noisy-meds.net/')).toEqual({
      match: {
        tier: 'community',
        entry: 'noisy-meds.net',
        host: 'www.noisy-meds.net',
        source: community.source,
        sourceUrl: community.sourceUrl,
        date: community.date,
        confidence: 'community',
      },
    });
    expect(lookup('x.sub.cheap-pills.ru').match).toMatchObject({ tier: 'community', entry: 'sub.cheap-pills.ru' });
    expect(lookup('cheap-pills.ru').match).toBeUndefined();
  });

  it('a known pharmacy overrides the community list', () => {
    const r = lookup('https://www.good-pharmacy.com/rx');
    expect(r.match).toBeUndefined();
    expect(r.knownPharmacy).toEqual(known[0]);
  });

  it('a known pharmacy on a subdomain covers only that subdomain', () => {
    const r = lookup('pharmacy.amazon.com');
    expect(r.match).toBeUndefined();
    expect(r.knownPharmacy?.name).toBe('Amazon Pharmacy');
    // The rest of amazon.com is not a known pharmacy, so the community entry applies.
    const other = lookup('www.amazon.com');
    expect(other.knownPharmacy).toBeUndefined();
    expect(other.match).toMatchObject({ tier: 'community', entry: 'amazon.com' });
  });

  it('a known pharmacy never overrides the authority list', () => {
    const r = lookup('https://www.compromised-pharmacy.com/');
    expect(r.match).toMatchObject({ tier: 'authority', entry: 'compromised-pharmacy.com', confidence: 'authority' });
    expect(r.knownPharmacy?.name).toBe('Compromised');
  });

  it('the authority list beats the community list for the same host', () => {
    expect(lookup('bad-meds.com').match?.tier).toBe('authority');
  });

  it.each([null, undefined])('community %s → no community matches', (c) => {
    const ix = new ListIndex({ authority, knownPharmacies: known, community: c });
    expect(lookup('noisy-meds.net', ix)).toEqual({});
    expect(lookup('amazon.com', ix)).toEqual({});
    expect(lookup('bad-meds.com', ix).match?.tier).toBe('authority');
    expect(lookup('good-pharmacy.com', ix)).toEqual({ knownPharmacy: known[0] });
    expect(ix.sizes.community).toBe(0);
  });
});

describe('ListIndex: IP hosts and sizes', () => {
  it.each(['192.168.0.1', 'http://127.0.0.1:8080/', 'http://[2001:db8::1]/'])('%s → nothing', (input) => {
    expect(lookup(input)).toEqual({});
  });

  it('an IP-shaped host object is never looked up even if listed', () => {
    const ix = new ListIndex({ authority, knownPharmacies: known, community: { ...community, hosts: ['10.0.0.1'] } });
    expect(ix.lookup({ host: '10.0.0.1', domain: null, domainLabel: null, suffix: null, isIp: true })).toEqual({});
  });

  it('sizes count domains plus patterns, community hosts and known pharmacies', () => {
    expect(index.sizes).toEqual({ authority: 5, feeds: 0, community: 5, knownPharmacies: 3 });
  });

  it('an invalid authority pattern fails at construction', () => {
    const broken: ListFile = { ...authority, entries: [{ ...authority.entries[0]!, entry: '*.*' }] };
    expect(() => new ListIndex({ authority: broken, knownPharmacies: [] })).toThrow(/\*\.\*/);
  });
});

describe('ListIndex: signed list feeds', () => {
  const feedEntry = (entry: string) => ({
    entry,
    source: 'Test feed source naming the site',
    sourceUrl: 'https://example.org/evidence',
    date: '2026-11-01',
    confidence: 'authority' as const,
  });
  const authority = { name: 'authority', description: 'test authority list', updated: '2026-11-01', entries: [feedEntry('listed-by-authority.com')] };
  const index = new ListIndex({
    authority,
    knownPharmacies: [{ domain: 'good-pharmacy.com', name: 'Good', country: 'US', source: 'a licensed pharmacy for tests' }],
    community: null,
    feeds: [
      {
        name: 'Researchers',
        url: 'https://feeds.example.org/list.json',
        entries: [feedEntry('new-rogue-pills.com'), feedEntry('pillsdirect*.*'), feedEntry('good-pharmacy.com')],
      },
    ],
  });
  const look = (host: string) => index.lookup(normalizeHost(host)!);

  it('matches feed domains and patterns as tier "feed", naming the feed', () => {
    expect(look('shop.new-rogue-pills.com').match).toMatchObject({ tier: 'feed', entry: 'new-rogue-pills.com', sourceUrl: 'https://example.org/evidence' });
    expect(look('shop.new-rogue-pills.com').match!.source).toContain('Researchers');
    expect(look('pillsdirect24.co.uk').match).toMatchObject({ tier: 'feed', entry: 'pillsdirect*.*' });
  });

  it('lets the authority list win, and never lets a feed list a known pharmacy', () => {
    expect(look('listed-by-authority.com').match?.tier).toBe('authority');
    expect(look('good-pharmacy.com').match).toBeUndefined();
    expect(look('good-pharmacy.com').knownPharmacy?.name).toBe('Good');
  });

  it('counts feed entries and hands their plain domains to block mode', () => {
    expect(index.sizes.feeds).toBe(3);
    expect(index.authorityDomainNames()).toEqual(expect.arrayContaining(['listed-by-authority.com', 'new-rogue-pills.com', 'good-pharmacy.com']));
  });
});
