/**
 * One pass over page text that finds every lexicon term and phrase, with where it stands and how
 * it was written (leetspeak, look-alike letters, invisible characters, s.p.a.c.e.d letters, words
 * split across elements, inside quotation marks).
 *
 * Cost is linear in the text: each character is folded with one table lookup and hashed; a word's
 * hash is looked up in a typed-array table; strings are built only for words that match.
 */
import * as compiled from '../lexicon/compile-lexicon';
import type { CompiledLexicon } from '../lexicon/compile-lexicon';
import * as charFold from './char-fold';
import * as hashes from './hash-index';

// Module bindings copied into constants: some loaders (tsx, CommonJS interop) turn imported
// bindings into getter calls, which would cost more than the scan itself in the hot loop.
const {
  F_ASCII_LETTER,
  F_DIGIT,
  F_HIGH,
  F_HOMOGLYPH,
  F_NO_SKELETON,
  F_INVISIBLE,
  F_LEET,
  F_LETTER,
  F_MARK,
  F_OVERLAY,
  F_SPLIT,
  F_STYLED,
  F_SYMBOL,
  FLAGS,
  FOLD,
  IGNORE,
  LEET,
  LEET_CYRILLIC,
  SKELETON,
  astralFold,
} = charFold;
const { FNV_OFFSET, FNV_PRIME, hashPhrase, probe } = hashes;
const { W_ENTRY, W_FILLER, W_NEGATOR, W_PHRASE_LAST } = compiled;

/** How a hit was written. */
export const H_QUOTED = 1;
export const H_LEET = 2;
export const H_HOMOGLYPH = 4;
export const H_INVISIBLE = 8;
export const H_SPLIT = 16;
export const H_SEPARATED = 32;
/** Struck through or buried in combining marks (o̶x̶y̶, zalgo). */
export const H_MARKS = 64;
/** Any of the tricks used to dodge word filters. */
/** Internal: the word matched by its skeleton (never on a hit). */
const H_SKELETON_MATCH = 1 << 30;
export const H_OBFUSCATED = H_LEET | H_HOMOGLYPH | H_INVISIBLE | H_SPLIT | H_SEPARATED | H_MARKS;

export interface Hit {
  /** Index into CompiledLexicon.entries. */
  entry: number;
  /** Offsets into the scanned text (end exclusive). */
  start: number;
  end: number;
  /** Index of the hit's last word among all words of the text: for proximity. */
  word: number;
  flags: number;
  /** Index of the hit's sentence: negatable claims in a sentence with a negation do not count. */
  sentence: number;
}

export interface WalletHit {
  kind: 'btc' | 'eth' | 'tron' | 'xmr';
  text: string;
  start: number;
  word: number;
}

export interface ScanResult {
  hits: Hit[];
  /** Total hits per entry, including those not kept once the per-entry cap was reached. */
  entryCounts: Int32Array;
  /**
   * Every entry counted at least once (its count may have dropped back to 0 when a longer phrase
   * or a negation took its hit away): what to read of entryCounts, instead of every entry.
   */
  entriesHit: Set<number>;
  wallets: WalletHit[];
  /** Word positions of prices written with a currency sign ($12, €30, ₹500). */
  prices: number[];
  words: number;
}

/** Bounds keep memory flat on huge pages; counts stay exact. */
export const MAX_HITS_PER_ENTRY = 64;
export const MAX_HITS = 20_000;
const MAX_WALLETS = 20;
const MAX_PRICES = 5_000;

const WINDOW = 16; // ring buffer of recent non-filler words, for phrases and negation
const WINDOW_MASK = WINDOW - 1;

