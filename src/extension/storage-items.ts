/**
 * Every stored setting and state of the extension, declared in one place. Values are validated
 * when read: a corrupted or hand-edited value falls back to the default instead of breaking.
 */
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import type { TrustedSite } from './user-decisions';

const TrustedSiteSchema = z.object({ domain: z.string().min(1), addedAt: z.number(), overridesAuthority: z.boolean() });

export const trustedSitesItem = storage.defineItem<TrustedSite[]>('local:trustedSites', { fallback: [], version: 1 });
export const communityListItem = storage.defineItem<boolean>('local:communityListEnabled', { fallback: true });
/** Sites the user chose to continue to, this browser session only. */
export const continuedHostsItem = storage.defineItem<string[]>('session:continuedHosts', { fallback: [] });
export const tabStatesItem = storage.defineItem<Record<string, unknown>>('session:tabStates', { fallback: {} });

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
