/**
 * Visible text of an HTML page without building a DOM: htmlparser2's tokenizer events (the same
 * parser, version and options linkedom builds its DOM with) drive the rules of visible-text.ts
 * (the content script's): the same element kinds, hiding rules, text writer and link collector.
 * Used by the CLI for batch scans, where a DOM per page costs most of the time.
 * tests: stream-visible-text.test.ts checks that both agree on every corpus page.
 *
 * What the DOM walk decides from the finished document is decided here by keeping a little state,
 * or in a second pass:
 * - the page's <style> sheets (which classes and ids they hide) are collected during the pass;
 *   only when they hide an element that the pass walked is the page read again with them;
 * - the title is the first <title> the walk reaches (or a direct child of <head>), and otherwise
 *   the first <title> inside a <head> that is the root element's first child (linkedom's
 *   document.title).
 *
 * Attribute names are matched in any case, as browsers do (`<p HIDDEN>`); when an attribute is
 * repeated the first one counts, as in browsers.
 */
import { DepthBoundParser } from './depth-bound-parser';
import type { PageSnapshot } from '../core/analyze-page';
import { createStructureCollector, type StructureCollector } from './stream-page-structure';
import {
  collapse,
  createLinkCollector,
  createTextWriter,
  DEFAULT_MAX_CHARS,
  DEFAULT_MAX_LINKS,
  type ExtractLimits,
  HIDDEN_ELEMENT,
  K_HEAD,
  K_PRE,
  K_RTL_OVERRIDE,
  K_SKIP,
  K_TITLE,
  kindOf,
  MAX_TITLE_CHARS,
  openElement,
  rtlOverride,
  S_PRE,
  type SheetHiding,
  sheetHiding,
  sheetHidingFromCss,
  textNode,
  type VisibleContent,
} from './visible-text';

/** The options linkedom parses HTML with, except attribute names (lower-cased here, as browsers do). */
const PARSER_OPTIONS = { lowerCaseAttributeNames: true, decodeEntities: true, xmlMode: false } as const;

const HAS_STYLE_ELEMENT = /<style/i;

/** The text of each <style> element, in page order (what querySelectorAll('style') finds). */
export function styleSheetsOf(html: string): string[] {
  const sheets: string[] = [];
  let depth = 0;
  let styleDepth = 0;
  let current: string[] = [];
  const parser = new DepthBoundParser(
    {
      onopentag(name) {
        depth++;
        if (styleDepth === 0 && name === 'style') {
          styleDepth = depth;
          current = [];
        }
      },
      ontext(text) {
        if (styleDepth > 0) current.push(text);
      },
      onclosetag() {
        if (depth === styleDepth) {
          sheets.push(current.join(''));
          styleDepth = 0;
        }
        depth--;
      },
    },
    PARSER_OPTIONS,
  );
  parser.end(html);
  return sheets;
}

/** Attributes of the element being opened, read like a DOM element's. */
class AttributeView {
  attribs: Record<string, string> = {};
  getAttribute(name: string): string | null {
    return Object.hasOwn(this.attribs, name) ? this.attribs[name]! : null;
  }
}

export function extractVisibleContentStreaming(html: string, baseUrl: string, limits: ExtractLimits = {}): VisibleContent {
  return visibleContent(html, baseUrl, limits, null);
}

/** The visible content; `structure`, when given, is fed the first pass's tokenizer events too. */
function visibleContent(html: string, baseUrl: string, limits: ExtractLimits, structure: StructureCollector | null): VisibleContent {
  // One pass as if the page's style sheets hid nothing, collecting the sheets and the class and id
  // of every element walked. If the sheets hide none of those elements, that pass saw what the
  // DOM walk sees (it can only differ from the first walked element a sheet hides); otherwise a
  // second pass applies the sheets.
  const first = walk(html, baseUrl, limits, null, HAS_STYLE_ELEMENT.test(html), structure);
  if (first.sheets === null || first.sheets.length === 0) return first.content;
  const hiding = sheetHidingFromCss(first.sheets);
  if (hiding === null) return first.content;
  const { ids, classes } = first;
  let affected = false;
  for (let i = 0; i < ids.length && !affected; i++) affected = sheetHiding(ids[i]!, classes[i]!, hiding) !== 0;
  return affected ? walk(html, baseUrl, limits, hiding, false, null).content : first.content;
}

interface WalkResult {
  content: VisibleContent;
  /** Text of each <style> element, when collected. */
  sheets: string[] | null;
  /** id and class attributes of the walked elements that have either (null where absent). */
  ids: Array<string | null>;
  classes: Array<string | null>;
}

