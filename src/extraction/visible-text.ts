/**
 * What text a person sees on a page: one implementation of the rules for the extension's content
 * script (the real DOM), for linkedom documents (html-to-snapshot.ts), and, through the exported
 * writer, link collector and element rules, for the CLI's streaming reader
 * (stream-visible-text.ts, htmlparser2 events instead of a DOM).
 *
 * The walk is iterative with an explicit stack (hostile pages nest elements 100,000 deep) and uses
 * only standard DOM members that linkedom also implements: nodeType, nodeName, childNodes (of the
 * document only), firstChild, nextSibling, hasAttributes, getAttribute, nodeValue and textContent. Text is collected as parts
 * in an array and joined once.
 *
 * Output rules:
 * - Not rendered, skipped with everything inside: script, style, noscript, template, head, iframe,
 *   object, embed, canvas, svg (and a few more that never show their content: video, audio,
 *   datalist, noframes, noembed, title), elements with a `hidden` attribute, elements whose
 *   inline style says `display: none`, and elements the page's own <style> sheets hide with a
 *   simple top-level rule on a class or id (`.seo-links { display: none }`, `#spam{visibility:
 *   hidden}`); rules inside @media and other at-rules, and complex selectors, are not read, so
 *   the CLI and the content script see the same text without computing styles.
 * - `visibility: hidden` (or `collapse`) in an inline style hides the element's text but keeps
 *   its place (a gap); a descendant with `visibility: visible` shows again, as in CSS.
 * - Block elements (p, div, li, tr, h1-h6, br, ...) start and end a line; table cells are
 *   separated by a tab; buttons, inputs, selects and text areas by a space.
 * - Inline elements join text with no separator. Where a word runs across an element boundary
 *   (a letter or digit on both sides, `Xa<span>nax</span>`), SPLIT_MARK (U+2063) is inserted so
 *   the detector can tell the word was split. Comments and skipped elements count as boundaries.
 * - Whitespace runs collapse to one space (inside pre and textarea, line breaks are kept), lines
 *   are trimmed, empty lines dropped, lines joined with '\n'.
 * - Visible buttons: `<button>` text and the value of input type=submit/button/reset.
 * - Alternative and advisory text, as a screen reader reads it: the `alt` of images, image
 *   areas and input type=image, and the `title` of images, links, buttons and inputs (a
 *   title equal to the alt text is read once), each set apart by spaces.
 * - Text shown reversed (`<bdo dir="rtl">`, `unicode-bidi: bidi-override; direction: rtl`) is
 *   wrapped in U+202E … U+202C, as the page would with the characters themselves.
 * - Links: href of visible a elements resolved against baseUrl, kept when http(s), mailto: or
 *   tel:, de-duplicated, in page order, at most maxLinks. Fragment-only links (#top) are skipped.
 */
import { SPLIT_MARK } from '../core/text/split-mark';

export interface ExtractLimits {
  /** Upper bound on the text's length in UTF-16 units (default 5,000,000). */
  maxChars?: number;
  /** Upper bound on the number of links collected (default 500). */
  maxLinks?: number;
}

export interface VisibleContent {
  title: string;
  /** Visible text: one line per block, lines joined with '\n'. */
  text: string;
  /** Absolute http(s), mailto: and tel: link targets, in page order, de-duplicated. */
  links: string[];
}

export const DEFAULT_MAX_CHARS = 5_000_000;
export const DEFAULT_MAX_LINKS = 500;
export const MAX_TITLE_CHARS = 1_000;
const MAX_HREF_CHARS = 8_192;
/** Alt and title text read per element, at most. */
const MAX_ATTRIBUTE_CHARS = 1_000;

// Element kinds (bit flags). Exported for the streaming reader (stream-visible-text.ts).
export const K_SKIP = 1; // not rendered: skip with all descendants
export const K_BLOCK = 2; // line break before and after
export const K_CELL = 4; // tab before and after
export const K_SPACED = 8; // space before and after (inline-block controls)
export const K_LINK = 16; // a[href]
export const K_INPUT = 32; // shows its value attribute
export const K_PRE = 64; // keeps line breaks in its text
export const K_TITLE = 128; // the page title (not part of the text)
export const K_HEAD = 256; // skipped, but holds the title
export const K_IMAGE = 512; // shows its alt text (and title)
export const K_CONTROL = 1024; // a button: its title is read
export const K_BDO = 2048; // bdo: its dir attribute can reverse its text

