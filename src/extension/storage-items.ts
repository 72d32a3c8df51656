/**
 * Every stored setting and state of the extension, declared in one place. Values are validated
 * when read: a corrupted or hand-edited value falls back to the default instead of breaking.
 */
import { storage } from 'wxt/utils/storage';
import { z } from '../core/zod';
import { REPORT_QUEUE_KEY } from './storage-keys';
import type { TrustedSite } from './user-decisions';
import { ActivityEntrySchema } from './family/activity-log';
import { NO_THROTTLE, parseStoredPin, type StoredPin, type Throttle, ThrottleSchema } from './family/pin-lock';
import { AnnotateLinksSchema, DEFAULT_SETTINGS, MAX_SUBSCRIPTIONS, RemoteUrlSchema, type UserSettings } from './policy/policy-schema';

const TrustedSiteSchema = z.object({ domain: z.string().check(z.minLength(1)), addedAt: z.number(), overridesAuthority: z.boolean() });

export const trustedSitesItem = storage.defineItem<TrustedSite[]>('local:trustedSites', { fallback: [], version: 1 });
export const communityListItem = storage.defineItem<boolean>('local:communityListEnabled', { fallback: true });
/** Sites the user chose to continue to, this browser session only. */
export const continuedHostsItem = storage.defineItem<string[]>('session:continuedHosts', { fallback: [] });
export const tabStatesItem = storage.defineItem<Record<string, unknown>>('session:tabStates', { fallback: {} });
/** The block rules last installed this browser session (block-rules-adapter.ts: InstalledRulesRecord). */
export const installedBlockRulesItem = storage.defineItem<string | null>('session:installedBlockRules', { fallback: null });

export async function readTrustedSites(): Promise<TrustedSite[]> {
  const parsed = z.array(TrustedSiteSchema).safeParse(await trustedSitesItem.getValue());
  return parsed.success ? parsed.data : [];
}

export async function readContinuedHosts(): Promise<string[]> {
  const parsed = z.array(z.string()).safeParse(await continuedHostsItem.getValue());
  return parsed.success ? parsed.data : [];
}

export async function readCommunityListEnabled(): Promise<boolean> {
  const v = await communityListItem.getValue();
  return typeof v === 'boolean' ? v : true;
}

// Family mode.

const UserSettingsSchema = z.object({
  protectionMode: z.enum(['warn', 'block']),
  blockCaution: z.boolean(),
  communityList: z.boolean(),
  // Added with reports and feeds: older stored settings do not have them.
  reportEndpoint: z._default(z.catch(z.nullable(RemoteUrlSchema), null), null),
  feedSubscriptions: z._default(z.catch(z.array(RemoteUrlSchema).check(z.maxLength(MAX_SUBSCRIPTIONS)), []), []),
  // Added with link marks.
  annotateLinks: z._default(z.catch(AnnotateLinksSchema, DEFAULT_SETTINGS.annotateLinks), DEFAULT_SETTINGS.annotateLinks),
});

export const userSettingsItem = storage.defineItem<UserSettings | null>('local:userSettings', { fallback: null });
/** The PIN's salted hash (never the PIN). */
export const pinRecordItem = storage.defineItem<unknown>('local:pinRecord', { fallback: null });
/** Wrong PIN attempts: local, so a browser restart does not reset the delays. */
export const pinThrottleItem = storage.defineItem<Throttle>('local:pinThrottle', { fallback: NO_THROTTLE });
export const unlockedUntilItem = storage.defineItem<number>('session:unlockedUntil', { fallback: 0 });
export const activityLogItem = storage.defineItem<unknown[]>('local:activityLog', { fallback: [] });
/** Sites a parent let through with the PIN, this browser session. */
export const proceededHostsItem = storage.defineItem<string[]>('session:proceededHosts', { fallback: [] });

export async function readUserSettings(): Promise<UserSettings> {
  const stored = UserSettingsSchema.safeParse(await userSettingsItem.getValue());
  if (stored.success) return stored.data;
  // Before family mode existed, the community switch had its own item.
  return { ...DEFAULT_SETTINGS, communityList: await readCommunityListEnabled() };
}

/** The PIN record; a damaged one is DAMAGED_PIN (locked, no PIN matches), never "no PIN", as the throttle fails closed. */
export async function readPinRecord(): Promise<StoredPin> {
  return parseStoredPin(await pinRecordItem.getValue());
}

export async function readThrottle(): Promise<Throttle> {
  const parsed = ThrottleSchema.safeParse(await pinThrottleItem.getValue());
  // A damaged throttle record must not unlock anything: treat it as one more wrong attempt.
  return parsed.success ? parsed.data : { failures: 3, nextAttemptAt: Date.now() + 30_000 };
}

export async function readActivityLog() {
  return z.catch(z.array(ActivityEntrySchema), []).parse(await activityLogItem.getValue());
}

export async function readProceededHosts(): Promise<string[]> {
  return z.catch(z.array(z.string()), []).parse(await proceededHostsItem.getValue());
}

/**
 * The stored values a verdict's decision reads besides the policy (the background keeps its last
 * read of them until one changes), as `area:key`.
 */
export const DECISION_INPUT_KEYS: readonly string[] = [userSettingsItem, communityListItem, trustedSitesItem, continuedHostsItem, proceededHostsItem].map(
  (item) => item.key,
);

/** Whether a storage change (storage.onChanged's area and changed keys) touches what decisions read: those values, or the policy. */
export function changesDecisionInputs(area: string, keys: readonly string[]): boolean {
  return area === 'managed' || keys.some((key) => DECISION_INPUT_KEYS.includes(`${area}:${key}`));
}

/** The last browser policy read, used while Chromium's first storage.managed answer is on its way. */
export const policyCacheItem = storage.defineItem<unknown>('local:policyCache', { fallback: null });

// Reports and feeds.

/** The outgoing report queue (src/reports/report-queue.ts), validated where it is read. */
export const reportQueueItem = storage.defineItem<unknown>(`local:${REPORT_QUEUE_KEY}`, { fallback: null });
/** Report drafts by id (src/extension/messages.ts ReportDraft), this browser session only: screenshots never outlive it. */
export const reportDraftsItem = storage.defineItem<Record<string, unknown>>('session:reportDrafts', { fallback: {} });
/** Where the person took each report (src/extension/reports/report-handoffs.ts), kept on this device only. */
export const reportHandoffsItem = storage.defineItem<unknown>('local:reportHandoffs', { fallback: [] });
