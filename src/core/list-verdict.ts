/**
 * What the lists say about a host, as a verdict: for an address alone (before a page has loaded,
 * the CLI's `check`) or on top of a page's own verdict (analyze-page.ts). Kept apart from page
 * analysis so that an address check loads no lexicon, scanner or signal code.
 */
import type { HostListResult, ListIndex } from './lists/list-index';
import { type NormalizedHost, normalizeHost } from './domain/normalize-host';
import { SCORE_MAX } from './scoring/score';
import type { Level, Reason, Verdict } from './verdict';

/** The verdict on an address that has no host RxRadar can judge (normalizeHost gives none): nothing to say. */
export function noHostVerdict(url: string): Verdict {
  return { url, host: '', level: 'none', score: 0, reasons: [] };
}

/** A verdict from the address alone (before the page has loaded, or for the CLI's `check`). */
export function verdictForUrl(url: string, lists: ListIndex): Verdict {
  const host = normalizeHost(url);
  if (!host) return noHostVerdict(url);
  return applyLists(url, host, 'none', 0, [], lists.lookup(host));
}

export function applyLists(
  url: string,
  host: NormalizedHost,
  level: Level,
  score: number,
  reasons: Reason[],
  lists: HostListResult,
  refutesCommunity = false,
): Verdict {
  const { match, knownPharmacy } = lists;
  if (match?.tier === 'authority' || match?.tier === 'feed') {
    const who =
      match.tier === 'feed'
        ? 'On a signed list RxRadar subscribes to'
        : match.confidence === 'inferred'
          ? 'An FDA warning-letter page names this site in its address'
          : 'Named by U.S. authorities';
    return {
      url,
      host: host.host,
      level: 'danger',
      score: SCORE_MAX,
      listMatch: match,
      reasons: [
        {
          id: match.tier === 'feed' ? 'feed-list' : 'authority-list',
          label: `${who}: ${match.source} (${match.date})`,
          kind: 'list',
          weight: SCORE_MAX,
          evidence: [match.entry],
        },
        ...reasons,
      ],
    };
  }
  if (knownPharmacy) {
    return {
      url,
      host: host.host,
      level: 'none',
      score: 0,
      reasons: [
        {
          id: 'known-pharmacy',
          label: `Known licensed pharmacy: ${knownPharmacy.name} (${knownPharmacy.source})`,
          kind: 'trust',
          weight: 0,
          evidence: [knownPharmacy.domain],
        },
      ],
    };
  }
  if (match?.tier === 'community') {
    return {
      url,
      host: host.host,
      level: level === 'none' && !refutesCommunity ? 'caution' : level,
      score,
      listMatch: match,
      reasons: [
        {
          id: 'community-list',
          label: `Listed by a community blocklist (${match.source}); not confirmed by an authority`,
          kind: 'list',
          weight: 0,
          evidence: [match.entry],
        },
        ...reasons,
      ],
    };
  }
  return { url, host: host.host, level, score, reasons };
}
