/**
 * Lints the list files RxRadar ships. Self-contained: reads only files inside the repo (the
 * authority list's upstream, shared/data/authority-domains.json, is checked by count and spot
 * checks here, not read).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'tldts';
import { describe, expect, it } from 'vitest';
import { DomainSet } from '../../core/domain/domain-set';
import { isPattern, matchPattern, parsePattern } from '../../core/domain/domain-pattern';
import { normalizeHost } from '../../core/domain/normalize-host';
import { parseHostsFile } from '../../core/lists/community-list';
import { BUNDLED_POPULAR_SITES, createEntryGuard, describeEntryConflict } from '../../core/lists/entry-guard';
import { ListIndex } from '../../core/lists/list-index';
import { domainEntryProblem, KnownPharmacyFileSchema, ListFileSchema } from '../../core/lists/list-schema';
import { COMMUNITY_LIST_META } from '../bundled-data';
import { COMMUNITY_LIST_PATH, loadCommunityListNode } from '../load-community-list-node';
import authorityJson from './authority.json';
import knownJson from './known-pharmacies.json';
import popularSitesJson from './popular-sites.json';

const authority = ListFileSchema.parse(authorityJson);
const known = KnownPharmacyFileSchema.parse(knownJson);
const authorityDomains = authority.entries.filter((e) => !isPattern(e.entry));
const authorityPatterns = authority.entries.filter((e) => isPattern(e.entry));

function isSortedUnique(xs: readonly string[]): boolean {
  return xs.every((x, i) => i === 0 || xs[i - 1]! < x);
}

function firstUnsorted(xs: readonly string[]): string | undefined {
  const i = xs.findIndex((x, k) => k > 0 && !(xs[k - 1]! < x));
  return i < 0 ? undefined : `${xs[i - 1]} / ${xs[i]}`;
}

/** The host form normalizeHost would give: a list entry must already be in that form. */
function normalised(domain: string): string | undefined {
  return normalizeHost(domain)?.host;
}