/** Not a kind of element: set on an open element whose text is shown reversed (see rtlOverride). */
export const K_RTL_OVERRIDE = 1 << 12;
const RLO = '\u202e';
const PDF = '\u202c';
const BIDI_OVERRIDE = /unicode-bidi\s*:\s*(?:bidi|isolate)-override/i;
const DIRECTION_RTL = /direction\s*:\s*rtl/i;

/**
 * `<bdo dir="rtl">` and `unicode-bidi: bidi-override; direction: rtl` show their text reversed:
 * the extracted text wraps it in U+202E … U+202C, as the page would with the characters
 * themselves, so the detector reads it the way it is shown (src/core/text/bidi.ts).
 * Returns K_RTL_OVERRIDE for such an element (of this kind, with these attributes), else 0.
 */
export function rtlOverride(kind: number, el: { getAttribute(name: string): string | null }): number {
  if (kind & K_BDO) return (el.getAttribute('dir') ?? '').trim().toLowerCase() === 'rtl' ? K_RTL_OVERRIDE : 0;
  const style = el.getAttribute('style');
  return style !== null && BIDI_OVERRIDE.test(style) && DIRECTION_RTL.test(style) ? K_RTL_OVERRIDE : 0;
}

const KINDS = new Map<string, number>();
const define = (names: string, kind: number) => {
  for (const n of names.split(' ')) KINDS.set(n, kind);
};
define(
  'SCRIPT STYLE NOSCRIPT TEMPLATE IFRAME OBJECT EMBED CANVAS SVG VIDEO AUDIO DATALIST NOFRAMES NOEMBED FRAMESET FRAME APPLET META LINK BASE PARAM SOURCE TRACK',
  K_SKIP,
);
define('HEAD', K_SKIP | K_HEAD);
define('TITLE', K_SKIP | K_TITLE);
define(
  'HTML BODY P DIV LI TR H1 H2 H3 H4 H5 H6 BR SECTION ARTICLE HEADER FOOTER NAV ASIDE MAIN UL OL MENU DIR TABLE THEAD TBODY TFOOT CAPTION ' +
    'BLOCKQUOTE FORM FIGURE FIGCAPTION DT DD DL ADDRESS HR OPTION OPTGROUP DETAILS SUMMARY FIELDSET LEGEND CENTER HGROUP SEARCH DIALOG',
  K_BLOCK,
);
define('PRE LISTING XMP PLAINTEXT', K_BLOCK | K_PRE);
define('TD TH', K_CELL);
define('BUTTON', K_SPACED | K_CONTROL);
define('SELECT', K_SPACED);
define('IMG AREA', K_IMAGE);
define('BDO', K_BDO);
define('TEXTAREA', K_SPACED | K_PRE);
define('INPUT', K_SPACED | K_INPUT);
define('A', K_LINK);
// Common inline elements, listed so that the lookup needs no case conversion.
define(
  'SPAN B I U S EM STRONG SMALL BIG MARK CODE FONT ABBR CITE Q TIME LABEL BDI DATA DFN KBD SAMP VAR INS DEL STRIKE TT NOBR WBR SUB SUP PICTURE OUTPUT METER PROGRESS RUBY RT RP',
  0,
);

/** The kind of an element from its nodeName (upper case for HTML elements, as written for SVG and MathML). */
export function kindOf(name: string): number {
  const k = KINDS.get(name);
  if (k !== undefined) return k;
  // SVG and MathML elements and XHTML documents report lower-case names.
  return KINDS.get(name.toUpperCase()) ?? 0;
}

// Pending separator before the next text, strongest wins.
const SEP_NONE = 0;
const SEP_SPACE = 1;
const SEP_CELL = 2;
const SEP_LINE = 3;
const SEPARATOR: readonly string[] = ['', ' ', '\t', '\n'];

// Walk state saved per open element.
export const S_INVISIBLE = 1; // visibility: hidden in effect
export const S_PRE = 2; // inside pre/textarea

// What an inline style says (bit flags).
export const STYLE_DISPLAY_NONE = 1;
export const STYLE_VISIBILITY_HIDDEN = 2;
export const STYLE_VISIBILITY_VISIBLE = 4;

