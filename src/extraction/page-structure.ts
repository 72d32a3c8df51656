/**
 * What a page is, from its markup rather than its words: structured data (schema.org types in
 * JSON-LD and microdata, og:type), article markup and scholarly metadata, price elements,
 * cart/checkout/quantity controls, prescription upload fields, and the short texts that name
 * what the page sells (product titles, product cards with a price or a cart control, price-table
 * rows). One implementation of the rules (pageStructureOf) for the content script (real DOM) and
 * linkedom (extractPageStructure: standard selectors and textContent only) and for the CLI's
 * streaming reader (stream-page-structure.ts: the same elements found from tokenizer events).
 * Bounded on hostile pages (counts, lengths, a text budget).
 */
import type { PageStructure } from '../core/analyze-page';

export const MAX_PRODUCTS = 200;
export const MAX_PRODUCT_CHARS = 300;
export const MAX_TYPES = 50;
const MAX_JSON_LD_CHARS = 200_000;
const MAX_JSON_NODES = 2_000;
const MAX_CANDIDATES = 3_000;
/** Characters of textContent read while looking for product cards, at most. */
const TEXT_BUDGET = 2_000_000;
/** A product card is the largest ancestor of a price or cart control with at most this much text. */
const CARD_CHARS = 400;
const CARD_LEVELS = 6;

const PRODUCT_TYPES = /^(product|offer|aggregateoffer|individualproduct|productgroup|productmodel)$/;
const CART_TEXT =
  /^(add to (cart|basket|bag)|buy( it)? now|order now|checkout|proceed to checkout|in den warenkorb|jetzt kaufen|ajouter au panier|acheter|añadir al carrito|agregar al carrito|comprar( ahora)?|aggiungi al carrello|acquista|adicionar ao carrinho|comprar agora|sepete ekle|satın al|в корзину|купить|thêm vào giỏ|mua ngay|कार्ट में जोड़ें|अभी खरीदें)\b/i;
const CART_ATTR = /add[-_]?to[-_]?(cart|basket|bag)|addtocart|buy[-_]?now|checkout|cart[-_]?button|quantity|qty/i;
export const PRICE_TEXT = /[$€£₹¥₽₺₫]\s?\d|\d\s?(€|₽|₺|₫|usd|eur|руб|zł|kč)|\b(r\$|rs\.?|inr|usd|eur|gbp)\s?\d/i;

const PRICES = new RegExp(PRICE_TEXT.source, 'gi');

function countPrices(s: string): number {
  return s.match(PRICES)?.length ?? 0;
}

function safeAll(root: ParentNode, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
  }
}

function clip(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > MAX_PRODUCT_CHARS ? t.slice(0, MAX_PRODUCT_CHARS) : t;
}

/**
 * The elements and facts the rules read, in document order, found by selectors on a DOM or by the
 * streaming reader. E is how the source names an element.
 */
export interface StructureSource<E> {
  /** script[type="application/ld+json"] */
  jsonLd: readonly E[];
  /** [itemtype] */
  microdata: readonly E[];
  /** content of the first meta[property="og:type"] */
  ogType: string | null | undefined;
  /** article elements */
  articles: number;
  /** [rel="author"], [itemprop="author"], meta[name="author"], .byline, .author */
  byline: boolean;
  /** meta[name="citation_title"], meta[name="citation_doi"], meta[name="dc.identifier"] */
  citation: boolean;
  /** input[type="file"] */
  fileUpload: boolean;
  /** [itemprop="price"], [class*="price"], [id*="price"] */
  priceElements: readonly E[];
  /** button, input[type="submit"], input[type="button"], input[type="number"], select, a[class], a[href*="cart"], form[action*="cart"] */
  cartCandidates: readonly E[];
  /** PRODUCT_TITLE_SELECTOR */
  productTitles: readonly E[];
  /** h1 */
  headings: readonly E[];
  /** tr */
  rows: readonly E[];
  /** Upper-case element name. */
  nameOf(el: E): string;
  attribute(el: E, name: string): string | null;
  /** textContent */
  textOf(el: E): string;
  /** parentElement */
  parentOf(el: E): E | null;
  /** The first descendant [itemprop="name"]. */
  itemNameOf(el: E): E | null;
  /** A descendant [itemprop="offers"]. */
  hasOffers(el: E): boolean;
}

