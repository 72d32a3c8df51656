/**
 * Answers messages from content scripts and extension pages. Everything from a content script is
 * validated (it runs inside a possibly hostile page), and a content script may only speak for its
 * own tab.
 */
import { normalizeHost } from '../../core/domain/normalize-host';
import type { BulkReport } from '../../core/lists/bulk-input';
import type { LinkCheckReply } from './link-check';
import type { ProtectionService } from '../family/protection-service';
import { userTrustAllowed } from '../policy/user-trust';
import type { FeedSubscriptions } from '../feeds/feed-subscriptions';
import { type BlockInfo, ContentMessageSchema, type ReportDraft, type TabMessage, type TabState, UiMessageSchema, type VerdictReply } from '../messages';
import type { ReportOutbox } from '../reports/report-outbox';
import type { TabVerdictService } from '../tab-verdict-service';
import type { TrustedSite } from '../user-decisions';

export interface RouterDeps {
  service: TabVerdictService;
  trustedSites: () => Promise<TrustedSite[]>;
  saveTrustedSites: (sites: TrustedSite[]) => Promise<void>;
  continuedHosts: () => Promise<string[]>;
  saveContinuedHosts: (hosts: string[]) => Promise<void>;
  /** Family mode (absent in tests of the warn-only flow). */
  protection?: ProtectionService;
  /** Called after settings or passes change: rules and tabs are brought up to date. */
  settingsChanged?: () => Promise<void>;
  incognitoAllowed?: () => Promise<boolean | null>;
  sendToTab: (tabId: number, message: TabMessage) => Promise<void>;
  /** Reports (absent in tests that do not need them). */
  reports?: {
    /** Makes a draft for the tab (with a screenshot) and opens the report page. */
    start(tabId: number): Promise<{ ok: true; draftId: string } | { ok: false; error: string }>;
    draft(draftId: string): Promise<ReportDraft | null>;
    outbox: ReportOutbox;
  };
  feeds?: FeedSubscriptions;
  /** Researcher tools: checks pasted or uploaded lines against the lists in force. */
  checkBulk?: (text: string, fileName?: string) => BulkReport | Promise<BulkReport>;
  /** Link marks: which of a page's link hosts are flagged (see link-check.ts). */
  checkLinks?: (pageUrl: string, hosts: readonly string[]) => Promise<LinkCheckReply>;
  now?: () => number;
}

export interface Sender {
  tabId?: number;
  frameId?: number;
  /** The address of the document that sent the message, as the browser knows it (not as the page says). */
  url?: string;
  /** True for the extension's own pages (popup, options). */
  fromExtensionPage: boolean;
}