// Special separators, looked up only for characters that end a word.
const S_QUOTE_TOGGLE = 1;
const S_QUOTE_OPEN = 2;
const S_QUOTE_CLOSE = 3;
const S_NEWLINE = 4;
const S_CURRENCY = 5;
const S_SPACER = 6; // may sit between s.p.a.c.e.d letters
const SPECIAL = new Uint8Array(65536);
SPECIAL[0x22] = S_QUOTE_TOGGLE;
for (const c of [0x201c, 0x201e, 0xab]) SPECIAL[c] = S_QUOTE_OPEN;
for (const c of [0x201d, 0xbb]) SPECIAL[c] = S_QUOTE_CLOSE;
for (const c of [0x0a, 0x0d, 0x2029]) SPECIAL[c] = S_NEWLINE;
const S_SENTENCE = 7; // ends a sentence by itself: Devanagari danda, ideographic full stop, check-list marks
// Check-list marks (✓ ✔ ✅ ❌ ✖ ☑ ✗ ✘) start a statement of their own: "✔ no blood test ✔ no doctor needed".
for (const c of [0x0964, 0x0965, 0x3002, 0x2713, 0x2714, 0x2705, 0x274c, 0x2716, 0x2611, 0x2717, 0x2718]) SPECIAL[c] = S_SENTENCE;
// A cross mark (❌ ✖ ✗ ✘) heads a "don't" item: "❌ 'Viagra without prescription'", "✘ don't order
// without a prescription". It negates the claims of its statement, as "never" would.
const CROSS_MARK = new Set([0x274c, 0x2716, 0x2717, 0x2718]);
// $ € £ ₹ ¥ ₽ ₺ ₫ ₴ ₱ ₩ ₦ ₸ ₪ ₡ ₲ ₵ ₭ ₮ and the generic ¤: before or after the amount.
for (const c of [
  0x24, 0x20ac, 0xa3, 0x20b9, 0xa5, 0x20bd, 0x20ba, 0x20ab, 0x20b4, 0x20b1, 0x20a9, 0x20a6, 0x20b8, 0x20aa, 0x20a1, 0x20b2, 0x20b5, 0x20ad, 0x20ae, 0xa4,
])
  SPECIAL[c] = S_CURRENCY;
/** Currencies written as words or abbreviations next to an amount: 1.450 TL, 2 490 руб., Rs. 450, CHF 45.–, 350.000 đ. */
const CURRENCY_WORD = /^(?:tl|rs|chf|eur|usd|gbp|inr|brl|rub|руб|р|try|vnd|vnđ|đ|zł|sfr|fr)$/i;
/**
 * An amount with its unit written on: Russian "2700р" / "900руб", Vietnamese "3tr", "1tr5" (triệu,
 * millions of đồng) and "3.500k" (thousands, with a thousands separator, so "500k users" is not
 * one).
 */
const AMOUNT_WITH_UNIT = /^\d+(?:[.,]\d{3})*(?:р|руб|tr\d?)$|^\d{1,3}(?:[.,]\d{3})+k$/i;

function amountWithUnit(text: string, start: number, end: number): boolean {
  let s = start;
  // "3.500k" may be read as "3" and "500k": take the digits and separators before the word too.
  for (let n = 0; s > 0 && n < 12 && /[\d.,]/.test(text[s - 1]!); n++) s--;
  return AMOUNT_WITH_UNIT.test(text.slice(s, end));
}
/** Spaces that may stand between an amount and its currency (no-break and narrow no-break included). */
const isAmountSpace = (c: number) => c === 0x20 || c === 0xa0 || c === 0x202f || c === 0x2009;
for (const ch of ' .-_*/|+·•~,') SPECIAL[ch.charCodeAt(0)] = S_SPACER;

