import { parse } from 'tldts';
import { z } from '../zod';
import { SOURCE_CONFIDENCES } from './confidence';
import { isPattern, parsePattern } from '../domain/domain-pattern';

/** A plain list domain is already normalised: lower case, punycode, no `www.`, not a public suffix. */
export function domainEntryProblem(entry: string): string | null {
  if (entry !== entry.trim().toLowerCase()) return 'must be lower case with no spaces';
  if (!/^[a-z0-9.-]+$/.test(entry)) return 'must be an ASCII (punycode) host name';
  if (entry.startsWith('www.')) return 'drop the www. (an entry matches every subdomain)';
  if (entry.startsWith('.') || entry.endsWith('.') || entry.includes('..')) return 'has an empty label';
  const parsed = parse(entry, { allowPrivateDomains: true });
  if (parsed.isIp) return 'IP addresses are not list entries';
  if (!parsed.domain) return 'is a public suffix, not a site';
  return null;
}

export const ListEntryTextSchema = z.string().check(
  z.superRefine((entry, ctx) => {
    const problem = isPattern(entry) ? patternProblem(entry) : domainEntryProblem(entry);
    if (problem) ctx.addIssue({ code: 'custom', message: `${entry}: ${problem}` });
  }),
);

function patternProblem(entry: string): string | null {
  const p = parsePattern(entry);
  return typeof p === 'string' ? p : null;
}

/** What a public source supports: the confidences a researcher or list maintainer asserts (`list add`, the researcher tools). */
export const ConfidenceSchema = z.enum(SOURCE_CONFIDENCES);
/**
 * Any list entry's confidence: the above, or `reviewed`: a maintainer reviewed a user's report
 * (src/cli/commands/reports.ts) and the public evidence at `sourceUrl`. Reviewed entries travel in
 * lists and signed feeds; the bundled authority list holds none (lists-lint.test.ts), so the
 * "Named by U.S. authorities" wording never covers them.
 */
export const EntryConfidenceSchema = z.enum([...ConfidenceSchema.options, 'reviewed']);

export const ListEntrySchema = z.object({
  /** A domain (matches it and every subdomain) or a pattern (see domain-pattern.ts). */
  entry: ListEntryTextSchema,
  /** Who says so, in words a user can check. */
  source: z.string().check(z.minLength(10)),
  sourceUrl: z.url({ protocol: /^https?$/ }),
  date: z.iso.date(),
  /**
   * authority: named in the source. corroborated: the network is named by the authority, the
   * domain comes from a community list. inferred: read from the address of the authority's page.
   * reviewed: from a user's report, confirmed by a maintainer.
   */
  confidence: EntryConfidenceSchema,
  note: z.optional(z.string()),
  /** Optional: the evidence behind the entry, summarised (e.g. a reviewed report's signals with the page text quoted). */
  evidence: z.optional(z.array(z.string().check(z.minLength(1)))),
});
export type ListEntry = z.infer<typeof ListEntrySchema>;

export const ListFileSchema = z.object({
  name: z.string().check(z.minLength(3)),
  description: z.string().check(z.minLength(10)),
  /** When the list was last reviewed (YYYY-MM-DD). */
  updated: z.iso.date(),
  entries: z.array(ListEntrySchema).check(z.minLength(1)),
});
export type ListFile = z.infer<typeof ListFileSchema>;

/** Legitimate, licensed pharmacies: never flagged by community lists or heuristics. */
export const KnownPharmacySchema = z.object({
  domain: ListEntryTextSchema,
  name: z.string().check(z.minLength(2)),
  country: z.string().check(z.regex(/^[A-Z]{2}$/)),
  /** Why we believe it is legitimate. */
  source: z.string().check(z.minLength(10)),
});
export const KnownPharmacyFileSchema = z.object({
  description: z.string(),
  updated: z.iso.date(),
  pharmacies: z.array(KnownPharmacySchema).check(z.minLength(1)),
});
export type KnownPharmacy = z.infer<typeof KnownPharmacySchema>;
