/**
 * The scanner's rules (folding, obfuscation, phrases over fillers, negation, quotation, wallets,
 * prices, bounds), on the fixture lexicon (tests/support/fixture-data.ts), so editing the shipped
 * data cannot break them. What the shipped lexicon lets the scanner read (local spellings, listed
 * misspellings, phrases in each language) is tested in src/core/shipped-lexicon.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { hitReader } from '../../../tests/support/engine-helpers';
import { fixtureLexicon } from '../../../tests/support/fixture-engine';
import { foldWord, skeletonWord } from './char-fold';
import { H_HOMOGLYPH, H_INVISIBLE, H_LEET, H_MARKS, H_QUOTED, H_SEPARATED, H_SPLIT, MAX_HITS_PER_ENTRY, scanText } from './scan-text';

const { compiled } = fixtureLexicon();

/** Scanner hits as "kind:ref" with the exact text. */
const { found, keys } = hitReader(compiled);

describe('foldWord', () => {
  it.each([
    ['OXYCODONE', 'oxycodone'],
    ['Envío', 'envio'],
    ['Хаnах', 'хаnах'], // Cyrillic Х, а, х stay Cyrillic (folded to lower case); their skeleton is Latin
    ['ｏｘｙ', 'oxy'], // fullwidth
    ['xa\u200bnax', 'xanax'],
  ])('%s → %s', (input, output) => expect(foldWord(input)).toBe(output));
});

