import { z } from './zod';

/** How worried the user should be. `danger`: do not buy here. `caution`: look closer. */
export const LevelSchema = z.enum(['danger', 'caution', 'none']);
export type Level = z.infer<typeof LevelSchema>;

/** Which list an entry came from, strongest first. */
export const ListTierSchema = z.enum(['authority', 'feed', 'policy', 'user', 'community']);
export type ListTier = z.infer<typeof ListTierSchema>;

/** A list entry that matched the page's host, with the public source that backs it. */
export const ListMatchSchema = z.object({
  tier: ListTierSchema,
  /** The entry as written in the list: a domain (`bad-meds.com`) or a pattern (`buy*tramadol*.*`). */
  entry: z.string(),
  /** The host that was checked, normalised. */
  host: z.string(),
  /** Who says so, in words (`FDA warning letter to ...`). */
  source: z.string(),
  sourceUrl: z.optional(z.string()),
  /** ISO date (YYYY-MM-DD) of the source, when known. */
  date: z.optional(z.string()),
  confidence: z.optional(z.enum(['authority', 'corroborated', 'inferred', 'reviewed', 'community', 'user'])),
});
export type ListMatch = z.infer<typeof ListMatchSchema>;

/** One reason behind a verdict: a named signal with the exact page text that triggered it. */
export const ReasonSchema = z.object({
  id: z.string(),
  /** Plain-language label a worried person understands. */
  label: z.string(),
  /** `risk` raises the score, `trust` lowers it, `list` is a list match, `context` explains a discount. */
  kind: z.enum(['risk', 'trust', 'list', 'context']),
  /** Points added to (risk) or taken from (trust, negative) the score. */
  weight: z.number(),
  /** Exact snippets of the page (or host) that triggered it, at most a few. */
  evidence: z.array(z.string()),
});
export type Reason = z.infer<typeof ReasonSchema>;

export const VerdictSchema = z.object({
  url: z.string(),
  host: z.string(),
  level: LevelSchema,
  score: z.number(),
  reasons: z.array(ReasonSchema),
  /** The strongest list match, when a list matched. */
  listMatch: z.optional(ListMatchSchema),
});
export type Verdict = z.infer<typeof VerdictSchema>;
