/**
 * U+2063 INVISIBLE SEPARATOR: text extraction puts it where a word runs across an element boundary
 * (`Xa<span>nax</span>`), and the scanner reads it as "this word was split". A module of its own so
 * the content script can use it without pulling in the scanner's 64 K-entry folding tables.
 */
export const SPLIT_MARK = '\u2063';