const STYLE_HINT = /display|visibility/i;
const IMPORTANT = /!\s*important\s*$/i;

/**
 * Reads `display` and `visibility` from an inline style attribute, tolerantly: any case and
 * spacing, comments, `!important`; later declarations win unless an earlier one is important.
 */
export function parseInlineStyle(style: string): number {
  if (!STYLE_HINT.test(style)) return 0;
  const css = style.includes('/*') ? style.replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ') : style;
  let display = '';
  let displayImportant = false;
  let visibility = '';
  let visibilityImportant = false;
  for (const decl of css.split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const prop = decl.slice(0, colon).trim().toLowerCase();
    if (prop !== 'display' && prop !== 'visibility') continue;
    let value = decl
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    const important = IMPORTANT.test(value);
    if (important) value = value.replace(IMPORTANT, '').trim();
    if (prop === 'display') {
      if (important || !displayImportant) {
        display = value;
        displayImportant = important;
      }
    } else if (important || !visibilityImportant) {
      visibility = value;
      visibilityImportant = important;
    }
  }
  let out = 0;
  if (display === 'none') out |= STYLE_DISPLAY_NONE;
  if (visibility === 'hidden' || visibility === 'collapse') out |= STYLE_VISIBILITY_HIDDEN;
  else if (visibility === 'visible') out |= STYLE_VISIBILITY_VISIBLE;
  return out;
}

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

function isWordCodePoint(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  return WORD_CHAR.test(String.fromCodePoint(c));
}

function firstIsWord(s: string): boolean {
  return isWordCodePoint(s.codePointAt(0)!);
}

function lastIsWord(s: string): boolean {
  let i = s.length - 1;
  const c = s.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) i--;
  return isWordCodePoint(s.codePointAt(i)!);
}

const WS_RUN = /\s+/g;
/** Whitespace that collapsing would change: anything but a single plain space. */
const WS_TO_COLLAPSE = /[^\S ]| {2}/;
const LINE_BREAK = /\r\n?|\n/;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const LINK_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);
const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/** Resolves an href to an absolute http(s), mailto: or tel: URL; null for anything else. */
export function resolveLink(href: string, base: URL | undefined): string | null {
  const h = href.trim();
  if (h === '' || h.length > MAX_HREF_CHARS || h.charCodeAt(0) === 35 /* # */) return null;
  const scheme = SCHEME.exec(h);
  if (scheme && !LINK_SCHEMES.has(scheme[1]!.toLowerCase())) return null;
  let url: URL;
  try {
    url = new URL(h, base);
  } catch {
    return null;
  }
  return LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
}

export function collapse(s: string): string {
  return s.replace(WS_RUN, ' ').trim();
}

/**
 * Collects the visible title, text and links of a document (real DOM or linkedom). Never throws
 * on page content; cost is linear in the number of nodes plus the length of the text.
 */
/** Classes and ids that the page's style sheets hide (value: STYLE_* flags). */
export interface SheetHiding {
  classes: Map<string, number>;
  ids: Map<string, number>;
}

