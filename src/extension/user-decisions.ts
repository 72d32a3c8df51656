/**
 * What the user decided about sites ("I trust this site", "Continue anyway") applied on top of
 * the engine's verdict. Pure: the background passes in what storage holds.
 */
import type { Verdict } from '../core/verdict';

/** How a verdict shows in the page: RxRadar's warning page, the caution banner, or nothing. */
export type Presentation = 'warning' | 'banner' | 'none';

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
  /** Block mode: the tab goes to the block page instead of showing this site. */
  blocked: boolean;
}

/** Everything besides the engine that decides what a tab shows. */
export interface DecisionInputs {
  trusted: readonly TrustedSite[];
  continued: readonly string[];
  /** Browser policy (administrator): always allowed / always blocked domains. */
  policyAllow: readonly string[];
  policyBlock: readonly string[];
  mode: 'warn' | 'block';
  blockCaution: boolean;
  /** Sites a parent let through with the PIN, this session. */
  proceeded: readonly string[];
  /** False when browser policy holds block mode: the user's trusted sites do not lift it (see userTrustAllowed). */
  userTrustAllowed: boolean;
}

export const NO_DECISIONS: DecisionInputs = {
  trusted: [],
  continued: [],
  policyAllow: [],
  policyBlock: [],
  mode: 'warn',
  blockCaution: false,
  proceeded: [],
  userTrustAllowed: true,
};

/**
 * Applies the administrator's lists, the user's trusted sites and the protection mode to the
 * engine's verdict:
 * - an administrator's blocked domain is danger, whatever else holds; an administrator's allowed
 *   domain is trusted (policy is an explicit decision, so it may silence an authority match);
 * - the user's trust lowers a verdict to none, except an authority-list match, which only an
 *   explicit second confirmation (overridesAuthority) can silence; where policy holds block mode
 *   (userTrustAllowed false), the user's trust counts for nothing;
 * - warn mode: "Continue anyway" keeps the verdict (the badge stays honest) but stops the
 *   full-page warning for that site this session;
 * - block mode: danger (and caution, if so set) sends the tab to the block page unless a parent
 *   let the site through with the PIN this session.
 */
export function applyUserDecisions(verdict: Verdict, inputs: DecisionInputs): Decided {
  const host = verdict.host;
  const blockedByPolicy = host !== '' ? inputs.policyBlock.find((d) => hostMatches(host, d)) : undefined;
  let decided = verdict;
  let isTrusted = false;
  if (blockedByPolicy) {
    decided = {
      ...verdict,
      level: 'danger',
      score: 100,
      listMatch: { tier: 'policy', entry: blockedByPolicy, host, source: "Your administrator's block list" },
      reasons: [
        { id: 'policy-blocklist', label: "Blocked by your administrator's policy", kind: 'list', weight: 100, evidence: [blockedByPolicy] },
        ...verdict.reasons,
      ],
    };
  } else {
    const policyAllowed = host !== '' ? inputs.policyAllow.find((d) => hostMatches(host, d)) : undefined;
    const entry = inputs.userTrustAllowed ? findTrusted(host, inputs.trusted) : undefined;
    const authority = verdict.listMatch?.tier === 'authority' || verdict.listMatch?.tier === 'feed';
    isTrusted = !!policyAllowed || (!!entry && (!authority || entry.overridesAuthority));
    if (isTrusted && verdict.level !== 'none') {
      const id = policyAllowed ? 'policy-allowlist' : 'user-trusted';
      const label = policyAllowed ? "Allowed by your administrator's policy" : 'You marked this site as trusted';
      decided = {
        ...verdict,
        level: 'none',
        reasons: [{ id, label, kind: 'trust', weight: 0, evidence: [policyAllowed ?? entry!.domain] }, ...verdict.reasons],
      };
    }
  }
  const continued = inputs.continued.some((h) => hostMatches(host, h));
  const proceeded = inputs.proceeded.some((h) => hostMatches(host, h));
  const blocked = inputs.mode === 'block' && !proceeded && (decided.level === 'danger' || (decided.level === 'caution' && inputs.blockCaution));
  const presentation: Presentation = blocked
    ? 'warning'
    : decided.level === 'danger'
      ? continued || (inputs.mode === 'block' && proceeded)
        ? 'none'
        : 'warning'
      : decided.level === 'caution'
        ? 'banner'
        : 'none';
  return { verdict: decided, presentation, trusted: isTrusted, continued, blocked };
}