export const PRODUCT_TITLE_SELECTOR =
  '[class*="product-title"], [class*="product-name"], [class*="product_title"], [class*="product_name"], [class*="productName"], [class*="productTitle"]';
export const PRODUCT_TITLE_CLASSES = ['product-title', 'product-name', 'product_title', 'product_name', 'productName', 'productTitle'];

export function extractPageStructure(doc: Document): PageStructure {
  const steps = pageStructureSteps(doc);
  while (!steps.step());
  return steps.result();
}

/**
 * extractPageStructure in steps of one selector query each, for a content script that reads the
 * page in idle time (a query is the smallest piece: one native call). `step()` answers true once
 * every query has run; `result()` then applies the rules.
 */
export function pageStructureSteps(doc: Document): { step(): boolean; result(): PageStructure } {
  const found: Partial<Record<'jsonLd' | 'microdata' | 'priceElements' | 'cartCandidates' | 'productTitles' | 'headings' | 'rows', Element[]>> = {};
  const facts: { ogType?: string | null; articles?: number; byline?: boolean; citation?: boolean; fileUpload?: boolean } = {};
  const steps: Array<() => void> = [
    () => (found.jsonLd = safeAll(doc, 'script[type="application/ld+json"]')),
    () => (found.microdata = safeAll(doc, '[itemtype]')),
    () => {
      facts.ogType = doc.querySelector('meta[property="og:type"]')?.getAttribute('content');
      facts.articles = safeAll(doc, 'article').length;
    },
    () => (facts.byline = doc.querySelector('[rel="author"], [itemprop="author"], meta[name="author"], .byline, .author') !== null),
    () => {
      facts.citation = doc.querySelector('meta[name="citation_title"], meta[name="citation_doi"], meta[name="dc.identifier"]') !== null;
      facts.fileUpload = doc.querySelector('input[type="file"]') !== null;
    },
    () => (found.priceElements = safeAll(doc, '[itemprop="price"], [class*="price"], [id*="price"]')),
    () =>
      (found.cartCandidates = safeAll(
        doc,
        'button, input[type="submit"], input[type="button"], input[type="number"], select, a[class], a[href*="cart"], form[action*="cart"]',
      )),
    () => (found.productTitles = safeAll(doc, PRODUCT_TITLE_SELECTOR)),
    () => {
      found.headings = safeAll(doc, 'h1');
      found.rows = safeAll(doc, 'tr');
    },
  ];
  let next = 0;
  return {
    step() {
      if (next < steps.length) steps[next++]!();
      return next >= steps.length;
    },
    result() {
      return pageStructureOf<Element>({
        jsonLd: found.jsonLd ?? [],
        microdata: found.microdata ?? [],
        ogType: facts.ogType,
        articles: facts.articles ?? 0,
        byline: facts.byline ?? false,
        citation: facts.citation ?? false,
        fileUpload: facts.fileUpload ?? false,
        priceElements: found.priceElements ?? [],
        cartCandidates: found.cartCandidates ?? [],
        productTitles: found.productTitles ?? [],
        headings: found.headings ?? [],
        rows: found.rows ?? [],
        nameOf: (el) => el.nodeName.toUpperCase(),
        attribute: (el, name) => el.getAttribute(name),
        textOf: (el) => el.textContent ?? '',
        parentOf: (el) => el.parentElement,
        itemNameOf: (el) => el.querySelector('[itemprop="name"]'),
        hasOffers: (el) => el.querySelector('[itemprop="offers"]') !== null,
      });
    },
  };
}

