/**
 * Messages between the content script, the popup, the options page and the background. Content
 * scripts run inside hostile pages, so the background validates everything it receives.
 */
import { z } from '../core/zod';
import { MAX_BULK_CHARS, MAX_BULK_LINES } from '../core/lists/bulk-input';
import { MAX_PRODUCT_CHARS, MAX_PRODUCTS, MAX_TYPES } from '../extraction/page-structure';
import { VerdictSchema } from '../core/verdict';
import type { QueueStatus } from '../reports/report-queue';
import type { ParseReportResult, Report, ReportCategory } from '../reports/report-schema';
import type { ReportHandoff } from './reports/report-handoffs';
import type { BulkReport, EvidenceListEntry } from '../core/lists/bulk-input';
import type { Problem } from '../core/problems';
import type { Presentation, TrustedSite } from './user-decisions';
import type { ActivityEntry } from './family/activity-log';
import type { Outcome, ProtectionState, Refusal } from './family/protection-service';
import type { FeedStatus } from './feeds/feed-refresher';
import type { LinkCheckReply } from './background/link-check';
import { AnnotateLinksSchema, MAX_SUBSCRIPTIONS, RemoteUrlSchema } from './policy/policy-schema';

/** Upper bounds on what a page can send: a 5 MB text and 500 links at most. */
export const MAX_SNAPSHOT_CHARS = 5_000_000;
export const MAX_SNAPSHOT_LINKS = 500;

export const PageSnapshotSchema = z.object({
  url: z.string().check(z.maxLength(8192)),
  title: z.optional(z.string().check(z.maxLength(2000))),
  text: z.string().check(z.maxLength(MAX_SNAPSHOT_CHARS)),
  links: z.optional(z.array(z.string().check(z.maxLength(4096))).check(z.maxLength(MAX_SNAPSHOT_LINKS))),
  structure: z.optional(
    z.object({
      types: z.array(z.string().check(z.maxLength(200))).check(z.maxLength(MAX_TYPES)),
      articles: z.number().check(z.int(), z.gte(0)),
      byline: z.boolean(),
      citation: z.boolean(),
      priceElements: z.number().check(z.int(), z.gte(0)),
      cartControls: z.number().check(z.int(), z.gte(0)),
      fileUpload: z.boolean(),
      products: z.array(z.string().check(z.maxLength(MAX_PRODUCT_CHARS))).check(z.maxLength(MAX_PRODUCTS)),
    }),
  ),
});

export const PresentationSchema = z.enum(['warning', 'banner', 'none'] satisfies Presentation[]);

/** Sent by content scripts. */
export const ContentMessageSchema = z.discriminatedUnion('type', [
  /** At document start: what is known about this address already (listed domains). */
  z.object({ type: z.literal('page-hello'), url: z.string().check(z.maxLength(8192)) }),
  /**
   * What the page shows. `firstRead`: only the beginning of a long page's text, without its markup;
   * the background answers ReadOn unless that settles the page (engine.firstReadVerdict).
   */
  z.object({ type: z.literal('page-snapshot'), snapshot: PageSnapshotSchema, firstRead: z.optional(z.literal(true)) }),
  /** Link marks: the hosts this page's links lead to (wrappers taken off); the answer is a LinkCheckReply. */
  z.object({ type: z.literal('link-hosts'), hosts: z.array(z.string().check(z.minLength(1), z.maxLength(253))).check(z.maxLength(1000)) }),
]);
export type ContentMessage = z.infer<typeof ContentMessageSchema>;

/** Sent by the popup and the options page (extension pages). */
const Pin = z.optional(z.string().check(z.maxLength(32)));

