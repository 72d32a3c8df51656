/**
 * What the settings in force (the user's, under the administrator's policy) decide, as plain
 * functions the background wires: the inputs of every verdict's user decisions, and what the stop
 * rule blocks and lets through. Pure; tested in Node.
 */
import type { TrustedSite } from '../user-decisions';
import { type DecisionInputs, hostMatches } from '../user-decisions';
import type { EffectiveSettings } from './policy-schema';
import { userTrustAllowed } from './user-trust';

/** The user's and administrator's decisions that every verdict goes through (user-decisions.ts: applyUserDecisions). */
export function decisionInputsFrom(
  s: EffectiveSettings,
  trusted: readonly TrustedSite[],
  continued: readonly string[],
  proceeded: readonly string[],
): DecisionInputs {
  return {
    trusted,
    continued,
    policyAllow: s.policyAllowlist,
    policyBlock: s.policyBlocklist,
    mode: s.protectionMode,
    blockCaution: s.blockCaution,
    proceeded,
    userTrustAllowed: userTrustAllowed(s),
  };
}

/** What the declarativeNetRequest rules are made from (block-rules-adapter.ts: syncBlockRules). */
export interface StopRulePlan {
  /** Stopped before any request: the authority list's domains and the administrator's block list. */
  domains: string[];
  /** Let through this browser session: a parent's passes, and in warn mode "Continue anyway". */
  passes: string[];
  /** Never stopped by the rule: what the verdict lets through as well. */
  excluded: string[];
}

/**
 * The stop rule for the settings in force. What the verdict lets through, the rule must too: the
 * administrator's allowlist, and sites the user trusted over a list where policy lets the user's
 * trust count; the administrator's block list wins over both. In block mode only a parent's pass
 * lets a site through ("Continue anyway" belongs to warn mode).
 */
export function stopRulePlan(
  s: EffectiveSettings,
  authorityDomains: readonly string[],
  trusted: readonly TrustedSite[],
  proceeded: readonly string[],
  continued: readonly string[],
): StopRulePlan {
  const trustedOverLists = userTrustAllowed(s) ? trusted.filter((t) => t.overridesAuthority).map((t) => t.domain) : [];
  const excluded = [...s.policyAllowlist, ...trustedOverLists].filter((d) => !s.policyBlocklist.some((p) => hostMatches(d, p) || hostMatches(p, d)));
  return {
    domains: [...authorityDomains, ...s.policyBlocklist],
    passes: s.protectionMode === 'block' ? [...proceeded] : [...proceeded, ...continued],
    excluded,
  };
}
