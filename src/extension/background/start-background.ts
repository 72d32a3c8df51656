/**
 * Wires browser events to the background services. Thin on purpose: the logic lives in
 * tab-verdict-service.ts, message-router.ts and family/protection-service.ts, which tests drive
 * with fakes.
 */
import { browser } from 'wxt/browser';
import { checkBulkInput, formatFromFileName } from '../../core/lists/bulk-input';
import { trustedKeysFromFile, withdrawnKeysFromFile } from '../../core/lists/list-feed';
import { COMMUNITY_LIST_META } from '../../data/community-list-meta';
import feedKeys from '../../data/feed-keys.json';
import { createProtectionService } from '../family/protection-service';
import type { FetchLike } from '../feeds/feed-refresher';
import { createFeedSubscriptions, FEED_REFRESH_MINUTES } from '../feeds/feed-subscriptions';
import { type EffectiveSettings, PolicyReadSchema } from '../policy/policy-schema';
import { decisionInputsFrom, stopRulePlan } from '../policy/settings-decisions';
import { createHandoffStore } from '../reports/report-handoffs';
import { createReportOutbox, type PostLike } from '../reports/report-outbox';
import {
  activityLogItem,
  changesDecisionInputs,
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
  reportHandoffsItem,
  installedBlockRulesItem,
} from '../storage-items';
import { createTabVerdictService, type PersistedTab } from '../tab-verdict-service';
import type { TabMessage } from '../messages';
import type { DecisionInputs } from '../user-decisions';
import { BLOCK_PAGE, blockPageUrl, syncBlockRules } from './block-rules-adapter';
import { setBadge, sendToTab, translate } from './browser-adapters';
import { createEngineHolder, type EngineHolderInput } from './engine-holder';
import { createPolicyReader, readManagedPolicy } from './managed-policy';
import { browserFeedStorage } from './feed-storage-adapter';
import { createLinkChecker } from './link-check';
import { createMessageRouter } from './message-router';
import { createReportDrafts } from './report-drafts';
import { cachedRead } from './cached-read';
import { releaseTab, takeTab } from './tab-takeover';

const FEED_ALARM = 'rxradar-feed-refresh';
const FEED_RETRY_ALARM = 'rxradar-feed-retry';
const REPORT_ALARM = 'rxradar-report-retry';

/** Whether an address is RxRadar's page for `url` (any "Go back" depth). */
const ourPageFor = (url: string) => (u: string | undefined) => !!u && u.startsWith(browser.runtime.getURL(`/${BLOCK_PAGE}`)) && u.endsWith(`#${url}`);

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

