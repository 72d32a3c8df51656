import { describe, expect, it } from 'vitest';
import { prepareEngineData } from '../engine';
import { bundledData } from '../../data/bundled-data';
import { containsAnyName, drugNamesForDomains } from './domain-signals';

const names = drugNamesForDomains(prepareEngineData(bundledData).lexicon);

describe('containsAnyName answers what a scan of every name answers', () => {
  const labels = [
    '',
    'a',
    'example',
    'buyxanaxonline',
    'yellowxanaxbarsforsale',
    'oxycodone',
    'xoxycodonex',
    'walgreens',
    'tramadol50mg',
    'noprescriptionpharmacy',
    'medsfor-less',
    'ambien',
    'ambie',
    'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz',
    ...names.slice(0, 300),
    ...names.slice(0, 300).map((n) => `buy${n}now`),
    ...names.slice(0, 300).map((n) => n.slice(1)),
    ...names.slice(0, 300).map((n) => n.slice(0, -1)),
  ];
  it('on labels with, around and without drug names', () => {
    for (const label of labels) expect(containsAnyName(label, names), label).toBe(names.some((n) => label.includes(n)));
  });

  it('on small lists, including the empty name and names of one length', () => {
    for (const list of [[], [''], ['abc'], ['ab', 'abcdef'], ['xanax', 'xan']]) {
      for (const label of ['', 'abc', 'zabcz', 'abcdefg', 'xa', 'buyxanax'])
        expect(containsAnyName(label, list), `${label} in ${list}`).toBe(list.some((n) => label.includes(n)));
    }
  });
});
