/**
 * What may never become a list entry, whoever adds it (`list add`, `reports accept`, `list
 * publish`, the researcher tools, a signed feed): a known licensed pharmacy (bulk-input.ts), a
 * popular legitimate site (src/data/lists/popular-sites.json), or a pattern too broad to mean one
 * naming scheme. One guard for every path, so they cannot disagree. Pure.
 */
import popularSitesJson from '../../data/lists/popular-sites.json';
import { type DomainPattern, isPattern, matchPattern, parsePattern } from '../domain/domain-pattern';
import { hostAndParents, normalizeHost } from '../domain/normalize-host';
import type { KnownPharmacy } from './list-schema';

/** A pattern's label needs a run of at least this many letters or digits with no `*` inside (`coinrx.*` has 6; `*in*er*.*` has 2). */
export const PATTERN_MIN_LITERAL_RUN = 4;

/** The shipped popular sites: hosts, lower case, without `www.`. */
export const BUNDLED_POPULAR_SITES: readonly string[] = popularSitesJson.hosts;

export interface KnownPharmacyConflict {
  /** The known pharmacy's domain. */
  pharmacy: string;
  /** `same`: the entry is the pharmacy; `under`: a subdomain of it; `above`: a parent that would cover it; `pattern`: a pattern matching it. */
  relation: 'same' | 'under' | 'above' | 'pattern';
}

/**
 * A check that no entry lists a known licensed pharmacy: not the pharmacy, not a subdomain of it,
 * not a parent domain that would cover it (`amazon.com` covers `pharmacy.amazon.com`), and no
 * pattern that matches it.
 */
export function createKnownPharmacyGuard(knownPharmacies: readonly (string | KnownPharmacy)[]): (entry: string) => KnownPharmacyConflict | null {
  const domains = knownPharmacies.map((k) => (typeof k === 'string' ? k : k.domain));
  const known = new Set(domains);
  const above = new Map<string, string>(); // every proper parent of a known domain → that domain
  const parsed: Array<{ domain: string; label: string; suffix: string }> = [];
  for (const d of domains) {
    const h = normalizeHost(d);
    if (!h || !h.domain) continue;
    for (const p of hostAndParents(h.host, h.domain).slice(1)) if (!above.has(p)) above.set(p, d);
    if (h.domainLabel && h.suffix) parsed.push({ domain: d, label: h.domainLabel, suffix: h.suffix });
  }
  return (entry) => {
    if (isPattern(entry)) {
      const p = parsePattern(entry);
      if (typeof p === 'string') return null;
      const hit = parsed.find((k) => matchPattern(p, k.label, k.suffix));
      return hit ? { pharmacy: hit.domain, relation: 'pattern' } : null;
    }
    if (known.has(entry)) return { pharmacy: entry, relation: 'same' };
    const h = normalizeHost(entry);
    if (h) for (const p of hostAndParents(h.host, h.domain).slice(1)) if (known.has(p)) return { pharmacy: p, relation: 'under' };
    const covered = above.get(entry);
    return covered ? { pharmacy: covered, relation: 'above' } : null;
  };
}

/** Words for a conflict, after the entry: "cvs.com is a known licensed pharmacy". */
export function describeKnownPharmacyConflict(entry: string, c: KnownPharmacyConflict): string {
  switch (c.relation) {
    case 'same':
      return `${entry} is a known licensed pharmacy and cannot be listed`;
    case 'under':
      return `${entry} belongs to the known licensed pharmacy ${c.pharmacy} and cannot be listed`;
    case 'above':
      return `listing ${entry} would cover the known licensed pharmacy ${c.pharmacy}`;
    case 'pattern':
      return `the pattern ${entry} matches the known licensed pharmacy ${c.pharmacy}`;
  }
}

