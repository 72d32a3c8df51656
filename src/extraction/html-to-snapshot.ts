/**
 * Node side of page extraction: HTML text → PageSnapshot, with linkedom as the DOM and the same
 * visible-text rules as the extension's content script.
 */
import { parseHTML } from 'linkedom';
import type { PageSnapshot } from '../core/analyze-page';
import { extractPageStructure } from './page-structure';
import { type ExtractLimits, extractVisibleContent } from './visible-text';

/** Attributes the extraction reads; browsers match them in any case, linkedom only as written. */
const READ_ATTRIBUTES = /\s(hidden|style|href|type|value|alt|title|dir|id|class)(?=[\s=>/])/gi;

export function htmlToSnapshot(html: string, url: string, limits?: ExtractLimits): PageSnapshot {
  const doc = htmlToDocument(html);
  const { title, text, links } = extractVisibleContent(doc, url, limits);
  const structure = extractPageStructure(doc);
  return title ? { url, title, text, links, structure } : { url, text, links, structure };
}

/** HTML text → a linkedom document, with the attribute names the extraction reads in lower case, as browsers have them. */
export function htmlToDocument(html: string): Document {
  const { document } = parseHTML(html);
  const doc = document as unknown as Document;
  if (hasUpperCaseReadAttribute(html)) lowerCaseAttributeNames(doc);
  return doc;
}

function hasUpperCaseReadAttribute(html: string): boolean {
  for (const m of html.matchAll(READ_ATTRIBUTES)) {
    const name = m[1]!;
    if (name !== name.toLowerCase()) return true;
  }
  return false;
}

/**
 * The HTML parser in browsers lower-cases attribute names (`<p HIDDEN>` is hidden); linkedom
 * keeps them as written. Copies such attributes to their lower-case names. Iterative: the
 * document may be nested very deep.
 */
function lowerCaseAttributeNames(doc: Document): void {
  // Each top-level node in turn (linkedom's doctype has no nextSibling).
  for (const root of Array.from(doc.childNodes)) {
    let node: Node | null = root;
    while (node !== null) {
      if (node.nodeType === 1) {
        const el = node as Element;
        if (el.hasAttributes()) {
          for (const name of el.getAttributeNames()) {
            const lower = name.toLowerCase();
            if (lower !== name && !el.hasAttribute(lower)) el.setAttribute(lower, el.getAttribute(name) ?? '');
          }
        }
      }
      if (node.firstChild !== null) {
        node = node.firstChild;
        continue;
      }
      while (node !== null && node !== root && node.nextSibling === null) node = node.parentNode;
      node = node === null || node === root ? null : node.nextSibling;
    }
  }
}
