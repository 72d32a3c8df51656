import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../core/engine';
import { SPLIT_MARK } from '../core/text/split-mark';
import { bundledData } from '../data/bundled-data';
import { htmlToSnapshot } from './html-to-snapshot';
import {
  type ExtractLimits,
  extractVisibleContent,
  startVisibleTextRead,
  parseInlineStyle,
  STYLE_DISPLAY_NONE,
  STYLE_VISIBILITY_HIDDEN,
  STYLE_VISIBILITY_VISIBLE,
} from './visible-text';

const BASE = 'https://shop.example/dir/page.html';
const M = SPLIT_MARK;

function extract(body: string, limits?: ExtractLimits, base = BASE) {
  const { document } = parseHTML(`<!doctype html><html><head><title>T</title></head><body>${body}</body></html>`);
  return extractVisibleContent(document as unknown as Document, base, limits);
}
const textOf = (body: string) => extract(body).text;

interface TextCase {
  name: string;
  html: string;
  text: string;
}

describe('extractVisibleContent: content that is not rendered is left out', () => {
  const cases: TextCase[] = [
    { name: 'script', html: '<p>before</p><script>var drug = "xanax";</script><p>after</p>', text: 'before\nafter' },
    { name: 'style', html: '<style>.x::after{content:"oxycodone"}</style><p>shown</p>', text: 'shown' },
    { name: 'noscript', html: '<noscript><p>Buy Xanax online</p></noscript><p>shown</p>', text: 'shown' },
    { name: 'template', html: '<template><p>Buy Xanax</p></template><p>shown</p>', text: 'shown' },
    { name: 'iframe fallback', html: '<iframe>no frames: Buy Xanax</iframe><p>shown</p>', text: 'shown' },
    { name: 'object and embed', html: '<object data="x.swf">Buy Xanax</object><embed src="y"><p>shown</p>', text: 'shown' },
    { name: 'canvas fallback', html: '<canvas>Buy Xanax</canvas><p>shown</p>', text: 'shown' },
    { name: 'svg text', html: '<svg><title>icon</title><text>Buy Xanax</text></svg><p>shown</p>', text: 'shown' },
    { name: 'hidden attribute', html: '<div hidden><p>Buy Xanax</p></div><p>shown</p>', text: 'shown' },
    { name: 'hidden attribute with a value', html: '<div hidden="until-found">Buy Xanax</div><p>shown</p>', text: 'shown' },
    { name: 'display:none', html: '<div style="display:none">Buy Xanax</div><p>shown</p>', text: 'shown' },
    { name: 'DISPLAY : NONE, any case and spacing', html: '<div style="  DISPLAY :  None ">Buy Xanax</div><p>shown</p>', text: 'shown' },
    {
      name: 'display:none !important among other declarations',
      html: '<div style="color:red; display: none !important;font-size:3px">Buy Xanax</div><p>shown</p>',
      text: 'shown',
    },
    { name: 'display:none with a CSS comment', html: '<div style="display:/* x */none">Buy Xanax</div><p>shown</p>', text: 'shown' },
    { name: 'visibility:hidden', html: '<div style="visibility:hidden">Buy Xanax</div><p>shown</p>', text: 'shown' },
    { name: 'visibility: collapse', html: '<table><tr style="visibility: collapse"><td>Buy Xanax</td></tr></table><p>shown</p>', text: 'shown' },
    { name: 'hidden nested deep inside visible content', html: '<div><ul><li>one<span style="display:none"> Buy Xanax</span></li></ul></div>', text: 'one' },
    { name: 'head content', html: '<p>shown</p>', text: 'shown' },
    { name: 'comments', html: '<p>shown<!-- Buy Xanax --></p>', text: 'shown' },
  ];
  it.each(cases)('$name', ({ html, text }) => {
    const out = extract(html);
    expect(out.text).toBe(text);
    expect(out.text).not.toMatch(/xanax|oxycodone|var drug/i);
  });

  const shown: TextCase[] = [
    { name: 'display:block stays', html: '<div style="display:block">shown</div>', text: 'shown' },
    { name: 'a later display wins', html: '<div style="display:none; display:block">shown</div>', text: 'shown' },
    {
      name: 'visibility:visible inside visibility:hidden shows again',
      html: '<div style="visibility:hidden">gone <span style="visibility: VISIBLE">shown</span></div>',
      text: 'shown',
    },
    { name: 'a property merely named like display', html: '<div style="--display:none">shown</div>', text: 'shown' },
    { name: 'hidden input type is not the hidden attribute', html: '<p data-hidden="1">shown</p>', text: 'shown' },
  ];
  it.each(shown)('$name', ({ html, text }) => {
    expect(textOf(html)).toBe(text);
  });

  it('an important declaration beats a later normal one', () => {
    expect(textOf('<div style="display:none!important;display:block">gone</div><p>shown</p>')).toBe('shown');
  });
});

