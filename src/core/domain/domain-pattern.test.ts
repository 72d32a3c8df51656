import { describe, expect, it } from 'vitest';
import { type DomainPattern, isPattern, matchPattern, PATTERN_MAX_WILDCARDS, PATTERN_MIN_LITERAL, parsePattern, wildcardMatch } from './domain-pattern';

function parsed(entry: string): DomainPattern {
  const p = parsePattern(entry);
  if (typeof p === 'string') throw new Error(`${entry}: ${p}`);
  return p;
}

describe('isPattern', () => {
  it.each([
    ['rxmeds24.*', true],
    ['buy*tramadol*.com', true],
    ['bad-meds.com', false],
  ])('%s → %s', (entry, expected) => {
    expect(isPattern(entry)).toBe(expected);
  });
});

describe('parsePattern: accepted', () => {
  it.each([
    ['rxmeds24.*', 'rxmeds24', null],
    ['buy*tramadol*.com', 'buy*tramadol*', 'com'],
    ['*-oxycodone-*.*', '*-oxycodone-*', null],
    ['coinrx.*', 'coinrx', null],
    ['rx*meds.co.uk', 'rx*meds', 'co.uk'],
    ['*1234*.com', '*1234*', 'com'],
    ['a*b*c*defg.*', 'a*b*c*defg', null], // exactly the maximum number of *
    ['abcd.*', 'abcd', null], // exactly the minimum literal text
  ])('%s → label %s, suffix %s', (entry, label, suffix) => {
    expect(parsePattern(entry)).toEqual({ source: entry, label, suffix });
  });

  it('limits are as documented', () => {
    expect(PATTERN_MAX_WILDCARDS).toBe(3);
    expect(PATTERN_MIN_LITERAL).toBe(4);
  });
});

describe('parsePattern: rejected', () => {
  it.each([
    ['RXMEDS24.*', /lower case/],
    ['Buy*tramadol*.com', /lower case/],
    ['rxmeds24*', /LABEL\.SUFFIX/],
    ['*rxmeds', /LABEL\.SUFFIX/],
    ['.*', /LABEL\.SUFFIX/],
    ['', /LABEL\.SUFFIX/],
    ['a*b*c*d*efgh.com', /at most 3/],
    ['*a*b*c*defg.*', /at most 3/],
    ['buy**tramadol.com', /\*\*/],
    ['**abcd.com', /\*\*/],
    ['*.*', /at least 4/],
    ['a*.com', /at least 4/],
    ['abc*.*', /at least 4/],
    ['*-a-b-c-*.*', /at least 4/], // hyphens are not literal text
    ['bad-meds.com', /plain domain/],
    ['rxmeds24.co.uk', /plain domain/],
    [`${'a'.repeat(60)}*.${'b'.repeat(40)}`, /longer than 100/],
    [`abcd*.${'x.'.repeat(49)}com`, /longer than 100/],
    ['buy_*tramadol.com', /only a-z, 0-9, - and \*/],
    ['buy*trama dol.com', /only a-z, 0-9, - and \*/],
    ['bücher*.de', /only a-z, 0-9, - and \*/],
    ['buy*tram@dol.com', /only a-z, 0-9, - and \*/],
    [`${'a'.repeat(64)}*.*`, /only a-z, 0-9, - and \*/], // label over 63 characters
    ['buy*tramadol*.c*m', /suffix/],
    ['buy*tramadol*.*.com', /suffix/],
    ['buy*tramadol*.com.', /suffix/],
    ['buy*tramadol*.', /suffix/],
    ['buy*tramadol*.co_uk', /suffix/],
  ])('%j: %s', (entry, message) => {
    const p = parsePattern(entry);
    expect(typeof p).toBe('string');
    expect(p).toMatch(message);
  });
});

describe('wildcardMatch', () => {
  it.each([
    ['buy*tramadol*', 'buytramadol', true], // * matches empty runs
    ['buy*tramadol*', 'buy-cheap-tramadol-online', true],
    ['buy*tramadol*', 'buytramadol24', true],
    ['buy*tramadol*', 'xbuytramadol', false], // anchored at the start
    ['buy*tramadol', 'buytramadolx', false], // anchored at the end
    ['buy*tramadol', 'buy-tramadol-tramadol', true], // backtracks to the last occurrence
    ['buy*tramadol', 'buy-tramadol-tramado', false],
    ['*-oxycodone-*', '-oxycodone-', true],
    ['*-oxycodone-*', 'get-oxycodone-now', true],
    ['*-oxycodone-*', 'oxycodone', false],
    ['*-oxycodone-*', 'get-oxycodone', false],
    ['rxmeds24', 'rxmeds24', true],
    ['rxmeds24', 'rxmeds2', false],
    ['rxmeds24', 'rxmeds245', false],
    ['rxmeds24', '', false],
    ['*', '', true],
    ['*', 'anything', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'acb', false],
    ['a*a*a*b', 'aaab', true],
    ['a*a*a*b', 'aab', false],
    ['', '', true],
    ['', 'a', false],
  ])('%j vs %j → %s', (pattern, s, expected) => {
    expect(wildcardMatch(pattern, s)).toBe(expected);
  });

  it('completes on a pathological input (63-char label of a)', () => {
    const p = parsed('a*a*a*b.*');
    const label = 'a'.repeat(63);
    expect(wildcardMatch(p.label, label)).toBe(false);
    expect(matchPattern(p, label, 'com')).toBe(false);
    expect(wildcardMatch(p.label, `${'a'.repeat(62)}b`)).toBe(true);
    expect(wildcardMatch('a*a*aaab', `${'a'.repeat(62)}c`)).toBe(false);
  });
});

describe('matchPattern', () => {
  it.each([
    // [pattern, domain label, public suffix, expected]
    ['rxmeds24.*', 'rxmeds24', 'com', true],
    ['rxmeds24.*', 'rxmeds24', 'co.uk', true],
    ['rxmeds24.*', 'rxmeds24', 'xn--p1ai', true],
    ['rxmeds24.*', 'rxmeds245', 'com', false],
    ['rxmeds24.*', 'my-rxmeds24', 'com', false],
    ['buy*tramadol*.com', 'buytramadol', 'com', true],
    ['buy*tramadol*.com', 'buy-tramadol-online', 'com', true],
    ['buy*tramadol*.com', 'buy-tramadol-online', 'net', false], // a specific suffix must be equal
    ['buy*tramadol*.com', 'buy-tramadol-online', 'com.au', false],
    ['buy*tramadol*.com', 'cheap-buy-tramadol', 'com', false],
    ['rx*meds.co.uk', 'rx-cheap-meds', 'co.uk', true],
    ['rx*meds.co.uk', 'rx-cheap-meds', 'uk', false],
    ['rx*meds.co.uk', 'rx-cheap-meds', 'com', false],
    ['*-oxycodone-*.*', 'buy-oxycodone-now', 'ru', true],
    ['*-oxycodone-*.*', 'oxycodone', 'ru', false],
  ])('%s vs label %j + suffix %j → %s', (pattern, label, suffix, expected) => {
    expect(matchPattern(parsed(pattern), label, suffix)).toBe(expected);
  });
});
