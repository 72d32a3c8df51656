/**
 * Lints the drug and chemical lexicons (drugs.json, precursors.json): schema, order, uniqueness,
 * no name in two entries, every class, kind and counter known to the signal catalogue, CAS numbers
 * by their check digit. (The phrase files have their own lint: phrase-files-lint.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { termWords } from '../../core/lexicon/compile-lexicon';
import { ChemicalLexiconSchema, DrugLexiconSchema, parseLexicon } from '../../core/lexicon/lexicon-schema';
import { CONTEXTS } from '../../core/signals/page-context';
import { CHEMICAL_KIND_SIGNAL, SIGNALS } from '../../core/signals/signal-catalog';
import { bundledData } from '../bundled-data';
import drugsJson from './drugs.json';
import chemicalsJson from './precursors.json';

const drugs = DrugLexiconSchema.parse(drugsJson).drugs;
const chemicals = ChemicalLexiconSchema.parse(chemicalsJson).chemicals;
const fillers = new Set(parseLexicon(bundledData).phrases.flatMap((file) => file.fillers.map((w) => termWords(w).join(''))));

/** CAS Registry Number check digit: the digits before it, from the right, weighted 1, 2, 3... */
export function casCheckDigitOk(cas: string): boolean {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(cas);
  if (!m) return false;
  const digits = `${m[1]}${m[2]}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i + 1);
  return sum % 10 === Number(m[3]);
}

const termsOf = (e: { names: string[]; weak: string[]; misspellings: string[]; street?: string[]; cas?: string[] }) => [
  ...e.names,
  ...e.weak,
  ...e.misspellings,
  ...(e.street ?? []),
  ...(e.cas ?? []),
];

describe('CAS check digit', () => {
  it.each([
    ['7361-61-7', true], // xylazine
    ['23076-35-9', true], // xylazine hydrochloride
    ['14188-81-9', true], // isotonitazene
    ['39742-60-4', true], // NPP
    ['7361-61-8', false],
    ['14188-18-9', false],
  ])('%s → %s', (cas, ok) => {
    expect(casCheckDigitOk(cas)).toBe(ok);
  });
});

describe('drugs.json', () => {
  it('holds at least 300 medicines, sorted by id, ids unique', () => {
    expect(drugs.length).toBeGreaterThanOrEqual(300);
    const ids = drugs.map((d) => d.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has no term twice in an entry, and no term in two entries', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const d of drugs) {
      const terms = termsOf(d);
      expect(new Set(terms).size, d.id).toBe(terms.length);
      for (const t of terms) {
        const key = termWords(t).join(' ');
        const prev = owner.get(key);
        if (prev !== undefined && prev !== d.id) clashes.push(`${t}: ${prev} and ${d.id}`);
        owner.set(key, d.id);
      }
    }
    for (const c of chemicals)
      for (const t of termsOf(c)) if (owner.has(termWords(t).join(' '))) clashes.push(`${t}: ${owner.get(termWords(t).join(' '))} and ${c.id}`);
    expect(clashes).toEqual([]);
  });

  it('gives every entry a control status that maps to a signal, and a source', () => {
    for (const d of drugs) {
      expect(d.sources.length, d.id).toBeGreaterThan(0);
      const signal = d.schedule === 'OTC' || d.counters ? null : /^(I{1,3}|IV|V|II-V)$/.test(d.schedule) ? 'controlled-drug-offer' : 'rx-drug-offer';
      if (signal) expect(SIGNALS[signal], d.id).toBeDefined();
    }
  });

  it('covers the medicines rogue pharmacies sell (issue 9), each with its status', () => {
    const byName = new Map<string, (typeof drugs)[number]>();
    for (const d of drugs) for (const n of d.names) byName.set(n, d);
    const expected: Array<[string, string]> = [
      ['xenical', 'Rx'],
      ['propecia', 'Rx'],
      ['zyban', 'Rx'],
      ['valtrex', 'Rx'],
      ['meridia', 'IV'],
      ['chantix', 'Rx'],
      ['accutane', 'Rx'],
      ['modafinil', 'IV'],
      ['soma 350', 'IV'],
      ['flexeril', 'Rx'],
      ['ozempic', 'Rx'],
      ['mounjaro', 'Rx'],
      ['saxenda', 'Rx'],
      ['levitra', 'Rx'],
      ['oxycodone', 'II'],
      ['oxycodon', 'II'],
      ['xanax', 'IV'],
      ['ambien', 'IV'],
      ['zopiclone', 'IV'],
      ['adderall', 'II'],
      ['suboxone', 'III'],
      ['zithromax', 'Rx'],
      ['tamiflu', 'Rx'],
      ['naloxone', 'OTC'],
      ['ibuprofen', 'OTC'],
    ];
    for (const [name, schedule] of expected) expect(byName.get(name)?.schedule, name).toBe(schedule);
  });

  it('names only known drugs, classes, chemicals or chemical kinds as what a product counters', () => {
    const known = new Set([...drugs.map((d) => d.id), ...drugs.map((d) => d.class), ...chemicals.map((c) => c.id), ...chemicals.map((c) => c.kind)]);
    for (const d of drugs) for (const c of d.counters ?? []) expect(known.has(c), `${d.id} counters ${c}`).toBe(true);
    expect(drugs.find((d) => d.id === 'naloxone')?.counters).toContain('opioid');
  });

  it('keeps local correct spellings as names, not misspellings', () => {
    const misspelled = new Set(drugs.flatMap((d) => d.misspellings));
    for (const local of ['oxycodon', 'morphin', 'methadon', 'fentanil', 'ketamin', 'semaglutid']) expect(misspelled.has(local), local).toBe(false);
  });
});

describe('precursors.json', () => {
  it('is sorted by id, ids unique, every kind raises a known signal', () => {
    const ids = chemicals.map((c) => c.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of chemicals) expect(SIGNALS[CHEMICAL_KIND_SIGNAL[c.kind]], c.kind).toBeDefined();
  });

  it('has only CAS numbers whose check digit is right, each in one entry', () => {
    const all = chemicals.flatMap((c) => c.cas);
    expect(all.filter((c) => !casCheckDigitOk(c))).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('knows xylazine and the nitazenes by DEA, UNODC and EUDA names, code names and CAS numbers', () => {
    const find = (id: string) => chemicals.find((c) => c.id === id)!;
    expect(find('xylazine').names).toEqual(expect.arrayContaining(['xylazine', 'tranq', 'n-(2,6-dimethylphenyl)-5,6-dihydro-4h-1,3-thiazin-2-amine']));
    expect(find('xylazine').cas).toEqual(['7361-61-7', '23076-35-9']);
    expect(find('protonitazene').weak).toContain('proto');
    expect(find('metonitazene').weak).toContain('meto');
    expect(find('isotonitazene').weak).toContain('iso');
    expect(find('etonitazepyne').names).toContain('n-pyrrolidino etonitazene');
    expect(find('counterfeit-imprint-die').names).toContain('m30 die');
    expect(find('tablet-die').names).toContain('punch and die');
  });

  it('no term loses its first or last word to the filler list (a German "die" made "s 903 die" match "903")', () => {
    for (const c of chemicals)
      for (const t of termsOf(c)) {
        const words = termWords(t);
        expect(fillers.has(words[0]!) || fillers.has(words[words.length - 1]!), `${c.id}: "${t}" starts or ends with a filler word`).toBe(false);
      }
  });

  it('has no term the scanner cannot match (at most 15 words)', () => {
    for (const c of chemicals) for (const t of termsOf(c)) expect(termWords(t).filter((w) => !fillers.has(w)).length, t).toBeLessThanOrEqual(15);
  });
});