describe('parseInlineStyle', () => {
  it.each([
    ['display:none', STYLE_DISPLAY_NONE],
    ['Display: NONE !IMPORTANT', STYLE_DISPLAY_NONE],
    ['display:none ! important', STYLE_DISPLAY_NONE],
    ['display:none;display:inline', 0],
    ['visibility:hidden', STYLE_VISIBILITY_HIDDEN],
    ['visibility : Collapse;', STYLE_VISIBILITY_HIDDEN],
    ['visibility:visible', STYLE_VISIBILITY_VISIBLE],
    ['display:none;visibility:hidden', STYLE_DISPLAY_NONE | STYLE_VISIBILITY_HIDDEN],
    ['color: red; font-weight: bold', 0],
    ['display', 0],
    ['', 0],
  ] as const)('%j → %i', (style, expected) => {
    expect(parseInlineStyle(style)).toBe(expected);
  });
});

describe('extractVisibleContent: layout', () => {
  const cases: TextCase[] = [
    { name: 'paragraphs are lines', html: '<p>one</p><p>two</p>', text: 'one\ntwo' },
    { name: 'br breaks a line', html: '<p>one<br>two</p>', text: 'one\ntwo' },
    { name: 'hr breaks a line', html: 'one<hr>two', text: 'one\ntwo' },
    { name: 'headings and divs', html: '<h1>Title</h1><div>body <div>inner</div> tail</div>', text: 'Title\nbody\ninner\ntail' },
    { name: 'list items', html: '<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol>', text: 'a\nb\nc' },
    {
      name: 'semantic blocks',
      html: '<header>h</header><nav>n</nav><main><article><section>s</section></article></main><aside>a</aside><footer>f</footer>',
      text: 'h\nn\ns\na\nf',
    },
    {
      name: 'definition lists, figures, address, blockquote',
      html: '<dl><dt>t</dt><dd>d</dd></dl><figure>img<figcaption>cap</figcaption></figure><address>addr</address><blockquote>q</blockquote>',
      text: 't\nd\nimg\ncap\naddr\nq',
    },
    { name: 'details and summary', html: '<details><summary>More</summary>hidden-ish text</details>', text: 'More\nhidden-ish text' },
    { name: 'select options are lines', html: '<select><option>10 mg</option><option>20 mg</option></select>', text: '10 mg\n20 mg' },
    {
      name: 'table cells separated by a tab, rows by a line',
      html: '<table><tr><th>Drug</th><th>Price</th></tr><tr><td>Xanax</td><td>$250</td></tr></table>',
      text: 'Drug\tPrice\nXanax\t$250',
    },
    { name: 'label is inline', html: '<label>Name:</label> <input type="text" value="x">', text: 'Name:' },
    { name: 'no empty lines from empty blocks', html: '<div></div><p> </p><div><p></p></div><p>only</p><div>\n\n</div>', text: 'only' },
    { name: 'pre keeps its line breaks', html: '<pre>line one\n  line two\n\nline three</pre>', text: 'line one\nline two\nline three' },
  ];
  it.each(cases)('$name', ({ html, text }) => {
    expect(textOf(html)).toBe(text);
  });
});

