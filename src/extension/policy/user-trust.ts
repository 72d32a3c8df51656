/**
 * The one policy rule the popup needs, in a module of its own: importing it does not bring the
 * policy schemas (zod, tldts) into the popup's page.
 */
import type { EffectiveSettings } from './policy-schema';

/**
 * Whether the user's own "I trust this site" may let a site past block mode. Not when the
 * administrator set the mode, forbade any way past, or wrote a policy that could not be used
 * (it fails closed): a child must not undo with two clicks what the policy holds.
 */
export function userTrustAllowed(s: Pick<EffectiveSettings, 'protectionMode' | 'allowProceed' | 'managed' | 'policyError'>): boolean {
  if (s.protectionMode !== 'block') return true;
  return !(s.policyError !== undefined || s.managed.includes('protectionMode') || (s.managed.includes('allowProceed') && !s.allowProceed));
}
