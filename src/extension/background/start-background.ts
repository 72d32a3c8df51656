/**
 * Wires browser events to the background services. Thin on purpose: the logic lives in
 * tab-verdict-service.ts, message-router.ts and family/protection-service.ts, which tests drive
 * with fakes.
 */
import { browser } from 'wxt/browser';
import { checkBulkInput, formatFromFileName } from '../../core/lists/bulk-input';
import { trustedKeysFromFile } from '../../core/lists/list-feed';
import { KnownPharmacyFileSchema } from '../../core/lists/list-schema';
import { bundledData, COMMUNITY_LIST_META } from '../../data/bundled-data';
import feedKeys from '../../data/feed-keys.json';
import { createProtectionService } from '../family/protection-service';
import type { FetchLike } from '../feeds/feed-refresher';
import { createFeedSubscriptions, FEED_REFRESH_MINUTES } from '../feeds/feed-subscriptions';
import { PolicyReadSchema, userTrustAllowed } from '../policy/policy-schema';
import { createReportOutbox, type PostLike } from '../reports/report-outbox';
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
  reportQueueItem,
} from '../storage-items';
import { createTabVerdictService, type PersistedTab } from '../tab-verdict-service';
import type { TabMessage } from '../messages';
import { type DecisionInputs, hostMatches } from '../user-decisions';
import { blockPageUrl, syncBlockRules } from './block-rules-adapter';
import { setBadge, sendToTab, translate } from './browser-adapters';
import { createEngineHolder } from './engine-holder';
import { createPolicyReader, readManagedPolicy } from './managed-policy';
import { browserFeedStorage } from './feed-storage-adapter';
import { createLinkChecker } from './link-check';
import { createMessageRouter } from './message-router';
import { createReportDrafts } from './report-drafts';

