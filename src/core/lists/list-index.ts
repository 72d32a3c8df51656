import { DomainSet } from '../domain/domain-set';
import { type DomainPattern, isPattern, matchPattern, parsePattern } from '../domain/domain-pattern';
import type { NormalizedHost } from '../domain/normalize-host';
import type { ListMatch } from '../verdict';
import type { CommunityList, CommunityListSource, PackedCommunityList } from './community-list';
import type { KnownPharmacy, ListEntry, ListFile } from './list-schema';

/** A list that arrived as a signed feed (already verified; see list-feed.ts). */
export interface FeedList {
  name: string;
  url: string;
  entries: readonly ListEntry[];
}

export interface ListIndexInput {
  authority: ListFile;
  knownPharmacies: readonly KnownPharmacy[];
  /** Omitted or null when the user turned the community list off. Its hosts as text, or packed at build time. */
  community?: CommunityList | PackedCommunityList | null;
  /** Signed list feeds the extension subscribes to: as strong as the bundled authority list. */
  feeds?: readonly FeedList[];
}

/** Domains in a hash set and patterns checked against the registrable domain, each entry with its source. */
class SourcedList {
  private readonly domains: ListEntry[];
  private readonly set: DomainSet;
  private readonly patterns: Array<{ pattern: DomainPattern; entry: ListEntry }>;

  constructor(entries: readonly ListEntry[]) {
    this.domains = entries.filter((e) => !isPattern(e.entry));
    this.set = DomainSet.from(this.domains.map((e) => e.entry));
    this.patterns = entries
      .filter((e) => isPattern(e.entry))
      .map((entry) => {
        const pattern = parsePattern(entry.entry);
        if (typeof pattern === 'string') throw new Error(`${entry.entry}: ${pattern}`);
        return { pattern, entry };
      });
  }

  get size(): number {
    return this.domains.length + this.patterns.length;
  }

  domainNames(): string[] {
    return this.domains.map((e) => e.entry);
  }

  match(h: NormalizedHost): ListEntry | undefined {
    const at = this.set.match(h.host);
    if (at >= 0) return this.domains[at];
    if (!h.domainLabel || !h.suffix) return undefined;
    const label = h.domainLabel;
    const suffix = h.suffix;
    return this.patterns.find((p) => matchPattern(p.pattern, label, suffix))?.entry;
  }
}

export interface HostListResult {
  /** The strongest list match, if any (authority beats everything; community loses to known pharmacies). */
  match?: ListMatch;
  /** The host belongs to a known legitimate pharmacy. */
  knownPharmacy?: KnownPharmacy;
}

/** All lists compiled for lookups: domains in hash sets, patterns checked against the registrable domain. */
export class ListIndex {
  private readonly authority: SourcedList;
  private readonly feeds: Array<{ feed: FeedList; list: SourcedList }>;
  private readonly known: readonly KnownPharmacy[];
  private readonly knownSet: DomainSet;
  private readonly community: CommunityListSource | null;
  /** The longest listed suffix of a host in the community list, or null. */
  private readonly communityMatch: ((host: string) => string | null) | null;
  private readonly communitySize: number;

  constructor(input: ListIndexInput) {
    this.authority = new SourcedList(input.authority.entries);
    this.feeds = (input.feeds ?? []).map((feed) => ({ feed, list: new SourcedList(feed.entries) }));
    this.known = input.knownPharmacies;
    this.knownSet = DomainSet.from(input.knownPharmacies.map((k) => k.domain));
    const community = input.community ?? null;
    this.community = community;
    if (!community) {
      this.communityMatch = null;
      this.communitySize = 0;
    } else if ('table' in community) {
      const table = community.table;
      this.communityMatch = (host) => table.matchSuffix(host);
      this.communitySize = table.size;
    } else {
      const set = DomainSet.from(community.hosts);
      this.communityMatch = (host) => set.matchWithHost(host)?.matched ?? null;
      this.communitySize = set.size;
    }
  }

  get sizes(): { authority: number; feeds: number; community: number; knownPharmacies: number } {
    return {
      authority: this.authority.size,
      feeds: this.feeds.reduce((n, f) => n + f.list.size, 0),
      community: this.communitySize,
      knownPharmacies: this.known.length,
    };
  }

  /** Plain domains (not patterns) of the authority list and the feeds: what block mode can stop before any request. */
  authorityDomainNames(): string[] {
    return [...this.authority.domainNames(), ...this.feeds.flatMap((f) => f.list.domainNames())];
  }

  lookup(h: NormalizedHost): HostListResult {
    if (h.isIp) return {};
    const knownAt = this.knownSet.match(h.host);
    const knownPharmacy = knownAt >= 0 ? this.known[knownAt] : undefined;
    const authority = this.authority.match(h);
    if (authority) return { match: sourcedMatch('authority', authority, h), knownPharmacy };
    // A known licensed pharmacy can never be listed by a feed (feeds drop them too, on arrival).
    if (knownPharmacy) return { knownPharmacy };
    for (const { feed, list } of this.feeds) {
      const entry = list.match(h);
      if (entry) {
        const match = sourcedMatch('feed', entry, h);
        return { match: { ...match, source: `${entry.source} (list “${feed.name}”)` } };
      }
    }
    if (this.communityMatch && this.community) {
      // Hosts are stored normalised, so the part of the host that matched is the entry itself.
      const entry = this.communityMatch(h.host);
      if (entry !== null) {
        return {
          match: {
            tier: 'community',
            entry,
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
}

function sourcedMatch(tier: 'authority' | 'feed', entry: ListEntry, h: NormalizedHost): ListMatch {
  return {
    tier,
    entry: entry.entry,
    host: h.host,
    source: entry.source,
    sourceUrl: entry.sourceUrl,
    date: entry.date,
    confidence: entry.confidence,
  };
}