export const UiMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('get-tab-state'), tabId: z.number().check(z.int()) }),
  z.object({
    type: z.literal('trust-site'),
    host: z.string().check(z.minLength(1), z.maxLength(253)),
    confirmAuthority: z._default(z.boolean(), false),
    pin: Pin,
  }),
  z.object({ type: z.literal('untrust-site'), domain: z.string().check(z.minLength(1), z.maxLength(253)), pin: Pin }),
  z.object({ type: z.literal('show-evidence'), tabId: z.number().check(z.int()), evidence: z.string().check(z.maxLength(500)) }),
  // Family mode.
  z.object({ type: z.literal('get-protection-state') }),
  z.object({ type: z.literal('unlock'), pin: z.string().check(z.maxLength(32)) }),
  z.object({ type: z.literal('lock') }),
  z.object({ type: z.literal('set-pin'), pin: z.string().check(z.maxLength(32)), currentPin: Pin }),
  z.object({ type: z.literal('remove-pin'), pin: Pin }),
  z.object({
    type: z.literal('update-settings'),
    change: z.strictObject({
      protectionMode: z.optional(z.enum(['warn', 'block'])),
      blockCaution: z.optional(z.boolean()),
      communityList: z.optional(z.boolean()),
      reportEndpoint: z.optional(z.nullable(RemoteUrlSchema)),
      feedSubscriptions: z.optional(z.array(RemoteUrlSchema).check(z.maxLength(MAX_SUBSCRIPTIONS))),
      annotateLinks: z.optional(AnnotateLinksSchema),
    }),
    pin: Pin,
  }),
  z.object({ type: z.literal('get-block-info'), url: z.string().check(z.maxLength(8192)) }),
  z.object({ type: z.literal('proceed'), url: z.string().check(z.maxLength(8192)), pin: Pin }),
  /** The warning page (warn mode): "Continue anyway" to this address, for its site, this browser session. */
  z.object({ type: z.literal('continue-site'), url: z.string().check(z.maxLength(8192)) }),
  z.object({ type: z.literal('get-activity'), pin: Pin }),
  z.object({ type: z.literal('clear-activity'), pin: Pin }),
  // Reports (src/extension/reports/).
  /** Popup: make a report draft for the tab (with a screenshot of it, kept local until the user includes it) and open the report page. */
  z.object({ type: z.literal('start-report'), tabId: z.number().check(z.int()) }),
  /** The warning page: a report about the site it stands in for, in its own tab (no screenshot: the site was never shown). */
  z.object({ type: z.literal('start-report-from-warning') }),
  z.object({ type: z.literal('get-report-draft'), draftId: z.string().check(z.maxLength(100)) }),
  /** The report as built and shown on the report page; the background validates it again. */
  z.object({ type: z.literal('submit-report'), report: z.unknown() }),
  z.object({ type: z.literal('get-report-queue') }),
  z.object({
    type: z.literal('report-queue-action'),
    action: z.enum(['send-now', 'retry', 'remove']),
    reportId: z.optional(z.string().check(z.maxLength(100))),
  }),
  // List feeds (src/extension/feeds/).
  z.object({ type: z.literal('get-feeds') }),
  z.object({ type: z.literal('refresh-feeds') }),
  // Researcher tools: check pasted or uploaded domains against the lists in force.
  z.object({
    type: z.literal('check-bulk-input'),
    text: z.string().check(z.maxLength(MAX_BULK_CHARS)),
    fileName: z.optional(z.string().check(z.maxLength(300))),
  }),
  /** The new domains of a check as list entries, with who says so (validated by the background: toListEntries). */
  z.object({
    type: z.literal('make-list-entries'),
    items: z
      .array(z.object({ entry: z.string().check(z.maxLength(300)), evidence: z.optional(z.string().check(z.maxLength(2000))) }))
      .check(z.maxLength(MAX_BULK_LINES)),
    meta: z.record(z.string(), z.unknown()),
  }),
  /** A whole list file of entries made before (validated again against the list file schema). */
  z.object({
    type: z.literal('make-list-file'),
    entries: z.array(z.unknown()).check(z.maxLength(MAX_BULK_LINES)),
    name: z.string().check(z.maxLength(500)),
    description: z.string().check(z.maxLength(5000)),
  }),
  /** The user's trusted sites (options page). */
  z.object({ type: z.literal('get-trusted-sites') }),
  /** The report page: the report as assembled from the user's choices, validated (the page shows, saves and copies only what this returns). */
  z.object({ type: z.literal('check-report'), report: z.unknown() }),
  /** Where the person took their reports (this device only). */
  z.object({ type: z.literal('get-report-handoffs') }),
  z.object({ type: z.literal('record-report-handoff'), handoff: z.unknown() }),
]);
export type UiMessage = z.infer<typeof UiMessageSchema>;
/** A UI message as its sender writes it (fields with defaults may be left out). */
export type UiMessageIn = z.input<typeof UiMessageSchema>;
export type UiMessageType = UiMessage['type'];

