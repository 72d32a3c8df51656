import { describe, expect, it } from 'vitest';
import { prepareEngineData } from '../engine';
import { bundledData } from '../../data/bundled-data';
import { fixtureLexicon } from '../../../tests/support/fixture-engine';
import { compileLexicon, indexTerms, lexiconTerms } from './compile-lexicon';
import { packLexiconTerms, unpackLexiconTerms } from './packed-terms';

const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('packed lexicon terms', () => {
  it.each([
    ['the shipped lexicon', () => prepareEngineData(bundledData).lexicon],
    ['the rule tests’ fixture lexicon', () => fixtureLexicon().lexicon],
  ])('%s: packed, written as JSON, read back and indexed, compiles to exactly what compileLexicon makes', (_name, lexicon) => {
    const lex = lexicon();
    const packed = roundTrip(packLexiconTerms(lexiconTerms(lex)));
    expect(unpackLexiconTerms(packed)).toEqual(lexiconTerms(lex));
    expect(indexTerms(unpackLexiconTerms(packed))).toEqual(compileLexicon(lex));
  });

  it('writes each word once', () => {
    const packed = packLexiconTerms(lexiconTerms(prepareEngineData(bundledData).lexicon));
    expect(new Set(packed.words).size).toBe(packed.words.length);
  });

  it('refuses a packed form it cannot read (another version, a word or entry out of range)', () => {
    const packed = packLexiconTerms(lexiconTerms(fixtureLexicon().lexicon));
    expect(() => unpackLexiconTerms({ ...packed, version: 2 as 1 })).toThrow(/version 2/);
    expect(() => unpackLexiconTerms({ ...packed, fillers: [packed.words.length] })).toThrow(/no word/);
    expect(() => unpackLexiconTerms({ ...packed, entries: [...packed.entries, 0, 0, 0, 0, 5, 1] })).toThrow(/not valid/);
    expect(() => unpackLexiconTerms({ ...packed, entries: [99, 0, 0, 0, 1, 0] })).toThrow(/not valid/);
  });
});
