import { FOLD, IGNORE, isWordFold } from '../text/char-fold';
import { HashIndex, hashPhrase, hashWord } from '../text/hash-index';
import type { Lexicon } from './lexicon-schema';
import { RISK_PHRASE_GROUPS } from '../signals/signal-catalog';

/** What a lexicon entry stands for. */
/** 'negation': a phrase that makes its sentence a warning or a negation ("hàng giả", "do not buy"). */
export const ENTRY_KINDS = ['drug', 'chemical', 'risk', 'trust', 'commerce', 'context', 'negation'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_VARIANTS = ['name', 'street', 'weak', 'misspelling', 'cas', 'phrase'] as const;
export type EntryVariant = (typeof ENTRY_VARIANTS)[number];

export interface LexiconEntry {
  kind: EntryKind;
  /** Drug or chemical id, signal id, or context id. */
  ref: string;
  variant: EntryVariant;
  /** Folded words, fillers removed. */
  words: string[];
  /** For risk phrases: ignored after a negation ("we never sell without a prescription"). */
  negatable: boolean;
}

export const W_FILLER = 1;
export const W_NEGATOR = 2;
export const W_PHRASE_LAST = 4;
export const W_ENTRY = 8;

/** The lexicon turned into hash tables the scanner can use without building strings. */
export interface CompiledLexicon {
  entries: LexiconEntry[];
  /** word hash → word id */
  wordIndex: HashIndex;
  words: string[];
  wordFlags: Uint8Array;
  /** word id → single-word entries */
  wordEntries: number[][];
  /** phrase hash (of word ids) → bucket index in phraseBuckets */
  phraseIndex: HashIndex;
  phraseBuckets: number[][];
  /** entry index → its word ids */
  entryWordIds: number[][];
  /** word id → bit n set when some phrase of n words ends with this word. */
  wordPhraseLengths: Uint16Array;
  /** word id → 1 when a hash match must be confirmed letter by letter (words that name drugs or claims). */
  wordNeedsCheck: Uint8Array;
  /** word id → 1 when the word is part of a drug or chemical name (read by its UTS #39 skeleton too). */
  wordIsName: Uint8Array;
  /** entry index → 1 when its hits' positions are kept (page-context cues are only counted). */
  entryKeepsHits: Uint8Array;
  /** entry index → 1 for negation phrases: they mark their sentence, they are not hits. */
  entryIsNegation: Uint8Array;
  maxPhraseWords: number;
}

/** Splits a term into folded words the way the scanner does (letters and digits of any script; all else separates). */
export function termWords(term: string): string[] {
  const words: string[] = [];
  let cur = '';
  const folded = term.normalize('NFC');
  for (let i = 0; i < folded.length; i++) {
    const f = FOLD[folded.charCodeAt(i)]!;
    if (isWordFold(f)) cur += String.fromCharCode(f);
    else if (f !== IGNORE && cur) {
      words.push(cur);
      cur = '';
    }
  }
  if (cur) words.push(cur);
  return words;
}

/**
 * The lexicon's terms as the scanner reads them: entries of folded words, and the filler and
 * negator words. Making them is the string-heavy half of compiling (every term split and folded).
 */
export interface LexiconTerms {
  entries: LexiconEntry[];
  fillers: string[];
  negators: string[];
}

/** The lexicon compiled for the scanner: its terms (lexiconTerms), indexed (indexTerms). */
export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  return indexTerms(lexiconTerms(lexicon));
}