/** What the popup shows for a tab. */
export const TabStateSchema = z.object({
  verdict: z.nullable(VerdictSchema),
  /** The verdict the engine gave before the user's own decisions (allowlist) were applied. */
  engineLevel: z.nullable(z.enum(['danger', 'caution', 'none'])),
  trusted: z.boolean(),
  continued: z.boolean(),
});
export type TabState = z.infer<typeof TabStateSchema>;

export { STOPPED_BEFORE_SHOWN } from './reports/screenshot-errors';

/** What the block page shows. */
export interface BlockInfo {
  /** warn: the full-page warning, with "Continue anyway"; block: family mode's block page. */
  mode: 'warn' | 'block';
  verdict: z.infer<typeof VerdictSchema>;
  allowProceed: boolean;
  hasPin: boolean;
  locked: boolean;
}

/** The background's answer to page-hello and page-snapshot. */
export interface VerdictReply {
  verdict: z.infer<typeof VerdictSchema>;
  presentation: Presentation;
}

/** The background's answer to a first read that does not settle the page: read it whole and report again. */
export interface ReadOn {
  readOn: true;
}

/** Sent by the background to a tab's content script. */
export const TabMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('verdict'), verdict: VerdictSchema, presentation: PresentationSchema }),
  z.object({ type: z.literal('show-evidence'), evidence: z.string() }),
  /** The lists changed (a feed brought new entries): report the page again, to be judged with them. */
  z.object({ type: z.literal('rescan') }),
  /** A report's screenshot is about to be taken: step the warning aside (answer once it is gone)... */
  z.object({ type: z.literal('prepare-capture') }),
  /** ...and put it back. */
  z.object({ type: z.literal('capture-done') }),
]);
export type TabMessage = z.infer<typeof TabMessageSchema>;

// ---- Replies for reports, feeds and the researcher tools ----

type VerdictT = z.infer<typeof VerdictSchema>;

/** What the report page starts from (`get-report-draft`): kept in session storage, never sent by itself. */
export interface ReportDraft {
  draftId: string;
  tabId: number;
  url: string;
  /** The domain the report names (the page's registrable domain), or null where it has none (an IP address). */
  domain: string | null;
  /** The verdict for the tab when the report was started (null: not checked yet). */
  verdict: VerdictT | null;
  /** JPEG data: URL of the visible tab, taken when the report was started; sent only if the user includes it. */
  screenshot: string | null;
  /** Why there is no screenshot; STOPPED_BEFORE_SHOWN when RxRadar's warning stood in for the page. */
  screenshotError: string | null;
  extensionVersion: string;
  listVersions: Report['listVersions'];
  /** Where "Send" would post the report, or null (then only download and copy are offered). */
  endpoint: string | null;
  /** The endpoint is set by the administrator's policy. */
  endpointManaged: boolean;
  createdAt: number;
}

export type QueueItemStatus = QueueStatus;

/** One report in the outgoing queue, without its body. */
export interface ReportQueueItemView {
  reportId: string;
  status: QueueItemStatus;
  url: string;
  domain: string;
  category: ReportCategory;
  /** When the report was made (ISO). */
  time: string;
  attempts: number;
  /** queued: not before this time (ms). */
  nextAttemptAt?: number;
  lastError?: string;
  /** sent / failed: when (ms). */
  finishedAt?: number;
}

/** `get-report-queue` and `report-queue-action`. */
export interface ReportQueueView {
  endpoint: string | null;
  endpointManaged: boolean;
  /** Pending first (oldest first), then finished (newest first). */
  items: ReportQueueItemView[];
  counts: { queued: number; sending: number; sent: number; failed: number };
  /** The stored queue could not be read (shown, never silently emptied). */
  error?: string;
}