const FEED_ALARM = 'rxradar-feed-refresh';
const FEED_RETRY_ALARM = 'rxradar-feed-retry';
const REPORT_ALARM = 'rxradar-report-retry';

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
      userTrustAllowed: userTrustAllowed(s),
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

  // ---- Signed list feeds ----
  const knownPharmacies = KnownPharmacyFileSchema.parse(bundledData.knownPharmacies).pharmacies;
  const feeds = createFeedSubscriptions({
    storage: browserFeedStorage,
    fetch: ((url, init) => fetch(url, init)) as FetchLike,
    projectKeys: trustedKeysFromFile(feedKeys),
    knownPharmacies,
    config: async () => {
      const s = await protection.settings();
      return { policySubscriptions: s.policySubscriptions, userSubscriptions: s.feedSubscriptions, policyKeys: s.listKeys };
    },
    retryLater: (minutes) => void browser.alarms.create(FEED_RETRY_ALARM, { delayInMinutes: minutes }),
    apply: (lists, why) => {
      engines.setFeeds(lists);
      // Lists kept from before (a new service worker): the start-up sync that follows is enough.
      if (why === 'stored') return;
      // New lists: block rules, the verdicts of open tabs, and pages judged by their content.
      void settingsChanged().then(rescanTabs);
    },
  });
  const rescanTabs = async () => {
    for (const tab of await browser.tabs.query({})) {
      if (tab.id !== undefined && tab.url && /^https?:/.test(tab.url)) void sendToTab(tab.id, { type: 'rescan' }).catch(() => undefined);
    }
  };
  /** The periodic alarm survives service-worker restarts: create it only when it is missing. */
  const scheduleFeedRefresh = async () => {
    let alarm = await browser.alarms.get(FEED_ALARM);
    if (!alarm) {
      await browser.alarms.create(FEED_ALARM, { periodInMinutes: FEED_REFRESH_MINUTES, delayInMinutes: FEED_REFRESH_MINUTES });
      alarm = await browser.alarms.get(FEED_ALARM);
    }
    feeds.setNextRefreshAt(alarm?.scheduledTime ?? null);
  };

  // ---- Reports ----
  const reportEndpoint = async () => {
    const s = await protection.settings();
    return { url: s.reportEndpoint, managed: s.managed.includes('reportEndpoint') };
  };
  const outbox = createReportOutbox({
    load: () => reportQueueItem.getValue(),
    save: (q) => reportQueueItem.setValue(q),
    endpoint: reportEndpoint,
    post: ((url, init) => fetch(url, init)) as PostLike,
    schedule: (at) => {
      if (at === null) void browser.alarms.clear(REPORT_ALARM);
      else void browser.alarms.create(REPORT_ALARM, { when: Math.max(at, Date.now() + 1000) });
    },
  });
  const drafts = createReportDrafts({
    verdictFor: (tabId) => service.state(tabId).verdict,
    endpoint: reportEndpoint,
    listVersions: () => {
      const v = feeds.versions();
      return { authority: (bundledData.authority as { updated: string }).updated, community: COMMUNITY_LIST_META.date, ...(Object.keys(v).length ? { feeds: v } : {}) };
    },
    // The content script answers once its warning is out of the picture.
    beforeCapture: (tabId) => sendToTab(tabId, { type: 'prepare-capture' }),
    afterCapture: (tabId) => sendToTab(tabId, { type: 'capture-done' }),
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
    const trustedOverLists = userTrustAllowed(s) ? (await readTrustedSites()).filter((t) => t.overridesAuthority).map((t) => t.domain) : [];
    const excluded = [...s.policyAllowlist, ...trustedOverLists].filter(
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
    // Subscriptions or trusted keys may have changed (options, policy): drop or fetch feeds.
    void feeds.configChanged().catch((err: unknown) => console.error('RxRadar: feeds', err));
  };

  const linkChecker = createLinkChecker({ engine: () => engines.get(), decisionInputs, annotateLinks: async () => (await protection.settings()).annotateLinks, t: translate });

  const router = createMessageRouter({
    checkLinks: (pageUrl, hosts) => linkChecker.check(pageUrl, hosts),
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
    reports: { start: (tabId) => drafts.start(tabId), draft: (id) => drafts.draft(id), outbox },
    feeds,
    checkBulk: (text, fileName) =>
      checkBulkInput(text, { format: fileName ? formatFromFileName(fileName) : 'auto', keep: 'domain', allowPatterns: true, knownPharmacies, listed: engines.get().lists }),
  });

  // Listeners are registered synchronously, as MV3 service workers require.
  browser.runtime.onMessage.addListener((message, sender) => {
    // Our own pages are told apart by their URL, not by the absence of a tab: the options page,
    // and the popup opened as a page (popup.html?tab=<id>), live in tabs too. Content scripts
    // always report the web page's URL, so they cannot pass this check.
    const fromExtensionPage = sender.id === browser.runtime.id && (sender.url ?? '').startsWith(browser.runtime.getURL('/'));
    return router.handle(message, { tabId: sender.tab?.id, frameId: sender.frameId, url: sender.url, fromExtensionPage });
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
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === FEED_RETRY_ALARM) void feeds.refresh();
    else if (alarm.name === FEED_ALARM) {
      feeds.setNextRefreshAt(Date.now() + FEED_REFRESH_MINUTES * 60_000);
      void feeds.refresh();
    } else if (alarm.name === REPORT_ALARM) void outbox.sendDue();
  });
  // Feeds on every browser start (and on install or update), besides the alarm.
  const ready = { done: false, waiting: [] as Array<() => void> };
  const whenReady = () => (ready.done ? Promise.resolve() : new Promise<void>((r) => ready.waiting.push(r)));
  browser.runtime.onStartup.addListener(() => void whenReady().then(() => feeds.refresh()));
  browser.runtime.onInstalled.addListener(() => void whenReady().then(() => feeds.refresh()));
  // Back online: reports waiting for the network need not wait for their next try.
  globalThis.addEventListener?.('online', () => void outbox.action('send-now'));

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
    // The last good feed lists first (no network), so start-up verdicts already use them.
    await feeds.loadStored().catch((err: unknown) => console.error('RxRadar: stored feeds', err));
    await settingsChanged();
    ready.done = true;
    for (const r of ready.waiting.splice(0)) r();
    // Then the network: feeds not checked lately (a service worker starts many times a day; the
    // browser's start and the alarm do the regular checks), and reports left waiting.
    await scheduleFeedRefresh();
    void feeds.refreshIfStale(30 * 60_000);
    await outbox.recover();
    void outbox.sendDue();
  })();
}