export type EntryConflict =
  | ({ kind: 'known-pharmacy' } & KnownPharmacyConflict)
  /** `same`: the entry is a popular host; `above`: a parent domain that would cover one; `pattern`: a pattern matching one. */
  | { kind: 'popular-site'; site: string; relation: 'same' | 'above' | 'pattern' }
  | { kind: 'broad-pattern'; problem: string };

export interface EntryGuardOptions {
  /** Known licensed pharmacies (src/data/lists/known-pharmacies.json). */
  knownPharmacies?: readonly (string | KnownPharmacy)[];
  /** Popular legitimate hosts; default: the shipped list (BUNDLED_POPULAR_SITES). */
  popularSites?: readonly string[];
}

export type EntryGuard = (entry: string) => EntryConflict | null;

/** Why a valid pattern is too broad to be a list entry, or null. */
export function patternBreadthProblem(p: DomainPattern): string | null {
  const longest = Math.max(...p.label.split(/[*-]/).map((run) => run.length));
  if (longest < PATTERN_MIN_LITERAL_RUN) {
    return `too broad: the label needs ${PATTERN_MIN_LITERAL_RUN} letters or digits in a row (its longest run is ${longest})`;
  }
  return null;
}

/**
 * A check that an entry (a normalised domain or a valid pattern) may be listed: not a known
 * pharmacy (nor under, above or matched by a pattern), not a popular site nor a parent covering
 * one, and for a pattern, neither too broad nor matching a popular site's registrable domain.
 * Entries that are not valid at all are left to the list schema (the guard returns null).
 */
export function createEntryGuard(opts: EntryGuardOptions = {}): EntryGuard {
  const pharmacy = createKnownPharmacyGuard(opts.knownPharmacies ?? []);
  const popular = new Set<string>();
  const above = new Map<string, string>(); // every proper parent of a popular host, up to its registrable domain → that host
  const domains: Array<{ site: string; label: string; suffix: string }> = [];
  const seenDomains = new Set<string>();
  for (const site of opts.popularSites ?? BUNDLED_POPULAR_SITES) {
    const h = normalizeHost(site);
    if (!h || !h.domain) continue;
    const host = h.host.replace(/^(?:www\.)+/, '');
    popular.add(host);
    for (const p of hostAndParents(host, h.domain).slice(1)) if (!above.has(p)) above.set(p, host);
    if (h.domainLabel && h.suffix && !seenDomains.has(h.domain)) {
      seenDomains.add(h.domain);
      domains.push({ site: h.domain, label: h.domainLabel, suffix: h.suffix });
    }
  }
  return (entry) => {
    const k = pharmacy(entry);
    if (k) return { kind: 'known-pharmacy', ...k };
    if (isPattern(entry)) {
      const p = parsePattern(entry);
      if (typeof p === 'string') return null;
      const problem = patternBreadthProblem(p);
      if (problem) return { kind: 'broad-pattern', problem };
      const hit = domains.find((d) => matchPattern(p, d.label, d.suffix));
      return hit ? { kind: 'popular-site', site: hit.site, relation: 'pattern' } : null;
    }
    if (popular.has(entry)) return { kind: 'popular-site', site: entry, relation: 'same' };
    const covered = above.get(entry);
    return covered ? { kind: 'popular-site', site: covered, relation: 'above' } : null;
  };
}

/** Words for a conflict: "google.com is a popular legitimate site and cannot be listed". */
export function describeEntryConflict(entry: string, c: EntryConflict): string {
  switch (c.kind) {
    case 'known-pharmacy':
      return describeKnownPharmacyConflict(entry, c);
    case 'broad-pattern':
      return `the pattern ${entry} is ${c.problem}`;
    case 'popular-site':
      if (c.relation === 'same') return `${entry} is a popular legitimate site (popular-sites.json) and cannot be listed`;
      if (c.relation === 'above') return `listing ${entry} would cover the popular legitimate site ${c.site} (popular-sites.json)`;
      return `the pattern ${entry} matches the popular legitimate site ${c.site} (popular-sites.json)`;
  }
}