describe('extractVisibleContent: inline text and split words', () => {
  const cases: TextCase[] = [
    { name: 'inline elements with spaces between them', html: '<p><b>Hello</b> <i>world</i></p>', text: 'Hello world' },
    { name: 'a word split across spans', html: '<p>Xa<span>nax</span></p>', text: `Xa${M}nax` },
    { name: 'a word split into several spans', html: '<h3><span>A</span><span>dde</span><span>rall</span> 30mg</h3>', text: `A${M}dde${M}rall 30mg` },
    { name: 'a split between a digit and a letter', html: '<p>30<b>mg</b></p>', text: `30${M}mg` },
    { name: 'a split in a non-Latin word', html: '<p>Окси<span>кодон</span></p>', text: `Окси${M}кодон` },
    { name: 'punctuation before the boundary', html: '<p>Price:<b>$5</b></p>', text: 'Price:$5' },
    { name: 'punctuation after the boundary', html: '<p><b>Order</b>!</p>', text: 'Order!' },
    { name: 'space inside the element', html: '<p>Buy<span> now</span></p>', text: 'Buy now' },
    { name: 'a comment splitting a word', html: '<p>Xa<!-- -->nax</p>', text: `Xa${M}nax` },
    { name: 'a hidden element splitting a word', html: '<p>Xa<span style="display:none">zzz</span>nax</p>', text: `Xa${M}nax` },
    { name: 'a visibility:hidden element leaves a gap', html: '<p>Xa<span style="visibility:hidden">zzz</span>nax</p>', text: 'Xa nax' },
    { name: 'entities inside one text are not a split', html: '<p>X&#97;nax &amp; co</p>', text: 'Xanax & co' },
    { name: 'a link inside a word', html: '<p>Tra<a href="/t">ma</a>dol</p>', text: `Tra${M}ma${M}dol` },
    { name: 'no marker across a block boundary', html: '<div>Xa</div><div>nax</div>', text: 'Xa\nnax' },
    { name: 'no marker across a cell boundary', html: '<table><tr><td>Xa</td><td>nax</td></tr></table>', text: 'Xa\tnax' },
  ];
  it.each(cases)('$name', ({ html, text }) => {
    expect(textOf(html)).toBe(text);
  });
});

describe('extractVisibleContent: buttons and inputs', () => {
  const cases: TextCase[] = [
    { name: 'button text', html: '<p>Xanax 2mg <button>Add to cart</button></p>', text: 'Xanax 2mg Add to cart' },
    { name: 'button next to a word is a separate word', html: '<p>$250<button>Order</button></p>', text: '$250 Order' },
    { name: 'input type=submit value', html: '<form><input type="submit" value="Buy now"></form>', text: 'Buy now' },
    { name: 'input type=button value, any case', html: '<p>Tramadol<input type="BUTTON" value="Add to cart"></p>', text: 'Tramadol Add to cart' },
    { name: 'input type=reset value', html: '<input type="reset" value="Clear">', text: 'Clear' },
    {
      name: 'text and hidden inputs are not shown',
      html: '<input type="text" value="typed"><input type="hidden" value="secret"><input value="plain">',
      text: '',
    },
    { name: 'a hidden submit button', html: '<input type="submit" value="Buy now" hidden><p>shown</p>', text: 'shown' },
  ];
  it.each(cases)('$name', ({ html, text }) => {
    expect(textOf(html)).toBe(text);
  });
});

describe('extractVisibleContent: whitespace', () => {
  const cases: TextCase[] = [
    { name: 'runs of spaces, tabs and newlines collapse', html: '<p>  Buy \n\t  now   today </p>', text: 'Buy now today' },
    { name: 'lines are trimmed', html: '<div>\n   first   \n</div>\n\n   <div>  second </div>  ', text: 'first\nsecond' },
    { name: 'non-breaking spaces collapse too', html: '<p>Xanax&nbsp;&nbsp;&nbsp;2mg</p>', text: 'Xanax 2mg' },
    { name: 'whitespace between inline elements is one space', html: '<span>a</span>\n   \n<span>b</span>', text: 'a b' },
    { name: 'whitespace-only page', html: '  \n\t ', text: '' },
  ];
  it.each(cases)('$name', ({ html, text }) => {
    expect(textOf(html)).toBe(text);
  });

  it('never produces empty or untrimmed lines', () => {
    const { text } = extract('<div> <p> a </p>\n<p>\n</p>  <ul> <li> b <br> <br> c </li> </ul> </div>');
    expect(text).toBe('a\nb\nc');
    for (const line of text.split('\n')) {
      expect(line).not.toBe('');
      expect(line).toBe(line.trim());
    }
  });
});