export function scanText(text: string, lex: CompiledLexicon): ScanResult {
  const st = new ScanState(text, lex);
  // The word being read lives in locals (registers), not in closures or objects: FNV hashes are
  // full 32-bit integers, and a captured variable holding one would be boxed on every character.
  // Everything else about the word is OR-ed into tokFlags from one table lookup per character.
  let len = 0;
  let start = 0;
  let end = 0;
  let hLit = FNV_OFFSET;
  let tokFlags = 0;
  const word = st.word;
  const { keys: wKeys, values: wValues, mask: wMask } = lex.wordIndex;
  const wordFlags = lex.wordFlags;

  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const f = FOLD[c]!;
    if (f > IGNORE) {
      const fl = FLAGS[c]!;
      if (fl & F_SYMBOL) {
        // A leet symbol (@ $ ! |) counts only inside a word: "V1@gra", not "$30" or "me@home".
        const next = i + 1 < n ? FLAGS[text.charCodeAt(i + 1)]! : 0;
        if (len === 0 || (next & (F_LETTER | F_DIGIT)) === 0 || (f === 36 && len <= 2 && next & F_DIGIT)) {
          if (len > 0) {
            word[0] = hLit;
            st.endWord(start, end, len, tokFlags);
            len = 0;
          }
          if (f === 36) st.currency(i);
          continue;
        }
      }
      if (len === 0) {
        start = i;
        hLit = FNV_OFFSET;
        tokFlags = 0;
      }
      hLit = Math.imul(hLit ^ f, FNV_PRIME);
      tokFlags |= fl;
      len++;
      end = i + 1;
    } else if (f === IGNORE) {
      const fl = FLAGS[c]!;
      if (fl & F_HIGH) {
        // A styled astral letter (𝐱, 🅧): one letter in two code units.
        const a = astralFold(c, i + 1 < n ? text.charCodeAt(i + 1) : 0);
        if (a !== 0) {
          if (len === 0) {
            start = i;
            hLit = FNV_OFFSET;
            tokFlags = 0;
          }
          hLit = Math.imul(hLit ^ a, FNV_PRIME);
          tokFlags |= (a >= 97 ? F_LETTER : F_DIGIT) | F_STYLED;
          len++;
          i++;
          end = i + 1;
        }
      } else if (len > 0) tokFlags |= fl;
    } else {
      if (len > 0) {
        // Fast path for the common case, an ordinary word not in the lexicon: one probe, no call.
        const id =
          len > 1 &&
          len < 25 &&
          (tokFlags & (F_LEET | F_LETTER)) !== (F_LEET | F_LETTER) &&
          (tokFlags & (F_HOMOGLYPH | F_NO_SKELETON)) !== F_HOMOGLYPH &&
          st.runIdle()
            ? probe(wKeys, wValues, wMask, hLit)
            : -2;
        if (id === -1) st.unknownWord(start, end, len, tokFlags);
        else if (id >= 0 && wordFlags[id] === W_FILLER) st.wordNo++;
        else {
          word[0] = hLit;
          st.endWord(start, end, len, tokFlags);
        }
        len = 0;
      }
      if (c === 0x5c && text.charCodeAt(i + 1) === 0x2f) {
        // "\\/" drawn as a V: "\\/iagra".
        start = i;
        hLit = Math.imul(FNV_OFFSET ^ 0x5c, FNV_PRIME);
        tokFlags = F_LETTER | F_LEET | F_ASCII_LETTER;
        len = 2;
        i++;
        end = i + 1;
        continue;
      }
      const sp = SPECIAL[c]!;
      if (sp === S_SENTENCE) {
        st.sentenceEnd();
        if (CROSS_MARK.has(c)) st.crossMark(i);
      } else if (sp !== 0 && sp !== S_SPACER) st.special(sp, i);
      else if ((c === 46 || c === 33 || c === 63 || c === 59) && (i + 1 >= n || FOLD[text.charCodeAt(i + 1)] === 0)) st.sentenceEnd();
    }
  }
  if (len > 0) {
    word[0] = hLit;
    st.endWord(start, end, len, tokFlags);
  }
  st.finishRun();
  st.sentenceEnd();
  return { hits: st.dropNegated(), entryCounts: st.entryCounts, entriesHit: st.entriesHit, wallets: st.wallets, prices: st.prices, words: st.wordNo };
}

/** Everything but the word being read: hits, the phrase window, quotes, runs of single letters. */
class ScanState {
  readonly hits: Hit[] = [];
  readonly entryCounts: Int32Array;
  readonly entriesHit = new Set<number>();
  readonly wallets: WalletHit[] = [];
  readonly prices: number[] = [];
  /** The ended word's literal hash, handed over without boxing. */
  readonly word = new Int32Array(1);
  wordNo = 0;
  private quoted = 0;
  private sentence = 0;
  /** Negation and warning words of the current sentence, as [start, end) pairs. */
  private sentenceNegators: number[] = [];
  /** Sentence → its negation and warning words, as [start, end) pairs. */
  private readonly negatedSentences = new Map<number, number[]>();
  // Recent non-filler words.
  private readonly winId = new Int32Array(WINDOW);
  private readonly winStart = new Int32Array(WINDOW);
  private readonly winFlags = new Int32Array(WINDOW);
  private winCount = 0;
  private readonly phraseIds: Int32Array;
  // A run of single letters with one spacer between them: "O.x.y.c.o.d.o.n.e".
  private runLen = 0;
  // Where the last amount and the last currency word ended: "350.000 đ", "Rs. 450".
  private numberEnd = -8;
  private shortStart = -8;
  private shortEnd = -8;
  private readonly runHash = new Int32Array(1);
  private runStart = 0;
  private runEnd = 0;
  private readonly wKeys: Int32Array;
  private readonly wValues: Int32Array;
  private readonly wMask: number;

