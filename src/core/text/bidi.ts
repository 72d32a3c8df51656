/**
 * Text inside a right-to-left override (U+202E … U+202C, or to the end of the line) is shown
 * reversed: "\u202Eenodocyxo" reads "oxycodone" on screen. The scanner reads text in display
 * order, so such runs are put back the way a person sees them. The result has the same length
 * (offsets stay valid); the override characters themselves are invisible to the scanner.
 */
const RLO = 0x202e;
const LRO = 0x202d;
const PDF = 0x202c;

export interface DisplayOrder {
  text: string;
  /** [start, end) ranges that were reversed. */
  reversed: Array<[number, number]>;
}

/** Where the override opened at `start` (a U+202E) ends: its matching U+202C, or the end of the line. */
function overrideEnd(text: string, start: number): number {
  let end = start + 1;
  let depth = 1;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === 0x0a || c === 0x0d || c === 0x2029) break;
    if (c === RLO || c === LRO) depth++;
    else if (c === PDF && --depth === 0) break;
    end++;
  }
  return end;
}

/** The [start, end) ranges shown reversed (inside a right-to-left override), without copying the text. */
export function reversedRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = text.indexOf('\u202e');
  while (i >= 0 && out.length < 100) {
    const end = overrideEnd(text, i);
    out.push([i + 1, end]);
    i = text.indexOf('\u202e', end);
  }
  return out;
}

/** A range of text as it is shown: reversed by code points, so surrogate pairs stay whole. */
export function shownReversed(text: string, start: number, end: number): string {
  return Array.from(text.slice(start, end)).reverse().join('');
}

export function displayOrder(text: string): DisplayOrder {
  if (text.indexOf('\u202e') < 0) return { text, reversed: [] };
  const parts: string[] = [];
  const reversed: Array<[number, number]> = [];
  let copied = 0;
  let i = text.indexOf('\u202e');
  while (i >= 0) {
    const end = overrideEnd(text, i);
    parts.push(text.slice(copied, i + 1));
    parts.push(shownReversed(text, i + 1, end));
    reversed.push([i + 1, end]);
    copied = end;
    i = text.indexOf('\u202e', end);
  }
  parts.push(text.slice(copied));
  return { text: parts.join(''), reversed };
}
