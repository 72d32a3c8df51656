/**
 * What the user decided about sites ("I trust this site", "Continue anyway") applied on top of
 * the engine's verdict. Pure: the background passes in what storage holds.
 */
import type { Verdict } from '../core/verdict';
import type { Presentation } from './messages';

export interface TrustedSite {
  /** Normalised host as the user saw it; matches the host and its subdomains. */
  domain: string;
  addedAt: number;
  /** Set only after the second, explicit confirmation for an authority-listed site. */
  overridesAuthority: boolean;
}

export function hostMatches(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

export function findTrusted(host: string, trusted: readonly TrustedSite[]): TrustedSite | undefined {
  return trusted.find((t) => hostMatches(host, t.domain));
}

export interface Decided {
  verdict: Verdict;
  presentation: Presentation;
  trusted: boolean;
  continued: boolean;
}

/**
 * Allowlisting lowers a verdict to none, except an authority-list match, which only an explicit
 * second confirmation (overridesAuthority) can silence. "Continue anyway" keeps the verdict (the
 * badge stays honest) but stops the full-page warning for that site this session.
 */
export function applyUserDecisions(verdict: Verdict, trusted: readonly TrustedSite[], continuedHosts: readonly string[]): Decided {
  const entry = findTrusted(verdict.host, trusted);
  const authority = verdict.listMatch?.tier === 'authority';
  const isTrusted = !!entry && (!authority || entry.overridesAuthority);
  const continued = continuedHosts.some((h) => hostMatches(verdict.host, h));
  let decided = verdict;
  if (isTrusted && verdict.level !== 'none') {
    decided = {
      ...verdict,
      level: 'none',
      reasons: [
        { id: 'user-trusted', label: 'You marked this site as trusted', kind: 'trust', weight: 0, evidence: [entry!.domain] },
        ...verdict.reasons,
      ],
    };
  }
  const presentation: Presentation =
    decided.level === 'danger' ? (continued ? 'none' : 'warning') : decided.level === 'caution' ? 'banner' : 'none';
  return { verdict: decided, presentation, trusted: isTrusted, continued };
}
