/**
 * The page structure (page-structure.ts) without a DOM: one pass of htmlparser2's tokenizer events
 * (the parser and options linkedom builds its DOM with) finds the elements the selectors of
 * extractPageStructure find, in document order, and pageStructureOf applies the same rules.
 * An element is its index in the pass; its textContent is the slice of all the page's text
 * between its start and end tag (text is the only thing textContent reads).
 * tests: stream-visible-text.test.ts checks that streaming snapshots, structure included, equal
 * htmlToSnapshot's on every corpus page.
 *
 * Attribute values are compared as css-select (linkedom's selector engine) compares them in HTML:
 * `type` and `rel` in any case, the others as written.
 */
import { DepthBoundParser } from './depth-bound-parser';
import type { PageStructure } from '../core/analyze-page';
import { PRODUCT_TITLE_CLASSES, pageStructureOf } from './page-structure';

const PARSER_OPTIONS = { lowerCaseAttributeNames: true, decodeEntities: true, xmlMode: false } as const;

const WORDS = /[ \t\n\f\r]+/;

/** An attribute's value, or null. */
function get(attribs: Record<string, string>, name: string): string | null {
  return Object.hasOwn(attribs, name) ? attribs[name]! : null;
}

/** Whether a class attribute lists this class (split on ASCII whitespace, as classList is). */
function hasClass(cls: string, name: string): boolean {
  // Cheap test first: most class attributes do not even contain the name.
  if (!cls.includes(name)) return false;
  return cls.split(WORDS).includes(name);
}

/** The tokenizer events the page structure is read from (htmlparser2's handler methods). */
export interface StructureCollector {
  /** An element opens: its nodeName (the tag upper-cased, as the DOM reports it) and attributes. */
  onopentag(nodeName: string, attribs: Record<string, string>): void;
  ontext(text: string): void;
  onclosetag(): void;
  /** The page structure, once the parser has ended. */
  finish(): PageStructure;
}

export function extractPageStructureStreaming(html: string): PageStructure {
  const collector = createStructureCollector();
  const parser = new DepthBoundParser(
    {
      onopentag: (tag, attribs) => collector.onopentag(tag.toUpperCase(), attribs),
      ontext: (text) => collector.ontext(text),
      onclosetag: () => collector.onclosetag(),
    },
    PARSER_OPTIONS,
  );
  parser.end(html);
  return collector.finish();
}

/**
 * Collects the page structure from tokenizer events: on a parser of its own
 * (extractPageStructureStreaming) or alongside the visible-text walk, so that a page is tokenized
 * once (htmlToSnapshotStreaming).
 */
