/**
 * Installs block mode's declarativeNetRequest rules: a redirect for every listed domain (so the
 * site's server gets no request at all) and allow rules for sites a parent let through. Where the
 * browser has no declarativeNetRequest, block mode still works by sending the tab to the block
 * page as soon as the navigation starts.
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

export async function syncBlockRules(block: boolean, domains: readonly string[], proceeded: readonly string[], excluded: readonly string[] = []): Promise<boolean> {
  const api = dnr();
  if (!api) return false;
  const page = browser.runtime.getURL(`/${BLOCK_PAGE}`);
  const rule = block ? blockRule(domains, page, excluded) : null;
  await api.updateDynamicRules({ removeRuleIds: ownedRuleIds(await api.getDynamicRules()), addRules: rule ? [rule] : [] });
  await api.updateSessionRules({ removeRuleIds: ownedRuleIds(await api.getSessionRules()), addRules: block ? proceedRules(proceeded) : [] });
  return true;
}

export function blockPageUrl(url: string): string {
  return `${browser.runtime.getURL(`/${BLOCK_PAGE}`)}#${url}`;
}