describe('scanText: drug names', () => {
  it('finds plain names, brands and street names, case-insensitively', () => {
    expect(keys('Buy OxyContin, Xanax bars and M30 today')).toEqual(expect.arrayContaining(['drug:oxycodone', 'drug:alprazolam', 'commerce:weak']));
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
    ['Cyrillic leetspeak', 'Тр@мад0л', H_LEET],
    ['Cyrillic leet digits', 'Кл0на3епам', H_LEET],
    ['Cyrillic leet in an inflected name', 'В1агру', H_LEET],
  ])('sees through %s: %s', (_name, text, flag) => {
    const hit = found(`order ${text} now`).find((h) => h.key.startsWith('drug:'));
    expect(hit, text).toBeDefined();
    expect(hit!.flags & flag).toBe(flag);
    expect(hit!.text).toBe(text);
  });

  it('reads a listed misspelling as a misspelling, not a name', () => {
    // xanex is a listed misspelling of alprazolam in the fixture.
    expect(found('buy xanex').find((h) => h.key === 'drug:alprazolam')?.variant).toBe('misspelling');
    expect(found('buy xanax').find((h) => h.key === 'drug:alprazolam')?.variant).toBe('name');
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

  it('a cross mark heads a "don\'t" item: its claims are negated; a tick mark\'s are not (the German and Hindi lists are in shipped-lexicon.test.ts)', () => {
    expect(keys('❌ "Tramadol without prescription", "Xanax no prescription needed"')).not.toContain('risk:no-prescription');
    expect(keys('❌ Tramadol without prescription')).not.toContain('risk:no-prescription');
    expect(keys('Tramadol without prescription')).toContain('risk:no-prescription');
    expect(keys('✅ Tramadol without prescription ✅ discreet shipping')).toContain('risk:no-prescription');
    expect(keys('❌ Never buy from shops like these ✅ Tramadol without prescription')).toContain('risk:no-prescription');
  });
});

describe('scanText: chemicals', () => {
  it('finds precursors by name, alias and CAS number', () => {
    const text = '4-Piperidone (CAS 40064-34-4), 1-boc-4-piperidone, N-phenyl 4-(phenylamino)piperidine, 4-ANPP';
    const refs = found(text)
      .filter((h) => h.key.startsWith('chemical:'))
      .map((h) => `${h.key}=${h.text}`);
    expect(refs).toEqual(
      expect.arrayContaining([
        'chemical:4-piperidone=4-Piperidone',
        'chemical:4-piperidone=40064-34-4',
        'chemical:boc-4-piperidone=1-boc-4-piperidone',
        'chemical:4-ap=4-(phenylamino)piperidine',
        'chemical:anpp=4-ANPP',
      ]),
    );
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

describe('scanText: entriesHit', () => {
  it.each([
    'Buy OxyContin, Xanax bars and M30 today',
    'oxycodone '.repeat(200),
    'No prescription needed. We never sell without a prescription.',
    '"no prescription" is what rogue sites say; Xanax is not sold here',
  ])('names every entry with a count above 0: %s', (text) => {
    const r = scanText(text, compiled);
    const counted = [...r.entryCounts.keys()].filter((e) => r.entryCounts[e]! > 0);
    expect(counted.length).toBeGreaterThan(0);
    for (const e of counted) expect(r.entriesHit.has(e), compiled.entries[e]!.ref).toBe(true);
    for (const e of r.entriesHit) expect(r.entryCounts[e]!).toBeGreaterThanOrEqual(0);
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

describe('Unicode folding', () => {
  it.each([
    ['𝐨𝐱𝐲𝐜𝐨𝐝𝐨𝐧𝐞', 'oxycodone'], // mathematical bold
    ['𝑥𝑎𝑛𝑎𝑥', 'xanax'], // mathematical italic
    ['ⓞⓧⓨ', 'oxy'], // circled
    ['🅧🅐🅝🅐🅧', 'xanax'], // negative circled capitals
    ['ᴏxʏᴄᴏᴅᴏɴᴇ', 'oxycodone'], // small capitals
    ['ＸＡＮＡＸ', 'xanax'], // fullwidth
    ['o\u0336x\u0336y\u0336', 'oxy'], // strikethrough
    ['X\u0334\u0322a\u0335\u031bn\u0337a\u0338x\u0336', 'xanax'], // zalgo
    ['e\u0301nvi\u0301o', 'envio'], // decomposed accents (NFD)
    ['Việt Nam', 'vietnam'],
    ['đơn thuốc', 'donthuoc'],
    ['łódź', 'lodz'],
    ['Ёлка', 'елка'], // Cyrillic stays Cyrillic, ё → е
    ['बिना', 'बिना'], // Devanagari vowel signs stay in the word
    ['क़', 'क'], // nukta folded
    ['४५०', '450'], // Devanagari digits
  ])('%s → %s', (input, output) => expect(foldWord(input)).toBe(output));

  it.each([
    ['Хаnах', 'xanax'],
    ['Οxycodone', 'oxycodone'],
    ['Тrаmаdоl', 'tramadol'],
  ])('skeleton of %s is %s (UTS #39)', (input, output) => expect(skeletonWord(input)).toBe(output));
});

describe('scanText: styled and non-Latin text', () => {
  it.each([
    ['mathematical bold', '𝐎𝐱𝐲𝐜𝐨𝐝𝐨𝐧𝐞', 0],
    ['circled', 'ⓧⓐⓝⓐⓧ', 0],
    ['small capitals', 'ᴏxʏᴄᴏᴅᴏɴᴇ', 0],
    ['fullwidth among ASCII', 'Xａnax', H_HOMOGLYPH],
    ['strikethrough', 'X\u0336a\u0336n\u0336a\u0336x\u0336', H_MARKS],
    ['zalgo', 'X\u0334\u0322\u0300a\u0335\u031b\u0301n\u0337\u0302a\u0338\u0303x\u0336\u0304', H_MARKS],
    ['Cyrillic look-alikes in a Latin word', 'Тrаmаdоl', H_HOMOGLYPH],
  ])('finds a drug name written in %s: %s', (_name, text, flag) => {
    const hit = found(`order ${text} now`).find((h) => h.key.startsWith('drug:'));
    expect(hit, text).toBeDefined();
    // Marks after the last letter are not part of the quoted evidence.
    expect(hit!.text).toBe(text.replace(/[\u0300-\u036f]+$/, ''));
    expect(hit!.flags & flag).toBe(flag);
  });

  it('reads an all-Cyrillic word as Russian, and by its skeleton only as a drug name', () => {
    // "рау" passes for "pay" (a buying cue) but is no drug name: not read as English.
    expect(keys('рау')).toEqual([]);
    // "Хапах"-style words made only of look-alikes still name the drug.
    const hit = found('купить ХАNАХ').find((h) => h.key.startsWith('drug:'));
    expect(hit?.flags ?? 0).toBe(H_HOMOGLYPH);
  });
});

describe('scanText: local price formats', () => {
  it.each([
    '79,00 €',
    '€ 69,00',
    '€69',
    'R$ 189,90',
    'R$189,90',
    '₹ 450',
    '₹450',
    'Rs. 450',
    'Rs 450',
    '2 490 ₽',
    '2\u00a0490\u00a0₽',
    '2 490 руб.',
    '1.450 ₺',
    '1.450 TL',
    '350.000₫',
    '350.000 đ',
    '350.000 VNĐ',
    'CHF 45.–',
    '45 CHF',
    '$3 per 50mg',
    '£12.50',
    'USD 12',
  ])('%s is a price', (text) => {
    expect(scanText(`Tramadol 50 mg ${text} x`, compiled).prices.length).toBeGreaterThanOrEqual(1);
  });

  it.each(['1500р', '900руб', '3tr', '1tr5', '12.500k', '3.500k'])('%s (amount with its unit written on) is a price', (text) => {
    expect(scanText(`Lorazepam 2 mg ${text} x`, compiled).prices).toHaveLength(1);
  });

  it.each([
    'in 2024 the',
    'dose 50 mg twice',
    'page 3 of 10',
    'Table 2: d',
    '30 d later',
    'Rs is not a price',
    'V1@gra and Co$t',
    '500k users',
    '50мг',
    'Mp3tr',
  ])('%s is not a price', (text) => {
    expect(scanText(text, compiled).prices).toEqual([]);
  });
});

describe('generated Unicode folding data', () => {
  it('is what scripts/generate/unicode-fold.ts makes from its sources today', async () => {
    const { readFileSync } = await import('node:fs');
    const { generate, OUTPUT } = await import('../../../scripts/generate/unicode-fold');
    expect(readFileSync(OUTPUT, 'utf8')).toBe(generate());
  });
});