export function createMessageRouter(deps: RouterDeps) {
  const now = deps.now ?? Date.now;

  async function fromContent(message: unknown, tabId: number, senderUrl: string | undefined): Promise<unknown> {
    const parsed = ContentMessageSchema.safeParse(message);
    if (!parsed.success) return null;
    const m = parsed.data;
    // The page's word on its address counts only within its own origin, as the browser knows it
    // (a single-page app's route change): a hostile page cannot name another site (a clean one, to
    // be judged instead, or someone else's, to have it blocked).
    const said = m.type === 'page-hello' ? m.url : m.type === 'page-snapshot' ? m.snapshot.url : '';
    const pageUrl = senderUrl === undefined || sameOrigin(said, senderUrl) ? said : senderUrl;
    switch (m.type) {
      case 'page-hello': {
        const verdict = await deps.service.navigated(tabId, pageUrl);
        const state = deps.service.state(tabId);
        return state.verdict ? { verdict: state.verdict, presentation: presentationOf(state) } : { verdict, presentation: 'none' };
      }
      case 'page-snapshot': {
        // Not taken (the tab has moved on, as far as this worker knows): no answer, so a page
        // that is still open sends it again.
        if (!(await deps.service.pageReported(tabId, { ...m.snapshot, url: pageUrl }))) return null;
        const state = deps.service.state(tabId);
        return { verdict: state.verdict!, presentation: presentationOf(state) };
      }
      case 'link-hosts':
        return deps.checkLinks && senderUrl ? deps.checkLinks(senderUrl, m.hosts) : { enabled: false, search: false, marks: [] };
    }
  }

  async function fromUi(message: unknown, sender: Sender): Promise<unknown> {
    const parsed = UiMessageSchema.safeParse(message);
    if (!parsed.success) return null;
    const m = parsed.data;
    const protection = deps.protection;
    // The warning page's ways past it and its report act for the tab it is shown in, and only as
    // a tab's own page: never from inside a frame (a site could frame the page and get a click).
    const ownTab = sender.tabId !== undefined && sender.tabId >= 0 && (sender.frameId ?? 0) === 0 ? sender.tabId : undefined;
    switch (m.type) {
      case 'get-tab-state':
        return deps.service.state(m.tabId);
      case 'trust-site': {
        const host = normalizeHost(m.host)?.host;
        if (!host) return { ok: false, error: 'bad-host' };
        if (protection) {
          // Where policy holds block mode, no PIN and no confirmation can trust a site past it.
          if (!userTrustAllowed(await protection.settings())) return { ok: false, error: 'managed' };
          const auth = await protection.authorise(m.pin);
          if (!auth.ok) return auth;
        }
        const sites = (await deps.trustedSites()).filter((s) => s.domain !== host);
        await deps.saveTrustedSites([...sites, { domain: host, addedAt: now(), overridesAuthority: m.confirmAuthority }]);
        // The stop rules first (a site trusted over a list is no longer stopped), then the tabs.
        if (deps.settingsChanged) await deps.settingsChanged();
        else await deps.service.refresh(host);
        return { ok: true };
      }
      case 'untrust-site': {
        if (protection) {
          const auth = await protection.authorise(m.pin);
          if (!auth.ok) return auth;
        }
        const sites = await deps.trustedSites();
        await deps.saveTrustedSites(sites.filter((s) => s.domain !== m.domain));
        if (deps.settingsChanged) await deps.settingsChanged();
        else await deps.service.refresh(m.domain);
        return { ok: true };
      }
      case 'show-evidence':
        await deps.sendToTab(m.tabId, { type: 'show-evidence', evidence: m.evidence }).catch(() => undefined);
        return { ok: true };
      case 'start-report':
        return deps.reports ? deps.reports.start(m.tabId) : { ok: false, error: 'unavailable' };
      case 'start-report-from-warning':
        if (ownTab === undefined) return { ok: false, error: 'not-allowed' };
        return deps.reports ? deps.reports.start(ownTab) : { ok: false, error: 'unavailable' };
      case 'continue-site': {
        if (ownTab === undefined) return { ok: false, error: 'not-allowed' };
        // Warn mode only: in block mode the way past is a parent's pass ('proceed').
        if (protection && (await protection.settings()).protectionMode !== 'warn') return { ok: false, error: 'not-allowed' };
        const host = normalizeHost(m.url)?.host;
        if (!host) return { ok: false, error: 'bad-host' };
        const hosts = await deps.continuedHosts();
        if (!hosts.includes(host)) await deps.saveContinuedHosts([...hosts, host]);
        // The redirect rules let the site through before the page opens it again.
        if (deps.settingsChanged) await deps.settingsChanged();
        else await deps.service.refresh(host);
        return { ok: true };
      }
      case 'get-report-draft':
        return deps.reports ? deps.reports.draft(m.draftId) : null;
      case 'submit-report':
        return deps.reports ? deps.reports.outbox.submit(m.report) : { ok: false, error: 'invalid', message: 'reports are not available' };
      case 'get-report-queue':
        return deps.reports ? deps.reports.outbox.view() : null;
      case 'report-queue-action':
        return deps.reports ? deps.reports.outbox.action(m.action, m.reportId) : null;
      case 'get-feeds':
        return deps.feeds ? deps.feeds.view() : null;
      case 'refresh-feeds':
        return deps.feeds ? deps.feeds.refresh() : null;
      case 'check-bulk-input':
        return deps.checkBulk ? deps.checkBulk(m.text, m.fileName) : null;
    }
    if (!protection) return null;
    switch (m.type) {
      case 'get-protection-state':
        return { ...(await protection.state()), incognitoAllowed: deps.incognitoAllowed ? await deps.incognitoAllowed() : null };
      case 'unlock':
        return protection.unlock(m.pin);
      case 'lock':
        await protection.lock();
        return { ok: true };
      case 'set-pin':
        return protection.setPin(m.pin, m.currentPin);
      case 'remove-pin':
        return protection.removePin(m.pin);
      case 'update-settings': {
        const result = await protection.updateSettings(m.change, m.pin);
        if (result.ok) await deps.settingsChanged?.();
        return result;
      }
      case 'get-block-info': {
        // The tab's badge was cleared by the navigation to this page: put the verdict back on it.
        if (ownTab !== undefined) await deps.service.showBadge(ownTab).catch(() => undefined);
        const settings = await protection.settings();
        const st = await protection.state();
        const info: BlockInfo = {
          mode: settings.protectionMode,
          verdict: await deps.service.blockedVerdict(m.url),
          allowProceed: settings.allowProceed,
          hasPin: st.hasPin,
          locked: st.locked,
        };
        return info;
      }
      case 'proceed': {
        if (ownTab === undefined) return { ok: false, error: 'not-allowed' };
        const host = normalizeHost(m.url)?.host;
        if (!host) return { ok: false, error: 'bad-host' };
        const result = await protection.proceed(host, m.pin);
        if (result.ok) {
          // With no PIN set, the block page's button is "Continue anyway": the log says so.
          const action = (await protection.state()).hasPin ? 'proceeded' : 'continued';
          await protection.log({
            domain: host,
            time: now(),
            level: (await deps.service.blockedVerdict(m.url)).level === 'caution' ? 'caution' : 'danger',
            action,
          });
          await deps.settingsChanged?.();
        }
        return result;
      }
      case 'get-activity':
        return protection.readActivity(m.pin);
      case 'clear-activity':
        return protection.clearActivity(m.pin);
    }
    return null;
  }

  return {
    handle(message: unknown, sender: Sender): Promise<unknown> | undefined {
      if (sender.fromExtensionPage) return fromUi(message, sender);
      // Content scripts: top frame of a real tab only.
      if (sender.tabId === undefined || sender.tabId < 0 || (sender.frameId ?? 0) !== 0) return undefined;
      return fromContent(message, sender.tabId, sender.url);
    },
  };
}

/** What the page itself shows: the caution banner. Danger is never shown inside the page: RxRadar's own page takes the tab. */
function presentationOf(state: TabState): VerdictReply['presentation'] {
  return state.verdict?.level === 'caution' ? 'banner' : 'none';
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