const MAX_SHEET_CHARS = 1_000_000;
const SIMPLE_SELECTOR = /^[a-z0-9-]*([.#])([\w-]+)$/i;

/** Reads top-level rules of the page's <style> elements that hide a single class or id. */
export function collectSheetHiding(doc: Document): SheetHiding | null {
  let styles: ArrayLike<Element>;
  try {
    styles = doc.querySelectorAll('style');
  } catch {
    return null;
  }
  const sheets: string[] = [];
  for (let i = 0; i < styles.length; i++) sheets.push(styles[i]!.textContent ?? '');
  return sheetHidingFromCss(sheets);
}

/**
 * The classes and ids that style sheets (the text of each <style> element, in page order) hide
 * with a simple top-level rule; at most MAX_SHEET_CHARS of CSS are read in all.
 */
export function sheetHidingFromCss(sheets: readonly string[]): SheetHiding | null {
  const classes = new Map<string, number>();
  const ids = new Map<string, number>();
  let budget = MAX_SHEET_CHARS;
  for (let i = 0; i < sheets.length && budget > 0; i++) {
    const css = sheets[i]!.slice(0, budget);
    budget -= css.length;
    if (!STYLE_HINT.test(css)) continue;
    forEachTopLevelRule(css, (selectors, body) => {
      const flags = parseInlineStyle(body) & (STYLE_DISPLAY_NONE | STYLE_VISIBILITY_HIDDEN);
      if (flags === 0) return;
      for (const sel of selectors.split(',')) {
        const m = SIMPLE_SELECTOR.exec(sel.trim());
        if (!m) continue;
        const map = m[1] === '.' ? classes : ids;
        map.set(m[2]!, (map.get(m[2]!) ?? 0) | flags);
      }
    });
  }
  return classes.size > 0 || ids.size > 0 ? { classes, ids } : null;
}

/** Calls back with (selector text, declarations) for each rule at the top level of a sheet. */
function forEachTopLevelRule(css: string, rule: (selectors: string, body: string) => void): void {
  const text = css.includes('/*') ? css.replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ') : css;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) return;
    const selectors = text.slice(i, open).trim();
    // Find the matching close brace (at-rules nest blocks).
    let depth = 1;
    let j = open + 1;
    for (; j < text.length && depth > 0; j++) {
      const c = text.charCodeAt(j);
      if (c === 123) depth++;
      else if (c === 125) depth--;
    }
    const body = text.slice(open + 1, j - 1);
    if (!selectors.startsWith('@') && !body.includes('{')) rule(selectors.replace(/^[\s;}]+/, ''), body);
    i = j;
  }
}

/** What the page's style sheets say about an element with this id and class attribute (STYLE_* flags). */
export function sheetHiding(id: string | null, cls: string | null, hiding: SheetHiding): number {
  let flags = 0;
  if (hiding.ids.size > 0 && id !== null) flags |= hiding.ids.get(id) ?? 0;
  if (hiding.classes.size > 0 && cls !== null) for (const c of cls.split(/\s+/)) if (c) flags |= hiding.classes.get(c) ?? 0;
  return flags;
}

/**
 * The output side of the visible-text rules: separators, split marks, whitespace collapsing and
 * the length limit. Fed in document order by the DOM walk below and by the streaming reader
 * (stream-visible-text.ts), so both write text the same way.
 */
export interface TextWriter {
  /** One text node's worth of text (whitespace not yet collapsed). */
  text(raw: string): void;
  /** Text inside pre or textarea: its line breaks are kept. */
  preText(raw: string): void;
  /** Text the page hides with visibility: hidden: it leaves a gap. */
  hiddenText(raw: string): void;
  /** A space before the next text (an input's value). */
  space(): void;
  /** The separation an element of this kind makes where it opens and where it closes. */
  separate(kind: number): void;
  /** An element boundary (comment, skipped or hidden element) since the last text. */
  boundary(): void;
  /** Alt or title text: read as its own words, apart from the text around it. */
  attributeText(value: string | null): void;
  /** An element whose text is shown reversed opens: U+202E goes before its first text. */
  openOverride(): void;
  /** That element closes: U+202C ends it (nothing is written when it had no text). */
  closeOverride(): void;
  /** The text limit is reached: nothing more is written. */
  readonly full: boolean;
  result(): string;
}

