/**
 * Small builders the engine tests share (rule tests on the fixture data, data tests on the
 * shipped data): a page structure with nothing in it, and the scanner's hits in readable form.
 */
import type { PageStructure } from '../../src/core/analyze-page';
import type { CompiledLexicon } from '../../src/core/lexicon/compile-lexicon';
import { scanText } from '../../src/core/text/scan-text';

/** A page's markup with nothing found in it, and `over` on top. */
export function structureWith(over: Partial<PageStructure> = {}): PageStructure {
  return { types: [], articles: 0, byline: false, citation: false, priceElements: 0, cartControls: 0, fileUpload: false, products: [], ...over };
}

export interface ReadableHit {
  /** "kind:ref" of the lexicon entry. */
  key: string;
  /** The exact text the hit covers. */
  text: string;
  flags: number;
  variant: string;
}

/** The scanner on `compiled`: its hits as "kind:ref" with the exact text, for readable assertions. */
export function hitReader(compiled: CompiledLexicon): { found(text: string): ReadableHit[]; keys(text: string): string[] } {
  const found = (text: string): ReadableHit[] =>
    scanText(text, compiled).hits.map((h) => {
      const e = compiled.entries[h.entry]!;
      return { key: `${e.kind}:${e.ref}`, text: text.slice(h.start, h.end), flags: h.flags, variant: e.variant };
    });
  return { found, keys: (text) => found(text).map((h) => h.key) };
}
