/**
 * Installs the declarativeNetRequest rules: every listed domain is stopped before a request
 * reaches it (the background sends the tab to RxRadar's page: the full-page warning, or the block
 * page), and allow rules let sites through this session (a parent's pass, "Continue anyway").
 * Where the browser has no declarativeNetRequest, the tab is still sent to RxRadar's page as soon
 * as the navigation starts.
 */
import { browser } from 'wxt/browser';
import { blockRule, ownedRuleIds, proceedRules } from '../family/block-rules';

interface Dnr {
  getDynamicRules(): Promise<Array<{ id: number }>>;
  getSessionRules(): Promise<Array<{ id: number }>>;
  updateDynamicRules(o: { removeRuleIds?: number[]; addRules?: unknown[] }): Promise<void>;
  updateSessionRules(o: { removeRuleIds?: number[]; addRules?: unknown[] }): Promise<void>;
}

function dnr(): Dnr | null {
  return ((browser as unknown as { declarativeNetRequest?: Dnr }).declarativeNetRequest ?? null) as Dnr | null;
}

export const BLOCK_PAGE = 'blocked.html';

export async function syncBlockRules(domains: readonly string[], passes: readonly string[], excluded: readonly string[] = []): Promise<boolean> {
  const api = dnr();
  if (!api) return false;
  const rule = blockRule(domains, excluded);
  await api.updateDynamicRules({ removeRuleIds: ownedRuleIds(await api.getDynamicRules()), addRules: rule ? [rule] : [] });
  await api.updateSessionRules({ removeRuleIds: ownedRuleIds(await api.getSessionRules()), addRules: proceedRules(passes) });
  return true;
}

/**
 * RxRadar's page for `url`, the address in the fragment (no server sees it). `stepsBack`: how far
 * "Go back" must go to leave the site (2 when the site's page stays in the history before it).
 */
export function blockPageUrl(url: string, stepsBack = 1): string {
  return `${browser.runtime.getURL(`/${BLOCK_PAGE}`)}${stepsBack > 1 ? `?back=${stepsBack}` : ''}#${url}`;
}
