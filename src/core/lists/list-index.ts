import { DomainSet } from '../domain/domain-set';
import { type DomainPattern, isPattern, matchPattern, parsePattern } from '../domain/domain-pattern';
import type { NormalizedHost } from '../domain/normalize-host';
import type { ListMatch } from '../verdict';
import type { CommunityList } from './community-list';
import type { KnownPharmacy, ListEntry, ListFile } from './list-schema';

export interface ListIndexInput {
  authority: ListFile;
  knownPharmacies: readonly KnownPharmacy[];
  /** Omitted or null when the user turned the community list off. */
  community?: CommunityList | null;
}

export interface HostListResult {
  /** The strongest list match, if any (authority beats everything; community loses to known pharmacies). */
  match?: ListMatch;
  /** The host belongs to a known legitimate pharmacy. */
  knownPharmacy?: KnownPharmacy;
}

/** All lists compiled for lookups: domains in hash sets, patterns checked against the registrable domain. */
export class ListIndex {
  private readonly authorityDomains: ListEntry[];
  private readonly authoritySet: DomainSet;
  private readonly authorityPatterns: Array<{ pattern: DomainPattern; entry: ListEntry }>;
  private readonly known: readonly KnownPharmacy[];
  private readonly knownSet: DomainSet;
  private readonly community: CommunityList | null;
  private readonly communitySet: DomainSet | null;

  constructor(input: ListIndexInput) {
    this.authorityDomains = input.authority.entries.filter((e) => !isPattern(e.entry));
    this.authoritySet = DomainSet.from(this.authorityDomains.map((e) => e.entry));
    this.authorityPatterns = input.authority.entries
      .filter((e) => isPattern(e.entry))
      .map((entry) => {
        const pattern = parsePattern(entry.entry);
        if (typeof pattern === 'string') throw new Error(`${entry.entry}: ${pattern}`);
        return { pattern, entry };
      });
    this.known = input.knownPharmacies;
    this.knownSet = DomainSet.from(input.knownPharmacies.map((k) => k.domain));
    this.community = input.community ?? null;
    this.communitySet = this.community ? DomainSet.from(this.community.hosts) : null;
  }

  get sizes(): { authority: number; community: number; knownPharmacies: number } {
    return {
      authority: this.authorityDomains.length + this.authorityPatterns.length,
      community: this.community?.hosts.length ?? 0,
      knownPharmacies: this.known.length,
    };
  }

  /** The authority list's plain domains (not patterns): what block mode can stop before any request. */
  authorityDomainNames(): string[] {
    return this.authorityDomains.map((e) => e.entry);
  }

  lookup(h: NormalizedHost): HostListResult {
    if (h.isIp) return {};
    const authority = this.matchAuthority(h);
    const knownAt = this.knownSet.match(h.host);
    const knownPharmacy = knownAt >= 0 ? this.known[knownAt] : undefined;
    if (authority) return { match: authority, knownPharmacy };
    if (knownPharmacy) return { knownPharmacy };
    if (this.communitySet && this.community) {
      const hit = this.communitySet.matchWithHost(h.host);
      if (hit) {
        return {
          match: {
            tier: 'community',
            entry: this.community.hosts[hit.entry]!,
            host: h.host,
            source: this.community.source,
            sourceUrl: this.community.sourceUrl,
            date: this.community.date,
            confidence: 'community',
          },
        };
      }
    }
    return {};
  }

  private matchAuthority(h: NormalizedHost): ListMatch | undefined {
    const at = this.authoritySet.match(h.host);
    let entry: ListEntry | undefined = at >= 0 ? this.authorityDomains[at] : undefined;
    if (!entry && h.domainLabel && h.suffix) {
      const label = h.domainLabel;
      const suffix = h.suffix;
      entry = this.authorityPatterns.find((p) => matchPattern(p.pattern, label, suffix))?.entry;
    }
    if (!entry) return undefined;
    return {
      tier: 'authority',
      entry: entry.entry,
      host: h.host,
      source: entry.source,
      sourceUrl: entry.sourceUrl,
      date: entry.date,
      confidence: entry.confidence,
    };
  }
}
