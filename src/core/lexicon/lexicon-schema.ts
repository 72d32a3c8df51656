import { z } from 'zod';

/** Written in lower case, words separated by spaces or hyphens; matched after folding. */
const Term = z
  .string()
  .min(2)
  .max(120)
  .refine((s) => s === s.toLowerCase().trim(), 'terms are lower case with no outer spaces');

const Cas = z.string().regex(/^\d{2,7}-\d{2}-\d$/, 'CAS numbers look like 39742-60-4');

/** Therapeutic class: what the medicine is for (README: the lexicon's classes). */
export const DRUG_CLASSES = [
  'acne', 'addiction', 'adhd', 'allergy', 'anabolic-steroid', 'anesthetic', 'antibiotic', 'anticonvulsant', 'antidepressant',
  'antidote', 'antifungal', 'antiparasitic', 'antipsychotic', 'antiviral', 'anxiolytic', 'barbiturate', 'benzodiazepine',
  'cannabinoid', 'cardiovascular', 'contraceptive', 'cosmetic', 'diabetes', 'digestive', 'ed', 'eye', 'fertility', 'gabapentinoid',
  'glp1', 'gout', 'hair-loss', 'harm-reduction', 'hormone', 'immunology', 'migraine', 'muscle-relaxant', 'neurology', 'opioid', 'pain',
  'peptide', 'respiratory', 'sedative', 'skin', 'smoking-cessation', 'steroid', 'stimulant', 'urology', 'weight-loss',
] as const;

/** Where an entry's names and control status come from (README: sources). */
export const LEXICON_SOURCES = [
  'drugs@fda', 'dea-schedules', 'dea-drug-facts', 'dea-federal-register', 'doj-indictments', 'who-inn', 'ema', 'fda-warning-letters',
  'unodc', 'euda', 'samhsa',
] as const;

/**
 * U.S. control status: a DEA schedule ('I'..'V', 'II-V' where strength decides), 'Rx'
 * (prescription-only, not controlled), 'OTC' (no prescription needed) or 'unapproved' (no U.S.
 * approval: research chemicals, medicines approved only abroad).
 */
export const Schedule = z.string().regex(/^(I{1,3}|IV|V|II-V|Rx|OTC|unapproved)$/);

export const DrugSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  class: z.enum(DRUG_CLASSES),
  schedule: Schedule,
  names: z.array(Term).min(1),
  street: z.array(Term),
  weak: z.array(Term),
  misspellings: z.array(Term),
  sources: z.array(z.enum(LEXICON_SOURCES)).min(1),
  /** Antidotes and harm-reduction products: the drug ids or classes they work against (never an offer of them). */
  counters: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1).optional(),
});

export const DrugLexiconSchema = z.object({
  about: z.string(),
  drugs: z.array(DrugSchema).min(1),
});

export const ChemicalSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** precursor and nitazene: chemicals; adulterant: xylazine; pill-press and imprint-die: pressing equipment. */
  kind: z.enum(['precursor', 'nitazene', 'adulterant', 'pill-press', 'imprint-die']),
  control: z.string().min(3),
  names: z.array(Term).min(1),
  /** Code names that are ordinary words ("iso", "proto"): count only where the substance is also named plainly. */
  weak: z.array(Term).default([]),
  misspellings: z.array(Term),
  cas: z.array(Cas),
  sources: z.array(z.enum(LEXICON_SOURCES)).min(1),
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

/** More phrases in the same groups as phrases.json (offer-phrases.json): no fillers or negators of their own. */
export const ExtraPhraseLexiconSchema = PhraseLexiconSchema.omit({ fillers: true, negators: true }).extend({
  commerce: z.object({ strong: z.array(Term), weak: z.array(Term) }),
});
export type ExtraPhraseLexicon = z.infer<typeof ExtraPhraseLexiconSchema>;

/** Validates raw lexicon files (JSON already parsed); throws with the file and path on error. */
export function parseLexicon(raw: { drugs: unknown; chemicals: unknown; phrases: unknown; offerPhrases?: unknown }): Lexicon {
  const phrases = parseNamed('phrases.json', PhraseLexiconSchema, raw.phrases);
  return {
    drugs: parseNamed('drugs.json', DrugLexiconSchema, raw.drugs),
    chemicals: parseNamed('precursors.json', ChemicalLexiconSchema, raw.chemicals),
    phrases: raw.offerPhrases === undefined ? phrases : mergePhrases(phrases, parseNamed('offer-phrases.json', ExtraPhraseLexiconSchema, raw.offerPhrases)),
  };
}

/** Phrase groups of both files, group by group; a group only in the extra file is added. */
export function mergePhrases(base: PhraseLexicon, extra: ExtraPhraseLexicon): PhraseLexicon {
  const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];
  const risk = { ...base.risk };
  for (const [id, g] of Object.entries(extra.risk)) {
    const prev = risk[id];
    if (prev && prev.negatable !== g.negatable) throw new Error(`offer-phrases.json: risk group ${id} must be negatable=${prev.negatable} as in phrases.json`);
    risk[id] = { negatable: g.negatable, phrases: union(prev?.phrases ?? [], g.phrases) };
  }
  const trust = { ...base.trust };
  for (const [id, g] of Object.entries(extra.trust)) trust[id] = { phrases: union(trust[id]?.phrases ?? [], g.phrases) };
  const contexts = { ...base.contexts };
  for (const [id, list] of Object.entries(extra.contexts)) contexts[id] = union(contexts[id] ?? [], list);
  return {
    ...base,
    risk,
    trust,
    contexts,
    commerce: { strong: union(base.commerce.strong, extra.commerce.strong), weak: union(base.commerce.weak, extra.commerce.weak) },
  };
}

function parseNamed<T>(name: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${name}: ${z.prettifyError(result.error)}`);
  return result.data;
}
