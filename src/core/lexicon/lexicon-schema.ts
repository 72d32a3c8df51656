import { z } from 'zod';

/** Written in lower case, words separated by spaces or hyphens; matched after folding. */
const Term = z
  .string()
  .min(2)
  .max(80)
  .refine((s) => s === s.toLowerCase().trim(), 'terms are lower case with no outer spaces');

const Cas = z.string().regex(/^\d{2,7}-\d{2}-\d$/, 'CAS numbers look like 39742-60-4');

export const DrugSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  class: z.enum(['opioid', 'benzodiazepine', 'sedative', 'stimulant', 'anesthetic', 'ed', 'glp1', 'peptide']),
  /** U.S. schedule ('II', 'IV', 'II-V'), 'Rx' (prescription-only, not controlled) or 'unapproved'. */
  schedule: z.string().regex(/^(I{1,3}|IV|V|II-V|Rx|unapproved)$/),
  names: z.array(Term).min(1),
  street: z.array(Term),
  weak: z.array(Term),
  misspellings: z.array(Term),
});

export const DrugLexiconSchema = z.object({
  about: z.string(),
  drugs: z.array(DrugSchema).min(1),
});

export const ChemicalSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.enum(['precursor', 'nitazene']),
  control: z.string().min(3),
  names: z.array(Term).min(1),
  misspellings: z.array(Term),
  cas: z.array(Cas),
});

export const ChemicalLexiconSchema = z.object({
  about: z.string(),
  chemicals: z.array(ChemicalSchema).min(1),
});

const PhraseList = z.array(Term).min(1);

export const PhraseLexiconSchema = z.object({
  about: z.string(),
  fillers: z.array(z.string().regex(/^[a-z]+$/)),
  negators: z.array(z.string().regex(/^[a-z]+$/)),
  risk: z.record(z.string(), z.object({ negatable: z.boolean(), phrases: PhraseList })),
  trust: z.record(z.string(), z.object({ phrases: PhraseList })),
  /** Buying cues. Strong: only a shop says them (price, add to cart). Weak: any page may (buy, pills). */
  commerce: z.object({ strong: PhraseList, weak: PhraseList }),
  contexts: z.record(z.string(), PhraseList),
});

export type Drug = z.infer<typeof DrugSchema>;
export type Chemical = z.infer<typeof ChemicalSchema>;
export type DrugLexicon = z.infer<typeof DrugLexiconSchema>;
export type ChemicalLexicon = z.infer<typeof ChemicalLexiconSchema>;
export type PhraseLexicon = z.infer<typeof PhraseLexiconSchema>;

export interface Lexicon {
  drugs: DrugLexicon;
  chemicals: ChemicalLexicon;
  phrases: PhraseLexicon;
}

/** Validates raw lexicon files (JSON already parsed); throws with the file and path on error. */
export function parseLexicon(raw: { drugs: unknown; chemicals: unknown; phrases: unknown }): Lexicon {
  return {
    drugs: parseNamed('drugs.json', DrugLexiconSchema, raw.drugs),
    chemicals: parseNamed('precursors.json', ChemicalLexiconSchema, raw.chemicals),
    phrases: parseNamed('phrases.json', PhraseLexiconSchema, raw.phrases),
  };
}

function parseNamed<T>(name: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${name}: ${z.prettifyError(result.error)}`);
  return result.data;
}
