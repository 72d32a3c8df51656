/**
 * What the Chromium and Firefox harnesses' `judged(...)` run inside the extension (the Chromium
 * service worker, the Firefox control page): the driver sends this function's text there, so it
 * uses nothing from this module and names no inner function (the test transform would wrap a named
 * one in a helper the extension does not have).
 */
import type { PersistedTab } from '../../../src/extension/tab-verdict-service';

export interface JudgedQuery {
  id: number;
  url: string;
  since: number;
}

export interface Judged {
  level: string;
  tabUrl: string;
  /** The address the tab is on its way to (Chromium only; null when none, and in Firefox). */
  pendingUrl: string | null;
}

/**
 * Waits up to 15 s until RxRadar's stored state for tab `id` (storage.session "tabStates") is a
 * report of `url` from the page, judged after `since` (PersistedTab.judgedAt); then returns its
 * level and the tab's address. Null when none came.
 */
export const waitJudgedInExtension = async ({ id, url, since }: JudgedQuery): Promise<Judged | null> => {
  const api = ((globalThis as { browser?: typeof chrome }).browser ?? chrome) as typeof chrome;
  const until = Date.now() + 15_000;
  for (;;) {
    const all = (await api.storage.session.get('tabStates')).tabStates as Record<string, PersistedTab> | undefined;
    const record = all?.[String(id)];
    if (record && record.url === url && record.fromPage && (record.judgedAt ?? 0) > since) {
      const tab = await api.tabs.get(id);
      return { level: record.engineVerdict.level, tabUrl: tab.url ?? '', pendingUrl: tab.pendingUrl ?? null };
    }
    if (Date.now() > until) return null;
    await new Promise((r) => setTimeout(r, 50));
  }
};