export function createStructureCollector(): StructureCollector {
  // Per element (by index in document order): name, parent, text range; attributes of those the rules read.
  const names: string[] = [];
  const parents: number[] = [];
  const textStart: number[] = [];
  const textEnd: number[] = [];
  const attributes = new Map<number, Record<string, string>>();
  const textParts: string[] = [];
  let textLength = 0;
  const open: number[] = [];

  const jsonLd: number[] = [];
  const microdata: number[] = [];
  const itemName = new Map<number, number>();
  const itemOffers = new Set<number>();
  // Open [itemtype] elements still looking for a descendant [itemprop="name"] / [itemprop="offers"].
  let wantName: number[] = [];
  let wantOffers: number[] = [];
  let ogType: string | null | undefined;
  let articles = 0;
  let byline = false;
  let citation = false;
  let fileUpload = false;
  const priceElements: number[] = [];
  const cartCandidates: number[] = [];
  const productTitles: number[] = [];
  const headings: number[] = [];
  const rows: number[] = [];

  return {
    onopentag(name, attribs) {
      const el = names.length;
      names.push(name);
      parents.push(open.length > 0 ? open[open.length - 1]! : -1);
      textStart.push(textLength);
      textEnd.push(textLength);
      open.push(el);
      let keep = false;

      // The attributes the rules read, in one pass over the element's own (most have none or few).
      let itemprop: string | null = null;
      let itemtype = false;
      let cls: string | null = null;
      let type: string | null = null;
      let id: string | null = null;
      let href: string | null = null;
      let action: string | null = null;
      let rel: string | null = null;
      let metaName: string | null = null;
      let property: string | null = null;
      let content: string | null = null;
      for (const key in attribs) {
        const value = attribs[key]!;
        switch (key) {
          case 'itemprop':
            itemprop = value;
            break;
          case 'itemtype':
            itemtype = true;
            break;
          case 'class':
            cls = value;
            break;
          case 'type':
            type = value.toLowerCase();
            break;
          case 'id':
            id = value;
            break;
          case 'href':
            href = value;
            break;
          case 'action':
            action = value;
            break;
          case 'rel':
            rel = value.toLowerCase();
            break;
          case 'name':
            metaName = value;
            break;
          case 'property':
            property = value;
            break;
          case 'content':
            content = value;
            break;
        }
      }
      if (itemprop === 'name' && wantName.length > 0) {
        for (const m of wantName) itemName.set(m, el);
        wantName = [];
        keep = true;
      } else if (itemprop === 'offers' && wantOffers.length > 0) {
        for (const m of wantOffers) itemOffers.add(m);
        wantOffers = [];
      }
      if (itemtype) {
        microdata.push(el);
        wantName.push(el);
        wantOffers.push(el);
        keep = true;
      }

      if (name === 'SCRIPT' && type === 'application/ld+json') jsonLd.push(el);
      else if (name === 'META') {
        if (ogType === undefined && property === 'og:type') ogType = content;
        if (metaName === 'author') byline = true;
        if (metaName === 'citation_title' || metaName === 'citation_doi' || metaName === 'dc.identifier') citation = true;
      } else if (name === 'ARTICLE') articles++;
      else if (name === 'H1') headings.push(el);
      else if (name === 'TR') rows.push(el);
      if (!byline && (rel === 'author' || itemprop === 'author' || (cls !== null && (hasClass(cls, 'byline') || hasClass(cls, 'author'))))) byline = true;
      if (name === 'INPUT' && type === 'file') fileUpload = true;

      if (itemprop === 'price' || (cls !== null && cls.includes('price')) || (id ?? '').includes('price')) priceElements.push(el);
      if (
        name === 'BUTTON' ||
        (name === 'INPUT' && (type === 'submit' || type === 'button' || type === 'number')) ||
        name === 'SELECT' ||
        (name === 'A' && (cls !== null || (href ?? '').includes('cart'))) ||
        (name === 'FORM' && (action ?? '').includes('cart'))
      ) {
        cartCandidates.push(el);
        keep = true;
      }
      const classAttr = cls; // a const, so that the callback below sees it as a string
      if (classAttr !== null && PRODUCT_TITLE_CLASSES.some((c) => classAttr.includes(c))) productTitles.push(el);
      if (keep) attributes.set(el, attribs);
    },

    ontext(text) {
      textParts.push(text);
      textLength += text.length;
    },

    onclosetag() {
      const el = open.pop();
      if (el === undefined) return;
      textEnd[el] = textLength;
      if (wantName.length > 0 && wantName[wantName.length - 1] === el) wantName.pop();
      if (wantOffers.length > 0 && wantOffers[wantOffers.length - 1] === el) wantOffers.pop();
    },

    finish() {
      // Elements still open at the end (unclosed) end with the text.
      for (const el of open) textEnd[el] = textLength;
      const text = textParts.join('');

      return pageStructureOf<number>({
        jsonLd,
        microdata,
        ogType,
        articles,
        byline,
        citation,
        fileUpload,
        priceElements,
        cartCandidates,
        productTitles,
        headings,
        rows,
        nameOf: (el) => names[el]!,
        attribute: (el, name) => {
          const a = attributes.get(el);
          return a === undefined ? null : get(a, name);
        },
        textOf: (el) => text.slice(textStart[el]!, textEnd[el]!),
        parentOf: (el) => {
          const p = parents[el]!;
          return p < 0 ? null : p;
        },
        itemNameOf: (el) => itemName.get(el) ?? null,
        hasOffers: (el) => itemOffers.has(el),
      });
    },
  };
}
