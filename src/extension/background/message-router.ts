/**
 * Answers messages from content scripts and extension pages. Everything from a content script is
 * validated (it runs inside a possibly hostile page), and a content script may only speak for its
 * own tab.
 */
import { normalizeHost } from '../../core/domain/normalize-host';
import { type BulkReport, EvidenceListFileSchema, formatEntryLines, formatListFile, toListEntries } from '../../core/lists/bulk-input';
import { listDay } from '../../core/lists/list-day';
import { problemsOf } from '../../core/problems';
import { parseReport } from '../../reports/report-schema';
import type { ReportHandoff } from '../reports/report-handoffs';
import type { LinkCheckReply } from './link-check';
import type { ProtectionService } from '../family/protection-service';
import { userTrustAllowed } from '../policy/user-trust';
import type { FeedSubscriptions } from '../feeds/feed-subscriptions';
import {
  ContentMessageSchema,
  type ReportDraft,
  type TabMessage,
  type TabState,
  type UiMessage,
  UiMessageSchema,
  type UiMessageType,
  type UiReplies,
  type VerdictReply,
} from '../messages';
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
  /** Where the person took their reports: read, and one more recorded (false: not a hand-off). */
  handoffs?: { list(): Promise<ReportHandoff[]>; record(handoff: unknown): Promise<boolean> };
  /** Researcher tools: checks pasted or uploaded lines against the lists in force. */
  checkBulk?: (text: string, fileName?: string) => BulkReport | Promise<BulkReport>;
  /** Link marks: which of a page's link hosts are flagged (see link-check.ts). */
  checkLinks?: (pageUrl: string, hosts: readonly string[]) => Promise<LinkCheckReply>;
  now?: () => number;
}

