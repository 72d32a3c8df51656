import { describe, expect, it } from 'vitest';
import { bundledLexicon } from '../../../tests/support/test-engine';
import { foldWord } from './char-fold';
import { H_HOMOGLYPH, H_INVISIBLE, H_LEET, H_QUOTED, H_SEPARATED, H_SPLIT, MAX_HITS_PER_ENTRY, scanText } from './scan-text';

const { compiled } = bundledLexicon();

/** Hits as "kind:ref" with the exact text, for readable assertions. */
function found(text: string) {
  const r = scanText(text, compiled);
  return r.hits.map((h) => {
    const e = compiled.entries[h.entry]!;
    return { key: `${e.kind}:${e.ref}`, text: text.slice(h.start, h.end), flags: h.flags, variant: e.variant };
  });
}
const keys = (text: string) => found(text).map((h) => h.key);

describe('foldWord', () => {
  it.each([
    ['OXYCODONE', 'oxycodone'],
    ['Envío', 'envio'],
    ['Хаnах', 'xanax'], // Cyrillic Х, а, х
    ['ｏｘｙ', 'oxy'], // fullwidth
    ['xa\u200bnax', 'xanax'],
  ])('%s → %s', (input, output) => expect(foldWord(input)).toBe(output));
});

describe('scanText: drug names', () => {
  it('finds plain names, brands and street names, case-insensitively', () => {
    expect(keys('Buy OxyContin, Xanax bars and M30 today')).toEqual(
      expect.arrayContaining(['drug:oxycodone', 'drug:alprazolam', 'commerce:weak']),
    );
    expect(found('m30 blues').some((h) => h.text === 'm30')).toBe(true);
  });

  it.each([
    ['leetspeak', '0xyc0d0ne', H_LEET],
    ['leet symbols', 'V1@gra', H_LEET],
    ['backslash-slash V', '\\/iagra', H_LEET],
    ['zero-width space', 'Xa\u200Bnax', H_INVISIBLE],
    ['zero-width joiner', 'Add\u200Derall', H_INVISIBLE],
    ['soft hyphen', 'Tra\u00ADmadol', H_INVISIBLE],
    ['Cyrillic homoglyphs', 'Хаnах', H_HOMOGLYPH],
    ['Greek omicron', 'Οxycodone', H_HOMOGLYPH],
    ['split across elements', 'Xa\u2063nax', H_SPLIT],
    ['dotted letters', 'O.x.y.c.o.d.o.n.e', H_SEPARATED],
    ['spaced letters', 'X a n a x', H_SEPARATED],
    ['dashed leet letters', 'V-1-a-g-r-a', H_SEPARATED],
  ])('sees through %s: %s', (_name, text, flag) => {
    const hit = found(`order ${text} now`).find((h) => h.key.startsWith('drug:'));
    expect(hit, text).toBeDefined();
    expect(hit!.flags & flag).toBe(flag);
    expect(hit!.text).toBe(text);
  });

  it('recognises listed misspellings', () => {
    for (const word of ['xanex', 'zanax', 'adderal', 'percoset']) {
      const hit = found(`buy ${word}`).find((h) => h.key.startsWith('drug:'));
      expect(hit?.variant, word).toBe('misspelling');
    }
  });

  it('reads correct local spellings as names, not misspellings', () => {
    // German Oxycodon, Morphin, Methadon; Italian and Portuguese fentanil; German Semaglutid.
    for (const [word, drug] of [['Oxycodon', 'oxycodone'], ['Morphin', 'morphine'], ['Methadon', 'methadone'], ['fentanil', 'fentanyl'], ['Semaglutid', 'semaglutide']]) {
      const hit = found(`kaufen ${word}`).find((h) => h.key === `drug:${drug}`);
      expect(hit?.variant, word).toBe('name');
    }
  });

  it('does not flag all-Cyrillic words or ordinary text as homoglyph tricks', () => {
    expect(found('Москва аптека').some((h) => h.flags & H_HOMOGLYPH)).toBe(false);
    expect(keys('The oxygen bar opened on Main Street')).not.toContain('drug:oxycodone');
  });

  it('does not read words inside longer words', () => {
    expect(keys('ambient noise, xanaxis, proxycodone')).toEqual([]);
  });
});

