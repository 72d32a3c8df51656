/**
 * The compiled lexicon (compile-lexicon.ts: CompiledLexicon), made at build time, in the two parts
 * the extension ships: JSON for what the scanner reads as objects and lists (the entries, the
 * words, which entries each word starts), and one binary file for its typed arrays and hash
 * tables, which the worker uses as they are (views on the fetched bytes). A waking worker then
 * compiles nothing: indexing the terms cost a cold worker 26-37 ms of CPU (Node, cold, the shipped
 * lexicon), splitting and folding them 9-13 ms more.
 *
 * The binary file: a header of six 32-bit integers (MAGIC, version, word-table capacity,
 * phrase-table capacity, words, entries), then the word table's keys and values and the phrase
 * table's keys and values (Int32), the words' phrase lengths and the entries' refs (Uint16), then
 * the words' flags, need-check and is-name bytes and the entries' keep-hits, is-negation, kind,
 * variant and negatable bytes (Uint8). The platform's byte order: MAGIC read back in the other
 * order fails loudly. Entries are made again from these bytes and their word ids as the file is
 * opened (a few thousand small objects): written as JSON objects they tripled the file.
 */
import { HashIndex } from '../text/hash-index';
import { type CompiledLexicon, ENTRY_KINDS, ENTRY_VARIANTS, type LexiconEntry } from './compile-lexicon';

export const LEXICON_INDEX_VERSION = 2;
/** "RxLx", as a little-endian 32-bit integer. */
const MAGIC = 0x784c7852;
const HEADER_INTS = 6;

/** The JSON half. */
export interface PackedLexiconIndex {
  version: typeof LEXICON_INDEX_VERSION;
  /** The entries' refs (drug, chemical, signal or context ids), each once. */
  refs: string[];
  entryCount: number;
  words: string[];
  wordEntries: number[][];
  phraseBuckets: number[][];
  entryWordIds: number[][];
  maxPhraseWords: number;
  wordIndexSize: number;
  phraseIndexSize: number;
}

function byteLength(wordCap: number, phraseCap: number, words: number, entries: number): number {
  return 4 * (HEADER_INTS + 2 * wordCap + 2 * phraseCap) + 2 * (words + entries) + 3 * words + 5 * entries;
}

