import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { extractPageStructure, MAX_PRODUCT_CHARS, MAX_PRODUCTS } from './page-structure';

const structureOf = (html: string) => extractPageStructure(parseHTML(html).document as unknown as Document);

describe('extractPageStructure: what the markup says the page is', () => {
  it('reads schema.org types from JSON-LD (graphs, arrays, full URLs) and product names', () => {
    const s = structureOf(`<html><head><script type="application/ld+json">
      {"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":["Product","Thing"],"name":"Xanax 2mg","offers":{"@type":"Offer","price":"3"}}]}
      </script><script type="application/ld+json">{"@type":"http://schema.org/NewsArticle"}</script></head><body></body></html>`);
    expect(s.types).toEqual(expect.arrayContaining(['webpage', 'product', 'thing', 'offer', 'newsarticle']));
    expect(s.products).toContain('Xanax 2mg');
  });

  it('survives broken or hostile JSON-LD', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const s = structureOf(`<script type="application/ld+json">{"@type": </script><script type="application/ld+json">${deep}</script>`);
    expect(s.types).toEqual([]);
  });

  it('takes a Drug without offers as a monograph type, not a product', () => {
    const s = structureOf('<script type="application/ld+json">{"@type":"Drug","name":"Oxycodone"}</script>');
    expect(s.types).toEqual(['drug']);
    expect(s.products).toEqual([]);
  });

  it('reads microdata products, og:type, article markup, bylines and scholarly metadata', () => {
    const s = structureOf(`<html><head><meta property="og:type" content="article"><meta name="citation_title" content="A study"></head><body>
      <article><p class="byline">By A. Writer</p></article>
      <div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Tramadol 100mg</span></div></body></html>`);
    expect(s.types).toEqual(expect.arrayContaining(['og:article', 'product']));
    expect(s.articles).toBe(1);
    expect(s.byline).toBe(true);
    expect(s.citation).toBe(true);
    expect(s.products).toContain('Tramadol 100mg');
  });

  it('counts cart controls by label (several languages), by class and by quantity fields', () => {
    const s = structureOf(`<body>
      <button>Add to cart</button><button>In den Warenkorb</button><a class="btn" href="/x">Ajouter au panier</a>
      <input type="submit" value="Comprar ahora"><a class="add_to_cart_button" href="?add=1">+</a><input type="number" name="quantity">
      <button>Read more</button><a class="nav" href="/about">About</a></body>`);
    expect(s.cartControls).toBe(6);
  });

  it('finds a prescription upload field', () => {
    expect(structureOf('<form><input type="file" name="rx"></form>').fileUpload).toBe(true);
    expect(structureOf('<form><input type="text"></form>').fileUpload).toBe(false);
  });

  it('takes one product card per price, not the list that holds them all', () => {
    const s = structureOf(`<body><main><h2>Shop</h2><ul>
      <li><span>Valium 10mg</span> <span class="price">$2.00</span> <button>Add to cart</button></li>
      <li><span>Ambien 10mg</span> <span class="price">$3.00</span> <button>Add to cart</button></li></ul></main></body>`);
    expect(s.priceElements).toBe(2);
    expect(s.products).toEqual(expect.arrayContaining(['Valium 10mg $2.00 Add to cart', 'Ambien 10mg $3.00 Add to cart']));
    expect(s.products.some((p) => p.includes('Valium') && p.includes('Ambien'))).toBe(false);
  });

  it('takes price-table rows, in local price formats too', () => {
    const s = structureOf(`<table><tr><th>Pack</th><th>Price</th></tr><tr><td>Cialis 20mg x 30 pills</td><td>$59.00</td></tr>
      <tr><td>Levitra 20mg x 10</td><td>49,00 €</td></tr><tr><td>Contact</td><td>none</td></tr></table>`);
    expect(s.products).toEqual(['Cialis 20mg x 30 pills$59.00', 'Levitra 20mg x 1049,00 €']);
  });

  it('is bounded on huge pages', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `<tr><td>Item ${i} ${'x'.repeat(50)}</td><td>$${i}</td></tr>`).join('');
    const s = structureOf(`<table>${rows}</table><h1 class="product-title">${'y'.repeat(5000)}</h1>`);
    expect(s.products.length).toBeLessThanOrEqual(MAX_PRODUCTS);
    expect(s.products.every((p) => p.length <= MAX_PRODUCT_CHARS)).toBe(true);
  });
});