describe('scanText: phrases', () => {
  it('matches phrases over filler words and punctuation', () => {
    expect(keys("No doctor's prescription is required!")).toContain('risk:no-prescription');
    expect(keys('buy without a valid prescription')).toContain('risk:no-prescription');
  });

  it('prefers the longest phrase ending at a word: "no prescription required" is risk, not trust', () => {
    const k = keys('No prescription required');
    expect(k).toContain('risk:no-prescription');
    expect(k).not.toContain('trust:prescription-required');
    expect(keys('A prescription is required')).toContain('trust:prescription-required');
  });

  it('merges a phrase with its longer form into one hit', () => {
    const hits = found('NO PRESCRIPTION NEEDED').filter((h) => h.key === 'risk:no-prescription');
    expect(hits.map((h) => h.text)).toEqual(['NO PRESCRIPTION NEEDED']);
  });

  it('ignores claims in a sentence that negates or warns about them, before or after', () => {
    expect(keys('Never buy pain pills online. Pills sold without a prescription are often fake.')).not.toContain('risk:no-prescription');
    expect(keys('Cualquier web que ofrezca medicamentos sin receta es ilegal.')).not.toContain('risk:no-prescription');
    expect(keys('Beware. No prescription needed! Order today.')).toContain('risk:no-prescription');
  });

  it('ignores negated claims', () => {
    expect(keys('We never sell medicines without a prescription.')).not.toContain('risk:no-prescription');
    expect(keys('It is illegal to sell drugs without a prescription')).not.toContain('risk:no-prescription');
    expect(keys("Don't buy without a prescription")).not.toContain('risk:no-prescription');
  });

  it('marks phrases inside quotation marks', () => {
    const hit = found('The site promised "stealth shipping" to buyers').find((h) => h.key === 'risk:stealth-shipping');
    expect(hit!.flags & H_QUOTED).toBe(H_QUOTED);
    const curly = found('advertised \u201cno prescription needed\u201d deals').find((h) => h.key === 'risk:no-prescription');
    expect(curly!.flags & H_QUOTED).toBe(H_QUOTED);
    const plain = found('stealth shipping worldwide').find((h) => h.key === 'risk:stealth-shipping');
    expect(plain!.flags & H_QUOTED).toBe(0);
  });

  it('a line break ends a quotation', () => {
    const hit = found('He said "hello\nstealth shipping').find((h) => h.key === 'risk:stealth-shipping');
    expect(hit!.flags & H_QUOTED).toBe(0);
  });

  it('recognises Spanish core phrases', () => {
    expect(keys('Compra oxicodona sin receta médica')).toEqual(expect.arrayContaining(['risk:no-prescription', 'drug:oxycodone']));
    expect(keys('Envío discreto a toda España')).toContain('risk:stealth-shipping');
    expect(keys('Pago con Bitcoin')).toContain('risk:crypto-payment');
  });
});

describe('scanText: chemicals', () => {
  it('finds precursors by name, alias and CAS number', () => {
    const text = 'NPP (CAS 39742-60-4), 1-boc-4-piperidone, tert-butyl 4-(phenylamino)piperidine-1-carboxylate, 4-ANPP';
    const refs = found(text).filter((h) => h.key.startsWith('chemical:')).map((h) => `${h.key}=${h.text}`);
    expect(refs).toEqual(
      expect.arrayContaining([
        'chemical:npp=NPP',
        'chemical:npp=39742-60-4',
        'chemical:boc-4-piperidone=1-boc-4-piperidone',
        'chemical:boc-4-ap=tert-butyl 4-(phenylamino)piperidine-1-carboxylate',
        'chemical:anpp=4-ANPP',
      ]),
    );
  });

  it('finds nitazenes', () => {
    expect(keys('isotonitazene powder')).toContain('chemical:isotonitazene');
    expect(keys('sold as N-pyrrolidino etonitazene')).toContain('chemical:etonitazepyne');
    expect(keys('xylazine hcl powder, tranq')).toEqual(['chemical:xylazine', 'chemical:xylazine']);
  });
});

describe('scanText: wallets and prices', () => {
  it.each([
    ['btc', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'],
    ['btc', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy'],
    ['btc', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'],
    ['eth', '0x742d35Cc6634C0532925a3b844Bc454e4438f44e'],
    ['tron', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7'],
    ['xmr', '44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A'],
  ])('recognises a %s address', (kind, address) => {
    const r = scanText(`Send payment to ${address} today`, compiled);
    expect(r.wallets.map((w) => w.kind)).toEqual([kind]);
    expect(r.wallets[0]!.text).toBe(address);
  });

  it('does not take hashes or long words for wallets', () => {
    const r = scanText('commit 3f786850e387550fdab836ed7e6dc881de23001b and pneumonoultramicroscopicsilicovolcanoconiosis', compiled);
    expect(r.wallets).toEqual([]);
  });

  it('counts prices written with a currency sign', () => {
    expect(scanText('Only $199.99 or €30 or ₹500, not $ alone', compiled).prices).toHaveLength(3);
  });
});

describe('scanText: bounds', () => {
  it('keeps at most MAX_HITS_PER_ENTRY hits per entry but counts them all', () => {
    const text = 'oxycodone '.repeat(1000);
    const r = scanText(text, compiled);
    const oxy = compiled.entries.findIndex((e) => e.ref === 'oxycodone' && e.words.join(' ') === 'oxycodone');
    expect(r.entryCounts[oxy]).toBe(1000);
    expect(r.hits.filter((h) => h.entry === oxy)).toHaveLength(MAX_HITS_PER_ENTRY);
  });

  it('handles empty text and text without words', () => {
    expect(scanText('', compiled).hits).toEqual([]);
    expect(scanText('  ... !!! $$$ \u200b\u200b ', compiled).words).toBe(0);
  });
});
