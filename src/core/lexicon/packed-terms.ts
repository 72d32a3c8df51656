/**
 * The lexicon's terms (compile-lexicon.ts: lexiconTerms) in a compact JSON form, made at build
 * time: the extension's worker reads them instead of splitting and folding every term of the
 * lexicon when it wakes, and only indexes them (indexTerms).
 *
 * Words are written once (`words`) and named by their place in it. `entries` is one flat list of
 * numbers, per entry: kind, variant, ref (a place in `refs`), negatable (0 or 1), the number of
 * words, then the words.
 */
import type { EntryKind, EntryVariant, LexiconEntry, LexiconTerms } from './compile-lexicon';

export const PACKED_TERMS_VERSION = 1;

export interface PackedLexiconTerms {
  version: typeof PACKED_TERMS_VERSION;
  words: string[];
  refs: string[];
  fillers: number[];
  negators: number[];
  entries: number[];
}

const KINDS: readonly EntryKind[] = ['drug', 'chemical', 'risk', 'trust', 'commerce', 'context', 'negation'];
const VARIANTS: readonly EntryVariant[] = ['name', 'street', 'weak', 'misspelling', 'cas', 'phrase'];

/** A table of distinct strings and each one's place in it. */
function table(): { list: string[]; id: (s: string) => number } {
  const list: string[] = [];
  const ids = new Map<string, number>();
  return {
    list,
    id(s) {
      let id = ids.get(s);
      if (id === undefined) {
        id = list.length;
        list.push(s);
        ids.set(s, id);
      }
      return id;
    },
  };
}

export function packLexiconTerms(terms: LexiconTerms): PackedLexiconTerms {
  const words = table();
  const refs = table();
  const entries: number[] = [];
  for (const e of terms.entries) {
    entries.push(KINDS.indexOf(e.kind), VARIANTS.indexOf(e.variant), refs.id(e.ref), e.negatable ? 1 : 0, e.words.length, ...e.words.map(words.id));
  }
  return {
    version: PACKED_TERMS_VERSION,
    fillers: terms.fillers.map(words.id),
    negators: terms.negators.map(words.id),
    words: words.list,
    refs: refs.list,
    entries,
  };
}

export function unpackLexiconTerms(packed: PackedLexiconTerms): LexiconTerms {
  if (packed.version !== PACKED_TERMS_VERSION) throw new Error(`packed lexicon terms: version ${String(packed.version)}, expected ${PACKED_TERMS_VERSION}`);
  const { words, refs, entries: flat } = packed;
  const word = (id: number): string => {
    const w = words[id];
    if (w === undefined) throw new Error(`packed lexicon terms: no word ${id}`);
    return w;
  };
  const entries: LexiconEntry[] = [];
  let i = 0;
  while (i < flat.length) {
    const kind = KINDS[flat[i]!];
    const variant = VARIANTS[flat[i + 1]!];
    const ref = refs[flat[i + 2]!];
    const n = flat[i + 4]!;
    if (kind === undefined || variant === undefined || ref === undefined || !(n > 0) || i + 5 + n > flat.length) {
      throw new Error(`packed lexicon terms: entry at ${i} is not valid`);
    }
    const entryWords: string[] = new Array<string>(n);
    for (let k = 0; k < n; k++) entryWords[k] = word(flat[i + 5 + k]!);
    entries.push({ kind, ref, variant, words: entryWords, negatable: flat[i + 3] === 1 });
    i += 5 + n;
  }
  return { entries, fillers: packed.fillers.map(word), negators: packed.negators.map(word) };
}