describe('extractVisibleContent: links', () => {
  interface LinkCase {
    name: string;
    html: string;
    links: string[];
  }
  const cases: LinkCase[] = [
    { name: 'relative to the page', html: '<a href="item.html">x</a>', links: ['https://shop.example/dir/item.html'] },
    {
      name: 'root-relative and parent paths',
      html: '<a href="/a">x</a><a href="../b?q=1#f">y</a>',
      links: ['https://shop.example/a', 'https://shop.example/b?q=1#f'],
    },
    { name: 'protocol-relative', html: '<a href="//cdn.example/x">x</a>', links: ['https://cdn.example/x'] },
    { name: 'absolute http', html: '<a href="http://other.example/">x</a>', links: ['http://other.example/'] },
    {
      name: 'messenger links',
      html: '<a href="https://wa.me/15550100">WhatsApp</a><a href=" https://t.me/plug ">Telegram</a>',
      links: ['https://wa.me/15550100', 'https://t.me/plug'],
    },
    {
      name: 'mailto and tel are kept',
      html: '<a href="mailto:sales@shop.example">m</a><a href="tel:+15550100">t</a>',
      links: ['mailto:sales@shop.example', 'tel:+15550100'],
    },
    {
      name: 'javascript:, data: and other schemes are skipped',
      html: '<a href="javascript:alert(1)">j</a><a href="JavaScript:void(0)">j</a><a href="data:text/html,hi">d</a><a href="ftp://x.example/">f</a>',
      links: [],
    },
    { name: 'a scheme hidden by a tab is still javascript:', html: '<a href="java&#9;script:alert(1)">j</a>', links: [] },
    { name: 'fragment-only links are skipped', html: '<a href="#top">top</a>', links: [] },
    { name: 'anchors without href are skipped', html: '<a name="x">x</a><a href="">empty</a>', links: [] },
    {
      name: 'duplicates are kept once, in page order',
      html: '<a href="/b">1</a><a href="/a">2</a><a href="https://shop.example/b">3</a>',
      links: ['https://shop.example/b', 'https://shop.example/a'],
    },
    {
      name: 'links in hidden content are skipped',
      html: '<div style="display:none"><a href="https://hidden.example/">x</a></div><a hidden href="https://h2.example/">y</a><span style="visibility:hidden"><a href="https://h3.example/">z</a></span>',
      links: [],
    },
    {
      name: 'links in scripts and templates are skipped',
      html: '<template><a href="https://t.example/">x</a></template><noscript><a href="https://n.example/">y</a></noscript>',
      links: [],
    },
  ];
  it.each(cases)('$name', ({ html, links }) => {
    expect(extract(html).links).toEqual(links);
  });

  it('with an unusable base URL, keeps only absolute links', () => {
    expect(extract('<a href="/rel">r</a><a href="https://abs.example/x">a</a>', undefined, 'not a url').links).toEqual(['https://abs.example/x']);
  });

  it('stops at maxLinks (default 500)', () => {
    const html = Array.from({ length: 700 }, (_, i) => `<a href="/p/${i}">${i}</a>`).join(' ');
    const all = extract(html);
    expect(all.links).toHaveLength(500);
    expect(all.links[0]).toBe('https://shop.example/p/0');
    expect(all.links[499]).toBe('https://shop.example/p/499');
    expect(all.text.split(' ')).toHaveLength(700); // the text is still complete
    expect(extract(html, { maxLinks: 3 }).links).toEqual(['https://shop.example/p/0', 'https://shop.example/p/1', 'https://shop.example/p/2']);
    expect(extract(html, { maxLinks: 0 }).links).toEqual([]);
  });
});