  constructor(
    private readonly text: string,
    private readonly lex: CompiledLexicon,
  ) {
    this.entryCounts = new Int32Array(lex.entries.length);
    this.phraseIds = new Int32Array(lex.maxPhraseWords);
    this.wKeys = lex.wordIndex.keys;
    this.wValues = lex.wordIndex.values;
    this.wMask = lex.wordIndex.mask;
  }

  /** No run of single letters is being collected. */
  runIdle(): boolean {
    return this.runLen === 0;
  }

  /** An ordinary word (not in the lexicon): it only breaks phrases. */
  unknownWord(start = -8, end = -8, len = 0, tokFlags = 0): void {
    if (len > 0) this.amountOrCurrency(start, end, len, tokFlags);
    const slot = this.winCount++ & WINDOW_MASK;
    this.winId[slot] = -1;
    this.winFlags[slot] = 0;
    this.wordNo++;
  }

  /**
   * Numbers and currency words: "350.000 đ", "Rs. 450" are prices. A short word is only compared
   * with the currency words when an amount stands right before or after it.
   */
  amountOrCurrency(start: number, end: number, len: number, tokFlags: number): void {
    if ((tokFlags & (F_LETTER | F_DIGIT)) === (F_LETTER | F_DIGIT)) {
      if (FLAGS[this.text.charCodeAt(start)]! & F_DIGIT && amountWithUnit(this.text, start, end)) this.price();
    } else if ((tokFlags & (F_LETTER | F_DIGIT)) === F_DIGIT) {
      if (start - this.shortEnd <= 2 && CURRENCY_WORD.test(this.text.slice(this.shortStart, this.shortEnd))) this.price();
      this.numberEnd = end;
    } else if (len <= 3) {
      if (start - this.numberEnd <= 2 && CURRENCY_WORD.test(this.text.slice(start, end))) this.price();
      this.shortStart = start;
      this.shortEnd = end;
    }
  }

  /** A currency sign at i: a price when an amount follows or precedes it (one space allowed). */
  currency(i: number): void {
    const text = this.text;
    let j = i + 1;
    if (j < text.length && isAmountSpace(text.charCodeAt(j))) j++;
    let k = i - 1;
    if (k >= 0 && isAmountSpace(text.charCodeAt(k))) k--;
    if ((j < text.length && FLAGS[text.charCodeAt(j)]! & F_DIGIT) || (k >= 0 && FLAGS[text.charCodeAt(k)]! & F_DIGIT)) this.price();
  }

  price(): void {
    if (this.prices.length < MAX_PRICES) this.prices.push(this.wordNo);
  }

  /** End of a sentence (". ", "! ", "? ", "; ", a line break, the end of the text). */
  sentenceEnd(): void {
    if (this.sentenceNegators.length > 0) {
      this.negatedSentences.set(this.sentence, this.sentenceNegators);
      this.sentenceNegators = [];
    }
    this.sentence++;
  }

  /** A cross mark at `at` heads the statement that follows: a negation of its claims. */
  crossMark(at: number): void {
    this.negator(at, at + 1);
  }

  private negator(start: number, end: number): void {
    if (this.sentenceNegators.length < 64) this.sentenceNegators.push(start, end);
  }

  /**
   * Negatable claims in a sentence that also holds a negation or warning word, before or after
   * them, are not claims: "Never buy pills sold without a prescription", "sin receta es ilegal".
   * A negation inside the claim itself is part of it: "рецепт не нужен", "không cần đơn thuốc".
   */
  dropNegated(): Hit[] {
    if (this.negatedSentences.size === 0) return this.hits;
    const entries = this.lex.entries;
    return this.hits.filter((h) => {
      if (!entries[h.entry]!.negatable) return true;
      const spans = this.negatedSentences.get(h.sentence);
      if (spans === undefined) return true;
      let outside = false;
      for (let k = 0; k < spans.length && !outside; k += 2) outside = spans[k + 1]! <= h.start || spans[k]! >= h.end;
      if (!outside) return true;
      this.entryCounts[h.entry]!--;
      return false;
    });
  }