function walk(
  html: string,
  baseUrl: string,
  limits: ExtractLimits,
  hiding: SheetHiding | null,
  collectSheets: boolean,
  structure: StructureCollector | null,
): WalkResult {
  const sheets: string[] | null = collectSheets ? [] : null;
  let styleDepth = 0;
  let styleParts: string[] = [];
  const ids: Array<string | null> = [];
  const classes: Array<string | null> = [];
  const out = createTextWriter(limits.maxChars ?? DEFAULT_MAX_CHARS);
  const links = createLinkCollector(baseUrl, limits.maxLinks ?? DEFAULT_MAX_LINKS);
  const view = new AttributeView();

  // Open elements that are walked (not inside a skipped or hidden one): kind and the state to restore.
  const stackKind: number[] = [];
  const stackState: number[] = [];
  let state = 0;
  let depth = 0; // every open element
  let skipDepth = 0; // > 0: inside a skipped or hidden element (1 = that element itself)
  let stopped = false; // the text limit was reached: the walk stops, as the DOM walk does

  // The title as the walk finds it.
  let title: string | null = null;
  let titleDepth = 0; // depth of the <title> whose text is being collected
  let titleParts: string[] = [];
  let headDepth = 0; // a skipped <head> whose direct child <title> would be the title
  // linkedom's document.title: the first <title> in the root element's first child, if that is a <head>.
  let rootOpen = false;
  let rootSeen = false;
  let rootChildSeen = false;
  let fallbackHeadDepth = 0;
  let fallbackTitleDepth = 0;
  let fallbackTitle: string | null = null;
  let fallbackParts: string[] = [];

  const parser = new DepthBoundParser(
    {
      onopentag(name, attribs) {
        const upper = name.toUpperCase();
        structure?.onopentag(upper, attribs);
        depth++;
        if (sheets !== null && styleDepth === 0 && name === 'style') {
          styleDepth = depth;
          styleParts = [];
        }
        if (depth === 1 && !rootSeen) {
          rootSeen = true;
          rootOpen = true;
        } else if (depth === 2 && rootOpen && !rootChildSeen) {
          rootChildSeen = true;
          if (upper === 'HEAD') fallbackHeadDepth = depth;
        } else if (fallbackHeadDepth > 0 && fallbackTitle === null && fallbackTitleDepth === 0 && upper === 'TITLE') {
          fallbackTitleDepth = depth;
          fallbackParts = [];
        }

        if (skipDepth > 0) {
          skipDepth++;
          if (headDepth > 0 && depth === headDepth + 1 && title === null && titleDepth === 0 && kindOf(upper) & K_TITLE) {
            titleDepth = depth;
            titleParts = [];
          }
          return;
        }
        if (stopped) return;
        if (out.full) {
          stopped = true;
          return;
        }
        const kind = kindOf(upper);
        if (kind & K_SKIP) {
          if (kind & K_TITLE) {
            if (title === null && titleDepth === 0) {
              titleDepth = depth;
              titleParts = [];
            }
          } else if (kind & K_HEAD && title === null && titleDepth === 0) headDepth = depth;
          out.boundary();
          skipDepth = 1;
          return;
        }
        let childState = state;
        let override = 0;
        for (const _ in attribs) {
          view.attribs = attribs;
          if (collectSheets) {
            const id = view.getAttribute('id');
            const cls = view.getAttribute('class');
            if (id !== null || cls !== null) {
              ids.push(id);
              classes.push(cls);
            }
          }
          childState = openElement(kind, view, state, hiding, out, links);
          if (childState !== HIDDEN_ELEMENT) override = rtlOverride(kind, view);
          break;
        }
        if (childState === HIDDEN_ELEMENT) {
          out.boundary();
          skipDepth = 1;
          return;
        }
        if (kind & K_PRE) childState |= S_PRE;
        out.separate(kind);
        if (override) out.openOverride();
        stackKind.push(kind | override);
        stackState.push(state);
        state = childState;
      },

      ontext(text) {
        structure?.ontext(text);
        if (styleDepth > 0) styleParts.push(text);
        if (titleDepth > 0) titleParts.push(text);
        if (fallbackTitleDepth > 0) fallbackParts.push(text);
        if (skipDepth > 0 || stopped) return;
        if (out.full) {
          stopped = true;
          return;
        }
        textNode(text, state, out);
      },

      oncomment() {
        if (skipDepth > 0 || stopped) return;
        if (out.full) stopped = true;
        else out.boundary();
      },

      onclosetag() {
        structure?.onclosetag();
        if (depth === styleDepth) {
          sheets!.push(styleParts.join(''));
          styleDepth = 0;
          styleParts = [];
        }
        if (depth === titleDepth) {
          title = collapse(titleParts.join('')).slice(0, MAX_TITLE_CHARS);
          titleDepth = 0;
          titleParts = [];
        }
        if (depth === fallbackTitleDepth) {
          fallbackTitle = fallbackParts.join('');
          fallbackTitleDepth = 0;
          fallbackParts = [];
        }
        if (depth === headDepth) headDepth = 0;
        if (depth === fallbackHeadDepth) fallbackHeadDepth = 0;
        if (depth === 1) rootOpen = false;
        depth--;
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        if (stopped) return;
        const kind = stackKind.pop()!;
        out.separate(kind);
        if (kind & K_RTL_OVERRIDE) out.closeOverride();
        state = stackState.pop()!;
      },
    },
    PARSER_OPTIONS,
  );
  parser.end(html);

  if (title === null) title = collapse(fallbackTitle ?? '').slice(0, MAX_TITLE_CHARS);
  return { content: { title, text: out.result(), links: links.links }, sheets, ids, classes };
}

/**
 * HTML text → PageSnapshot, like htmlToSnapshot (html-to-snapshot.ts) but without a DOM: the
 * visible text, title and links, and the page structure the verdict also reads
 * (stream-page-structure.ts), both from one tokenizer pass.
 */
export function htmlToSnapshotStreaming(html: string, url: string, limits?: ExtractLimits): PageSnapshot {
  // One tokenizer pass reads both the visible content and the page structure.
  const collector = createStructureCollector();
  const { title, text, links } = visibleContent(html, url, limits ?? {}, collector);
  const structure = collector.finish();
  return title ? { url, title, text, links, structure } : { url, text, links, structure };
}
