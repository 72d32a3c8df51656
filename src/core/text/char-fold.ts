/**
 * Character folding tables: one lookup per character turns page text into the lower-case ASCII
 * letters and digits that lexicon terms are written in, and says what kind of character it was.
 *
 * Built once at module load (64 K entries each); the scanner reads them in its hot loop.
 */

/** A separator: ends a token (space, punctuation, anything not listed). */
export const SEP = 0;
/** An invisible character (zero-width space/joiner, soft hyphen, BOM, invisible separator): skipped inside words. */
export const IGNORE = 1;

/** Flags per character. */
export const F_HOMOGLYPH = 1; // a non-Latin letter that looks like a Latin one (Cyrillic а, Greek ο)
export const F_INVISIBLE = 2; // zero-width and similar
export const F_LEET = 4; // a digit or symbol that can stand for a letter (0 → o, @ → a)
export const F_SPLIT = 8; // U+2063, inserted by text extraction where a word is split across elements
export const F_LETTER = 16; // folds to a letter a-z (ASCII, accented, look-alike)
export const F_ASCII_LETTER = 32; // a-z, A-Z themselves
export const F_SYMBOL = 64; // @ $ ! | : leet only inside a word
export const F_DIGIT = 128; // 0-9 (ASCII or fullwidth)

/** Folded code per UTF-16 unit: SEP, IGNORE, or an ASCII code of [a-z0-9] or a leet symbol. */
export const FOLD = new Uint8Array(65536);
export const FLAGS = new Uint8Array(65536);
/** For digits and leet symbols: the letter they stand for (0 if none). */
export const LEET = new Uint8Array(128);

export { SPLIT_MARK } from './split-mark';

function setRange(from: number, to: number, map: (c: number) => number, flags = 0): void {
  for (let c = from; c <= to; c++) {
    FOLD[c] = map(c);
    FLAGS[c] = FLAGS[c]! | flags;
  }
}

const code = (s: string) => s.charCodeAt(0);

// ASCII letters and digits.
setRange(code('a'), code('z'), (c) => c);
setRange(code('A'), code('Z'), (c) => c + 32);
setRange(code('0'), code('9'), (c) => c);

// Leet: digits keep their literal value, and also stand for letters.
const leetPairs: Array<[string, string]> = [
  ['0', 'o'], ['1', 'i'], ['3', 'e'], ['4', 'a'], ['5', 's'], ['7', 't'],
  ['@', 'a'], ['$', 's'], ['!', 'i'], ['|', 'l'],
];
for (const [from, to] of leetPairs) {
  LEET[code(from)] = code(to);
  FLAGS[code(from)] = FLAGS[code(from)]! | F_LEET;
}
// Leet symbols fold to themselves; the scanner only keeps them inside a word.
for (const s of ['@', '$', '!', '|']) FOLD[code(s)] = code(s);

// Invisible characters: skipped inside words.
for (const c of [0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x200b, 0x200c, 0x200d,
  0x200e, 0x200f, 0x2060, 0x2061, 0x2062, 0x2064, 0xfeff]) {
  FOLD[c] = IGNORE;
  FLAGS[c] = FLAGS[c]! | F_INVISIBLE;
}
FOLD[0x2063] = IGNORE;
FLAGS[0x2063] = F_SPLIT;

// Latin letters with diacritics fold to their base letter (Spanish, French, German...): not obfuscation.
const latinDiacritics: Record<string, string> = {
  a: 'àáâãäåāăą', c: 'çćĉċč', d: 'ďđ', e: 'èéêëēĕėęě', g: 'ĝğġģ', h: 'ĥħ', i: 'ìíîïĩīĭįı',
  j: 'ĵ', k: 'ķ', l: 'ĺļľŀł', n: 'ñńņňŉ', o: 'òóôõöøōŏő', r: 'ŕŗř', s: 'śŝşšß', t: 'ţťŧ',
  u: 'ùúûüũūŭůűų', w: 'ŵ', y: 'ýÿŷ', z: 'źżž',
};
for (const [base, chars] of Object.entries(latinDiacritics)) {
  for (const ch of chars) {
    FOLD[code(ch)] = code(base);
    FOLD[code(ch.toUpperCase())] = code(base);
  }
}

// Homoglyphs: Cyrillic and Greek letters that render like Latin ones.
const homoglyphs: Record<string, string> = {
  a: 'аАαΑ', b: 'ВвΒβь', c: 'сСϲ', e: 'еЕεΕё', h: 'НһΗ', i: 'іІιΙӏ', j: 'јЈ', k: 'кКκΚ',
  m: 'МмΜ', n: 'ηΝп', o: 'оОοΟσ', p: 'рРρΡ', s: 'ѕЅ', t: 'тТτΤ', u: 'υμ', x: 'хХχΧ', y: 'уУγΥ',
};
for (const [latin, chars] of Object.entries(homoglyphs)) {
  for (const ch of chars) {
    FOLD[code(ch)] = code(latin);
    FLAGS[code(ch)] = FLAGS[code(ch)]! | F_HOMOGLYPH;
  }
}

// Fullwidth Latin letters and digits (ａ-ｚ, Ａ-Ｚ, ０-９) render like ASCII: obfuscation.
setRange(0xff41, 0xff5a, (c) => c - 0xff41 + code('a'), F_HOMOGLYPH);
setRange(0xff21, 0xff3a, (c) => c - 0xff21 + code('a'), F_HOMOGLYPH);
setRange(0xff10, 0xff19, (c) => c - 0xff10 + code('0'), F_HOMOGLYPH);

// Character classes, so the scanner learns everything about a character from one lookup.
for (let c = 0; c < 65536; c++) {
  const f = FOLD[c]!;
  if (f >= 97 && f <= 122) FLAGS[c] = FLAGS[c]! | F_LETTER;
  else if (f >= 48 && f <= 57) FLAGS[c] = FLAGS[c]! | F_DIGIT;
}
for (let c = code('a'); c <= code('z'); c++) FLAGS[c] = FLAGS[c]! | F_ASCII_LETTER;
for (let c = code('A'); c <= code('Z'); c++) FLAGS[c] = FLAGS[c]! | F_ASCII_LETTER;
for (const ch of '@$!|') FLAGS[code(ch)] = FLAGS[code(ch)]! | F_SYMBOL;

/** Folds a string the way the scanner folds a token: for building lexicon keys and tests. */
export function foldWord(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const f = FOLD[word.charCodeAt(i)]!;
    if (f > IGNORE) out += String.fromCharCode(f);
  }
  return out;
}