export function lexiconTerms(lexicon: Lexicon): LexiconTerms {
  const entries: LexiconEntry[] = [];
  const fillers = new Set(lexicon.phrases.flatMap((file) => file.fillers.map((w) => termWords(w).join(''))));
  const seen = new Set<string>();
  const add = (kind: EntryKind, ref: string, variant: EntryVariant, term: string, negatable = false) => {
    const all = termWords(term);
    const kept = all.filter((w) => !fillers.has(w));
    const words = kept.length > 0 ? kept : all;
    // Terms that differ only by filler words ("sin receta", "sin receta médica") are one entry.
    const key = `${kind}\u0000${ref}\u0000${words.join(' ')}`;
    if (words.length === 0 || seen.has(key)) return;
    seen.add(key);
    entries.push({ kind, ref, variant, words, negatable });
  };

  for (const drug of lexicon.drugs.drugs) {
    for (const t of drug.names) add('drug', drug.id, 'name', t);
    for (const t of drug.street) add('drug', drug.id, 'street', t);
    for (const t of drug.weak) add('drug', drug.id, 'weak', t);
    for (const t of drug.misspellings) add('drug', drug.id, 'misspelling', t);
  }
  for (const chem of lexicon.chemicals.chemicals) {
    for (const t of chem.names) add('chemical', chem.id, 'name', t);
    for (const t of chem.weak) add('chemical', chem.id, 'weak', t);
    for (const t of chem.misspellings) add('chemical', chem.id, 'misspelling', t);
    for (const t of chem.cas) add('chemical', chem.id, 'cas', t);
  }
  const negatorWords: string[] = [];
  for (const file of lexicon.phrases) {
    for (const [id, phrases] of Object.entries(file.risk)) {
      const group = RISK_PHRASE_GROUPS[id];
      if (!group) throw new Error(`phrases/${file.language}.json: unknown risk group ${id}`);
      for (const t of phrases ?? []) add('risk', id, 'phrase', t, group.negatable);
    }
    for (const [id, phrases] of Object.entries(file.trust)) for (const t of phrases ?? []) add('trust', id, 'phrase', t);
    for (const t of file.commerce.strong) add('commerce', 'strong', 'phrase', t);
    for (const t of file.commerce.weak) add('commerce', 'weak', 'phrase', t);
    for (const [id, phrases] of Object.entries(file.contexts)) for (const t of phrases ?? []) add('context', id, 'phrase', t);
    for (const t of file.negators) {
      const words = termWords(t);
      if (words.length === 1) negatorWords.push(words[0]!);
      else add('negation', 'negation', 'phrase', t);
    }
  }
  return { entries, fillers: [...fillers], negators: negatorWords };
}

/** The hash tables and per-word, per-entry arrays the scanner reads, from the terms. */
export function indexTerms(terms: LexiconTerms): CompiledLexicon {
  const { entries, fillers, negators: negatorWords } = terms;
  const wordIndex = new HashIndex(4096);
  const words: string[] = [];
  const flags: number[] = [];
  const wordEntries: number[][] = [];
  const wordId = (w: string): number => {
    const h = hashWord(w);
    const known = wordIndex.get(h);
    if (known !== undefined) {
      if (words[known] !== w) throw new Error(`lexicon words "${w}" and "${words[known]}" share a hash`);
      return known;
    }
    const id = words.length;
    words.push(w);
    flags.push(0);
    wordEntries.push([]);
    wordIndex.set(h, id);
    return id;
  };

  for (const f of fillers) flags[wordId(f)]! |= W_FILLER;
  for (const n of negatorWords) flags[wordId(n)]! |= W_NEGATOR;

  const phraseIndex = new HashIndex(2048);
  const phraseBuckets: number[][] = [];
  let maxPhraseWords = 1;
  const entryWordIds: number[][] = [];
  entries.forEach((entry, index) => {
    const ids = entry.words.map(wordId);
    entryWordIds.push(ids);
    if (ids.length === 1) {
      flags[ids[0]!]! |= W_ENTRY;
      wordEntries[ids[0]!]!.push(index);
      return;
    }
    maxPhraseWords = Math.max(maxPhraseWords, ids.length);
    flags[ids[ids.length - 1]!]! |= W_PHRASE_LAST;
    const key = hashPhrase(ids);
    let bucket = phraseIndex.get(key);
    if (bucket === undefined) {
      bucket = phraseBuckets.length;
      phraseBuckets.push([]);
      phraseIndex.set(key, bucket);
    }
    phraseBuckets[bucket]!.push(index);
  });

  const wordPhraseLengths = new Uint16Array(words.length);
  for (const ids of entryWordIds) if (ids.length > 1) wordPhraseLengths[ids[ids.length - 1]!]! |= 1 << ids.length;
  const wordNeedsCheck = new Uint8Array(words.length);
  const wordIsName = new Uint8Array(words.length);
  entryWordIds.forEach((ids, e) => {
    const kind = entries[e]!.kind;
    if (kind !== 'commerce' && kind !== 'context' && kind !== 'negation') for (const id of ids) wordNeedsCheck[id] = 1;
    if (kind === 'drug' || kind === 'chemical') for (const id of ids) wordIsName[id] = 1;
  });
  // Page-context cues are only counted, except OTC cues: a "sin receta (OTC)" label needs their place.
  const entryKeepsHits = Uint8Array.from(entries, (e) => (e.kind === 'negation' || (e.kind === 'context' && e.ref !== 'otc') ? 0 : 1));
  const entryIsNegation = Uint8Array.from(entries, (e) => (e.kind === 'negation' ? 1 : 0));

  return {
    entries,
    wordNeedsCheck,
    wordIsName,
    entryKeepsHits,
    entryIsNegation,
    wordPhraseLengths,
    wordIndex,
    words,
    wordFlags: Uint8Array.from(flags),
    wordEntries,
    phraseIndex,
    phraseBuckets,
    entryWordIds,
    maxPhraseWords,
  };
}
