/**
 * Lints the phrase files (src/data/lexicon/phrases/<lang>.json), one per language: schema, every
 * list sorted and without duplicates, every group known to the signal catalogue or the page
 * contexts, and no term that folds to nothing or only to filler words.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledData, PHRASE_FILES } from '../../data/bundled-data';
import { CONTEXTS } from '../signals/page-context';
import { RISK_PHRASE_GROUPS, TRUST_PHRASE_GROUPS } from '../signals/signal-catalog';
import { termWords } from './compile-lexicon';
import { type PhraseLexicon, PhraseLexiconSchema, parseLexicon } from './lexicon-schema';

const DIR = fileURLToPath(new URL('../../data/lexicon/phrases/', import.meta.url));
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const parsed = files.map((f) => [f, JSON.parse(readFileSync(DIR + f, 'utf8')) as PhraseLexicon] as const);

function lists(file: PhraseLexicon): Array<[string, string[]]> {
  return [
    ['fillers', file.fillers],
    ['negators', file.negators],
    ...Object.entries(file.risk).map(([k, v]) => [`risk.${k}`, v!] as [string, string[]]),
    ...Object.entries(file.trust).map(([k, v]) => [`trust.${k}`, v!] as [string, string[]]),
    ['commerce.strong', file.commerce.strong],
    ['commerce.weak', file.commerce.weak],
    ...Object.entries(file.contexts).map(([k, v]) => [`contexts.${k}`, v!] as [string, string[]]),
  ];
}

describe('phrase files', () => {
  it('one file per language, all of them bundled', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(PHRASE_FILES.map((f) => `${f.language}.json`).sort()).toEqual(files);
  });

  it.each(parsed)('%s: schema, file name = language', (name, file) => {
    expect(PhraseLexiconSchema.safeParse(file).error).toBeUndefined();
    expect(`${file.language}.json`).toBe(name);
  });

  it.each(parsed)('%s: every list sorted and unique', (_name, file) => {
    for (const [where, list] of lists(file)) {
      expect(list, where).toEqual([...new Set(list)].sort());
    }
  });

  it.each(parsed)('%s: every group known to the signal catalogue or the page contexts', (_name, file) => {
    for (const g of Object.keys(file.risk)) expect(RISK_PHRASE_GROUPS, `risk.${g}`).toHaveProperty([g]);
    for (const g of Object.keys(file.trust)) expect(TRUST_PHRASE_GROUPS, `trust.${g}`).toHaveProperty([g]);
    for (const g of Object.keys(file.contexts)) expect(CONTEXTS, `contexts.${g}`).toHaveProperty([g]);
  });

  it.each(parsed)('%s: every term has words once folded, and fillers are one word', (_name, file) => {
    for (const [where, list] of lists(file)) {
      for (const term of list) {
        const words = termWords(term);
        expect(words.length, `${where}: "${term}"`).toBeGreaterThan(0);
        if (where === 'fillers') expect(words, `${where}: "${term}"`).toHaveLength(1);
      }
    }
  });

  it('a phrase of one group is not also a phrase of another group (ambiguous meaning)', () => {
    const owner = new Map<string, string>();
    for (const [name, file] of parsed) {
      for (const [where, list] of lists(file)) {
        if (where === 'fillers' || where.startsWith('contexts.') || where.startsWith('commerce.')) continue;
        for (const term of list) {
          const key = termWords(term).join(' ');
          const prev = owner.get(key);
          if (prev !== undefined && prev.split(':')[1] !== where) expect.fail(`"${term}" in ${name}:${where} and ${prev}`);
          owner.set(key, `${name}:${where}`);
        }
      }
    }
  });

  it('the bundled set parses as a whole (one file per language)', () => {
    expect(() => parseLexicon({ drugs: bundledData.drugs, chemicals: bundledData.chemicals, phrases: PHRASE_FILES })).not.toThrow();
    expect(() => parseLexicon({ drugs: {}, chemicals: {}, phrases: [PHRASE_FILES[0], PHRASE_FILES[0]] })).toThrow();
  });

  it('fillers never shrink a risk or trust phrase to one ordinary word ("seguro médico" → "seguro", "e-prescription" → "prescription")', () => {
    const fillers = new Set(parsed.flatMap(([, f]) => f.fillers.map((w) => termWords(w).join(''))));
    const oneWordOnPurpose = new Set(['prescriber']);
    for (const [name, file] of parsed) {
      for (const [where, list] of lists(file)) {
        if (!where.startsWith('risk.') && !where.startsWith('trust.')) continue;
        for (const term of list) {
          const words = termWords(term);
          const kept = words.filter((w) => !fillers.has(w));
          if (words.length >= 2 && kept.length < 2 && !oneWordOnPurpose.has(kept.join(' '))) expect.fail(`${name}:${where}: "${term}" → "${kept.join(' ')}"`);
        }
      }
    }
  });

  it('rejects an unknown group name', () => {
    const bad = { ...PHRASE_FILES[0]!, risk: { 'no-such-group': ['anything'] } };
    expect(PhraseLexiconSchema.safeParse(bad).success).toBe(false);
  });
});