describe('extractVisibleContent: bounds and robustness', () => {
  it('stops the text at maxChars', () => {
    const html = Array.from({ length: 1000 }, (_, i) => `<p>paragraph number ${i}</p>`).join('');
    const full = extract(html).text;
    const cut = extract(html, { maxChars: 100 }).text;
    expect(cut.length).toBe(100);
    expect(full.startsWith(cut)).toBe(true);
    expect(extract(html, { maxChars: 0 }).text).toBe('');
  });

  it('says whether maxChars cut the text (the page has more) or the page ended first', () => {
    const html = Array.from({ length: 1000 }, (_, i) => `<p>paragraph number ${i}</p>`).join('');
    const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
    const read = (maxChars: number) => {
      const reader = startVisibleTextRead(document as unknown as Document, BASE, { maxChars });
      reader.read(() => false);
      return reader;
    };
    const whole = extract(html).text.length;
    expect(read(100).cut).toBe(true);
    expect(read(whole + 1).cut).toBe(false);
    expect(read(5_000_000).cut).toBe(false);
  });

  it('does not cut a surrogate pair in half', () => {
    const { text } = extract('<p>ab😀cd</p>', { maxChars: 3 });
    expect(text).toBe('ab');
  });

  it('walks 50,000 nested elements without running out of stack', () => {
    const depth = 50_000;
    const html = `${'<div><span>'.repeat(depth / 2)}deep <b>text</b>${'</span></div>'.repeat(depth / 2)}<p>after</p>`;
    const { text } = extract(html);
    expect(text).toBe('deep text\nafter');
  });

  it('walks 50,000 nested inline elements that split a word', () => {
    const depth = 50_000;
    const html = `<p>${'<i>x'.repeat(depth)}${'</i>'.repeat(depth)}</p>`;
    const { text } = extract(html);
    expect(text.length).toBe(depth * 2 - 1);
    expect(text.replaceAll(M, '')).toBe('x'.repeat(depth));
  });

  it('takes the title from <title>, whitespace collapsed, and not from SVG titles', () => {
    const { document } = parseHTML(
      '<!doctype html><html><head><title>\n  Cheap   meds\n</title></head><body><svg><title>icon</title></svg><p>x</p></body></html>',
    );
    expect(extractVisibleContent(document as unknown as Document, BASE).title).toBe('Cheap meds');
    const untitled = parseHTML('<html><body><svg><title>icon</title></svg><p>x</p></body></html>').document;
    expect(extractVisibleContent(untitled as unknown as Document, BASE).title).toBe('');
  });

  it('extracts a 2 MB page with 25,000 elements quickly', () => {
    const words = 'buy cheap tramadol online pharmacy lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod'.split(' ');
    const rows: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const w = Array.from({ length: 24 }, (_, k) => words[(i + k) % words.length]).join(' ');
      rows.push(`<div class="c${i}"><p>${w} <b>bold ${i}</b> <a href="/p/${i}">link ${i}</a></p><span style="color:red">${w}</span></div>`);
    }
    const html = `<!doctype html><html><head><title>Big</title></head><body>${rows.join('\n')}</body></html>`;
    expect(html.length).toBeGreaterThan(2_000_000);
    const doc = parseHTML(html).document as unknown as Document;
    const runs: number[] = [];
    let out = extractVisibleContent(doc, BASE);
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      out = extractVisibleContent(doc, BASE);
      runs.push(performance.now() - t0);
    }
    console.log(`extract ${(html.length / 1e6).toFixed(2)} MB, 25,000 elements: ${runs.map((t) => `${t.toFixed(1)} ms`).join(', ')}`);
    expect(out.title).toBe('Big');
    expect(out.links).toHaveLength(500);
    expect(out.text.split('\n')).toHaveLength(10_000);
  });
});

describe('startVisibleTextRead: a page that changes between slices', () => {
  const page = (n: number) =>
    `<!doctype html><html><head><title>T</title></head><body>${Array.from({ length: n }, (_, i) => `<div id="d${i}"><p>para ${i} <b>x</b></p></div>`).join('')}</body></html>`;

  it('a subtree removed while the read is inside it ends the read of that subtree; the rest is read', () => {
    const doc = parseHTML(page(200)).document as unknown as Document;
    const reader = startVisibleTextRead(doc, BASE);
    expect(reader.read(() => true)).toBe(false);
    // The read is somewhere in the first divs: remove the first 50.
    for (let i = 0; i < 50; i++) doc.getElementById(`d${i}`)!.remove();
    while (!reader.read(() => false));
    const text = reader.result().text;
    expect(text).toContain('para 199');
    expect(text.length).toBeLessThan(extractVisibleContent(parseHTML(page(200)).document as unknown as Document, BASE).text.length);
  });

  it('a page that replaces its content at every slice is still read to the end (in one go after a few restarts)', () => {
    const doc = parseHTML(page(200)).document as unknown as Document;
    const reader = startVisibleTextRead(doc, BASE);
    let generation = 0;
    while (!reader.read(() => true)) {
      generation++;
      const html = Array.from({ length: 200 }, (_, i) => `<div><p>gen ${generation} para ${i}</p></div>`).join('');
      doc.body.innerHTML = html;
    }
    expect(generation).toBeLessThanOrEqual(4);
    expect(reader.result().text).toContain(`gen ${generation} para 199`);
  });

  it('a page that keeps moving the node being read to the front cannot keep the read going for ever', () => {
    const doc = parseHTML(page(3)).document as unknown as Document;
    const body = doc.body;
    const reader = startVisibleTextRead(doc, BASE);
    let slices = 0;
    // Every slice, the last div goes back to the top: the walk meets the same nodes again and again.
    while (!reader.read(() => true)) {
      body.insertBefore(body.lastChild!, body.firstChild);
      if (++slices > 1_000_000) break;
    }
    expect(slices).toBeLessThan(1_000_000);
  });
});

