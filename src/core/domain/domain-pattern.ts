import { parse } from 'tldts';

/**
 * Patterns for seized-domain naming schemes. A pattern names the registrable domain as
 * `LABEL.SUFFIX`, where:
 *  - LABEL is the domain's own label (`rxmeds24` in `shop.rxmeds24.co.uk`), with `*` standing for
 *    any run of letters, digits or hyphens (`buy*tramadol*`);
 *  - SUFFIX is a public suffix (`com`, `co.uk`) or `*` for any suffix.
 * Examples: `rxmeds24.*` (every TLD of one name), `buy*tramadol*.com`, `*-oxycodone-*.*`.
 *
 * Matching uses a linear two-pointer wildcard match, not regular expressions, so no pattern can
 * be catastrophic; validation bounds the pattern's size and requires enough literal text that a
 * pattern cannot match half the web.
 */

export interface DomainPattern {
  source: string;
  label: string;
  /** null: any suffix. */
  suffix: string | null;
}

export const PATTERN_MAX_WILDCARDS = 3;
export const PATTERN_MIN_LITERAL = 4;

/** Is this list entry a pattern rather than a plain domain? */
export function isPattern(entry: string): boolean {
  return entry.includes('*');
}

/** Parses and validates a pattern; returns an error message instead of throwing. */
export function parsePattern(entry: string): DomainPattern | string {
  if (entry.length > 100) return 'pattern is longer than 100 characters';
  if (entry !== entry.toLowerCase()) return 'pattern must be lower case';
  const dot = entry.indexOf('.');
  if (dot <= 0) return 'pattern must look like LABEL.SUFFIX, e.g. buy*tramadol*.com or rxmeds24.*';
  const label = entry.slice(0, dot);
  const suffix = entry.slice(dot + 1);
  if (!/^[a-z0-9*-]{1,63}$/.test(label)) return 'the label may hold only a-z, 0-9, - and *';
  if (label.includes('**')) return 'the label may not hold ** (one * already matches any run)';
  const wildcards = label.split('*').length - 1;
  if (wildcards > PATTERN_MAX_WILDCARDS) return `at most ${PATTERN_MAX_WILDCARDS} * in a label`;
  if (label.replace(/[*-]/g, '').length < PATTERN_MIN_LITERAL) {
    return `the label needs at least ${PATTERN_MIN_LITERAL} letters or digits besides *`;
  }
  if (suffix !== '*' && !isKnownSuffix(suffix)) return 'suffix must be a public suffix (com, co.uk) or *';
  if (wildcards === 0 && suffix !== '*') return 'a pattern without * is a plain domain: list it as a domain';
  return { source: entry, label, suffix: suffix === '*' ? null : suffix };
}

/** A suffix on the Public Suffix List (ICANN or private section), not merely suffix-shaped. */
function isKnownSuffix(suffix: string): boolean {
  const p = parse(`x.${suffix}`, { allowPrivateDomains: true });
  return p.publicSuffix === suffix && (p.isIcann === true || p.isPrivate === true);
}

/** Does the pattern match this registrable domain, given as its label and its public suffix? */
export function matchPattern(p: DomainPattern, domainLabel: string, suffix: string): boolean {
  if (p.suffix !== null && p.suffix !== suffix) return false;
  return wildcardMatch(p.label, domainLabel);
}

/** `*` matches any run (including empty). Linear-time greedy match with one backtrack point. */
export function wildcardMatch(pattern: string, s: string): boolean {
  let p = 0;
  let i = 0;
  let star = -1;
  let mark = 0;
  while (i < s.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === s[i]) {
      p++;
      i++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = i;
    } else if (star >= 0) {
      p = star + 1;
      i = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
