/**
 * htmlparser2's Parser with a bound on nesting like the browsers'. Blink and WebKit build at most
 * 512 levels (`kMaximumHTMLParserDOMTreeDepth`): an element deeper than that is put beside the
 * element at the last level instead of inside it. Here, past 512 open elements, a start tag ends
 * the innermost open element first, so the new one opens beside it. htmlparser2 has no
 * bound, and it keeps its open elements innermost-first, growing the array at the front
 * (`unshift`): every start and end tag costs time in proportion to the depth, so a page nested
 * 200,000 elements deep (1.4 MB, well under the CLI's 5 MB read) took 33 s to read and deeper
 * ones minutes, enough for one hostile record to stall a crawl-scale scan. (Upstream:
 * fb55/htmlparser2#2481 keeps the array outermost-first; unmerged as of December 2026.)
 *
 * With the bound the array never holds more than 512 names, and text is read inside the same
 * elements as in the DOM Chromium builds (which the content script reads), with one difference
 * that only a page nested deeper than 512 can show: Blink keeps the deeper elements open (a later
 * end tag comes back to them) while placing them side by side in the tree; here each one ends
 * when the next opens, so text after the end of a deeper element is read as part of the element
 * 511 levels down, an ancestor of the one Blink puts it in. Such text can only be shown to the
 * reader where Blink would hide it, never hidden where Blink shows it.
 */
import { type Handler, Parser, type ParserOptions } from 'htmlparser2';

/** Blink's and WebKit's bound on open elements while parsing. */
export const MAX_OPEN_ELEMENTS = 512;

/** htmlparser2's own lists (Parser.js): closing one of these leaves a foreign (SVG, MathML) context. */
const FOREIGN_CONTEXT = new Set(['math', 'svg', 'mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);

/** The Parser internals this bound works with (private in its types; checked at construction). */
interface ParserInternals {
  stack: string[];
  foreignContext: unknown[];
  cbs: Partial<Handler>;
  htmlMode: boolean;
}

export class DepthBoundParser extends Parser {
  constructor(cbs?: Partial<Handler> | null, options?: ParserOptions) {
    super(cbs, options);
    const own = this as unknown as ParserInternals;
    // A newer htmlparser2 that keeps these differently must fail here, loudly, not read unbounded.
    if (!Array.isArray(own.stack) || !Array.isArray(own.foreignContext) || typeof own.cbs !== 'object') {
      throw new Error('htmlparser2 changed: DepthBoundParser cannot see the open elements (see depth-bound-parser.ts)');
    }
  }

  override onopentagname(start: number, endIndex: number): void {
    const own = this as unknown as ParserInternals;
    if (own.stack.length >= MAX_OPEN_ELEMENTS) {
      // The innermost open element ends here (implied), as Parser ends elements a start tag
      // implies closed: its end is reported, then the new element opens beside it.
      const innermost = own.stack.shift()!;
      if (own.htmlMode && FOREIGN_CONTEXT.has(innermost)) own.foreignContext.shift();
      own.cbs.onclosetag?.(innermost, true);
    }
    super.onopentagname(start, endIndex);
  }
}