/** The rules: what the page is, from the elements a source found. */
export function pageStructureOf<E>(src: StructureSource<E>): PageStructure {
  const types = new Set<string>();
  const products: string[] = [];
  const seen = new Set<string>();
  const addProduct = (s: string | null | undefined) => {
    if (!s || products.length >= MAX_PRODUCTS) return;
    const t = clip(s);
    if (t.length < 2 || seen.has(t)) return;
    seen.add(t);
    products.push(t);
  };
  let budget = TEXT_BUDGET;
  const textOf = (el: E): string | null => {
    if (budget <= 0) return null;
    const t = src.textOf(el);
    budget -= t.length;
    return t;
  };

  // JSON-LD: types anywhere in the graph; names of products and offers.
  let jsonChars = 0;
  for (const script of src.jsonLd) {
    const raw = src.textOf(script);
    jsonChars += raw.length;
    if (jsonChars > MAX_JSON_LD_CHARS) break;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      continue;
    }
    const stack: unknown[] = [data];
    let nodes = 0;
    while (stack.length > 0 && nodes++ < MAX_JSON_NODES) {
      const v = stack.pop();
      if (Array.isArray(v)) {
        for (const x of v) stack.push(x);
        continue;
      }
      if (v === null || typeof v !== 'object') continue;
      const o = v as Record<string, unknown>;
      const t = o['@type'];
      const list = (Array.isArray(t) ? t : [t])
        .filter((x): x is string => typeof x === 'string')
        .map((x) =>
          x
            .toLowerCase()
            .replace(/^.*[/:]/, '')
            .slice(0, 100),
        );
      for (const x of list) if (types.size < MAX_TYPES) types.add(x);
      if (list.some((x) => PRODUCT_TYPES.test(x) || (x === 'drug' && o.offers !== undefined)) && typeof o.name === 'string') addProduct(o.name);
      for (const key in o) if (key !== '@context' && typeof o[key] === 'object') stack.push(o[key]);
    }
  }

  // Microdata.
  for (const el of src.microdata.slice(0, MAX_CANDIDATES)) {
    const type = (src.attribute(el, 'itemtype') ?? '').trim().toLowerCase().replace(/^.*\//, '');
    if (!type) continue;
    if (types.size < MAX_TYPES) types.add(type);
    if (PRODUCT_TYPES.test(type) || (type === 'drug' && src.hasOffers(el))) {
      const name = src.itemNameOf(el);
      addProduct(name !== null ? (src.attribute(name, 'content') ?? textOf(name)) : null);
    }
  }

  const ogType = src.ogType;
  if (ogType) types.add(`og:${ogType.trim().toLowerCase().slice(0, 40)}`);

  const priceEls = src.priceElements.slice(0, MAX_CANDIDATES);
  const cartEls: E[] = [];
  for (const el of src.cartCandidates) {
    if (cartEls.length >= MAX_CANDIDATES) break;
    const attrs = `${src.attribute(el, 'class') ?? ''} ${src.attribute(el, 'id') ?? ''} ${src.attribute(el, 'name') ?? ''} ${src.attribute(el, 'href') ?? ''} ${src.attribute(el, 'action') ?? ''}`;
    if (CART_ATTR.test(attrs)) {
      cartEls.push(el);
      continue;
    }
    const name = src.nameOf(el);
    if (name !== 'BUTTON' && name !== 'INPUT' && name !== 'A') continue;
    const label = name === 'INPUT' ? (src.attribute(el, 'value') ?? '') : src.textOf(el).slice(0, 60);
    if (CART_TEXT.test(label.trim())) cartEls.push(el);
  }

  // Product titles.
  for (const el of src.productTitles.slice(0, MAX_PRODUCTS)) addProduct(textOf(el));
  if (cartEls.length > 0) for (const h of src.headings.slice(0, 3)) addProduct(textOf(h));

  // Cards: around each price element and cart control, the largest ancestor with little text.
  const cartSet = new Set(cartEls);
  for (const el of [...cartEls.slice(0, MAX_PRODUCTS), ...priceEls.slice(0, MAX_PRODUCTS)]) {
    if (products.length >= MAX_PRODUCTS || budget <= 0) break;
    let card: E = el;
    let text = textOf(el);
    for (let level = 0; level < CARD_LEVELS && text !== null; level++) {
      const parent = src.parentOf(card);
      if (parent === null || src.nameOf(parent) === 'BODY') break;
      const t = textOf(parent);
      // The card ends where the text grows long or a second price shows (the list of cards).
      if (t === null || t.length > CARD_CHARS || countPrices(t) > Math.max(1, countPrices(text))) break;
      card = parent;
      text = t;
    }
    if (text !== null && card !== el && PRICE_TEXT.test(text)) addProduct(text);
    else if (text !== null && card !== el && cartSet.has(el)) addProduct(text);
  }

  // Price-table rows.
  let rows = 0;
  for (const tr of src.rows) {
    if (rows++ >= MAX_CANDIDATES || products.length >= MAX_PRODUCTS) break;
    const t = textOf(tr);
    if (t !== null && t.length <= CARD_CHARS && PRICE_TEXT.test(t)) addProduct(t);
  }

  return {
    types: [...types],
    articles: src.articles,
    byline: src.byline,
    citation: src.citation,
    priceElements: priceEls.length,
    cartControls: cartEls.length,
    fileUpload: src.fileUpload,
    products,
  };
}
