import { describe, expect, it } from 'vitest';
import { compileLexicon, termWords, W_ENTRY, W_FILLER, W_NEGATOR, W_PHRASE_LAST } from './compile-lexicon';
import { type Lexicon, parseLexicon } from './lexicon-schema';

/** A small lexicon written for this test (the shipped data is linted elsewhere and may change). */
function fixture(): Lexicon {
  return parseLexicon({
    drugs: {
      about: 'test',
      drugs: [
        {
          id: 'oxycodone',
          class: 'opioid',
          schedule: 'II',
          names: ['oxycodone', 'oxycontin', 'oxycodone hydrochloride', 'оксикодон'],
          street: ['m30'],
          weak: ['blues'],
          misspellings: ['oxycodon'],
          sources: ['dea-federal-register'],
        },
      ],
    },
    chemicals: {
      about: 'test',
      chemicals: [
        {
          id: '4-ap',
          kind: 'precursor',
          control: 'DEA List I',
          names: ['4-anilinopiperidine'],
          weak: [],
          misspellings: [],
          cas: ['23056-29-3'],
          sources: ['dea-federal-register'],
        },
      ],
    },
    phrases: [
      {
        language: 'en',
        about: 'test',
        fillers: ['a', 'the'],
        negators: ['never', 'do not buy'],
        risk: { 'no-prescription': ['without a prescription', 'without prescription', 'no rx needed'], 'crypto-only': ['bitcoin only'] },
        trust: { 'prescription-required': ['prescription required'] },
        commerce: { strong: ['add to cart'], weak: ['buy'] },
        contexts: { news: ['reported'], otc: ['over the counter'] },
      },
    ],
  });
}

describe('compileLexicon', () => {
  const lex = compileLexicon(fixture());
  const entriesOf = (kind: string, ref?: string) => lex.entries.filter((e) => e.kind === kind && (ref === undefined || e.ref === ref));
  const flagsOf = (word: string) => lex.wordFlags[lex.words.indexOf(word)]!;

  it('turns every term into folded words the way the scanner splits text', () => {
    expect(termWords('OxyContin')).toEqual(['oxycontin']);
    expect(termWords('4-anilinopiperidine')).toEqual(['4', 'anilinopiperidine']);
    expect(termWords('  no  rx—needed!')).toEqual(['no', 'rx', 'needed']);
    expect(entriesOf('drug', 'oxycodone').map((e) => [e.variant, e.words.join(' ')])).toEqual([
      ['name', 'oxycodone'],
      ['name', 'oxycontin'],
      ['name', 'oxycodone hydrochloride'],
      ['name', termWords('оксикодон').join(' ')],
      ['street', 'm30'],
      ['weak', 'blues'],
      ['misspelling', 'oxycodon'],
    ]);
    expect(entriesOf('chemical', '4-ap').map((e) => e.variant)).toEqual(['name', 'cas']);
  });

  it('drops filler words, and terms that differ only by fillers become one entry', () => {
    const noRx = entriesOf('risk', 'no-prescription');
    expect(noRx.map((e) => e.words.join(' '))).toEqual(['without prescription', 'no rx needed']);
    expect(noRx.every((e) => e.negatable)).toBe(true);
    expect(flagsOf('a') & W_FILLER).toBe(W_FILLER);
  });

  it('one-word negators mark the word; longer ones are negation entries, which keep no hits', () => {
    expect(flagsOf('never') & W_NEGATOR).toBe(W_NEGATOR);
    const negation = lex.entries.findIndex((e) => e.kind === 'negation');
    expect(lex.entries[negation]!.words).toEqual(['do', 'not', 'buy']);
    expect(lex.entryIsNegation[negation]).toBe(1);
    expect(lex.entryKeepsHits[negation]).toBe(0);
  });

  it('indexes single words and phrases: last words of phrases are flagged with their lengths', () => {
    expect(flagsOf('oxycodone') & W_ENTRY).toBe(W_ENTRY);
    expect(flagsOf('hydrochloride') & W_PHRASE_LAST).toBe(W_PHRASE_LAST);
    expect(lex.wordPhraseLengths[lex.words.indexOf('needed')]! & (1 << 3)).toBe(1 << 3);
    expect(lex.maxPhraseWords).toBe(Math.max(...lex.entries.map((e) => e.words.length)));
    // Every multi-word entry is in the bucket its phrase hash names.
    lex.entries.forEach((e, i) => {
      if (e.words.length > 1) expect(lex.phraseBuckets.some((b) => b.includes(i))).toBe(true);
      else expect(lex.wordEntries[lex.entryWordIds[i]![0]!]).toContain(i);
    });
  });

  it('words that name drugs or claims are confirmed letter by letter; names are also read by skeleton', () => {
    expect(lex.wordNeedsCheck[lex.words.indexOf('oxycodone')]).toBe(1);
    expect(lex.wordIsName[lex.words.indexOf('oxycodone')]).toBe(1);
    expect(lex.wordNeedsCheck[lex.words.indexOf('cart')]).toBe(0);
    expect(lex.wordIsName[lex.words.indexOf('prescription')]).toBe(0);
  });

  it('keeps hits of OTC cues (their place matters) but only counts other page-context cues', () => {
    const at = (ref: string) => lex.entries.findIndex((e) => e.kind === 'context' && e.ref === ref);
    expect(lex.entryKeepsHits[at('otc')]).toBe(1);
    expect(lex.entryKeepsHits[at('news')]).toBe(0);
  });

  it('refuses a risk group the signal catalogue does not know', () => {
    const bad = fixture();
    (bad.phrases[0]!.risk as Record<string, string[]>)['made-up-group'] = ['something'];
    expect(() => compileLexicon(bad)).toThrow(/unknown risk group made-up-group/);
  });
});
