import { z } from '../zod';
import { CONTEXTS, type ContextId } from '../signals/page-context';
import { RISK_PHRASE_GROUPS, TRUST_PHRASE_GROUPS } from '../signals/signal-catalog';

/** Written in lower case, words separated by spaces or hyphens; matched after folding. */
const Term = z.string().check(
  z.minLength(2),
  z.maxLength(120),
  z.refine((s) => s === s.toLowerCase().trim(), 'terms are lower case with no outer spaces'),
);

const Cas = z.string().check(z.regex(/^\d{2,7}-\d{2}-\d$/, 'CAS numbers look like 39742-60-4'));

/** Therapeutic class: what the medicine is for (README: the lexicon's classes). */
export const DRUG_CLASSES = [
  'acne',
  'addiction',
  'adhd',
  'allergy',
  'anabolic-steroid',
  'anesthetic',
  'antibiotic',
  'anticonvulsant',
  'antidepressant',
  'antidote',
  'antifungal',
  'antiparasitic',
  'antipsychotic',
  'antiviral',
  'anxiolytic',
  'barbiturate',
  'benzodiazepine',
  'cannabinoid',
  'cardiovascular',
  'contraceptive',
  'cosmetic',
  'diabetes',
  'digestive',
  'ed',
  'eye',
  'fertility',
  'gabapentinoid',
  'glp1',
  'gout',
  'hair-loss',
  'harm-reduction',
  'hormone',
  'immunology',
  'migraine',
  'muscle-relaxant',
  'neurology',
  'opioid',
  'pain',
  'peptide',
  'respiratory',
  'sedative',
  'skin',
  'smoking-cessation',
  'steroid',
  'stimulant',
  'urology',
  'weight-loss',
] as const;

/** Where an entry's names and control status come from (README: sources). */
export const LEXICON_SOURCES = [
  'drugs@fda',
  'dea-schedules',
  'dea-drug-facts',
  'dea-federal-register',
  'doj-indictments',
  'who-inn',
  'ema',
  'fda-warning-letters',
  'unodc',
  'euda',
  'samhsa',
  'grls',
  'cdsco',
  'dav',
  'national-registers',
] as const;

/**
 * U.S. control status: a DEA schedule ('I'..'V', 'II-V' where strength decides), 'Rx'
 * (prescription-only, not controlled), 'OTC' (no prescription needed) or 'unapproved' (no U.S.
 * approval: research chemicals, medicines approved only abroad).
 */
export const Schedule = z.string().check(z.regex(/^(I{1,3}|IV|V|II-V|Rx|OTC|unapproved)$/));

export const DrugSchema = z.object({
  id: z.string().check(z.regex(/^[a-z0-9-]+$/)),
  class: z.enum(DRUG_CLASSES),
  schedule: Schedule,
  names: z.array(Term).check(z.minLength(1)),
  street: z.array(Term),
  weak: z.array(Term),
  misspellings: z.array(Term),
  sources: z.array(z.enum(LEXICON_SOURCES)).check(z.minLength(1)),
  /** Antidotes and harm-reduction products: the drug ids or classes they work against (never an offer of them). */
  counters: z.optional(z.array(z.string().check(z.regex(/^[a-z0-9-]+$/))).check(z.minLength(1))),
});

export const DrugLexiconSchema = z.object({
  about: z.string(),
  drugs: z.array(DrugSchema).check(z.minLength(1)),
});

export const ChemicalSchema = z.object({
  id: z.string().check(z.regex(/^[a-z0-9-]+$/)),
  /** precursor and nitazene: chemicals; adulterant: xylazine; pill-press and imprint-die: pressing equipment. */
  kind: z.enum(['precursor', 'nitazene', 'adulterant', 'pill-press', 'imprint-die']),
  control: z.string().check(z.minLength(3)),
  names: z.array(Term).check(z.minLength(1)),
  /** Code names that are ordinary words ("iso", "proto"): count only where the substance is also named plainly. */
  weak: z._default(z.array(Term), []),
  misspellings: z.array(Term),
  cas: z.array(Cas),
  sources: z.array(z.enum(LEXICON_SOURCES)).check(z.minLength(1)),
});