describe('htmlToSnapshot', () => {
  it('returns url, title, visible text and links', () => {
    const snap = htmlToSnapshot(
      '<!doctype html><html><head><title>Meds</title><script>x()</script></head><body><h1>Buy <span>Xa</span><span>nax</span></h1><a href="/c">Contact</a></body></html>',
      'https://meds.example/shop/',
    );
    expect(snap).toEqual({
      url: 'https://meds.example/shop/',
      title: 'Meds',
      text: `Buy Xa${M}nax\nContact`,
      links: ['https://meds.example/c'],
      structure: { types: [], articles: 0, byline: false, citation: false, priceElements: 0, cartControls: 0, fileUpload: false, products: [] },
    });
  });

  it('omits an empty title', () => {
    expect(htmlToSnapshot('<p>x</p>', 'https://a.example/').title).toBeUndefined();
  });

  it('reads documents without html, head or body tags', () => {
    const snap = htmlToSnapshot('<!doctype html><title>Loose</title><p>one<p>two', 'https://a.example/');
    expect(snap.title).toBe('Loose');
    expect(snap.text).toBe('one\ntwo');
  });

  it('matches upper-case attribute names as browsers do', () => {
    const snap = htmlToSnapshot(
      '<html><body><p HIDDEN>gone1</p><p STYLE="DISPLAY:NONE">gone2</p><p Style="visibility:hidden">gone3</p><a HREF="/x">link</a><input TYPE="SUBMIT" VALUE="Go"></body></html>',
      'https://a.example/',
    );
    expect(snap.text).toBe('link Go');
    expect(snap.links).toEqual(['https://a.example/x']);
  });

  it('passes split words to the engine, which reports them as disguised drug names', () => {
    const html = readFileSync(new URL('../../tests/fixtures/pages/obf-split-spans.html', import.meta.url), 'utf8');
    const snap = htmlToSnapshot(html, 'https://pharma-express.example/');
    expect(snap.text).toContain(`Xa${M}nax 2mg`);
    expect(snap.text).not.toContain('body{'); // the style element
    const engine = createEngine({ ...bundledData, community: null });
    const verdict = engine.analyzePage(snap);
    expect(verdict.level).toBe('danger');
    expect(verdict.reasons.map((r) => r.id)).toContain('obfuscated-drug-name');
  });
});

describe('extractVisibleContent: style sheets that hide classes and ids', () => {
  const page = (css: string, body: string) => `<html><head><style>${css}</style></head><body>${body}</body></html>`;
  const textOf = (html: string) => extractVisibleContent(parseHTML(html).document, 'https://x.test/').text;

  it.each([
    ['class display:none', '.seo-links{display:none}', '<div class="a seo-links">SPAM</div><p>kept</p>'],
    ['id display:none', '#spam { display : none !important }', '<div id="spam">SPAM</div><p>kept</p>'],
    ['tag.class', 'div.hide{display:none}', '<div class="hide">SPAM</div><p>kept</p>'],
    ['selector list', 'h1, .x, #y{display:none}', '<span class="x">SPAM</span><p>kept</p>'],
    ['visibility hidden', '.v{visibility:hidden}', '<p class="v">SPAM</p><p>kept</p>'],
    ['after a comment', '/* .no{} */ .s{display:none}', '<p class="s">SPAM</p><p>kept</p>'],
  ])('hides content by a top-level rule: %s', (_name, css, body) => {
    const text = textOf(page(css, body));
    expect(text).not.toContain('SPAM');
    expect(text).toContain('kept');
  });

  it.each([
    ['rules inside @media', '@media (max-width: 600px) { .m { display: none } }', '<p class="m">SHOWN</p>'],
    ['complex selectors', '.a .b{display:none} .c > .d{display:none}', '<div class="a"><p class="b">SHOWN</p></div>'],
    ['rules that do not hide', '.x{display:block;color:red}', '<p class="x">SHOWN</p>'],
    ['pseudo-classes', '.tip:hover{display:none}', '<p class="tip">SHOWN</p>'],
  ])('keeps content for %s', (_name, css, body) => {
    expect(textOf(page(css, body))).toContain('SHOWN');
  });
});