export function createTextWriter(maxCharsLimit: number): TextWriter {
  const maxChars = Math.max(0, maxCharsLimit);
  const parts: string[] = [];
  let outLen = 0;
  let textFull = maxChars === 0;
  // Separator state between the text already written and the next text.
  let pending = SEP_NONE;
  let boundary = false; // an element boundary since the last text
  let lineHasText = false;
  let lastWord = false; // the last text ended with a letter or digit
  let pendingOverrides = 0; // right-to-left overrides opened, written just before the next text

  const append = (s: string) => {
    if (outLen + s.length <= maxChars) {
      parts.push(s);
      outLen += s.length;
      return;
    }
    let cut = s.slice(0, maxChars - outLen);
    const last = cut.charCodeAt(cut.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
    if (cut) parts.push(cut);
    outLen = maxChars;
    textFull = true;
  };

  /** Writes a non-empty, already collapsed and trimmed run of text. */
  const put = (core: string) => {
    if (lineHasText) {
      if (pending !== SEP_NONE) append(SEPARATOR[pending]!);
      else if (boundary && lastWord && firstIsWord(core)) append(SPLIT_MARK);
    }
    if (pendingOverrides > 0) {
      append(RLO.repeat(pendingOverrides));
      pendingOverrides = 0;
    }
    append(core);
    pending = SEP_NONE;
    boundary = false;
    lineHasText = true;
    lastWord = lastIsWord(core);
  };

  const want = (sep: number) => {
    if (sep > pending) pending = sep;
  };

  /** One text node's worth of text (whitespace not yet collapsed). */
  const text = (raw: string) => {
    const s = WS_TO_COLLAPSE.test(raw) ? raw.replace(WS_RUN, ' ') : raw;
    const n = s.length;
    if (n === 0) return;
    let start = 0;
    let end = n;
    if (s.charCodeAt(0) === 32) {
      want(SEP_SPACE);
      start = 1;
    }
    if (end > start && s.charCodeAt(end - 1) === 32) end--;
    if (end > start) put(start === 0 && end === n ? s : s.slice(start, end));
    if (end < n) want(SEP_SPACE);
  };

  const preText = (raw: string) => {
    const lines = raw.split(LINE_BREAK);
    for (let i = 0; i < lines.length && !textFull; i++) {
      if (i > 0) want(SEP_LINE);
      text(lines[i]!);
    }
  };

  /** The separation an element makes where it opens and where it closes. */
  const separate = (kind: number) => {
    if (kind & K_BLOCK) want(SEP_LINE);
    else if (kind & K_CELL) want(SEP_CELL);
    else if (kind & K_SPACED) want(SEP_SPACE);
    else boundary = true;
  };

  return {
    text,
    preText,
    hiddenText: (raw) => {
      if (raw.length > 0) want(SEP_SPACE);
    },
    space: () => want(SEP_SPACE),
    separate,
    boundary: () => {
      boundary = true;
    },
    attributeText: (value) => {
      if (value === null || value.trim() === '' || textFull) return;
      want(SEP_SPACE);
      text(value.length > MAX_ATTRIBUTE_CHARS ? value.slice(0, MAX_ATTRIBUTE_CHARS) : value);
      want(SEP_SPACE);
    },
    openOverride: () => {
      if (!textFull) pendingOverrides++;
    },
    closeOverride: () => {
      if (textFull) return;
      if (pendingOverrides > 0) pendingOverrides--;
      else append(PDF);
    },
    get full() {
      return textFull;
    },
    result: () => parts.join(''),
  };
}

/** Link targets of visible a elements: resolved, filtered, de-duplicated, at most maxLinks. */
export interface LinkCollector {
  add(href: string | null): void;
  readonly full: boolean;
  readonly links: string[];
}

export function createLinkCollector(baseUrl: string, maxLinksLimit: number): LinkCollector {
  const maxLinks = Math.max(0, maxLinksLimit);
  let base: URL | undefined;
  try {
    base = new URL(baseUrl);
  } catch {
    base = undefined;
  }
  const links: string[] = [];
  const seen = new Set<string>();
  let full = maxLinks === 0;
  return {
    add(href) {
      if (full) return;
      const link = href === null ? null : resolveLink(href, base);
      if (link !== null && !seen.has(link)) {
        seen.add(link);
        links.push(link);
        if (links.length >= maxLinks) full = true;
      }
    },
    get full() {
      return full;
    },
    links,
  };
}

/** openElement's answer for an element that is hidden with everything inside it. */
export const HIDDEN_ELEMENT = -1;

/**
 * The rules for an element's attributes (hidden, inline style, the page's style sheets): returns
 * HIDDEN_ELEMENT when the element is not shown, otherwise the walk state for its children.
 * Collects the link of a visible a element, writes the value of a visible input button and the
 * alt and title text of visible images, links and controls.
 */
export function openElement(
  kind: number,
  el: { getAttribute(name: string): string | null },
  state: number,
  hiding: SheetHiding | null,
  out: TextWriter,
  links: LinkCollector,
): number {
  let childState = state;
  if (el.getAttribute('hidden') !== null) return HIDDEN_ELEMENT;
  const style = el.getAttribute('style');
  if (style !== null) {
    const st = parseInlineStyle(style);
    if (st & STYLE_DISPLAY_NONE) return HIDDEN_ELEMENT;
    if (st & STYLE_VISIBILITY_HIDDEN) childState |= S_INVISIBLE;
    else if (st & STYLE_VISIBILITY_VISIBLE) childState &= ~S_INVISIBLE;
  }
  if (hiding !== null) {
    const st = sheetHiding(el.getAttribute('id'), el.getAttribute('class'), hiding);
    if (st & STYLE_DISPLAY_NONE) return HIDDEN_ELEMENT;
    if (st & STYLE_VISIBILITY_HIDDEN) childState |= S_INVISIBLE;
  }
  const visible = (childState & S_INVISIBLE) === 0;
  if (kind & K_LINK && !links.full && visible) links.add(el.getAttribute('href'));
  if (kind & K_INPUT && visible && !out.full) {
    const type = (el.getAttribute('type') ?? '').trim().toLowerCase();
    if (type === 'submit' || type === 'button' || type === 'reset') {
      const value = el.getAttribute('value');
      if (value !== null) {
        out.space();
        out.text(value);
      }
    } else if (type === 'image') out.attributeText(el.getAttribute('alt'));
  }
  if (kind & (K_IMAGE | K_LINK | K_INPUT | K_CONTROL) && visible && !out.full) {
    const alt = kind & K_IMAGE ? el.getAttribute('alt') : null;
    out.attributeText(alt);
    const title = el.getAttribute('title');
    if (title !== alt) out.attributeText(title);
  }
  return childState;
}

/** A text node's text, in the walk state of its parent. */
export function textNode(raw: string, state: number, out: TextWriter): void {
  if (out.full) return;
  if (state & S_INVISIBLE) out.hiddenText(raw);
  else if (state & S_PRE && (raw.includes('\n') || raw.includes('\r'))) out.preText(raw);
  else out.text(raw);
}

/**
 * A read of a document's visible text that can stop and go on later: `read(shouldYield)` walks
 * until the walk is done (true) or `shouldYield()` says to stop for now (false; it is asked every
 * few dozen nodes). The text is the same however the read is sliced, as long as the document does
 * not change in between (extractVisibleContent is one read without a stop). A document that
 * changes between slices is still walked safely: where the page removed the element being read (or
 * the node to read next) the read starts again from the top (after MAX_RESTARTS, it finishes in
 * one go), and at most MAX_READ_VISITS nodes are visited, so a page that keeps moving nodes cannot
 * keep a read going for ever.
 */
export interface VisibleTextRead {
  read(shouldYield: () => boolean): boolean;
  /** Characters of text read so far. */
  readonly chars: number;
  /** The text limit (maxChars) ended the read: the page has more text than the result holds. */
  readonly cut: boolean;
  result(): VisibleContent;
}

/** Nodes one read visits, at most (a static page visits each node once). */
const MAX_READ_VISITS = 2_000_000;
/** Times a sliced read starts again after the page removed what it was reading; then it reads in one go. */
const MAX_RESTARTS = 2;
/** How often (in nodes) a sliced read asks whether to stop. */
const YIELD_CHECK_NODES = 32;

export function extractVisibleContent(doc: Document, baseUrl: string, limits: ExtractLimits = {}): VisibleContent {
  const reader = startVisibleTextRead(doc, baseUrl, limits);
  reader.read(() => false);
  return reader.result();
}

export function startVisibleTextRead(doc: Document, baseUrl: string, limits: ExtractLimits = {}): VisibleTextRead {
  const hiddenBySheet = collectSheetHiding(doc);
  let out = createTextWriter(limits.maxChars ?? DEFAULT_MAX_CHARS);
  let links = createLinkCollector(baseUrl, limits.maxLinks ?? DEFAULT_MAX_LINKS);
  let title: string | null = null;
  let chars = 0;
  let done = false;
  let visits = 0;
  let restarts = 0;

  const captureTitle = (el: Node) => {
    if (title === null) title = collapse(el.textContent ?? '').slice(0, MAX_TITLE_CHARS);
  };

  // Explicit stack of open elements, with the walk state to restore when each one closes.
  let stackNode: Node[] = [];
  const stackKind: number[] = [];
  const stackState: number[] = [];
  let sp = 0;
  let state = 0;

  // Top-level nodes come from childNodes: in linkedom, a doctype's nextSibling is always null.
  const top = doc.childNodes;
  let topIndex = 0;
  const nextOf = (n: Node): Node | null => (sp === 0 ? (top[topIndex++] ?? null) : n.nextSibling);

  let node: Node | null = top[topIndex++] ?? null;

  /** The page removed the element being read, or the node to read next, since the last slice: the place in the walk is lost. */
  const lostPlace = () => sp > 0 && node !== null && (!stackNode[sp - 1]!.isConnected || node.parentNode !== stackNode[sp - 1]);
  const restart = () => {
    out = createTextWriter(limits.maxChars ?? DEFAULT_MAX_CHARS);
    links = createLinkCollector(baseUrl, limits.maxLinks ?? DEFAULT_MAX_LINKS);
    title = null;
    chars = 0;
    stackNode = [];
    sp = 0;
    state = 0;
    topIndex = 0;
    node = top[topIndex++] ?? null;
  };
  const walk = (shouldYield: () => boolean): boolean => {
    let sinceCheck = 0;
    for (;;) {
      if (node === null) {
        if (sp === 0) return true;
        sp--;
        const closed = stackNode[sp]!;
        out.separate(stackKind[sp]!);
        if (stackKind[sp]! & K_RTL_OVERRIDE) out.closeOverride();
        state = stackState[sp]!;
        stackNode[sp] = undefined as unknown as Node; // let the collector have it
        node = nextOf(closed);
        continue;
      }
      // Past the text limit the walk stops: links after it are not collected either.
      if (out.full || ++visits > MAX_READ_VISITS) return true;
      if (++sinceCheck === YIELD_CHECK_NODES) {
        sinceCheck = 0;
        if (shouldYield()) return false;
      }

      const type = node.nodeType;
      if (type === 3 /* TEXT_NODE */ || type === 4 /* CDATA_SECTION_NODE */) {
        const raw = node.nodeValue ?? '';
        chars += raw.length;
        textNode(raw, state, out);
        node = nextOf(node);
        continue;
      }
      if (type !== 1 /* ELEMENT_NODE */) {
        if (type === 8 /* COMMENT_NODE */) out.boundary();
        node = nextOf(node);
        continue;
      }

      const el = node as Element;
      const kind = kindOf(el.nodeName);
      if (kind & K_SKIP) {
        if (kind & K_TITLE) captureTitle(el);
        else if (kind & K_HEAD && title === null) {
          for (let c = el.firstChild; c !== null; c = c.nextSibling) {
            if (c.nodeType === 1 && kindOf(c.nodeName) & K_TITLE) {
              captureTitle(c);
              break;
            }
          }
        }
        out.boundary();
        node = nextOf(el);
        continue;
      }

      let childState = state;
      let override = 0;
      if (el.hasAttributes()) {
        childState = openElement(kind, el, state, hiddenBySheet, out, links);
        if (childState === HIDDEN_ELEMENT) {
          out.boundary();
          node = nextOf(el);
          continue;
        }
        override = rtlOverride(kind, el);
      }
      if (kind & K_PRE) childState |= S_PRE;

      out.separate(kind);
      const first: Node | null = el.firstChild;
      if (first !== null) {
        if (override) out.openOverride();
        stackNode[sp] = el;
        stackKind[sp] = kind | override;
        stackState[sp] = state;
        sp++;
        state = childState;
        node = first;
        continue;
      }
      out.separate(kind); // closing an empty element separates like closing any other
      node = nextOf(el);
    }
  };

  return {
    read(shouldYield) {
      if (done) return true;
      if (lostPlace()) {
        // Read again from the top; a page that keeps pulling the text away is then read in one go.
        restart();
        if (++restarts > MAX_RESTARTS) shouldYield = () => false;
      }
      done = walk(shouldYield);
      return done;
    },
    get chars() {
      return chars;
    },
    get cut() {
      return out.full;
    },
    result() {
      if (title === null) {
        // No <title> element: a title set by script (real DOM). Read only now: linkedom's getter
        // inserts a <head> when the document has none.
        try {
          const t = (doc as { title?: unknown }).title;
          title = typeof t === 'string' ? collapse(t).slice(0, MAX_TITLE_CHARS) : '';
        } catch {
          title = '';
        }
      }
      return { title, text: out.result(), links: links.links };
    },
  };
}