export const ChemicalLexiconSchema = z.object({
  about: z.string(),
  chemicals: z.array(ChemicalSchema).check(z.minLength(1)),
});

const PhraseList = z.array(Term).check(z.minLength(1));
/** One word after folding (fillers are skipped between the words of a phrase). */
const Word = z.string().check(
  z.minLength(1),
  z.maxLength(40),
  z.refine((s) => s === s.toLowerCase() && !/[\s\-.,;:!?'"()]/.test(s), 'fillers are single lower-case words'),
);

/** Two-letter language code (ISO 639-1). */
export const LanguageSchema = z.string().check(z.regex(/^[a-z]{2}$/));

/**
 * One language's phrase file (src/data/lexicon/phrases/<lang>.json). Group names are those of the
 * signal catalogue (risk and trust) and of the page contexts; an unknown group is an error.
 */
export const PhraseLexiconSchema = z.strictObject({
  language: LanguageSchema,
  about: z.string().check(z.minLength(1)),
  /** Words skipped inside phrases ("no doctor's prescription is required" matches "no prescription required"). */
  fillers: z.array(Word),
  /** Words or phrases that make their sentence a warning or a negation: negatable claims in it do not count. */
  negators: z.array(z.union([Word, Term])),
  risk: z.partialRecord(z.enum(Object.keys(RISK_PHRASE_GROUPS) as [string, ...string[]]), PhraseList),
  trust: z.partialRecord(z.enum(Object.keys(TRUST_PHRASE_GROUPS) as [string, ...string[]]), PhraseList),
  /** Buying cues. Strong: only a shop says them (price, add to cart). Weak: any page may (buy, pills). */
  commerce: z.strictObject({ strong: z.array(Term), weak: z.array(Term) }),
  contexts: z.partialRecord(z.enum(Object.keys(CONTEXTS) as [ContextId, ...ContextId[]]), PhraseList),
});

export const PhraseLexiconsSchema = z.array(PhraseLexiconSchema).check(
  z.minLength(1),
  z.refine((files) => new Set(files.map((f) => f.language)).size === files.length, 'one phrase file per language'),
);

export type Drug = z.infer<typeof DrugSchema>;
export type Chemical = z.infer<typeof ChemicalSchema>;
export type DrugLexicon = z.infer<typeof DrugLexiconSchema>;
export type ChemicalLexicon = z.infer<typeof ChemicalLexiconSchema>;
export type PhraseLexicon = z.infer<typeof PhraseLexiconSchema>;

export interface Lexicon {
  drugs: DrugLexicon;
  chemicals: ChemicalLexicon;
  /** One file per language. */
  phrases: PhraseLexicon[];
}

/** Validates raw lexicon files (JSON already parsed); throws with the file and path on error. */
export function parseLexicon(raw: { drugs: unknown; chemicals: unknown; phrases: unknown }): Lexicon {
  return {
    drugs: parseNamed('drugs.json', DrugLexiconSchema, raw.drugs),
    chemicals: parseNamed('precursors.json', ChemicalLexiconSchema, raw.chemicals),
    phrases: parsePhraseFiles(raw.phrases),
  };
}

function parsePhraseFiles(raw: unknown): PhraseLexicon[] {
  if (!Array.isArray(raw)) throw new Error('phrases: expected one phrase file per language (an array)');
  const files = raw.map((file: unknown, i) => {
    const lang = typeof file === 'object' && file !== null && 'language' in file ? String(file.language) : `#${i}`;
    return parseNamed(`phrases/${lang}.json`, PhraseLexiconSchema, file);
  });
  return parseNamed('phrases', PhraseLexiconsSchema, files);
}

function parseNamed<T>(name: string, schema: z.ZodMiniType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${name}: ${z.prettifyError(result.error)}`);
  return result.data;
}
