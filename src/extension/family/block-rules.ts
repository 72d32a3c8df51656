/**
 * declarativeNetRequest rules: a top-level navigation to a listed domain is stopped before any
 * request reaches the site's server, and the background puts RxRadar's page (the warning, or the
 * block page) in the tab. Stopped, not redirected: a redirect to an extension page needs that page
 * web-accessible, which lets any site detect RxRadar by fetching it or frame it to get a click;
 * RxRadar's pages are not web-accessible at all. One rule holds every listed domain
 * (`requestDomains` matches subdomains too), so the rule limits are never near. Pure: the
 * background installs what this returns.
 */

/** Rule ids RxRadar owns in the dynamic rule set. */
export const BLOCK_RULE_ID = 1;
export const PROCEED_RULE_ID_BASE = 1000;
const MAX_PROCEED_RULES = 500;

export interface RedirectRule {
  id: number;
  priority: number;
  action: { type: 'block' } | { type: 'allow' };
  condition: { requestDomains: string[]; excludedRequestDomains?: string[]; resourceTypes: ['main_frame'] };
}

/**
 * The block rule. `excluded` domains (and their subdomains) are never stopped: the
 * administrator's allowlist, and sites trusted with the explicit second confirmation, win over
 * the lists here as they do in the verdict.
 */
export function blockRule(domains: readonly string[], excluded: readonly string[] = []): RedirectRule | null {
  const unique = [...new Set(domains)].sort();
  if (unique.length === 0) return null;
  const except = [...new Set(excluded)].sort();
  return {
    id: BLOCK_RULE_ID,
    priority: 1,
    action: { type: 'block' },
    condition: { requestDomains: unique, ...(except.length ? { excludedRequestDomains: except } : {}), resourceTypes: ['main_frame'] },
  };
}

/** A pass for one site (a parent's, or "Continue anyway"): allowed for this browser session, above the block rule. */
export function proceedRules(hosts: readonly string[]): RedirectRule[] {
  return [...new Set(hosts)].slice(0, MAX_PROCEED_RULES).map((host, i) => ({
    id: PROCEED_RULE_ID_BASE + i,
    priority: 2,
    action: { type: 'allow' },
    condition: { requestDomains: [host], resourceTypes: ['main_frame'] },
  }));
}

/** Ids to remove before installing a fresh set (all of RxRadar's). */
export function ownedRuleIds(existing: ReadonlyArray<{ id: number }>): number[] {
  return existing.map((r) => r.id).filter((id) => id === BLOCK_RULE_ID || (id >= PROCEED_RULE_ID_BASE && id < PROCEED_RULE_ID_BASE + MAX_PROCEED_RULES));
}

/** The address a block page was opened for, from its fragment (or a `url` query parameter). */
export function blockedUrlFrom(location: { hash: string; search: string }): string | null {
  const fromQuery = new URLSearchParams(location.search).get('url');
  const raw = fromQuery ?? (location.hash.startsWith('#') ? location.hash.slice(1) : '');
  if (!raw) return null;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
