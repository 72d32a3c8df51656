/**
 * A look at a JSON body's shape before it is parsed. JSON.parse and the schema check cost time in
 * proportion to how deep and how many the values are, not to the body's size alone: 2.9 MB of
 * nested brackets held the event loop for 1.9 s. One pass over the bytes (strings skipped, escapes
 * honoured) counts nesting depth and values and stops at the first limit passed; it does not
 * validate the JSON (JSON.parse still does), it only bounds what JSON.parse is given.
 *
 * A valid report nests 5 deep (report → verdict → reasons → reason → evidence) and holds at most
 * about 11,000 values (200 reasons of 50 evidence strings), so the defaults leave room.
 */
export const MAX_JSON_DEPTH = 16;
export const MAX_JSON_VALUES = 20_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/** Why the body is refused before parsing, or null when its shape is within the limits. */
export function jsonShapeProblem(body: Uint8Array, maxDepth = MAX_JSON_DEPTH, maxValues = MAX_JSON_VALUES): string | null {
  let depth = 0;
  let values = 1;
  const n = body.length;
  for (let i = 0; i < n; i++) {
    const c = body[i]!;
    if (c === QUOTE) {
      // Skip the string (natively: a screenshot is megabytes of base64): its closing quote is the
      // next one not escaped, that is, not after an odd run of backslashes.
      let end = body.indexOf(QUOTE, i + 1);
      while (end !== -1) {
        let slashes = 0;
        while (body[end - 1 - slashes] === BACKSLASH) slashes++;
        if (slashes % 2 === 0) break;
        end = body.indexOf(QUOTE, end + 1);
      }
      if (end === -1) return null; // an unterminated string: JSON.parse will say so
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth) return `body is nested too deeply (more than ${maxDepth} levels)`;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    } else if (c === COMMA) {
      if (++values > maxValues) return `body has too many values (more than ${maxValues})`;
    }
  }
  return null;
}