describe('authority.json', () => {
  it('parses with ListFileSchema', () => {
    expect(ListFileSchema.safeParse(authorityJson).error?.issues).toBeUndefined();
  });

  it('entries are sorted by entry and unique', () => {
    const entries = authority.entries.map((e) => e.entry);
    expect(firstUnsorted(entries)).toBeUndefined();
    expect(isSortedUnique(entries)).toBe(true);
    expect(new Set(entries).size).toBe(entries.length);
  });

  it('holds the 57 FDA/DEA-named domains of shared/data/authority-domains.json plus the coinrx.* pattern', () => {
    expect(authorityDomains).toHaveLength(57);
    expect(authorityPatterns.map((e) => e.entry)).toEqual(['coinrx.*']);
    expect(authority.entries).toHaveLength(58);
  });

  it.each(authorityDomains.map((e) => [e.entry]))('%s is a normalised registrable domain or subdomain', (entry) => {
    expect(domainEntryProblem(entry)).toBeNull();
    expect(entry).toBe(entry.toLowerCase());
    expect(entry.startsWith('www.')).toBe(false);
    expect(normalised(entry)).toBe(entry);
    const p = parse(entry, { allowPrivateDomains: true });
    expect(p.isIp).toBe(false);
    expect(p.domain).not.toBeNull();
    expect(p.publicSuffix).not.toBe(entry);
    expect(p.isIcann || p.isPrivate).toBe(true); // a real public suffix, not a typo such as .comm
  });

  it.each(authorityPatterns.map((e) => [e.entry]))('pattern %s parses, with a real public suffix or *', (entry) => {
    const p = parsePattern(entry);
    expect(typeof p).not.toBe('string');
    if (typeof p === 'string') return;
    if (p.suffix !== null) {
      const parsed = parse(`x.${p.suffix}`, { allowPrivateDomains: true });
      expect(parsed.publicSuffix).toBe(p.suffix);
      expect(parsed.isIcann || parsed.isPrivate).toBe(true);
    }
  });

  it('every entry has a source, a web sourceUrl and an ISO date no later than the list', () => {
    for (const e of authority.entries) {
      expect(e.source.length, e.entry).toBeGreaterThanOrEqual(10);
      const url = new URL(e.sourceUrl);
      expect(['https:', 'http:'], e.entry).toContain(url.protocol);
      expect(e.date, e.entry).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${e.date}T00:00:00Z`).toISOString().slice(0, 10), e.entry).toBe(e.date);
      expect(e.date <= authority.updated, e.entry).toBe(true);
      expect(e.date >= '2000-01-01', e.entry).toBe(true);
    }
  });

  it('sourceUrls are https, except five old fda.gov warning-letter addresses kept as published upstream', () => {
    const plain = authority.entries.filter((e) => !e.sourceUrl.startsWith('https://'));
    expect(plain.map((e) => e.entry)).toEqual(['andersenpharmacy.com', 'bestcheapmedsonline.com', 'dukepharmacy.com', 'tob-one.com', 'topsavingspharmacy.com']);
    for (const e of plain) expect(e.sourceUrl).toMatch(/^http:\/\/www\.fda\.gov\/ICECI\/EnforcementActions\/WarningLetters\/\d{4}\/ucm\d+\.htm$/);
  });

  it('holds only what agencies say: no entry from a reviewed user report (those travel in feeds, named as such)', () => {
    expect(authority.entries.filter((e) => e.confidence === 'reviewed').map((e) => e.entry)).toEqual([]);
  });

  it('inferred entries name the domain in the address of the FDA page they were read from', () => {
    const inferred = authority.entries.filter((e) => e.confidence === 'inferred');
    expect(inferred.length).toBeGreaterThan(0);
    for (const e of inferred) {
      expect(e.sourceUrl, e.entry).toMatch(/^https:\/\/www\.fda\.gov\//);
      expect(e.sourceUrl.replace(/[^a-z0-9]/g, ''), e.entry).toContain(e.entry.replace(/[^a-z0-9]/g, ''));
    }
  });

  const TRAMADOL_US = {
    source: "FDA warning letter to 'Tramadol US' network, MARCS-CMS 634444 (Aug 2022); domains as reported by RAPS Regulatory Focus",
    sourceUrl: 'https://www.fda.gov/inspections-compliance-enforcement-and-criminal-investigations/warning-letters/tramadol-us-634444-08162022',
    date: '2022-08-16',
    confidence: 'authority',
  };
  const COINRX = {
    source: "Network named in FDA warning letters (XLPharmacy Jun 2018; CoinRX Aug 2018, 'accepts bitcoin'); domain taken from a community blocklist",
    sourceUrl: 'https://www.fiercehealthcare.com/hospitals-health-systems/fda-ramps-up-crackdown-websites-marketing-unapproved-opioids',
    date: '2018-08-01',
    confidence: 'corroborated',
  };
  it.each([
    ['tramadolus.org', TRAMADOL_US],
    ['yellowxanaxbarsforsale.com', TRAMADOL_US],
    ['purduepharm.com', TRAMADOL_US],
    ['coinrx.is', COINRX],
    ['coinrx.com', COINRX],
    ['xlpharmacy.com', COINRX],
    [
      'wellerectile.com',
      {
        source: 'FDA warning letter page whose address names the site; the domain is read from that address and should be checked against the letter',
        sourceUrl: 'https://www.fda.gov/inspections-compliance-enforcement-and-criminal-investigations/warning-letters/wwwwellerectilecom-615690-04062022',
        date: '2022-04-06',
        confidence: 'inferred',
      },
    ],
    [
      'alpharoyalpharmacy.com',
      {
        source: 'FDA warning letters to 17 websites selling unapproved opioids (Sep 2020), as reported by RxWiki and Healio',
        sourceUrl: 'https://cm.healio.com/news/primary-care/20200911/fda-issues-more-warning-letters-to-opioid-website-operators',
        date: '2020-09-11',
        confidence: 'authority',
      },
    ],
    [
      'andersenpharmacy.com',
      {
        source: "FDA warning letter (William Wynne; 'Herbal Xanax', Valium)",
        sourceUrl: 'http://www.fda.gov/ICECI/EnforcementActions/WarningLetters/2009/ucm191145.htm',
        date: '2009-11-16',
        confidence: 'authority',
      },
    ],
  ])('spot check: %s carries its upstream source, url, date and confidence', (domain, expected) => {
    const e = authority.entries.find((x) => x.entry === domain);
    expect(e).toBeDefined();
    expect({ source: e!.source, sourceUrl: e!.sourceUrl, date: e!.date, confidence: e!.confidence }).toEqual(expected);
  });

  it('confidence counts: 40 authority, 4 corroborated (incl. the pattern), 14 inferred', () => {
    const count = (c: string) => authority.entries.filter((e) => e.confidence === c).length;
    expect([count('authority'), count('corroborated'), count('inferred')]).toEqual([40, 4, 14]);
  });
});

describe('popular-sites.json and the entry guard (issue 10, finding 8)', () => {
  it('names its source, licence and package integrity, and holds sorted, unique, normalised hosts', () => {
    expect(popularSitesJson.sourceUrl).toBe('https://www.npmjs.com/package/top-sites/v/1.1.222');
    expect(popularSitesJson.licence).toMatch(/^MIT/);
    expect(popularSitesJson.integrity).toMatch(/^sha512-/);
    expect(isSortedUnique(BUNDLED_POPULAR_SITES), firstUnsorted(BUNDLED_POPULAR_SITES)).toBe(true);
    for (const h of BUNDLED_POPULAR_SITES) {
      expect(normalised(h), h).toBe(h);
      expect(h.startsWith('www.'), h).toBe(false);
      expect(domainEntryProblem(h), h).toBeNull();
    }
  });

  it('no authority entry is a popular site, covers one, or is a too broad pattern; nor does any community host', () => {
    const guard = createEntryGuard({ knownPharmacies: KnownPharmacyFileSchema.parse(knownJson).pharmacies });
    for (const e of authority.entries) {
      const c = guard(e.entry);
      expect(c && describeEntryConflict(e.entry, c), e.entry).toBeNull();
    }
    const community = parseHostsFile(readFileSync(COMMUNITY_LIST_PATH, 'utf8')).hosts;
    expect(community.filter((h) => guard(h)?.kind === 'popular-site')).toEqual([]);
  });
});

describe('known-pharmacies.json', () => {
  const domains = known.pharmacies.map((p) => p.domain);

  it('parses with KnownPharmacyFileSchema', () => {
    expect(KnownPharmacyFileSchema.safeParse(knownJson).error?.issues).toBeUndefined();
  });

  it('is sorted by domain and unique', () => {
    expect(firstUnsorted(domains)).toBeUndefined();
    expect(new Set(domains).size).toBe(domains.length);
  });

  it.each(domains.map((d) => [d]))('%s is a normalised plain domain', (d) => {
    expect(isPattern(d)).toBe(false);
    expect(domainEntryProblem(d)).toBeNull();
    expect(normalised(d)).toBe(d);
  });

  it('no known pharmacy is on, under or above an authority entry, and no authority pattern matches one', () => {
    const authoritySet = DomainSet.from(authorityDomains.map((e) => e.entry));
    const knownSet = DomainSet.from(domains);
    const listed = new Set(authority.entries.map((e) => e.entry));
    const patterns = authorityPatterns.map((e) => parsePattern(e.entry)).filter((p) => typeof p !== 'string');
    for (const d of domains) {
      expect(listed.has(d), d).toBe(false);
      expect(authoritySet.match(d), d).toBe(-1);
      const h = normalizeHost(d)!;
      expect(
        patterns.some((p) => matchPattern(p, h.domainLabel!, h.suffix!)),
        d,
      ).toBe(false);
    }
    for (const e of authorityDomains) expect(knownSet.match(e.entry), e.entry).toBe(-1);
  });

  it('includes the .pharmacy verification sites and the three pharmacies wrongly in the community list', () => {
    for (const d of ['safe.pharmacy', 'nabp.pharmacy', 'healthwarehouse.com', 'shop-apotheke.com', 'pharmacy2u.co.uk']) expect(domains).toContain(d);
  });
});

describe('community list (The Block List Project, drugs)', () => {
  const text = readFileSync(COMMUNITY_LIST_PATH, 'utf8');
  const parsed = parseHostsFile(text);
  const hostLines = text.split('\n').filter((l) => /^0\.0\.0\.0\s/.test(l));
  console.log(
    `community list: ${hostLines.length} host lines → ${parsed.hosts.length} distinct hosts after folding www., ${parsed.rejected.length} lines rejected`,
  );

  it('keeps its attribution header (Title, Homepage, License)', () => {
    const head = text.split('\n').slice(0, 15);
    expect(head).toContain('# Title: Drugs Block List');
    expect(head).toContain('# Homepage: https://github.com/blocklistproject/Lists');
    expect(head).toContain('# License: MIT');
    expect(COMMUNITY_LIST_META.sourceUrl).toBe('https://github.com/blocklistproject/Lists');
  });

  it('has as many host lines as its header says', () => {
    const declared = /^# Entries: ([\d,]+)$/m.exec(text)?.[1];
    expect(declared).toBeDefined();
    expect(hostLines.length).toBe(Number(declared!.replace(/,/g, '')));
    expect(hostLines.length).toBeGreaterThan(25_000);
  });

  it(`parseHostsFile yields ${parsed.hosts.length} distinct hosts (${parsed.rejected.length} lines rejected)`, () => {
    // ~6,600 lines are `www.x` next to `x`; folding them leaves ~19,400 distinct sites.
    expect(parsed.hosts.length).toBeGreaterThan(19_000);
    expect(parsed.rejected.length).toBeLessThan(hostLines.length / 100);
    expect(new Set(parsed.hosts).size).toBe(parsed.hosts.length);
    for (const h of parsed.hosts) {
      if (domainEntryProblem(h) !== null) throw new Error(`${h}: ${domainEntryProblem(h)}`);
    }
    // Every host line is either rejected or kept (with its leading www. removed).
    const kept = new Set(parsed.hosts);
    const rejectedLines = new Set(parsed.rejected.map((r) => r.line));
    text.split('\n').forEach((line, i) => {
      if (!/^0\.0\.0\.0\s/.test(line) || rejectedLines.has(i + 1)) return;
      const host = line
        .split(/\s+/)[1]!
        .toLowerCase()
        .replace(/\.$/, '')
        .replace(/^(?:www\.)+/, '');
      if (!kept.has(host)) throw new Error(`line ${i + 1} lost: ${line}`);
    });
  });

  it('loadCommunityListNode returns the parsed hosts with the bundled attribution', () => {
    const list = loadCommunityListNode();
    expect(list.hosts).toEqual(parsed.hosts);
    expect(list).toMatchObject(COMMUNITY_LIST_META);
  });

  const index = new ListIndex({ authority, knownPharmacies: known.pharmacies, community: loadCommunityListNode() });

  it.each(['healthwarehouse.com', 'shop-apotheke.com', 'pharmacy2u.co.uk'])(
    'licensed pharmacy %s is in the community list but overridden by known pharmacies',
    (domain) => {
      expect(parsed.hosts).toContain(domain);
      for (const url of [domain, `https://www.${domain}/`]) {
        const r = index.lookup(normalizeHost(url)!);
        expect(r.match, url).toBeUndefined();
        expect(r.knownPharmacy?.domain, url).toBe(domain);
      }
    },
  );

  it('no known pharmacy gets a community match through the bundled index', () => {
    for (const p of known.pharmacies) {
      const r = index.lookup(normalizeHost(p.domain)!);
      expect(r.match, p.domain).toBeUndefined();
      expect(r.knownPharmacy, p.domain).toEqual(p);
    }
  });

  it('every authority entry resolves to an authority match, also where the community list lists it', () => {
    for (const e of authorityDomains) {
      const r = index.lookup(normalizeHost(`https://www.${e.entry}/`)!);
      expect(r.match, e.entry).toMatchObject({ tier: 'authority', entry: e.entry, source: e.source, date: e.date });
    }
    expect(index.lookup(normalizeHost('coinrx.co.uk')!).match).toMatchObject({ tier: 'authority', entry: 'coinrx.*' });
  });

  it('index sizes match the files', () => {
    expect(index.sizes).toEqual({ authority: 58, feeds: 0, community: parsed.hosts.length, knownPharmacies: known.pharmacies.length });
  });
});
