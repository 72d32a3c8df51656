import { describe, expect, it } from 'vitest';
import { bundledData } from '../../data/bundled-data';
import { compileLexicon } from './compile-lexicon';
import { parseLexicon } from './lexicon-schema';
import { packLexiconIndex, unpackLexiconIndex } from './packed-index';
import { scanText } from '../text/scan-text';

const lexicon = parseLexicon({ drugs: bundledData.drugs, chemicals: bundledData.chemicals, phrases: bundledData.phrases });
const compiled = compileLexicon(lexicon);

/** As the build writes the two files and the worker reads them back. */
function shipAndLoad(bytesAs: 'buffer' | 'offset-view' = 'buffer') {
  const { index, bytes } = packLexiconIndex(compiled);
  const json = JSON.parse(JSON.stringify(index));
  if (bytesAs === 'buffer') return unpackLexiconIndex(json, bytes.slice().buffer);
  // A view that starts mid-buffer, as a Node Buffer read from a file may (the arrays need alignment).
  const shifted = new Uint8Array(bytes.length + 1);
  shifted.set(bytes, 1);
  return unpackLexiconIndex(json, shifted.subarray(1));
}

describe('packed lexicon index (the compiled lexicon made at build time)', () => {
  it('loads back exactly the compiled lexicon, from a buffer or from a view at any offset', () => {
    expect(shipAndLoad('buffer')).toEqual(compiled);
    expect(shipAndLoad('offset-view')).toEqual(compiled);
  });

  it('scans text as the freshly compiled lexicon does', () => {
    const loaded = shipAndLoad();
    const texts = [
      'Buy 0xyc0d0ne 30mg without prescription, pay with bitcoin, stealth shipping',
      'Купить трамадол без рецепта, доставка по всему миру',
      'बिना पर्चे के दवा, 1-boc-4-piperidone 79099-07-3 in stock',
      'Ask your pharmacist; a prescription is required for oxycodone.',
    ];
    for (const text of texts) expect(scanText(text, loaded)).toEqual(scanText(text, compiled));
  });

  it('refuses a file that does not belong to the index, is cut short or from another version', () => {
    const { index, bytes } = packLexiconIndex(compiled);
    expect(() => unpackLexiconIndex(index, bytes.slice(0, bytes.length - 1))).toThrow(/size/);
    expect(() => unpackLexiconIndex(index, bytes.slice(0, 12))).toThrow(/cut short/);
    expect(() => unpackLexiconIndex({ ...index, words: index.words.slice(1) }, bytes)).toThrow(/does not belong/);
    expect(() => unpackLexiconIndex({ ...index, version: 3 as 2 }, bytes)).toThrow(/version 3/);
    expect(() => unpackLexiconIndex({ ...index, refs: index.refs.slice(0, 1) }, bytes)).toThrow(/not valid/);
    const swapped = bytes.slice();
    swapped.set([swapped[3]!, swapped[2]!, swapped[1]!, swapped[0]!], 0);
    expect(() => unpackLexiconIndex(index, swapped)).toThrow(/byte order/);
    expect(() => unpackLexiconIndex({ ...index, wordIndexSize: compiled.wordIndex.keys.length }, bytes)).toThrow(/hash table/);
  });
});
