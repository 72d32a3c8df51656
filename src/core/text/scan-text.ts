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
const { F_HOMOGLYPH, F_INVISIBLE, F_SPLIT, FLAGS, FOLD, IGNORE, LEET } = charFold;
const { FNV_OFFSET, FNV_PRIME, hashPhrase, probe } = hashes;
const { W_ENTRY, W_FILLER, W_NEGATOR, W_PHRASE_LAST } = compiled;

/** How a hit was written. */
export const H_QUOTED = 1;
export const H_LEET = 2;
export const H_HOMOGLYPH = 4;
export const H_INVISIBLE = 8;
export const H_SPLIT = 16;
export const H_SEPARATED = 32;
/** Any of the tricks used to dodge word filters. */
export const H_OBFUSCATED = H_LEET | H_HOMOGLYPH | H_INVISIBLE | H_SPLIT | H_SEPARATED;

export interface Hit {
  /** Index into CompiledLexicon.entries. */
  entry: number;
  /** Offsets into the scanned text (end exclusive). */
  start: number;
  end: number;
  /** Index of the hit's last word among all words of the text: for proximity. */
  word: number;
  flags: number;
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
const NEGATION_REACH = 4;

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
for (const c of [0x24, 0x20ac, 0xa3, 0x20b9, 0xa5]) SPECIAL[c] = S_CURRENCY;
for (const ch of ' .-_*/|+·•~,') SPECIAL[ch.charCodeAt(0)] = S_SPACER;

const isAlnum = (f: number) => (f >= 97 && f <= 122) || (f >= 48 && f <= 57);

export function scanText(text: string, lex: CompiledLexicon): ScanResult {
  const { keys: wKeys, values: wValues, mask: wMask } = lex.wordIndex;
  const { wordFlags, wordEntries, phraseIndex, phraseBuckets, entryWordIds, maxPhraseWords } = lex;
  const hits: Hit[] = [];
  const entryCounts = new Int32Array(lex.entries.length);
  const wallets: WalletHit[] = [];
  const prices: number[] = [];

  // Recent non-filler words.
  const winId = new Int32Array(WINDOW);
  const winStart = new Int32Array(WINDOW);
  const winEnd = new Int32Array(WINDOW);
  const winFlags = new Int32Array(WINDOW);
  let winCount = 0;
  const phraseIds = new Int32Array(maxPhraseWords);

  let wordNo = 0;
  let quoted = 0;

  // The word being read.
  let len = 0;
  let start = 0;
  let end = 0;
  let hLit = FNV_OFFSET;
  let hLeet = FNV_OFFSET;
  let tokFlags = 0;
  let hasLetter = false;
  let hasLeet = false;
  let asciiLetters = 0;
  let firstLeetChar = 0;

  // A run of single letters with one spacer between them: "O.x.y.c.o.d.o.n.e".
  let runLen = 0;
  let runHash = FNV_OFFSET;
  let runStart = 0;
  let runEnd = 0;

  const emit = (entry: number, s: number, e: number, flags: number) => {
    // A longer phrase of the same meaning that starts where the last hit started replaces it:
    // "no prescription" then "no prescription needed" is one claim.
    const last = hits[hits.length - 1];
    if (last !== undefined && last.start === s && last.end < e && sameMeaning(lex, last.entry, entry)) {
      entryCounts[last.entry]!--;
      hits.pop();
    }
    const n = ++entryCounts[entry]!;
    if (n <= MAX_HITS_PER_ENTRY && hits.length < MAX_HITS) hits.push({ entry, start: s, end: e, word: wordNo, flags });
  };

  const emitEntries = (list: number[], s: number, e: number, flags: number) => {
    for (let k = 0; k < list.length; k++) emit(list[k]!, s, e, flags);
  };

  const negatedBefore = (firstWindowPos: number): boolean => {
    for (let back = 1; back <= NEGATION_REACH && firstWindowPos - back >= 0; back++) {
      const id = winId[(firstWindowPos - back) & WINDOW_MASK]!;
      if (id >= 0 && wordFlags[id]! & W_NEGATOR) return true;
    }
    return false;
  };

  const finishRun = () => {
    if (runLen >= 4) {
      const id = probe(wKeys, wValues, wMask, runHash);
      if (id >= 0 && wordFlags[id]! & W_ENTRY && verifyFolded(text, runStart, runEnd, lex.words[id]!, true)) {
        emitEntries(wordEntries[id]!, runStart, runEnd, H_SEPARATED | quoted);
      }
    }
    runLen = 0;
  };

  const endWord = () => {
    // Single letters separated by one spacer may spell a word.
    if (len === 1 && (hasLetter || hasLeet)) {
      const gapOk = runLen > 0 && start - runEnd === 1 && SPECIAL[text.charCodeAt(runEnd)] === S_SPACER;
      if (!gapOk) {
        finishRun();
        runHash = FNV_OFFSET;
        runStart = start;
      }
      runHash = Math.imul(runHash ^ firstLeetChar, FNV_PRIME);
      runLen++;
      runEnd = end;
    } else if (runLen > 0) {
      finishRun();
    }

    if (len >= 25) checkWallet(text, start, end, wallets, wordNo);

    let flags = quoted;
    let id = probe(wKeys, wValues, wMask, hLit);
    if (id < 0 && hasLeet && hasLetter) {
      id = probe(wKeys, wValues, wMask, hLeet);
      if (id >= 0) flags |= H_LEET;
    }
    if (tokFlags & F_INVISIBLE) flags |= H_INVISIBLE;
    if (tokFlags & F_SPLIT) flags |= H_SPLIT;
    if (tokFlags & F_HOMOGLYPH && asciiLetters > 0) flags |= H_HOMOGLYPH;

    if (id >= 0) {
      const wf = wordFlags[id]!;
      if (wf & W_FILLER) {
        len = 0;
        return;
      }
      const pos = winCount++;
      const slot = pos & WINDOW_MASK;
      winId[slot] = id;
      winStart[slot] = start;
      winEnd[slot] = end;
      winFlags[slot] = flags;

      let phraseMatched = false;
      if (wf & W_PHRASE_LAST) {
        const longest = Math.min(maxPhraseWords, winCount, WINDOW);
        for (let n = longest; n >= 2 && !phraseMatched; n--) {
          let combined = 0;
          for (let k = 0; k < n; k++) {
            const p = (pos - n + 1 + k) & WINDOW_MASK;
            phraseIds[k] = winId[p]!;
            combined |= winFlags[p]!;
          }
          const bucket = phraseIndex.get(hashPhrase(phraseIds, 0, n));
          if (bucket === undefined) continue;
          const firstPos = pos - n + 1;
          const s = winStart[firstPos & WINDOW_MASK]!;
          for (const entry of phraseBuckets[bucket]!) {
            if (!sameIds(entryWordIds[entry]!, phraseIds, n)) continue;
            if (lex.entries[entry]!.negatable && negatedBefore(firstPos)) {
              phraseMatched = true;
              continue;
            }
            phraseMatched = true;
            emit(entry, s, end, combined);
          }
        }
      }
      if (wf & W_ENTRY) {
        const list = wordEntries[id]!;
        if (verifyFolded(text, start, end, lex.words[id]!, (flags & H_LEET) !== 0)) {
          for (let k = 0; k < list.length; k++) {
            const entry = list[k]!;
            const kind = lex.entries[entry]!.kind;
            // A phrase ending here takes precedence over single words, except for drug and chemical names.
            if (phraseMatched && kind !== 'drug' && kind !== 'chemical') continue;
            emit(entry, start, end, flags);
          }
        }
      }
    } else {
      const slot = winCount++ & WINDOW_MASK;
      winId[slot] = -1;
      winFlags[slot] = 0;
    }
    wordNo++;
    len = 0;
  };

  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const f = FOLD[c]!;
    if (f > IGNORE) {
      let leetChar = f;
      if (f < 48 || (f > 57 && f < 97) || f > 122) {
        // A leet symbol (@ $ ! |) counts only inside a word: "V1@gra", not "$30" or "me@home".
        if (len === 0 || i + 1 >= n || !isAlnum(FOLD[text.charCodeAt(i + 1)]!)) {
          if (len > 0) endWord();
          if (f === 36 && i + 1 < n && FOLD[text.charCodeAt(i + 1)]! >= 48 && FOLD[text.charCodeAt(i + 1)]! <= 57) {
            if (prices.length < MAX_PRICES) prices.push(wordNo);
          }
          continue;
        }
        leetChar = LEET[f]!;
        hasLeet = true;
      } else if (f <= 57) {
        const l = LEET[f]!;
        if (l) {
          leetChar = l;
          hasLeet = true;
        }
      } else {
        hasLetter = true;
        if (c < 128) asciiLetters++;
      }
      if (len === 0) {
        start = i;
        hLit = FNV_OFFSET;
        hLeet = FNV_OFFSET;
        tokFlags = 0;
        hasLetter = f >= 97;
        hasLeet = leetChar !== f;
        asciiLetters = f >= 97 && c < 128 ? 1 : 0;
        firstLeetChar = leetChar;
      }
      hLit = Math.imul(hLit ^ f, FNV_PRIME);
      hLeet = Math.imul(hLeet ^ leetChar, FNV_PRIME);
      tokFlags |= FLAGS[c]!;
      len++;
      end = i + 1;
    } else if (f === IGNORE) {
      if (len > 0) tokFlags |= FLAGS[c]!;
    } else {
      if (c === 0x5c && text.charCodeAt(i + 1) === 0x2f) {
        // "\/" drawn as a V: "\/iagra".
        if (len > 0) endWord();
        start = i;
        hLit = Math.imul(FNV_OFFSET ^ 0x5c, FNV_PRIME);
        hLeet = Math.imul(FNV_OFFSET ^ 118, FNV_PRIME);
        tokFlags = 0;
        hasLetter = true;
        hasLeet = true;
        asciiLetters = 1;
        firstLeetChar = 118;
        len = 2;
        i++;
        end = i + 1;
        continue;
      }
      if (len > 0) endWord();
      const sp = SPECIAL[c]!;
      if (sp !== 0 && sp !== S_SPACER) {
        if (sp === S_QUOTE_TOGGLE) quoted ^= H_QUOTED;
        else if (sp === S_QUOTE_OPEN) quoted = H_QUOTED;
        else if (sp === S_QUOTE_CLOSE || sp === S_NEWLINE) quoted = 0;
        else if (sp === S_CURRENCY) {
          const next = FOLD[text.charCodeAt(i + 1)]!;
          if (next >= 48 && next <= 57 && prices.length < MAX_PRICES) prices.push(wordNo);
        }
      }
    }
  }
  if (len > 0) endWord();
  finishRun();

  return { hits, entryCounts, wallets, prices, words: wordNo };
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
function verifyFolded(text: string, start: number, end: number, word: string, leet: boolean): boolean {
  let k = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    let f = FOLD[c]!;
    if (c === 0x5c && text.charCodeAt(i + 1) === 0x2f) {
      f = 118;
      i++;
    } else if (f === 0 || f === IGNORE) continue;
    else if (leet && f < 128 && LEET[f]) f = LEET[f]!;
    if (word.charCodeAt(k++) !== f) return false;
  }
  return k === word.length;
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