/** Splits a compiled lexicon into its JSON half and its bytes (at build time). */
export function packLexiconIndex(c: CompiledLexicon): { index: PackedLexiconIndex; bytes: Uint8Array } {
  const words = c.words.length;
  const entries = c.entries.length;
  const wordCap = c.wordIndex.keys.length;
  const phraseCap = c.phraseIndex.keys.length;
  const buffer = new ArrayBuffer(byteLength(wordCap, phraseCap, words, entries));
  let at = 0;
  const put = <T extends Int32Array | Uint16Array | Uint8Array>(
    View: { new (b: ArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number },
    data: ArrayLike<number>,
  ) => {
    new View(buffer, at, data.length).set(data);
    at += data.length * View.BYTES_PER_ELEMENT;
  };
  put(Int32Array, [MAGIC, LEXICON_INDEX_VERSION, wordCap, phraseCap, words, entries]);
  put(Int32Array, c.wordIndex.keys);
  put(Int32Array, c.wordIndex.values);
  put(Int32Array, c.phraseIndex.keys);
  put(Int32Array, c.phraseIndex.values);
  const refs: string[] = [];
  const refIds = new Map<string, number>();
  const refOf = (ref: string) => {
    let id = refIds.get(ref);
    if (id === undefined) refIds.set(ref, (id = refs.push(ref) - 1));
    return id;
  };
  c.entries.forEach((entry, e) => {
    if (entry.words.join('\u0000') !== c.entryWordIds[e]!.map((id) => c.words[id]).join('\u0000'))
      throw new Error(`lexicon index: entry ${e}'s words are not its word ids`);
  });
  put(Uint16Array, c.wordPhraseLengths);
  put(
    Uint16Array,
    c.entries.map((entry) => refOf(entry.ref)),
  );
  put(Uint8Array, c.wordFlags);
  put(Uint8Array, c.wordNeedsCheck);
  put(Uint8Array, c.wordIsName);
  put(Uint8Array, c.entryKeepsHits);
  put(Uint8Array, c.entryIsNegation);
  put(
    Uint8Array,
    c.entries.map((entry) => ENTRY_KINDS.indexOf(entry.kind)),
  );
  put(
    Uint8Array,
    c.entries.map((entry) => ENTRY_VARIANTS.indexOf(entry.variant)),
  );
  put(
    Uint8Array,
    c.entries.map((entry) => (entry.negatable ? 1 : 0)),
  );
  if (refs.length > 0xffff) throw new Error('lexicon index: too many refs');
  return {
    index: {
      version: LEXICON_INDEX_VERSION,
      refs,
      entryCount: c.entries.length,
      words: c.words,
      wordEntries: c.wordEntries,
      phraseBuckets: c.phraseBuckets,
      entryWordIds: c.entryWordIds,
      maxPhraseWords: c.maxPhraseWords,
      wordIndexSize: c.wordIndex.size,
      phraseIndexSize: c.phraseIndex.size,
    },
    bytes: new Uint8Array(buffer),
  };
}

/** The compiled lexicon from its two halves, without compiling: the typed arrays are views on `bytes`. */
export function unpackLexiconIndex(index: PackedLexiconIndex, bytes: ArrayBuffer | Uint8Array): CompiledLexicon {
  if (index.version !== LEXICON_INDEX_VERSION) throw new Error(`lexicon index: version ${String(index.version)}, expected ${LEXICON_INDEX_VERSION}`);
  // Views need their own alignment: a Uint8Array that starts mid-buffer (a Node Buffer) is copied.
  const aligned = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const buffer = aligned.buffer;
  let at = aligned.byteOffset;
  const end = at + aligned.byteLength;
  if (aligned.byteLength < 4 * HEADER_INTS) throw new Error('lexicon index: the file is cut short');
  const [magic, version, wordCap, phraseCap, words, entries] = new Int32Array(buffer, at, HEADER_INTS);
  if (magic !== MAGIC) throw new Error('lexicon index: not an index file (or another byte order)');
  if (version !== LEXICON_INDEX_VERSION) throw new Error(`lexicon index: file version ${version}, expected ${LEXICON_INDEX_VERSION}`);
  if (words !== index.words.length || entries !== index.entryCount || entries !== index.entryWordIds.length)
    throw new Error('lexicon index: the file does not belong to this lexicon');
  if (aligned.byteLength !== byteLength(wordCap!, phraseCap!, words, entries)) throw new Error('lexicon index: the file is not the size its header says');
  at += 4 * HEADER_INTS;
  const take = <T extends Int32Array | Uint16Array | Uint8Array>(
    View: { new (b: ArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number },
    n: number,
  ): T => {
    const view = new View(buffer as ArrayBuffer, at, n);
    at += n * View.BYTES_PER_ELEMENT;
    return view;
  };
  const wordIndex = HashIndex.fromTables(take(Int32Array, wordCap!), take(Int32Array, wordCap!), index.wordIndexSize);
  const phraseIndex = HashIndex.fromTables(take(Int32Array, phraseCap!), take(Int32Array, phraseCap!), index.phraseIndexSize);
  const wordPhraseLengths = take(Uint16Array, words);
  const entryRef = take(Uint16Array, entries);
  const wordFlags = take(Uint8Array, words);
  const wordNeedsCheck = take(Uint8Array, words);
  const wordIsName = take(Uint8Array, words);
  const entryKeepsHits = take(Uint8Array, entries);
  const entryIsNegation = take(Uint8Array, entries);
  const entryKind = take(Uint8Array, entries);
  const entryVariant = take(Uint8Array, entries);
  const entryNegatable = take(Uint8Array, entries);
  if (at !== end) throw new Error('lexicon index: layout mismatch');
  const list: LexiconEntry[] = new Array<LexiconEntry>(entries);
  for (let e = 0; e < entries; e++) {
    const kind = ENTRY_KINDS[entryKind[e]!];
    const variant = ENTRY_VARIANTS[entryVariant[e]!];
    const ref = index.refs[entryRef[e]!];
    if (kind === undefined || variant === undefined || ref === undefined) throw new Error(`lexicon index: entry ${e} is not valid`);
    const ids = index.entryWordIds[e]!;
    const entryWords = new Array<string>(ids.length);
    for (let k = 0; k < ids.length; k++) {
      const w = index.words[ids[k]!];
      if (w === undefined) throw new Error(`lexicon index: entry ${e} names no word`);
      entryWords[k] = w;
    }
    list[e] = { kind, ref, variant, words: entryWords, negatable: entryNegatable[e] === 1 };
  }
  return {
    entries: list,
    wordNeedsCheck,
    wordIsName,
    entryKeepsHits,
    entryIsNegation,
    wordPhraseLengths,
    wordIndex,
    words: index.words,
    wordFlags,
    wordEntries: index.wordEntries,
    phraseIndex,
    phraseBuckets: index.phraseBuckets,
    entryWordIds: index.entryWordIds,
    maxPhraseWords: index.maxPhraseWords,
  };
}
