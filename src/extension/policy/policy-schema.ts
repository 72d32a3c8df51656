/**
 * Browser policy (storage.managed) for households and schools, and how it merges with the user's
 * own settings. Policy wins; unreadable or invalid policy fails closed (block, no way past).
 */
import { z } from '../../core/zod';
import { MAX_SUBSCRIPTIONS } from './policy-limits';
import { normalizeHost } from '../../core/domain/normalize-host';
import { decodePublicKey } from '../../core/lists/list-feed';
import { remoteUrlProblem } from '../net/remote-url';

const Domain = z.pipe(
  z.string().check(z.maxLength(253)),
  z.transform((s: string, ctx) => {
    const h = normalizeHost(s);
    if (!h || !h.domain) {
      // A zod/mini transform gets the parse payload itself: the issue goes on its list (classic zod's ctx.addIssue did the same).
      ctx.issues.push({ code: 'custom', message: `not a domain: ${s}`, input: s });
      return z.NEVER;
    }
    return h.host.replace(/^www\./, '');
  }),
);

/** A feed or report address: https, or http on this machine only. */
export const RemoteUrlSchema = z.string().check(
  z.maxLength(2048),
  z.superRefine((s, ctx) => {
    const problem = remoteUrlProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: `${s}: ${problem}` });
  }),
);

/** A list-feed signing key: base64 of the 32 raw bytes of an Ed25519 public key. */
export const ListKeySchema = z.string().check(
  z.maxLength(100),
  z.refine((k) => decodePublicKey(k) !== null, { message: 'must be a base64 raw Ed25519 public key (32 bytes), as `rxradar list keygen` prints it' }),
);

export { MAX_SUBSCRIPTIONS };

/** Where links to flagged sites are marked: nowhere, on search result pages, or on every page. */
export const AnnotateLinksSchema = z.enum(['off', 'search', 'everywhere']);
export type AnnotateLinks = z.infer<typeof AnnotateLinksSchema>;

export const PolicySchema = z.strictObject({
  protectionMode: z.optional(z.enum(['warn', 'block'])),
  allowProceed: z.optional(z.boolean()),
  blockCaution: z.optional(z.boolean()),
  allowlist: z.optional(z.array(Domain).check(z.maxLength(10_000))),
  blocklist: z.optional(z.array(Domain).check(z.maxLength(10_000))),
  communityList: z.optional(z.boolean()),
  /** Where reports are sent (POST); overrides the user's own endpoint. */
  reportEndpoint: z.optional(RemoteUrlSchema),
  /** Feed signing keys trusted besides the project's own. */
  listKeys: z.optional(z.array(ListKeySchema).check(z.maxLength(50))),
  /** Signed list feeds to follow, besides the user's own. */
  listSubscriptions: z.optional(z.array(RemoteUrlSchema).check(z.maxLength(MAX_SUBSCRIPTIONS))),
  /** Marks on links to flagged sites: nowhere, on search result pages only, or on every page. */
  annotateLinks: z.optional(AnnotateLinksSchema),
});
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
  /** The user's own report endpoint (the policy's `reportEndpoint` wins), or null: reports are only saved or copied. */
  reportEndpoint: string | null;
  /** Feeds the user follows, besides the policy's `listSubscriptions`. */
  feedSubscriptions: string[];
  /** Where links to flagged sites are marked (the policy's `annotateLinks` wins). */
  annotateLinks: AnnotateLinks;
}

export const DEFAULT_SETTINGS: UserSettings = {
  protectionMode: 'warn',
  blockCaution: false,
  communityList: true,
  reportEndpoint: null,
  feedSubscriptions: [],
  annotateLinks: 'everywhere',
};

export interface EffectiveSettings extends UserSettings {
  /** False: no way past a block, not even with the PIN. */
  allowProceed: boolean;
  policyAllowlist: string[];
  policyBlocklist: string[];
  /** Extra trusted feed keys from policy. */
  listKeys: string[];
  /** Feeds from policy (the user's own are in `feedSubscriptions`). */
  policySubscriptions: string[];
  /** Settings the administrator fixed: the UI shows them as such and does not offer to change them. */
  managed: PolicyKey[];
  /** Set when policy could not be read or was invalid (shown on the options page). */
  policyError?: string;
}

/** Every feed to follow: the policy's first, then the user's own, each once. */
export function allSubscriptions(s: Pick<EffectiveSettings, 'policySubscriptions' | 'feedSubscriptions'>): string[] {
  return [...new Set([...s.policySubscriptions, ...s.feedSubscriptions])].slice(0, 2 * MAX_SUBSCRIPTIONS);
}

export function effectiveSettings(user: UserSettings, read: PolicyRead): EffectiveSettings {
  if (read.status === 'invalid') {
    return {
      ...user,
      protectionMode: 'block',
      allowProceed: false,
      policyAllowlist: [],
      policyBlocklist: [],
      listKeys: [],
      policySubscriptions: [],
      managed: ['protectionMode', 'allowProceed'],
      policyError: read.error,
    };
  }
  const p = read.status === 'ok' ? read.policy : {};
  return {
    protectionMode: p.protectionMode ?? user.protectionMode,
    blockCaution: p.blockCaution ?? user.blockCaution,
    communityList: p.communityList ?? user.communityList,
    reportEndpoint: p.reportEndpoint ?? user.reportEndpoint,
    feedSubscriptions: user.feedSubscriptions,
    annotateLinks: p.annotateLinks ?? user.annotateLinks ?? DEFAULT_SETTINGS.annotateLinks,
    allowProceed: p.allowProceed ?? true,
    policyAllowlist: p.allowlist ?? [],
    policyBlocklist: p.blocklist ?? [],
    listKeys: p.listKeys ?? [],
    policySubscriptions: p.listSubscriptions ?? [],
    managed: Object.keys(p) as PolicyKey[],
  };
}