  special(sp: number, i: number): void {
    if (sp === S_QUOTE_TOGGLE) this.quoted ^= H_QUOTED;
    else if (sp === S_QUOTE_OPEN) this.quoted = H_QUOTED;
    else if (sp === S_QUOTE_CLOSE) this.quoted = 0;
    else if (sp === S_NEWLINE) {
      this.quoted = 0;
      this.sentenceEnd();
    } else if (sp === S_CURRENCY) this.currency(i);
  }

  endWord(start: number, end: number, len: number, tokFlags: number): void {
    const hasLetter = (tokFlags & F_LETTER) !== 0;
    const hasLeet = (tokFlags & F_LEET) !== 0;
    // Single letters separated by one spacer may spell a word.
    if (len === 1 && (hasLetter || hasLeet)) {
      const f = foldAt(this.text, start) & 0xffff;
      const firstLeetChar = f < 128 && LEET[f] ? LEET[f]! : f;
      const gapOk = this.runLen > 0 && start - this.runEnd === 1 && SPECIAL[this.text.charCodeAt(this.runEnd)] === S_SPACER;
      if (!gapOk) {
        this.finishRun();
        this.runHash[0] = FNV_OFFSET;
        this.runStart = start;
      }
      this.runHash[0] = Math.imul(this.runHash[0]! ^ firstLeetChar, FNV_PRIME);
      this.runLen++;
      this.runEnd = end;
    } else if (this.runLen > 0) {
      this.finishRun();
    }
    if (len >= 25) checkWallet(this.text, start, end, this.wallets, this.wordNo);

    let flags = this.quoted;
    // A word with look-alike letters among Latin ones ("Хаnах") is read by its skeleton only; an
    // all-Cyrillic word is a word of its own language first ("аптека"), and a drug name by its
    // skeleton only if it is nothing else.
    // A letter with no Latin look-alike (б, ж, и, क) rules the skeleton out.
    const lookAlike = (tokFlags & (F_HOMOGLYPH | F_NO_SKELETON)) === F_HOMOGLYPH;
    const mixed = lookAlike && (tokFlags & (F_ASCII_LETTER | F_STYLED)) !== 0;
    let id = mixed ? -1 : probe(this.wKeys, this.wValues, this.wMask, this.word[0]!);
    if (id < 0 && hasLeet && hasLetter) {
      // Digits or symbols inside a word: try it as leetspeak ("0xyc0d0ne"). Rare, so hashed only here.
      id = probe(this.wKeys, this.wValues, this.wMask, leetHash(this.text, start, end));
      if (id >= 0) flags |= H_LEET;
    }
    let skeleton = false;
    if (id < 0 && lookAlike) {
      const sid = probe(this.wKeys, this.wValues, this.wMask, skeletonHash(this.text, start, end));
      if (sid >= 0 && (mixed || this.lex.wordIsName[sid] === 1)) {
        id = sid;
        skeleton = true;
        flags |= H_HOMOGLYPH;
      }
    }
    if (id < 0) {
      this.unknownWord(start, end, len, tokFlags);
      return;
    }
    if (len <= 3) this.amountOrCurrency(start, end, len, tokFlags);
    if (tokFlags & F_INVISIBLE) flags |= H_INVISIBLE;
    if (tokFlags & F_SPLIT) flags |= H_SPLIT;
    if (tokFlags & F_STYLED && tokFlags & F_ASCII_LETTER) flags |= H_HOMOGLYPH;
    if (tokFlags & F_OVERLAY || (tokFlags & F_MARK && buriedInMarks(this.text, start, end))) flags |= H_MARKS;
    if (skeleton) flags |= H_SKELETON_MATCH;
    this.knownWord(id, start, end, flags);
    this.wordNo++;
  }

