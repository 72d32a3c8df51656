import { describe, expect, it } from 'vitest';
import popularSitesJson from '../../data/lists/popular-sites.json';
import { normalizeListInput } from './bulk-input';
import { BUNDLED_POPULAR_SITES, createEntryGuard, describeEntryConflict, type EntryConflict } from './entry-guard';

const guard = createEntryGuard({ knownPharmacies: ['cvs.com', 'pharmacy.amazon.com'] });
const kind = (entry: string) => guard(entry)?.kind ?? 'allowed';

describe('the shipped popular sites (src/data/lists/popular-sites.json)', () => {
  it('holds the hosts of the top 500 sites, normalised, sorted and unique, with its source and licence', () => {
    expect(BUNDLED_POPULAR_SITES.length).toBeGreaterThan(450);
    expect(BUNDLED_POPULAR_SITES).toEqual([...new Set(BUNDLED_POPULAR_SITES)].sort());
    for (const h of BUNDLED_POPULAR_SITES) expect(normalizeListInput(h, { keep: 'host' })).toEqual({ ok: true, entry: h });
    expect(BUNDLED_POPULAR_SITES).toEqual(expect.arrayContaining(['google.com', 'pinterest.com', 'youtube.com', 'mail.google.com']));
    expect(popularSitesJson.licence).toMatch(/MIT/);
    expect(popularSitesJson.source).toMatch(/top-sites 1\.1\.222/);
  });
});

describe('the entry guard (issue 10, finding 8)', () => {
  it.each<[string, EntryConflict['kind'] | 'allowed']>([
    // Popular legitimate sites, their listed subdomains, and parents that would cover them.
    ['google.com', 'popular-site'],
    ['mail.google.com', 'popular-site'],
    ['pinterest.com', 'popular-site'],
    ['wordpress.com', 'popular-site'], // covers files.wordpress.com
    // A specific host under a popular site names that host only.
    ['rogue-pills.wordpress.com', 'allowed'],
    ['fresh-rogue-example.com', 'allowed'],
    // Known pharmacies come first.
    ['cvs.com', 'known-pharmacy'],
    ['amazon.com', 'known-pharmacy'], // covers pharmacy.amazon.com
    // Patterns: too broad, or matching a popular site, are refused.
    ['*in*er*.*', 'broad-pattern'],
    ['*ph*ar*ma.*', 'broad-pattern'],
    ['a*b*c*d.com', 'broad-pattern'],
    ['pinte*.*', 'popular-site'],
    ['*tube.*', 'popular-site'],
    ['googl*.*', 'popular-site'],
    ['coinrx.*', 'allowed'],
    ['buy*tramadol*.com', 'allowed'],
    ['*-oxycodone-*.*', 'allowed'],
  ])('%s → %s', (entry, expected) => {
    expect(kind(entry)).toBe(expected);
  });

  it('says why, naming the site', () => {
    const say = (e: string) => describeEntryConflict(e, guard(e)!);
    expect(say('google.com')).toBe('google.com is a popular legitimate site (popular-sites.json) and cannot be listed');
    expect(say('wordpress.com')).toBe('listing wordpress.com would cover the popular legitimate site files.wordpress.com (popular-sites.json)');
    expect(say('pinte*.*')).toBe('the pattern pinte*.* matches the popular legitimate site pinterest.com (popular-sites.json)');
    expect(say('*in*er*.*')).toBe('the pattern *in*er*.* is too broad: the label needs 4 letters or digits in a row (its longest run is 2)');
  });

  it('takes another popular-sites list (an empty one turns that part off)', () => {
    const none = createEntryGuard({ popularSites: [] });
    expect(none('google.com')).toBeNull();
    expect(none('*in*er*.*')).toMatchObject({ kind: 'broad-pattern' });
    expect(createEntryGuard({ popularSites: ['example-popular.org'] })('example-popular.org')).toMatchObject({ kind: 'popular-site' });
  });
});
