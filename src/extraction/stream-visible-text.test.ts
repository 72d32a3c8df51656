import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SPLIT_MARK } from '../core/text/split-mark';
import { decodeHtml } from '../cli/scan-batch';
import { htmlToDocument, htmlToSnapshot } from './html-to-snapshot';
import { extractVisibleContent, startVisibleTextRead } from './visible-text';
import { extractVisibleContentStreaming, htmlToSnapshotStreaming, styleSheetsOf } from './stream-visible-text';
import { extractPageStructureStreaming } from './stream-page-structure';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface CorpusPage {
  corpus: string;
  url: string;
  file: string;
  html: string;
}

function corpusPages(corpus: string): CorpusPage[] {
  const dir = join(ROOT, 'tests', corpus);
  return readFileSync(join(dir, 'corpus.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { url: string; file: string })
    .map(({ url, file }) => ({ corpus, url, file, html: decodeHtml(readFileSync(join(dir, file)), file) }));
}

const PAGES = [...corpusPages('fixtures'), ...corpusPages('holdout')];

describe('streaming extraction agrees with the content script rules (visible-text.ts through linkedom)', () => {
  it('has the whole corpus to compare on', () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(147);
  });

  // The CLI's limits, the content script's text limit, and tight limits that stop mid-page.
  const LIMITS = [undefined, { maxChars: 150_000 }, { maxChars: 1_500, maxLinks: 5 }, { maxChars: 0, maxLinks: 0 }];
  for (const page of PAGES) {
    it(`${page.corpus}/${page.file}`, () => {
      for (const limits of LIMITS) {
        expect(htmlToSnapshotStreaming(page.html, page.url, limits), JSON.stringify(limits)).toEqual(htmlToSnapshot(page.html, page.url, limits));
      }
    });
  }
});

describe('the content script reads in slices: the same text as one read (visible-text.ts startVisibleTextRead)', () => {
  for (const page of PAGES) {
    it(`${page.corpus}/${page.file}`, () => {
      for (const limits of [{ maxChars: 150_000 }, { maxChars: 1_500, maxLinks: 5 }]) {
        const whole = extractVisibleContent(htmlToDocument(page.html), page.url, limits);
        const reader = startVisibleTextRead(htmlToDocument(page.html), page.url, limits);
        // Stop at every chance: the most slices a read can be cut into.
        let slices = 1;
        while (!reader.read(() => true)) slices++;
        expect(reader.result(), JSON.stringify(limits)).toEqual(whole);
        if (whole.text.length > 5_000 && limits.maxChars > 5_000) expect(slices).toBeGreaterThan(1);
      }
    });
  }
});

const BASE = 'https://shop.example/dir/page.html';

describe('streaming extraction: hostile and unusual markup gives what the DOM walk gives', () => {
  const cases: Array<[string, string]> = [
    ['a style sheet after the element it hides', '<body><p class="seo">Buy Xanax</p><p>shown</p><style>.seo{display:none}</style></body>'],
    [
      'an id hidden by a sheet in the head',
      '<html><head><style>#spam { visibility: hidden }</style></head><body><div id="spam">Buy <b>Xanax</b></div>after</body></html>',
    ],
    ['visibility hidden then visible again', '<div style="visibility:hidden">gone <span style="visibility:visible">back</span> gone</div>'],
    ['a word split across inline elements and comments', '<p>Xa<span>nax</span> Oxy<!-- -->codone <i>Tra</i><b>madol</b></p>'],
    ['pre with CRLF and a textarea', '<pre>line one\r\nline  two\rthree</pre><textarea>a\nb</textarea>'],
    ['entities in text and attributes', '<p>Buy&nbsp;X&#97;nax &amp; more</p><a href="/a?x=1&amp;y=2">l</a>'],
    ['implied closes and stray end tags', '<p>one<p>two<li>three<li>four</div></p></br>five<table><tr><td>a<td>b</table>'],
    [
      'inputs, buttons and selects',
      '<form>Name<input type="submit" value="Order Xanax"><input type="text" value="no"><button>Buy</button><select><option>one<option>two</select></form>',
    ],
    [
      'links: relative, fragment, javascript, mailto, repeated, hidden',
      '<a href="x.html">1</a><a href="#top">2</a><a href="javascript:alert(1)">3</a><a href="mailto:a@b.example">4</a><a href="x.html">5</a><a hidden href="/h">6</a><span style="visibility:hidden"><a href="/v">7</a></span>',
    ],
    ['upper-case attribute names', '<p HIDDEN>gone</p><div STYLE="display:none">gone</div><p>shown</p>'],
    ['a title in the body only', '<body><p>x</p><title>Body title</title></body>'],
    ['no title at all', '<html><body><p>x</p></body></html>'],
    ['a title nested inside a head child', '<html><head><noscript><title>Nested</title></noscript></head><body>x</body></html>'],
    ['two titles', '<html><head><title>  First   one </title><title>Second</title></head><body>x</body></html>'],
    [
      'a title inside a hidden element and one in the head',
      '<html><head></head><body><div hidden><title>Hidden</title></div><title>Shown</title></body></html>',
    ],
    ['text before the root element', 'loose text<html><head><title>T</title></head><body>b</body></html>'],
    ['svg and math', '<p>a<svg><text>Buy Xanax</text><title>t</title></svg>b</p><math><mi>x</mi><![CDATA[y]]></math>'],
    ['script with markup inside', '<script>document.write("<p>Buy Xanax</p>")</script><p>shown</p>'],
    ['unclosed elements at the end', '<div><p>open <b>bold <i>italic'],
    ['lines and cells', '<h1>Head</h1><table><tr><th>Drug</th><th>Price</th></tr><tr><td>Xanax</td><td>$2</td></tr></table><br>tail'],
    ['display none with important and comments', '<div style="display:block !important; display:none">shown?</div><div style="display:/*x*/none">gone</div>'],
    [
      'alt and title text of images, image inputs, links and controls',
      '<p>Buy<img alt="Xanax" title="Xanax">now <a href="/x" title="Ambien">a</a><input type="image" alt="Order" title="Tramadol"><button title="Valium">b</button><area alt="map" title="m"><img alt="  "><span style="visibility:hidden"><img alt="hidden"></span></p>',
    ],
    ['upper-case alt, title and dir', '<body><IMG ALT="Xanax"><A HREF="/x" TITLE="Ambien">a</A><BDO DIR="RTL">lodamart</BDO></body>'],
    [
      'bdo and css right-to-left overrides, nested and empty',
      '<p>Buy <bdo dir="rtl">xanaX</bdo> and <span style="unicode-bidi: bidi-override; direction: rtl">lodamarT</span></p><bdo dir=rtl><bdo dir=rtl>in</bdo>out</bdo><bdo dir=rtl></bdo><bdo dir=rtl><img alt="x"></bdo><bdo dir="ltr">ltr</bdo>',
    ],
    [
      'a hidden right-to-left override',
      '<p>a<bdo dir=rtl hidden>gone</bdo><span style="unicode-bidi:isolate-override;direction:rtl;display:none">gone</span>b</p>',
    ],
    [
      'structure: microdata, json-ld, og:type, byline, citation, upload',
      '<head><meta property="og:type" content="Product"><meta name="citation_doi" content="x"><script type="APPLICATION/LD+JSON">{"@type":"Product","name":"Xanax 2mg"}</script></head><body><div itemscope itemtype="https://schema.org/Drug"><span itemprop="offers">o</span><span itemprop="name">Alprazolam</span></div><div itemtype="x/Product"></div><p class="post byline">by</p><input TYPE="File"><article>a</article></body>',
    ],
    [
      'structure: product cards, cart controls, price rows',
      '<body><h1>Pills</h1><ul><li><div class="card"><span class="product-name">Tramadol 50mg</span><span class="price">$2.50</span><button>Add to cart</button></div></li><li><div><b>Ambien</b> <span id="price-2">€3</span></div></li></ul><a class="btn" href="/cart?add=1">x</a><form action="/cart"><input type="number" name="qty"><input type="submit" value="Buy now"></form><table><tr><td>90 pills</td><td>$99</td></tr><tr><td>no price</td></tr></table></body>',
    ],
    [
      'a sheet inside an at-rule is not read',
      '<style>@media screen{.m{display:none}} .n , #o{display : none}</style><p class="m">m</p><p class="n">n</p><p id="o">o</p>',
    ],
  ];
  for (const [name, html] of cases) {
    it(name, () => {
      expect(htmlToSnapshotStreaming(html, BASE)).toEqual(htmlToSnapshot(html, BASE));
    });
  }

  it('a sheet after the element still hides it', () => {
    const { text } = extractVisibleContentStreaming('<p class="seo">Buy Xanax</p><p>shown</p><style>.seo{display:none}</style>', BASE);
    expect(text).toBe('shown');
  });

  it('keeps the split mark where a word runs across elements', () => {
    expect(extractVisibleContentStreaming('<p>Xa<span>nax</span></p>', BASE).text).toBe(`Xa${SPLIT_MARK}nax`);
  });

  it('survives nesting 100,000 elements deep', () => {
    const html = `${'<div><span>'.repeat(50_000)}deep text${'</span></div>'.repeat(50_000)}`;
    const page = htmlToSnapshotStreaming(html, BASE);
    expect(page.text).toBe('deep text');
    expect(page).toEqual(htmlToSnapshot(html, BASE));
    // Survival, not speed: the DOM reader (linkedom, whose htmlparser2 has no bound on open
    // elements) takes seconds here, more on a loaded machine; the streaming reader a moment.
  }, 120_000);

  // A hostile page (or crawl record) nested far deeper than any browser builds: htmlparser2 alone
  // takes time in proportion to depth for every tag (33 s for 200,000 levels), so one record could
  // stall a scan. Read as Chromium builds it (at most 512 open elements), it takes a moment, and
  // what an ancestor hides stays hidden.
  const HOSTILE_DEPTH = 250_000;
  it(`a page nested ${HOSTILE_DEPTH.toLocaleString('en-US')} elements deep is read at once, as a browser builds it`, () => {
    const html = `<p>shown</p><div style="display:none">${'<b>'.repeat(HOSTILE_DEPTH)}Buy Xanax${'</b>'.repeat(HOSTILE_DEPTH)}</div><p>after</p>`;
    expect(htmlToSnapshotStreaming(html, BASE).text).toBe('shown\nafter');
    expect(styleSheetsOf(`${'<i>'.repeat(HOSTILE_DEPTH)}<style>.x{display:none}</style>`)).toEqual(['.x{display:none}']);
    expect(extractPageStructureStreaming(`${'<span>'.repeat(HOSTILE_DEPTH)}<article>a</article><input type="file">`)).toMatchObject({
      articles: 1,
      fileUpload: true,
    });
  });

  // What Chromium 150 shows for the same two pages (document.body.innerText, checked by hand):
  // "shown / after600inside600 / end" and "inside600 / end". Past 512 open elements Blink puts each
  // new element beside the one before (so the hidden 550th does not hide the 600th), and keeps the
  // ones before open (so text after the 600th ends belongs to the 599th, hidden in the second page).
  const nested = (hiddenAt: number) => Array.from({ length: 600 }, (_, i) => (i + 1 === hiddenAt ? '<span style="display:none">' : '<span>')).join('');
  it('past 512 open elements, an element is beside the one before it, not inside it, as in Chromium', () => {
    const html = `<p>shown</p>${nested(550)}inside600</span>after600${'</span>'.repeat(599)}<p>end</p>`;
    expect(htmlToSnapshotStreaming(html, BASE).text).toBe(`shown\ninside600${SPLIT_MARK}after600\nend`);
  });
  it('past 512 open elements, text Chromium shows is never hidden (text it hides may be read)', () => {
    const html = `${nested(599)}inside600</span>after600${'</span>'.repeat(599)}<p>end</p>`;
    expect(htmlToSnapshotStreaming(html, BASE).text).toBe(`inside600${SPLIT_MARK}after600\nend`);
  });

  it('reads only <style> elements in the style pass', () => {
    expect(styleSheetsOf('<p>.x{}</p><style>.a{display:none}</style><script>"<style>"</script><STYLE>.b{}</STYLE>')).toEqual(['.a{display:none}', '.b{}']);
  });
});