  private knownWord(id: number, start: number, end: number, hitFlags: number): void {
    const lex = this.lex;
    const flags = hitFlags & ~H_SKELETON_MATCH;
    const wf = lex.wordFlags[id]!;
    if (wf & W_FILLER) return;
    if (wf & W_NEGATOR) this.negator(start, end);
    const pos = this.winCount++;
    const slot = pos & WINDOW_MASK;
    this.winId[slot] = id;
    this.winStart[slot] = start;
    this.winFlags[slot] = flags;

    let phraseMatched = false;
    if (wf & W_PHRASE_LAST) {
      const ids = this.phraseIds;
      const longest = Math.min(lex.maxPhraseWords, this.winCount, WINDOW);
      const lengths = lex.wordPhraseLengths[id]!;
      for (let n = longest; n >= 2 && !phraseMatched; n--) {
        if ((lengths & (1 << n)) === 0) continue;
        let combined = 0;
        for (let k = 0; k < n; k++) {
          const p = (pos - n + 1 + k) & WINDOW_MASK;
          ids[k] = this.winId[p]!;
          combined |= this.winFlags[p]!;
        }
        const bucket = lex.phraseIndex.get(hashPhrase(ids, 0, n));
        if (bucket === undefined) continue;
        const firstPos = pos - n + 1;
        const s = this.winStart[firstPos & WINDOW_MASK]!;
        for (const entry of lex.phraseBuckets[bucket]!) {
          if (!sameIds(lex.entryWordIds[entry]!, ids, n)) continue;
          phraseMatched = true;
          this.emit(entry, s, end, combined);
        }
      }
    }
    if (
      wf & W_ENTRY &&
      (lex.wordNeedsCheck[id] === 0 || verifyFolded(this.text, start, end, lex.words[id]!, (flags & H_LEET) !== 0, (hitFlags & H_SKELETON_MATCH) !== 0))
    ) {
      for (const entry of lex.wordEntries[id]!) {
        const kind = lex.entries[entry]!.kind;
        // A phrase ending here takes precedence over single words, except for drug and chemical names.
        if (phraseMatched && kind !== 'drug' && kind !== 'chemical') continue;
        this.emit(entry, start, end, flags);
      }
    }
  }

  private emit(entry: number, s: number, e: number, flags: number): void {
    if (this.lex.entryIsNegation[entry] === 1) {
      this.negator(s, e);
      return;
    }
    const hits = this.hits;
    // A longer phrase of the same meaning that starts where the last hit started replaces it:
    // "no prescription" then "no prescription needed" is one claim.
    const last = hits[hits.length - 1];
    if (last !== undefined && last.start === s && last.end < e && sameMeaning(this.lex, last.entry, entry)) {
      this.entryCounts[last.entry]!--;
      hits.pop();
    }
    const n = ++this.entryCounts[entry]!;
    if (n === 1) this.entriesHit.add(entry);
    if (this.lex.entryKeepsHits[entry] === 0) return;
    if (n <= MAX_HITS_PER_ENTRY && hits.length < MAX_HITS) hits.push({ entry, start: s, end: e, word: this.wordNo, flags, sentence: this.sentence });
  }

  finishRun(): void {
    if (this.runLen >= 4) {
      const id = probe(this.wKeys, this.wValues, this.wMask, this.runHash[0]!);
      const lex = this.lex;
      if (id >= 0 && lex.wordFlags[id]! & W_ENTRY && verifyFolded(this.text, this.runStart, this.runEnd, lex.words[id]!, true)) {
        for (const entry of lex.wordEntries[id]!) this.emit(entry, this.runStart, this.runEnd, H_SEPARATED | this.quoted);
      }
    }
    this.runLen = 0;
  }
}

/** The folded code unit at i and how many code units it takes (2 for a styled astral letter). */
function foldAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (FLAGS[c]! & F_HIGH) {
    const a = astralFold(c, text.charCodeAt(i + 1));
    if (a !== 0) return a | 0x10000;
  }
  return FOLD[c]!;
}

/** FNV-1a of a word read as leetspeak (digits and symbols as the letters they stand for). */
/** The leet table for a word: Cyrillic letters for digits and symbols in a word written in Cyrillic. */
function leetTableFor(text: string, start: number, end: number): ArrayLike<number> {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x0400 && c <= 0x04ff) return LEET_CYRILLIC;
  }
  return LEET;
}

function leetHash(text: string, start: number, end: number): number {
  const table = leetTableFor(text, start, end);
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c && text.charCodeAt(i + 1) === 0x2f) {
      h = Math.imul(h ^ 118, FNV_PRIME);
      i++;
      continue;
    }
    let f = foldAt(text, i);
    if (f > 0xffff) {
      f &= 0xffff;
      i++;
    }
    if (f <= IGNORE) continue;
    const l = f < 128 ? table[f]! : 0;
    h = Math.imul(h ^ (l !== 0 ? l : f), FNV_PRIME);
  }
  return h;
}