describe('extractVisibleContent: text shown reversed', () => {
  it('wraps <bdo dir="rtl"> and a CSS bidi override in U+202E … U+202C', () => {
    expect(textOf('<p>Buy <bdo dir="rtl">enodocyxO</bdo> now</p>')).toBe('Buy \u202eenodocyxO\u202c now');
    expect(textOf('<p>Buy <span style="unicode-bidi: bidi-override; direction: rtl">xanaX</span></p>')).toBe('Buy \u202exanaX\u202c');
    expect(textOf('<p><bdo dir="ltr">plain</bdo> <span style="direction: rtl">شكرا</span></p>')).toBe('plain شكرا');
  });

  it('the detector reads such text as shown', () => {
    const engine = createEngine({ ...bundledData, community: null });
    const html = '<p>Buy <bdo dir="rtl">enodocyxO</bdo> 30mg. $25 per pill. Add to cart</p>';
    const v = engine.analyzePage(htmlToSnapshot(html, 'https://shop.example-rtl.com/'));
    expect(v.reasons.find((r) => r.id === 'obfuscated-drug-name')?.evidence).toEqual(['Oxycodone']);
  });
});

describe('extractVisibleContent: alt and title text of images and controls', () => {
  it.each([
    ['image alt', '<p>Shop</p><img alt="Xanax 2mg bars"><p>end</p>', 'Shop\nXanax 2mg bars\nend'],
    ['image alt between words, set apart', '<p>Buy<img alt="Oxycodone">now</p>', 'Buy Oxycodone now'],
    ['image title as well as alt', '<img alt="Pill" title="Tramadol 100mg">', 'Pill Tramadol 100mg'],
    ['a title equal to the alt is read once', '<img alt="Valium" title="Valium">', 'Valium'],
    ['link title', '<a href="/x" title="Order Percocet">order</a>', 'Order Percocet order'],
    ['button title', '<button title="Add Adderall to cart">+</button>', 'Add Adderall to cart +'],
    ['input type=image alt', '<input type="image" alt="Buy Ambien">', 'Buy Ambien'],
    ['image map area', '<map><area alt="Cheap Soma" href="/s"></map>', 'Cheap Soma'],
  ])('reads %s', (_name, body, text) => {
    expect(textOf(body)).toBe(text);
  });

  it('does not read alt text of hidden images, or empty alt text', () => {
    expect(textOf('<p>kept</p><img alt="Xanax" hidden><div style="display:none"><img alt="Xanax"></div><img alt="">')).toBe('kept');
  });

  it('reads upper-case ALT and TITLE attributes from the CLI as browsers do', () => {
    expect(htmlToSnapshot('<body><IMG ALT="Xanax"><A HREF="/x" TITLE="Ambien">a</A></body>', 'https://a.example/').text).toBe('Xanax Ambien a');
  });

  it('lets the engine see a drug sold only in image alt text', () => {
    const html =
      '<html><body><h1>Pharmacy</h1><div class="card"><img alt="Oxycodone 30mg"><span class="price">$25.00</span><button>Add to cart</button></div>' +
      '<div class="card"><img alt="Xanax 2mg"><span class="price">$4.00</span><button>Add to cart</button></div></body></html>';
    const engine = createEngine({ ...bundledData, community: null });
    const verdict = engine.analyzePage(htmlToSnapshot(html, 'https://pills.example/'));
    expect(verdict.reasons.map((r) => r.id)).toContain('controlled-drug-offer');
  });
});
