/**
 * Character folding tables: one lookup per character turns page text into the folded code units
 * lexicon terms are written in, and says what kind of character it was.
 *
 * Folding follows Unicode, from data generated out of it (unicode-fold-data.ts, made by
 * scripts/generate/unicode-fold.ts): compatibility forms and accents fold to the base letter
 * (NFKD, marks stripped: é → e, ｘ → x, ⓧ → x, 𝐱 → x, ᴀ → a), letters of other scripts fold to
 * their own lower case (Х → х, ё → е) so Russian and Hindi words are words, and every non-Latin
 * letter that passes for a Latin one has its UTS #39 skeleton letter in SKELETON (х → x) for drug
 * names written with look-alikes. Combining marks are skipped inside words (decomposed accents,
 * strikethrough, zalgo); Devanagari vowel signs and viramas belong to the word.
 *
 * Built once at module load (64 K entries each); the scanner reads them in its hot loop.
 */
import { ASTRAL_PAIRS, FOLD_RUNS, SKELETON_PAIRS } from './unicode-fold-data';
import { forEachVlq } from './vlq';

/** A separator: ends a token (space, punctuation, anything not listed). */
export const SEP = 0;
/** An invisible character (zero-width space/joiner, soft hyphen, BOM, combining mark): skipped inside words. */
export const IGNORE = 1;

/** Flags per character. */
export const F_HOMOGLYPH = 1; // a non-Latin letter that passes for a Latin one (Cyrillic а, Greek ο): see SKELETON
export const F_INVISIBLE = 2; // zero-width and similar
export const F_LEET = 4; // a digit or symbol that can stand for a letter (0 → o, @ → a)
export const F_SPLIT = 8; // U+2063, inserted by text extraction where a word is split across elements
export const F_LETTER = 16; // a letter, or a mark that belongs to a word
export const F_ASCII_LETTER = 32; // a-z, A-Z themselves
export const F_SYMBOL = 64; // @ $ ! | : leet only inside a word
export const F_DIGIT = 128; // a decimal digit of any script (folds to 0-9)
export const F_STYLED = 256; // a compatibility form of a Latin letter: fullwidth, circled, mathematical, small capital, ɑ
export const F_MARK = 512; // a combining mark skipped inside a word (accent, zalgo)
export const F_OVERLAY = 1024; // a combining overlay (strikethrough ̶): skipped, a sign of obfuscation
export const F_HIGH = 2048; // a high surrogate whose pair may be a styled letter (𝐱, 🅧): see astralFold
export const F_NO_SKELETON = 4096; // a letter of another script with no Latin look-alike (б, ж, क): its word cannot pass for a Latin one

/** Folded code per UTF-16 unit: SEP, IGNORE, or a folded code unit (ASCII [a-z0-9], a leet symbol, or a letter of another script). */
export const FOLD = new Uint16Array(65536);
export const FLAGS = new Uint16Array(65536);
/** For non-Latin letters that pass for Latin ones: the Latin letter (UTS #39 skeleton); 0 otherwise. */
export const SKELETON = new Uint8Array(65536);
/** For digits and leet symbols: the letter they stand for (0 if none). */
export const LEET = new Uint8Array(128);
/** Astral letters: index (high === 0xd835 ? 0 : 1024) + (low - 0xdc00) → folded ASCII (0 if none). */
const ASTRAL = new Uint8Array(2048);

export { SPLIT_MARK } from './split-mark';

const code = (s: string) => s.charCodeAt(0);

// Generated runs: [gap, length, class × 2 + (1 if to one code unit), that code unit or the delta].
const CLASS_FLAGS = [0, F_LETTER, F_DIGIT, F_STYLED, F_INVISIBLE, F_MARK, F_MARK | F_OVERLAY, F_LETTER];
/**
 * Fills the tables from the generated data. In a function, not at the top level: V8 optimises a
 * function's hot loops while they run, and this runs once, in every new service worker.
 */