/** `submit-report`. */
export type SubmitReportReply =
  | { ok: true; reportId: string; status: QueueItemStatus }
  | { ok: false; error: 'invalid' | 'no-endpoint' | 'full' | 'duplicate' | 'already-sent' | 'storage'; message: string };

/** One subscribed feed as the options page shows it. */
export interface FeedView {
  url: string;
  /** Who added it: the administrator's policy or the user. */
  from: 'policy' | 'user';
  status: FeedStatus;
  /** Entries of the list in force (0: none yet). */
  entries: number;
  name?: string;
  published?: string;
  lastChecked: string | null;
  lastSuccess: string | null;
  error: string | null;
  /** Entries the feed listed but RxRadar left out (known pharmacies, repeats). */
  dropped?: number;
}

/** `get-feeds` and `refresh-feeds`. */
export interface FeedsView {
  feeds: FeedView[];
  /** Keys trusted: the project's and the policy's. */
  trustedKeys: number;
  policyKeys: number;
  /** When the next automatic refresh is due (ms), if known. */
  nextRefreshAt: number | null;
}

// ---- The protocol: what each message is answered with ----

/** A refusal of an address that is no web address. */
export type BadHost = { ok: false; error: 'bad-host' };
/** Asked from where it may not be (a frame, another tab), or a part the background does not run. */
export type NotHere = { ok: false; error: 'not-allowed' | 'unavailable' };
export type ReportStart = { ok: true; draftId: string } | { ok: false; error: string };

/**
 * What the background answers to each UI message. The senders (`SendUi`) and the router's handlers
 * are typed from this one map: a reply is never `unknown` at a call site, and a handler that
 * answers something else does not compile. `null`: the part that answers is not running (tests
 * that leave it out), or the message was not valid.
 */
export interface UiReplies {
  'get-tab-state': TabState;
  'trust-site': Outcome | BadHost;
  'untrust-site': Outcome;
  'show-evidence': { ok: true };
  'get-protection-state': (ProtectionState & { incognitoAllowed: boolean | null }) | null;
  unlock: Outcome | null;
  lock: { ok: true } | null;
  'set-pin': Outcome | null;
  'remove-pin': Outcome | null;
  'update-settings': Outcome | null;
  'get-block-info': BlockInfo | null;
  proceed: Outcome | BadHost | null;
  'continue-site': { ok: true } | NotHere | BadHost;
  'get-activity': { ok: true; log: ActivityEntry[] } | Refusal | null;
  'clear-activity': Outcome | null;
  'start-report': ReportStart;
  'start-report-from-warning': ReportStart;
  'get-report-draft': ReportDraft | null;
  'submit-report': SubmitReportReply;
  'get-report-queue': ReportQueueView | null;
  'report-queue-action': ReportQueueView | null;
  'get-feeds': FeedsView | null;
  'refresh-feeds': FeedsView | null;
  'check-bulk-input': BulkReport | null;
  'make-list-entries': { ok: true; entries: EvidenceListEntry[]; lines: string } | { ok: false; problems: Problem[] };
  'make-list-file': { ok: true; fileName: string; text: string } | { ok: false; problems: Problem[] };
  'get-trusted-sites': TrustedSite[];
  'check-report': ParseReportResult;
  'get-report-handoffs': ReportHandoff[] | null;
  'record-report-handoff': { ok: boolean } | null;
}

/** Sends a UI message to the background; the reply's type follows from the message's. */
export type SendUi = <M extends UiMessageIn>(message: M) => Promise<UiReplies[M['type']]>;

/** What the background answers to each content-script message (null: not taken; the page asks again). */
export interface ContentReplies {
  'page-hello': VerdictReply;
  'page-snapshot': VerdictReply | ReadOn | null;
  'link-hosts': LinkCheckReply;
}

export type SendContent = <M extends ContentMessage>(message: M) => Promise<ContentReplies[M['type']] | null | undefined>;
