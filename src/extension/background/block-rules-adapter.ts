/**
 * Installs the declarativeNetRequest rules: every listed domain is stopped before a request
 * reaches it (the background sends the tab to RxRadar's page: the full-page warning, or the block
 * page), and allow rules let sites through this session (a parent's pass, "Continue anyway").
 * Where the browser has no declarativeNetRequest, the tab is still sent to RxRadar's page as soon
 * as the navigation starts.
 */
import { browser } from 'wxt/browser';
import { blockRule, ownedRuleIds, proceedRules } from '../family/block-rules';

export interface Dnr {
  getDynamicRules(): Promise<Array<{ id: number }>>;
  getSessionRules(): Promise<Array<{ id: number }>>;
  updateDynamicRules(o: { removeRuleIds?: number[]; addRules?: unknown[] }): Promise<void>;
  updateSessionRules(o: { removeRuleIds?: number[]; addRules?: unknown[] }): Promise<void>;
}

function dnr(): Dnr | null {
  return ((browser as unknown as { declarativeNetRequest?: Dnr }).declarativeNetRequest ?? null) as Dnr | null;
}

export const BLOCK_PAGE = 'blocked.html';

/**
 * What was last installed this browser session (storage.session: it ends with the session rules,
 * at a browser restart or an update of RxRadar), so a waking worker does not install the same
 * rules again: a rule update on every wake-up cost the worker the rule API's start-up and the
 * browser a rule-set rebuild while it was busy with the navigation that woke it.
 */
export interface InstalledRulesRecord {
  read(): Promise<string | null>;
  write(key: string | null): Promise<void>;
}

export async function syncBlockRules(
  domains: readonly string[],
  passes: readonly string[],
  excluded: readonly string[] = [],
  installed?: InstalledRulesRecord,
): Promise<boolean> {
  const api = dnr();
  return api ? installBlockRules(api, { domains, passes, excluded }, installed) : false;
}

/** Installs the block rule and the passes through `api`, unless `installed` says they already are. */
export async function installBlockRules(
  api: Dnr,
  plan: { domains: readonly string[]; passes: readonly string[]; excluded: readonly string[] },
  installed?: InstalledRulesRecord,
): Promise<true> {
  const rule = blockRule(plan.domains, plan.excluded);
  const passes = proceedRules(plan.passes);
  const key = JSON.stringify([rule, passes]);
  if (installed && (await installed.read().catch(() => null)) === key) return true;
  // Forgotten first: if an update below fails half-way, nothing claims the old rules are in place.
  await installed?.write(null);
  await api.updateDynamicRules({ removeRuleIds: ownedRuleIds(await api.getDynamicRules()), addRules: rule ? [rule] : [] });
  await api.updateSessionRules({ removeRuleIds: ownedRuleIds(await api.getSessionRules()), addRules: passes });
  await installed?.write(key).catch(() => undefined);
  return true;
}

/**
 * RxRadar's page for `url`, the address in the fragment (no server sees it). `stepsBack`: how far
 * "Go back" must go to leave the site (2 when the site's page stays in the history before it).
 */
export function blockPageUrl(url: string, stepsBack = 1): string {
  return `${browser.runtime.getURL(`/${BLOCK_PAGE}`)}${stepsBack > 1 ? `?back=${stepsBack}` : ''}#${url}`;
}