function fillFromGeneratedData(): void {
  let end = 0;
  forEachVlq(FOLD_RUNS, 4, (gap, length, classAndKind, value) => {
    const start = end + gap;
    end = start + length;
    const cls = classAndKind >> 1;
    const toOne = (classAndKind & 1) === 1;
    const ignored = cls >= 4 && cls <= 6;
    const flags = CLASS_FLAGS[cls]!;
    for (let c = start; c < end; c++) {
      const f = ignored ? IGNORE : toOne ? value : c + value;
      FOLD[c] = f;
      // Letters of other scripts fold to themselves (>= 0x80); those with a skeleton are marked below.
      FLAGS[c] = f >= 0x80 && c >= 0x80 && flags & F_LETTER ? flags | F_NO_SKELETON : flags;
    }
  });
  let c = 0;
  forEachVlq(SKELETON_PAIRS, 2, (gap, skeleton) => {
    c += gap;
    FLAGS[c] = (FLAGS[c]! & ~F_NO_SKELETON) | F_HOMOGLYPH;
    SKELETON[c] = skeleton;
  });
  let point = 0;
  forEachVlq(ASTRAL_PAIRS, 2, (gap, letter) => {
    point += gap;
    const cp = point - 0x10000;
    const high = 0xd800 + (cp >> 10);
    ASTRAL[(high === 0xd835 ? 0 : 1024) + (cp & 0x3ff)] = letter;
  });
}
fillFromGeneratedData();
for (const high of [0xd835, 0xd83c]) {
  FOLD[high] = IGNORE;
  FLAGS[high] = F_HIGH;
}

// ASCII letters and digits.
for (let c = code('a'); c <= code('z'); c++) {
  FOLD[c] = c;
  FOLD[c - 32] = c;
  FLAGS[c] = F_LETTER | F_ASCII_LETTER;
  FLAGS[c - 32] = F_LETTER | F_ASCII_LETTER;
}
for (let c = code('0'); c <= code('9'); c++) {
  FOLD[c] = c;
  FLAGS[c] = F_DIGIT;
}

// Leet: digits keep their literal value, and also stand for letters.
const leetPairs: Array<[string, string]> = [
  ['0', 'o'],
  ['1', 'i'],
  ['3', 'e'],
  ['4', 'a'],
  ['5', 's'],
  ['7', 't'],
  ['@', 'a'],
  ['$', 's'],
  ['!', 'i'],
  ['|', 'l'],
];
for (const [from, to] of leetPairs) {
  LEET[code(from)] = code(to);
  FLAGS[code(from)] = FLAGS[code(from)]! | F_LEET;
}
/**
 * Leet inside a Cyrillic word stands for Cyrillic letters: "Тр@мад0л" is трамадол, "Л1р1ка" лирика,
 * "В1агра" виагра, "3олпидем" золпидем.
 */
export const LEET_CYRILLIC = new Uint16Array(128);
const cyrillicLeetPairs: Array<[string, string]> = [
  ['0', 'о'],
  ['1', 'и'],
  ['3', 'з'],
  ['4', 'ч'],
  ['6', 'б'],
  ['@', 'а'],
  ['!', 'и'],
];
for (const [from, to] of cyrillicLeetPairs) LEET_CYRILLIC[code(from)] = to.charCodeAt(0);
// Leet symbols fold to themselves; the scanner only keeps them inside a word.
for (const s of '@$!|') {
  FOLD[code(s)] = code(s);
  FLAGS[code(s)] = FLAGS[code(s)]! | F_SYMBOL;
}

// Extraction's split marker; bidi controls are invisible (text in an override is put back in display order first: bidi.ts).
FOLD[0x2063] = IGNORE;
FLAGS[0x2063] = F_SPLIT;

/** The ASCII letter or digit a high surrogate and its pair stand for (𝐱, 🅧), or 0. */
export function astralFold(high: number, low: number): number {
  if (low < 0xdc00 || low > 0xdfff) return 0;
  return ASTRAL[(high === 0xd835 ? 0 : 1024) + (low - 0xdc00)]!;
}

/** A word character once folded (letters of every script, digits): lexicon terms are split on the rest. */
export function isWordFold(f: number): boolean {
  return (f >= 97 && f <= 122) || (f >= 48 && f <= 57) || f >= 128;
}

/** Folds a string the way the scanner folds a token: for building lexicon keys and tests. */
export function foldWord(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    let f = FOLD[c]!;
    if (FLAGS[c]! & F_HIGH) {
      const a = astralFold(c, word.charCodeAt(i + 1));
      if (a !== 0) {
        f = a;
        i++;
      }
    }
    if (f > IGNORE) out += String.fromCharCode(f);
  }
  return out;
}

/** The UTS #39 skeleton of a folded word: look-alike letters as the Latin letters they pass for. */
export function skeletonWord(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    const s = SKELETON[c]!;
    if (s !== 0) out += String.fromCharCode(s);
    else {
      const f = FOLD[c]!;
      if (f > IGNORE && !(FLAGS[c]! & F_HIGH)) out += String.fromCharCode(f);
      else if (FLAGS[c]! & F_HIGH) {
        const a = astralFold(c, word.charCodeAt(i + 1));
        if (a !== 0) {
          out += String.fromCharCode(a);
          i++;
        }
      }
    }
  }
  return out;
}