/** FNV-1a of a word's UTS #39 skeleton: look-alike letters as the Latin letters they pass for. */
function skeletonHash(text: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    let f = foldAt(text, i);
    if (f > 0xffff) {
      f &= 0xffff;
      i++;
    }
    if (f <= IGNORE) continue;
    const s = SKELETON[c]!;
    h = Math.imul(h ^ (s !== 0 ? s : f), FNV_PRIME);
  }
  return h;
}

/** More combining marks than letters: zalgo text. */
function buriedInMarks(text: string, start: number, end: number): boolean {
  let marks = 0;
  let letters = 0;
  for (let i = start; i < end; i++) {
    const fl = FLAGS[text.charCodeAt(i)]!;
    if (fl & F_MARK) marks++;
    else if (fl & (F_LETTER | F_DIGIT)) letters++;
  }
  return marks > letters;
}

function sameMeaning(lex: CompiledLexicon, a: number, b: number): boolean {
  const ea = lex.entries[a]!;
  const eb = lex.entries[b]!;
  return ea.kind === eb.kind && ea.ref === eb.ref;
}

function sameIds(ids: number[], window: Int32Array, n: number): boolean {
  if (ids.length !== n) return false;
  for (let k = 0; k < n; k++) if (ids[k] !== window[k]) return false;
  return true;
}

/** Confirms a hash match by folding the text again (only done for matches, so rare). */
function verifyFolded(text: string, start: number, end: number, word: string, leet: boolean, skeleton = false): boolean {
  const table = leet ? leetTableFor(text, start, end) : LEET;
  let k = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    let f = foldAt(text, i);
    if (f > 0xffff) {
      f &= 0xffff;
      i++;
    } else if (c === 0x5c && text.charCodeAt(i + 1) === 0x2f) {
      f = 118;
      i++;
    } else if (f === 0 || f === IGNORE) continue;
    else if (leet && f < 128 && table[f]) f = table[f]!;
    else if (skeleton && SKELETON[c] !== 0) f = SKELETON[c]!;
    if (word.charCodeAt(k++) !== f) return false;
  }
  return k === word.length;
}

/**
 * Text that takes every branch of the scanner once. V8 optimises the hot loop on what it has seen;
 * a branch it has never seen (a "$", a "\\/") makes the optimised code bail out, and on a long
 * page that can happen dozens of times. Scanning this first gives every branch its feedback.
 */
export const WARM_UP_TEXT =
  'Buy 0xyc0d0ne V1@gra \\/iagra X\u200banax Хаnах O.x.y.c.o.d.o.n.e $30 €20 me@home "no prescription needed" “stealth shipping”\n' +
  'we never sell without a prescription; 39742-60-4 bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq 1-boc-4-piperidone sin receta médica \n' +
  'без рецепта аптека बिना पर्चे के दवा। 𝐨𝐱𝐲𝐜𝐨𝐝𝐨𝐧𝐞 o\u0336x\u0336y\u0336 ᴏxʏ không cần đơn thuốc 79,00 € R$ 189,90 ';

/** Runs the scanner over WARM_UP_TEXT a few times (about a millisecond, once per engine). */
export function warmUpScanner(lex: CompiledLexicon): void {
  for (let i = 0; i < 20; i++) scanText(WARM_UP_TEXT, lex);
}

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/;

/** Recognises cryptocurrency wallet addresses by format. */
function checkWallet(text: string, start: number, end: number, out: WalletHit[], word: number): void {
  if (out.length >= MAX_WALLETS) return;
  const s = text.slice(start, end);
  let kind: WalletHit['kind'] | undefined;
  if (/^0x[0-9a-fA-F]{40}$/.test(s)) kind = 'eth';
  else if (/^bc1[02-9ac-hj-np-z]{38,58}$/.test(s)) kind = 'btc';
  else if (/^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s)) kind = 'btc';
  else if (/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(s) && /[a-z]/.test(s)) kind = 'tron';
  else if (/^[48][0-9AB][1-9A-HJ-NP-Za-km-z]{93}$/.test(s) && BASE58.test(s)) kind = 'xmr';
  if (kind) out.push({ kind, text: s, start, word });
}
