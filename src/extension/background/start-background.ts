/**
 * Wires browser events to the background services. Thin on purpose: the logic lives in
 * tab-verdict-service.ts, message-router.ts and family/protection-service.ts, which tests drive
 * with fakes.
 */
import { browser } from 'wxt/browser';
import { createProtectionService } from '../family/protection-service';
import { PolicyReadSchema } from '../policy/policy-schema';
import {
  activityLogItem,
  continuedHostsItem,
  pinRecordItem,
  pinThrottleItem,
  proceededHostsItem,
  readActivityLog,
  readContinuedHosts,
  readPinRecord,
  readProceededHosts,
  readThrottle,
  readTrustedSites,
  readUserSettings,
  tabStatesItem,
  trustedSitesItem,
  unlockedUntilItem,
  userSettingsItem,
  policyCacheItem,
} from '../storage-items';
import { createTabVerdictService, type PersistedTab } from '../tab-verdict-service';
import type { TabMessage } from '../messages';
import { type DecisionInputs, hostMatches } from '../user-decisions';
import { blockPageUrl, syncBlockRules } from './block-rules-adapter';
import { setBadge, sendToTab, translate } from './browser-adapters';
import { createEngineHolder } from './engine-holder';
import { createPolicyReader, readManagedPolicy } from './managed-policy';
import { createMessageRouter } from './message-router';

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

export function startBackground(communityListText: string): void {
  const engines = createEngineHolder(communityListText);

  const policy = createPolicyReader({
    readRaw: readManagedPolicy,
    loadCached: async () => {
      const parsed = PolicyReadSchema.safeParse(await policyCacheItem.getValue());
      return parsed.success ? parsed.data : null;
    },
    saveCached: (p) => policyCacheItem.setValue(p),
    onUpdate: () => void settingsChanged(),
  });

  const protection = createProtectionService({
    readPolicy: () => policy.read(),
    userSettings: readUserSettings,
    saveUserSettings: (s) => userSettingsItem.setValue(s),
    pinRecord: readPinRecord,
    savePinRecord: (r) => pinRecordItem.setValue(r),
    throttle: readThrottle,
    saveThrottle: (t) => pinThrottleItem.setValue(t),
    unlockedUntil: async () => (await unlockedUntilItem.getValue()) ?? 0,
    saveUnlockedUntil: (t) => unlockedUntilItem.setValue(t),
    activity: readActivityLog,
    saveActivity: (log) => activityLogItem.setValue(log),
    proceeded: readProceededHosts,
    saveProceeded: (h) => proceededHostsItem.setValue(h),
  });

  const decisionInputs = async (): Promise<DecisionInputs> => {
    const s = await protection.settings();
    return {
      trusted: await readTrustedSites(),
      continued: await readContinuedHosts(),
      policyAllow: s.policyAllowlist,
      policyBlock: s.policyBlocklist,
      mode: s.protectionMode,
      blockCaution: s.blockCaution,
      proceeded: await readProceededHosts(),
    };
  };

  const service = createTabVerdictService({
    engine: () => engines.get(),
    setBadge,
    sendToTab,
    decisionInputs,
    t: translate,
    persist: (states) => tabStatesItem.setValue(states as Record<string, unknown>),
    blockTab: async (tabId, url) => {
      const target = blockPageUrl(url);
      const tab = await browser.tabs.get(tabId).catch(() => null);
      // Gone, or already showing the block page (settings changed while it was open).
      if (!tab || tab.url === target) return;
      // A navigation to a listed address is already on its way to the block page (the
      // declarativeNetRequest redirect): a second navigation there would add a second history
      // entry, and "Go back" would seem to do nothing.
      if (tab.url !== url && redirects(url)) return;
      // A page that showed itself to be rogue: its content script puts the block page in its place
      // in the history, so "Go back" leads to the page before, not back to this site (which would
      // only be blocked again).
      const replaced = await browser.tabs.sendMessage(tabId, { type: 'open-block-page', url, target } satisfies TabMessage, { frameId: 0 }).catch(() => false);
      if (replaced !== true) {
        await browser.tabs.update(tabId, { url: target });
        return;
      }
      // The page cannot keep itself open by stopping that navigation.
      setTimeout(() => {
        void browser.tabs
          .get(tabId)
          .then((t) => (t.url === url && service.blocks(tabId, url) ? browser.tabs.update(tabId, { url: target }) : undefined))
          .catch(() => undefined);
      }, 2000);
    },
    logActivity: (entry) => protection.log(entry),
  });

  /**
   * Brings the engine, the block rules and every tab in line with the current settings. Calls run
   * one after another, each reading the settings afresh, so a slow earlier run (start-up) can
   * never finish last with stale settings.
   */
  let syncing: Promise<void> = Promise.resolve();
  /** Domains the installed declarativeNetRequest rule sends to the block page, and those it leaves alone. */
  let redirected: { domains: readonly string[]; excluded: readonly string[] } = { domains: [], excluded: [] };
  const redirects = (url: string): boolean => {
    const host = hostOf(url);
    return redirected.domains.some((d) => hostMatches(host, d)) && !redirected.excluded.some((d) => hostMatches(host, d));
  };
  const settingsChanged = (): Promise<void> => {
    syncing = syncing.then(applySettings, applySettings);
    return syncing;
  };
  const applySettings = async (): Promise<void> => {
    const s = await protection.settings();
    engines.setCommunityEnabled(s.communityList);
    const domains = [...engines.get().lists.authorityDomainNames(), ...s.policyBlocklist];
    // What the verdict lets through, the redirect must too: the administrator's allowlist and sites
    // trusted over a list (unless the administrator's block list names them).
    const excluded = [...s.policyAllowlist, ...(await readTrustedSites()).filter((t) => t.overridesAuthority).map((t) => t.domain)].filter(
      (d) => !s.policyBlocklist.some((p) => hostMatches(d, p) || hostMatches(p, d)),
    );
    const block = s.protectionMode === 'block';
    const installed = await syncBlockRules(block, domains, await readProceededHosts(), excluded).catch((err: unknown) => {
      console.error('RxRadar: could not install block rules', err);
      return false;
    });
    redirected = installed && block ? { domains, excluded } : { domains: [], excluded: [] };
    await service.rejudgeAddresses();
    await service.refresh();
  };

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
    protection,
    settingsChanged,
    incognitoAllowed: async () => {
      try {
        return await browser.extension.isAllowedIncognitoAccess();
      } catch {
        return null;
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

  // Stored decisions can change from elsewhere (another extension page, a sync, an
  // administrator pushing a new policy while the browser runs): follow them.
  browser.storage.onChanged.addListener((changes, area) => {
    // Trusted sites feed the block rule's exceptions too, so they bring everything up to date.
    if (area === 'managed') policy.invalidate();
    else if (area === 'local' && ('userSettings' in changes || 'trustedSites' in changes)) void settingsChanged();
    else if (area === 'session' && 'continuedHosts' in changes) void service.refresh();
  });

  void (async () => {
    const saved = (await tabStatesItem.getValue()) as Record<number, PersistedTab>;
    if (saved && typeof saved === 'object') service.restore(saved);
    await settingsChanged();
  })();
}