/** One handler per UI message, answering what the protocol says it answers. */
type UiHandlers = {
  [K in UiMessageType]: (message: Extract<UiMessage, { type: K }>, sender: Sender) => Promise<UiReplies[K]> | UiReplies[K];
};

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
        const verdict = await deps.service.pageHello(tabId, pageUrl);
        const state = deps.service.state(tabId);
        return state.verdict ? { verdict: state.verdict, presentation: presentationOf(state) } : { verdict, presentation: 'none' };
      }
      case 'page-snapshot': {
        // Not taken (the tab has moved on, as far as this worker knows): no answer, so a page
        // that is still open sends it again.
        const snapshot = { ...m.snapshot, url: pageUrl };
        const taken = m.firstRead ? await deps.service.firstReadReported(tabId, snapshot) : await deps.service.pageReported(tabId, snapshot);
        if (taken === 'read-on') return { readOn: true };
        if (!taken) return null;
        const state = deps.service.state(tabId);
        return { verdict: state.verdict!, presentation: presentationOf(state) };
      }
      case 'link-hosts':
        return deps.checkLinks && senderUrl ? deps.checkLinks(senderUrl, m.hosts) : { enabled: false, search: false, marks: [] };
    }
  }

  /** The warning page's ways past it and its report act for the tab it is shown in, and only as a tab's own page: never from inside a frame (a site could frame the page and get a click). */
  const ownTabOf = (sender: Sender) => (sender.tabId !== undefined && sender.tabId >= 0 && (sender.frameId ?? 0) === 0 ? sender.tabId : undefined);
  const protection = deps.protection;
  /** After settings or passes change: the stop rules first (a site trusted over a list is no longer stopped), then the tabs. */
  const changed = async (host: string) => (deps.settingsChanged ? deps.settingsChanged() : deps.service.refresh(host));

  const ui: UiHandlers = {
    'get-tab-state': (m) => deps.service.state(m.tabId),
    'trust-site': async (m) => {
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
      await changed(host);
      return { ok: true };
    },
    'untrust-site': async (m) => {
      if (protection) {
        const auth = await protection.authorise(m.pin);
        if (!auth.ok) return auth;
      }
      const sites = await deps.trustedSites();
      await deps.saveTrustedSites(sites.filter((s) => s.domain !== m.domain));
      await changed(m.domain);
      return { ok: true };
    },
    'show-evidence': async (m) => {
      await deps.sendToTab(m.tabId, { type: 'show-evidence', evidence: m.evidence }).catch(() => undefined);
      return { ok: true };
    },
    'start-report': (m) => (deps.reports ? deps.reports.start(m.tabId) : { ok: false, error: 'unavailable' }),
    'start-report-from-warning': (_m, sender) => {
      const tab = ownTabOf(sender);
      if (tab === undefined) return { ok: false, error: 'not-allowed' };
      return deps.reports ? deps.reports.start(tab) : { ok: false, error: 'unavailable' };
    },
    'continue-site': async (m, sender) => {
      if (ownTabOf(sender) === undefined) return { ok: false, error: 'not-allowed' };
      // Warn mode only: in block mode the way past is a parent's pass ('proceed').
      if (protection && (await protection.settings()).protectionMode !== 'warn') return { ok: false, error: 'not-allowed' };
      const host = normalizeHost(m.url)?.host;
      if (!host) return { ok: false, error: 'bad-host' };
      const hosts = await deps.continuedHosts();
      if (!hosts.includes(host)) await deps.saveContinuedHosts([...hosts, host]);
      // The redirect rules let the site through before the page opens it again.
      await changed(host);
      return { ok: true };
    },
    'get-report-draft': (m) => (deps.reports ? deps.reports.draft(m.draftId) : null),
    'submit-report': (m) => (deps.reports ? deps.reports.outbox.submit(m.report) : { ok: false, error: 'invalid', message: 'reports are not available' }),
    'get-report-queue': () => (deps.reports ? deps.reports.outbox.view() : null),
    'report-queue-action': (m) => (deps.reports ? deps.reports.outbox.action(m.action, m.reportId) : null),
    'get-feeds': () => (deps.feeds ? deps.feeds.view() : null),
    'refresh-feeds': () => (deps.feeds ? deps.feeds.refresh() : null),
    'check-bulk-input': (m) => (deps.checkBulk ? deps.checkBulk(m.text, m.fileName) : null),
    'make-list-entries': (m) => {
      const made = toListEntries(m.items, m.meta);
      return made.ok ? { ok: true, entries: made.entries, lines: formatEntryLines(made.entries) } : made;
    },
    'make-list-file': (m) => {
      const updated = listDay(new Date(now()));
      const file = { name: m.name.trim(), description: m.description.trim(), updated, entries: m.entries };
      const parsed = EvidenceListFileSchema.safeParse(file);
      if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
      return { ok: true, fileName: `rxradar-list-${updated}.json`, text: formatListFile({ ...file, entries: parsed.data.entries }) };
    },
    'get-trusted-sites': () => deps.trustedSites(),
    'check-report': (m) => parseReport(m.report),
    'get-report-handoffs': () => (deps.handoffs ? deps.handoffs.list() : null),
    'record-report-handoff': async (m) => (deps.handoffs ? { ok: await deps.handoffs.record(m.handoff) } : null),
    // Family mode: nothing to answer where it is not running.
    'get-protection-state': async () =>
      protection ? { ...(await protection.state()), incognitoAllowed: deps.incognitoAllowed ? await deps.incognitoAllowed() : null } : null,
    unlock: (m) => protection?.unlock(m.pin) ?? null,
    lock: async () => {
      if (!protection) return null;
      await protection.lock();
      return { ok: true };
    },
    'set-pin': (m) => protection?.setPin(m.pin, m.currentPin) ?? null,
    'remove-pin': (m) => protection?.removePin(m.pin) ?? null,
    'update-settings': async (m) => {
      if (!protection) return null;
      const result = await protection.updateSettings(m.change, m.pin);
      if (result.ok) await deps.settingsChanged?.();
      return result;
    },
    'get-block-info': async (m, sender) => {
      if (!protection) return null;
      // The tab's badge was cleared by the navigation to this page: put the verdict back on it.
      const tab = ownTabOf(sender);
      if (tab !== undefined) await deps.service.showBadge(tab).catch(() => undefined);
      const settings = await protection.settings();
      const st = await protection.state();
      return {
        mode: settings.protectionMode,
        verdict: await deps.service.blockedVerdict(m.url),
        allowProceed: settings.allowProceed,
        hasPin: st.hasPin,
        locked: st.locked,
      };
    },
    proceed: async (m, sender) => {
      if (!protection) return null;
      if (ownTabOf(sender) === undefined) return { ok: false, error: 'not-allowed' };
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
    },
    'get-activity': (m) => protection?.readActivity(m.pin) ?? null,
    'clear-activity': (m) => protection?.clearActivity(m.pin) ?? null,
  };

  async function fromUi(message: unknown, sender: Sender): Promise<unknown> {
    const parsed = UiMessageSchema.safeParse(message);
    if (!parsed.success) return null;
    // The map is typed per message; TypeScript cannot follow the pairing of a union value with
    // its handler, so the call goes through the general signature once, here.
    const handler = ui[parsed.data.type] as (m: UiMessage, sender: Sender) => Promise<unknown> | unknown;
    return handler(parsed.data, sender);
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
