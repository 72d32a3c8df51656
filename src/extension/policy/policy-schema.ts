/**
 * Browser policy (storage.managed) for households and schools, and how it merges with the user's
 * own settings. Policy wins; unreadable or invalid policy fails closed (block, no way past).
 */
import { z } from 'zod';
import { normalizeHost } from '../../core/domain/normalize-host';

const Domain = z
  .string()
  .max(253)
  .transform((s, ctx) => {
    const h = normalizeHost(s);
    if (!h || !h.domain) {
      ctx.addIssue({ code: 'custom', message: `not a domain: ${s}` });
      return z.NEVER;
    }
    return h.host.replace(/^www\./, '');
  });

export const PolicySchema = z
  .object({
    protectionMode: z.enum(['warn', 'block']).optional(),
    allowProceed: z.boolean().optional(),
    blockCaution: z.boolean().optional(),
    allowlist: z.array(Domain).max(10_000).optional(),
    blocklist: z.array(Domain).max(10_000).optional(),
    communityList: z.boolean().optional(),
  })
  .strict();
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyKey = keyof Policy;

export const PolicyReadSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('none') }),
  z.object({ status: z.literal('ok'), policy: PolicySchema }),
  z.object({ status: z.literal('invalid'), error: z.string() }),
]);
export type PolicyRead = z.infer<typeof PolicyReadSchema>;

/** Validates what storage.managed returned. An empty object means no policy. */
export function readPolicy(raw: unknown): PolicyRead {
  if (raw === undefined || raw === null || (typeof raw === 'object' && Object.keys(raw as object).length === 0)) return { status: 'none' };
  const parsed = PolicySchema.safeParse(raw);
  if (!parsed.success) return { status: 'invalid', error: z.prettifyError(parsed.error) };
  return { status: 'ok', policy: parsed.data };
}

export interface UserSettings {
  protectionMode: 'warn' | 'block';
  blockCaution: boolean;
  communityList: boolean;
}

export const DEFAULT_SETTINGS: UserSettings = { protectionMode: 'warn', blockCaution: false, communityList: true };

export interface EffectiveSettings extends UserSettings {
  /** False: no way past a block, not even with the PIN. */
  allowProceed: boolean;
  policyAllowlist: string[];
  policyBlocklist: string[];
  /** Settings the administrator fixed: the UI shows them as such and does not offer to change them. */
  managed: PolicyKey[];
  /** Set when policy could not be read or was invalid (shown on the options page). */
  policyError?: string;
}

export function effectiveSettings(user: UserSettings, read: PolicyRead): EffectiveSettings {
  if (read.status === 'invalid') {
    return {
      ...user,
      protectionMode: 'block',
      allowProceed: false,
      policyAllowlist: [],
      policyBlocklist: [],
      managed: ['protectionMode', 'allowProceed'],
      policyError: read.error,
    };
  }
  const p = read.status === 'ok' ? read.policy : {};
  return {
    protectionMode: p.protectionMode ?? user.protectionMode,
    blockCaution: p.blockCaution ?? user.blockCaution,
    communityList: p.communityList ?? user.communityList,
    allowProceed: p.allowProceed ?? true,
    policyAllowlist: p.allowlist ?? [],
    policyBlocklist: p.blocklist ?? [],
    managed: Object.keys(p) as PolicyKey[],
  };
}
