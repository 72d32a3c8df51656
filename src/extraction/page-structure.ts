/**
 * What a page is, from its markup rather than its words: structured data (schema.org types in
 * JSON-LD and microdata, og:type), article markup and scholarly metadata, price elements,
 * cart/checkout/quantity controls, prescription upload fields, and the short texts that name
 * what the page sells (product titles, product cards with a price or a cart control, price-table
 * rows). One implementation for the content script (real DOM) and the CLI (linkedom): standard
 * selectors and textContent only. Bounded on hostile pages (counts, lengths, a text budget).
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

export function extractPageStructure(doc: Document): PageStructure {
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
  const textOf = (el: Element): string | null => {
    if (budget <= 0) return null;
    const t = el.textContent ?? '';
    budget -= t.length;
    return t;
  };

  // JSON-LD: types anywhere in the graph; names of products and offers.
  let jsonChars = 0;
  for (const script of safeAll(doc, 'script[type="application/ld+json"]')) {
    const raw = script.textContent ?? '';
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
      const list = (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase().replace(/^.*[/:]/, '').slice(0, 100));
      for (const x of list) if (types.size < MAX_TYPES) types.add(x);
      if (list.some((x) => PRODUCT_TYPES.test(x) || (x === 'drug' && o.offers !== undefined)) && typeof o.name === 'string') addProduct(o.name);
      for (const key in o) if (key !== '@context' && typeof o[key] === 'object') stack.push(o[key]);
    }
  }

  // Microdata.
  for (const el of safeAll(doc, '[itemtype]').slice(0, MAX_CANDIDATES)) {
    const type = (el.getAttribute('itemtype') ?? '').trim().toLowerCase().replace(/^.*\//, '');
    if (!type) continue;
    if (types.size < MAX_TYPES) types.add(type);
    if (PRODUCT_TYPES.test(type) || (type === 'drug' && el.querySelector('[itemprop="offers"]'))) {
      const name = el.querySelector('[itemprop="name"]');
      addProduct(name ? (name.getAttribute('content') ?? textOf(name)) : null);
    }
  }

  const ogType = doc.querySelector('meta[property="og:type"]')?.getAttribute('content');
  if (ogType) types.add(`og:${ogType.trim().toLowerCase().slice(0, 40)}`);

  const articles = safeAll(doc, 'article').length;
  const byline = doc.querySelector('[rel="author"], [itemprop="author"], meta[name="author"], .byline, .author') !== null;
  const citation = doc.querySelector('meta[name="citation_title"], meta[name="citation_doi"], meta[name="dc.identifier"]') !== null;
  const fileUpload = doc.querySelector('input[type="file"]') !== null;

  const priceEls = safeAll(doc, '[itemprop="price"], [class*="price"], [id*="price"]').slice(0, MAX_CANDIDATES);
  const cartEls: Element[] = [];
  for (const el of safeAll(doc, 'button, input[type="submit"], input[type="button"], input[type="number"], select, a[class], a[href*="cart"], form[action*="cart"]')) {
    if (cartEls.length >= MAX_CANDIDATES) break;
    const attrs = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''} ${el.getAttribute('name') ?? ''} ${el.getAttribute('href') ?? ''} ${el.getAttribute('action') ?? ''}`;
    if (CART_ATTR.test(attrs)) {
      cartEls.push(el);
      continue;
    }
    const name = el.nodeName.toUpperCase();
    if (name !== 'BUTTON' && name !== 'INPUT' && name !== 'A') continue;
    const label = name === 'INPUT' ? (el.getAttribute('value') ?? '') : (el.textContent ?? '').slice(0, 60);
    if (CART_TEXT.test(label.trim())) cartEls.push(el);
  }

  // Product titles.
  for (const el of safeAll(doc, '[class*="product-title"], [class*="product-name"], [class*="product_title"], [class*="product_name"], [class*="productName"], [class*="productTitle"]').slice(0, MAX_PRODUCTS)) {
    addProduct(textOf(el));
  }
  if (cartEls.length > 0) for (const h of safeAll(doc, 'h1').slice(0, 3)) addProduct(textOf(h));

  // Cards: around each price element and cart control, the largest ancestor with little text.
  const cartSet = new Set(cartEls);
  for (const el of [...cartEls.slice(0, MAX_PRODUCTS), ...priceEls.slice(0, MAX_PRODUCTS)]) {
    if (products.length >= MAX_PRODUCTS || budget <= 0) break;
    let card: Element = el;
    let text = textOf(el);
    for (let level = 0; level < CARD_LEVELS && text !== null; level++) {
      const parent = card.parentElement;
      if (!parent || parent.nodeName.toUpperCase() === 'BODY') break;
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
  for (const tr of safeAll(doc, 'tr')) {
    if (rows++ >= MAX_CANDIDATES || products.length >= MAX_PRODUCTS) break;
    const t = textOf(tr);
    if (t !== null && t.length <= CARD_CHARS && PRICE_TEXT.test(t)) addProduct(t);
  }

  return { types: [...types], articles, byline, citation, priceElements: priceEls.length, cartControls: cartEls.length, fileUpload, products };
}
