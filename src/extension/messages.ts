/**
 * Messages between the content script, the popup, the options page and the background. Content
 * scripts run inside hostile pages, so the background validates everything it receives.
 */
import { z } from 'zod';
import { MAX_BULK_CHARS } from '../core/lists/bulk-input';
import { MAX_PRODUCT_CHARS, MAX_PRODUCTS, MAX_TYPES } from '../extraction/page-structure';
import { VerdictSchema } from '../core/verdict';
import type { QueueStatus } from '../reports/report-queue';
import type { Report, ReportCategory } from '../reports/report-schema';
import type { FeedStatus } from './feeds/feed-refresher';
import { AnnotateLinksSchema, MAX_SUBSCRIPTIONS, RemoteUrlSchema } from './policy/policy-schema';

/** Upper bounds on what a page can send: a 5 MB text and 500 links at most. */
export const MAX_SNAPSHOT_CHARS = 5_000_000;
export const MAX_SNAPSHOT_LINKS = 500;

export const PageSnapshotSchema = z.object({
  url: z.string().max(8192),
  title: z.string().max(2000).optional(),
  text: z.string().max(MAX_SNAPSHOT_CHARS),
  links: z.array(z.string().max(4096)).max(MAX_SNAPSHOT_LINKS).optional(),
  structure: z
    .object({
      types: z.array(z.string().max(200)).max(MAX_TYPES),
      articles: z.number().int().min(0),
      byline: z.boolean(),
      citation: z.boolean(),
      priceElements: z.number().int().min(0),
      cartControls: z.number().int().min(0),
      fileUpload: z.boolean(),
      products: z.array(z.string().max(MAX_PRODUCT_CHARS)).max(MAX_PRODUCTS),
    })
    .optional(),
});

export const Presentation = z.enum(['warning', 'banner', 'none']);
export type Presentation = z.infer<typeof Presentation>;

/** Sent by content scripts. */
export const ContentMessageSchema = z.discriminatedUnion('type', [
  /** At document start: what is known about this address already (listed domains). */
  z.object({ type: z.literal('page-hello'), url: z.string().max(8192) }),
  z.object({ type: z.literal('page-snapshot'), snapshot: PageSnapshotSchema }),
  /** Link marks: the hosts this page's links lead to (wrappers taken off); the answer is a LinkCheckReply. */
  z.object({ type: z.literal('link-hosts'), hosts: z.array(z.string().min(1).max(253)).max(1000) }),
]);
export type ContentMessage = z.infer<typeof ContentMessageSchema>;

/** Sent by the popup and the options page (extension pages). */
const Pin = z.string().max(32).optional();

export const UiMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('get-tab-state'), tabId: z.number().int() }),
  z.object({ type: z.literal('trust-site'), host: z.string().min(1).max(253), confirmAuthority: z.boolean().default(false), pin: Pin }),
  z.object({ type: z.literal('untrust-site'), domain: z.string().min(1).max(253), pin: Pin }),
  z.object({ type: z.literal('show-evidence'), tabId: z.number().int(), evidence: z.string().max(500) }),
  // Family mode.
  z.object({ type: z.literal('get-protection-state') }),
  z.object({ type: z.literal('unlock'), pin: z.string().max(32) }),
  z.object({ type: z.literal('lock') }),
  z.object({ type: z.literal('set-pin'), pin: z.string().max(32), currentPin: Pin }),
  z.object({ type: z.literal('remove-pin'), pin: Pin }),
  z.object({
    type: z.literal('update-settings'),
    change: z
      .object({
        protectionMode: z.enum(['warn', 'block']).optional(),
        blockCaution: z.boolean().optional(),
        communityList: z.boolean().optional(),
        reportEndpoint: RemoteUrlSchema.nullable().optional(),
        feedSubscriptions: z.array(RemoteUrlSchema).max(MAX_SUBSCRIPTIONS).optional(),
        annotateLinks: AnnotateLinksSchema.optional(),
      })
      .strict(),
    pin: Pin,
  }),
  z.object({ type: z.literal('get-block-info'), url: z.string().max(8192) }),
  z.object({ type: z.literal('proceed'), url: z.string().max(8192), pin: Pin }),
  /** The warning page (warn mode): "Continue anyway" to this address, for its site, this browser session. */
  z.object({ type: z.literal('continue-site'), url: z.string().max(8192) }),
  z.object({ type: z.literal('get-activity'), pin: Pin }),
  z.object({ type: z.literal('clear-activity'), pin: Pin }),
  // Reports (src/extension/reports/).
  /** Popup: make a report draft for the tab (with a screenshot of it, kept local until the user includes it) and open the report page. */
  z.object({ type: z.literal('start-report'), tabId: z.number().int() }),
  /** The warning page: a report about the site it stands in for, in its own tab (no screenshot: the site was never shown). */
  z.object({ type: z.literal('start-report-from-warning') }),
  z.object({ type: z.literal('get-report-draft'), draftId: z.string().max(100) }),
  /** The report as built and shown on the report page; the background validates it again. */
  z.object({ type: z.literal('submit-report'), report: z.unknown() }),
  z.object({ type: z.literal('get-report-queue') }),
  z.object({ type: z.literal('report-queue-action'), action: z.enum(['send-now', 'retry', 'remove']), reportId: z.string().max(100).optional() }),
  // List feeds (src/extension/feeds/).
  z.object({ type: z.literal('get-feeds') }),
  z.object({ type: z.literal('refresh-feeds') }),
  // Researcher tools: check pasted or uploaded domains against the lists in force.
  z.object({ type: z.literal('check-bulk-input'), text: z.string().max(MAX_BULK_CHARS), fileName: z.string().max(300).optional() }),
]);
export type UiMessage = z.infer<typeof UiMessageSchema>;

/** What the popup shows for a tab. */
export const TabStateSchema = z.object({
  verdict: VerdictSchema.nullable(),
  /** The verdict the engine gave before the user's own decisions (allowlist) were applied. */
  engineLevel: z.enum(['danger', 'caution', 'none']).nullable(),
  trusted: z.boolean(),
  continued: z.boolean(),
});
export type TabState = z.infer<typeof TabStateSchema>;

/** A report draft's screenshotError when the site was never shown (RxRadar's warning page stood in for it). */
export const STOPPED_BEFORE_SHOWN = 'stopped-before-shown';

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

/** Sent by the background to a tab's content script. */
export const TabMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('verdict'), verdict: VerdictSchema, presentation: Presentation }),
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
  /** The verdict for the tab when the report was started (null: not checked yet). */
  verdict: VerdictT | null;
  /** JPEG data: URL of the visible tab, taken when the report was started; sent only if the user includes it. */
  screenshot: string | null;
  /** Why there is no screenshot, when there is none. */
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
