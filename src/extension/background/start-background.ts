/**
 * Wires browser events to the background services. Thin on purpose: the logic lives in
 * tab-verdict-service.ts and message-router.ts, which tests drive with fakes.
 */
import { browser } from 'wxt/browser';
import {
  communityListItem,
  continuedHostsItem,
  readCommunityListEnabled,
  readContinuedHosts,
  readTrustedSites,
  tabStatesItem,
  trustedSitesItem,
} from '../storage-items';
import { createTabVerdictService, type PersistedTab } from '../tab-verdict-service';
import { setBadge, sendToTab, translate } from './browser-adapters';
import { createEngineHolder } from './engine-holder';
import { createMessageRouter } from './message-router';

export function startBackground(communityListText: string): void {
  const engines = createEngineHolder(communityListText);
  const service = createTabVerdictService({
    engine: () => engines.get(),
    setBadge,
    sendToTab,
    trustedSites: readTrustedSites,
    continuedHosts: readContinuedHosts,
    t: translate,
    persist: (states) => tabStatesItem.setValue(states as Record<string, unknown>),
  });

  const router = createMessageRouter({
    service,
    trustedSites: readTrustedSites,
    saveTrustedSites: (s) => trustedSitesItem.setValue(s),
    continuedHosts: readContinuedHosts,
    saveContinuedHosts: (h) => continuedHostsItem.setValue(h),
    sendToTab,
    goBack: async (tabId) => {
      try {
        await browser.tabs.goBack(tabId);
      } catch {
        await browser.tabs.update(tabId, { url: 'about:blank' });
      }
    },
  });

  // Listeners are registered synchronously, as MV3 service workers require.
  browser.runtime.onMessage.addListener((message, sender) => {
    // Our own pages are told apart by their URL, not by the absence of a tab: the options page,
    // and the popup opened as a page (popup.html?tab=<id>), live in tabs too. Content scripts
    // always report the web page's URL, so they cannot pass this check.
    const fromExtensionPage = sender.id === browser.runtime.id && (sender.url ?? '').startsWith(browser.runtime.getURL('/'));
    return router.handle(message, { tabId: sender.tab?.id, frameId: sender.frameId, fromExtensionPage });
  });

  const isWeb = (url: string) => url.startsWith('http://') || url.startsWith('https://');
  browser.webNavigation.onBeforeNavigate.addListener((d) => {
    if (d.frameId === 0 && d.tabId >= 0 && isWeb(d.url)) void service.navigated(d.tabId, d.url);
  });
  browser.webNavigation.onCommitted.addListener((d) => {
    if (d.frameId === 0 && d.tabId >= 0 && isWeb(d.url)) void service.navigated(d.tabId, d.url);
  });
  browser.webNavigation.onHistoryStateUpdated.addListener((d) => {
    if (d.frameId === 0 && d.tabId >= 0 && isWeb(d.url)) void service.navigated(d.tabId, d.url);
  });
  browser.tabs.onRemoved.addListener((tabId) => service.closed(tabId));

  trustedSitesItem.watch(() => void service.refresh());
  continuedHostsItem.watch(() => void service.refresh());
  communityListItem.watch((enabled) => {
    engines.setCommunityEnabled(enabled !== false);
    void service.rejudgeAddresses();
  });

  void (async () => {
    engines.setCommunityEnabled(await readCommunityListEnabled());
    const saved = (await tabStatesItem.getValue()) as Record<number, PersistedTab>;
    if (saved && typeof saved === 'object') service.restore(saved);
  })();
}
