/**
 * Messages between the content script, the popup, the options page and the background. Content
 * scripts run inside hostile pages, so the background validates everything it receives.
 */
import { z } from 'zod';
import { VerdictSchema } from '../core/verdict';

/** Upper bounds on what a page can send: a 5 MB text and 500 links at most. */
export const MAX_SNAPSHOT_CHARS = 5_000_000;
export const MAX_SNAPSHOT_LINKS = 500;

export const PageSnapshotSchema = z.object({
  url: z.string().max(8192),
  title: z.string().max(2000).optional(),
  text: z.string().max(MAX_SNAPSHOT_CHARS),
  links: z.array(z.string().max(4096)).max(MAX_SNAPSHOT_LINKS).optional(),
});

export const Presentation = z.enum(['warning', 'banner', 'none']);
export type Presentation = z.infer<typeof Presentation>;

/** Sent by content scripts. */
export const ContentMessageSchema = z.discriminatedUnion('type', [
  /** At document start: what is known about this address already (listed domains). */
  z.object({ type: z.literal('page-hello'), url: z.string().max(8192) }),
  z.object({ type: z.literal('page-snapshot'), snapshot: PageSnapshotSchema }),
  z.object({ type: z.literal('continue-anyway') }),
  z.object({ type: z.literal('go-back') }),
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
    change: z.object({ protectionMode: z.enum(['warn', 'block']).optional(), blockCaution: z.boolean().optional(), communityList: z.boolean().optional() }).strict(),
    pin: Pin,
  }),
  z.object({ type: z.literal('get-block-info'), url: z.string().max(8192) }),
  z.object({ type: z.literal('proceed'), url: z.string().max(8192), pin: Pin }),
  z.object({ type: z.literal('get-activity'), pin: Pin }),
  z.object({ type: z.literal('clear-activity'), pin: Pin }),
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

/** What the block page shows. */
export interface BlockInfo {
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
  /** Block mode: replace this page (if it is still `url`) with the block page `target`. */
  z.object({ type: z.literal('open-block-page'), url: z.string(), target: z.string() }),
]);
export type TabMessage = z.infer<typeof TabMessageSchema>;