export function startBackground(data: EngineHolderInput): void {
  const engines = createEngineHolder(data);
  engines.warmUp();
  // Read by `npm run bench` through the DevTools protocol (the worker's global is not reachable from
  // pages): the engine's timings, and when the first page report came and the first danger badge
  // was set (performance.now(), against performance.timeOrigin): where a cold start's time goes;
  // and the latest page's hello, report and danger badge: where a warm visit's time goes.
  const startup = {
    timeOrigin: performance.timeOrigin,
    firstReportAt: null as number | null,
    firstDangerBadgeAt: null as number | null,
    // The latest page's (a warm visit's timeline): its hello, its report and the first danger badge after its hello.
    lastHelloAt: null as number | null,
    lastReportAt: null as number | null,
    dangerBadgeSinceHelloAt: null as number | null,
  };
  Object.assign(globalThis, { rxradarEngineTimings: engines.timings, rxradarStartup: startup });
  /** The last top-level navigation of each tab that ended in an error (a listed site the stop rule ended, among others). */
  const stoppedNavigation = new Map<number, string>();

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
    saveUserSettings: (s) => userSettingsItem.setValue(s).then(storedInputsChanged),
    pinRecord: readPinRecord,
    savePinRecord: (r) => pinRecordItem.setValue(r),
    throttle: readThrottle,
    saveThrottle: (t) => pinThrottleItem.setValue(t),
    unlockedUntil: async () => (await unlockedUntilItem.getValue()) ?? 0,
    saveUnlockedUntil: (t) => unlockedUntilItem.setValue(t),
    activity: readActivityLog,
    saveActivity: (log) => activityLogItem.setValue(log),
    proceeded: readProceededHosts,
    saveProceeded: (h) => proceededHostsItem.setValue(h).then(storedInputsChanged),
  });

  // Read together (each is a storage read; one after the other they delayed every verdict). The
  // effective settings are kept with them for the link marks' setting (annotateLinks).
  const readDecisionInputs = async (): Promise<{ settings: EffectiveSettings; inputs: DecisionInputs }> => {
    const [s, trusted, continued, proceeded] = await Promise.all([protection.settings(), readTrustedSites(), readContinuedHosts(), readProceededHosts()]);
    return { settings: s, inputs: decisionInputsFrom(s, trusted, continued, proceeded) };
  };
  // The first read starts now, while the engine's files load: the first verdict does not wait for
  // it, and later ones do not read storage again until a value they depend on changes (this
  // worker's own writes below, the policy, storage.onChanged).
  const storedInputs = cachedRead(readDecisionInputs);
  const decisionInputs = async () => (await storedInputs.get()).inputs;
  function storedInputsChanged(): void {
    storedInputs.invalidate();
  }
  const installedRules = { read: () => installedBlockRulesItem.getValue(), write: (key: string | null) => installedBlockRulesItem.setValue(key) };

  const service = createTabVerdictService({
    engine: () => engines.get(),
    setBadge: (tabId, badge) => {
      if (badge.text === '!') {
        startup.firstDangerBadgeAt ??= performance.now();
        startup.dangerBadgeSinceHelloAt ??= performance.now();
      }
      return setBadge(tabId, badge);
    },
    sendToTab,
    decisionInputs,
    t: translate,
    persist: (states) => tabStatesItem.setValue(states as Record<string, unknown>),
    blockTab: async (tabId, url) => {
      const tab = await browser.tabs.get(tabId).catch(() => null);
      const taken = takeTab(tab, url, stoppedNavigation.get(tabId), ourPageFor(url));
      if (!taken) return;
      stoppedNavigation.delete(tabId);
      // Only the browser can put an extension page in a tab that a site opened (no page script can
      // stop it).
      await browser.tabs.update(tabId, { url: blockPageUrl(url, taken.stepsBack) });
    },
    unblockTab: async (tabId, url) => {
      const tab = await browser.tabs.get(tabId).catch(() => null);
      if (releaseTab(tab, url, ourPageFor(url))) await browser.tabs.update(tabId, { url });
    },
    logActivity: (entry) => protection.log(entry),
  });

  // ---- Signed list feeds ----
  const knownPharmacies = data.prepared.knownPharmacies;
  const feeds = createFeedSubscriptions({
    storage: browserFeedStorage,
    fetch: ((url, init) => fetch(url, init)) as FetchLike,
    projectKeys: trustedKeysFromFile(feedKeys),
    // Keys the project withdrew are never trusted, not even when a policy names them.
    withdrawnKeys: withdrawnKeysFromFile(feedKeys),
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
      return { authority: data.prepared.authority.updated, community: COMMUNITY_LIST_META.date, ...(Object.keys(v).length ? { feeds: v } : {}) };
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
  const settingsChanged = (): Promise<void> => {
    syncing = syncing.then(applySettings, applySettings);
    return syncing;
  };
  const applySettings = async (): Promise<void> => {
    // Settings or the policy changed: the next decision reads them again (as the tabs' below do).
    storedInputs.invalidate();
    const s = await protection.settings();
    engines.setCommunityEnabled(s.communityList);
    // Listed sites go to RxRadar's page before any request reaches them, in both modes: the block
    // page, or the full-page warning. The way past is a parent's pass (block mode) or "Continue
    // anyway" (warn mode), each an allow rule for this browser session.
    const [authority, trusted, proceeded, continued] = await Promise.all([
      engines.get().then((e) => e.lists.authorityDomainNames()),
      readTrustedSites(),
      readProceededHosts(),
      readContinuedHosts(),
    ]);
    const plan = stopRulePlan(s, authority, trusted, proceeded, continued);
    await syncBlockRules(plan.domains, plan.passes, plan.excluded, installedRules).catch((err: unknown) =>
      console.error('RxRadar: could not install block rules', err),
    );
    await service.rejudgeAddresses();
    await service.refresh();
    // Subscriptions or trusted keys may have changed (options, policy): drop or fetch feeds.
    void feeds.configChanged().catch((err: unknown) => console.error('RxRadar: feeds', err));
  };

  const linkChecker = createLinkChecker({
    engine: () => engines.get(),
    decisionInputs,
    annotateLinks: async () => (await storedInputs.get()).settings.annotateLinks,
    t: translate,
  });

  const router = createMessageRouter({
    checkLinks: (pageUrl, hosts) => linkChecker.check(pageUrl, hosts),
    service,
    trustedSites: readTrustedSites,
    saveTrustedSites: (s) => trustedSitesItem.setValue(s).then(storedInputsChanged),
    continuedHosts: readContinuedHosts,
    saveContinuedHosts: (h) => continuedHostsItem.setValue(h).then(storedInputsChanged),
    sendToTab,
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
    handoffs: createHandoffStore({ read: () => reportHandoffsItem.getValue(), write: (list) => reportHandoffsItem.setValue(list) }),
    feeds,
    checkBulk: async (text, fileName) =>
      checkBulkInput(text, {
        format: fileName ? formatFromFileName(fileName) : 'auto',
        keep: 'domain',
        allowPatterns: true,
        knownPharmacies,
        listed: (await engines.get()).lists,
      }),
  });

  // Listeners are registered synchronously, as MV3 service workers require.
  browser.runtime.onMessage.addListener((message, sender) => {
    // Our own pages are told apart by their URL, not by the absence of a tab: the options page,
    // and the popup opened as a page (popup.html?tab=<id>), live in tabs too. Content scripts
    // always report the web page's URL, so they cannot pass this check.
    const fromExtensionPage = sender.id === browser.runtime.id && (sender.url ?? '').startsWith(browser.runtime.getURL('/'));
    // A page says hello before it reports what it shows: the lexicon is compiled meanwhile.
    const type = (message as { type?: unknown } | null)?.type;
    if (type === 'page-hello') {
      startup.lastHelloAt = performance.now();
      startup.dangerBadgeSinceHelloAt = null;
      engines.analysisWanted();
    } else if (type === 'page-snapshot') {
      startup.lastReportAt = performance.now();
      startup.firstReportAt ??= startup.lastReportAt;
    }
    return router.handle(message, { tabId: sender.tab?.id, frameId: sender.frameId, url: sender.url, fromExtensionPage });
  });

  const isWeb = (url: string) => url.startsWith('http://') || url.startsWith('https://');
  browser.webNavigation.onBeforeNavigate.addListener((d) => {
    if (d.frameId === 0 && d.tabId >= 0 && isWeb(d.url)) void service.navigated(d.tabId, d.url);
  });
  browser.webNavigation.onCommitted.addListener((d) => {
    if (d.frameId === 0 && d.tabId >= 0 && isWeb(d.url)) void service.navigated(d.tabId, d.url);
    // RxRadar's own page took the tab: the browser cleared the tab's badge with that navigation.
    // Put the verdict back now, not only when the page asks for its warning (its message can come
    // before a second, same-address navigation of the tab commits).
    else if (d.frameId === 0 && d.tabId >= 0 && d.url.startsWith(browser.runtime.getURL('/blocked.html')))
      void service.showBadge(d.tabId).catch(() => undefined);
  });
  // A listed site stopped by the rule ends in the browser's error page for it, before anything is
  // shown: judge the address again, which puts RxRadar's page in the tab (the navigation had not
  // yet been visible to the tab when it started).
  browser.webNavigation.onErrorOccurred.addListener((d) => {
    if (d.frameId !== 0 || d.tabId < 0 || !isWeb(d.url)) return;
    stoppedNavigation.set(d.tabId, d.url);
    void service.navigated(d.tabId, d.url);
  });
  browser.webNavigation.onHistoryStateUpdated.addListener((d) => {
    if (d.frameId === 0 && d.tabId >= 0 && isWeb(d.url)) void service.navigated(d.tabId, d.url);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    stoppedNavigation.delete(tabId);
    service.closed(tabId);
  });
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
    if (changesDecisionInputs(area, Object.keys(changes))) storedInputs.invalidate();
    // Trusted sites feed the block rule's exceptions too, so they bring everything up to date.
    if (area === 'managed') policy.invalidate();
    else if (area === 'local' && ('userSettings' in changes || 'trustedSites' in changes)) void settingsChanged();
    else if (area === 'session' && 'continuedHosts' in changes) void settingsChanged();
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
