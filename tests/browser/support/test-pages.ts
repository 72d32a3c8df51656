/**
 * Pages the browser tests serve besides the fixture corpus: a harmless page (for listed
 * addresses), content that appears late, a single-page-app route change, pages that attack the
 * warning (remove it, cover it with their own modal dialog or a top-layer popover, spend the
 * re-read budget before showing the shop), and a page whose text is HTML markup.
 */
import { type CorpusEntry, type FixtureServer, readCorpus } from './fixture-server';

const corpus = readCorpus();

/** The corpus entry whose file name contains `name`. */
export function fixture(name: string): CorpusEntry {
  const found = corpus.filter((e) => e.file.includes(`/${name}.html`) || e.file.endsWith(`${name}.html`));
  if (found.length !== 1) throw new Error(`fixture ${name}: ${found.length} matches`);
  return found[0]!;
}

export const HARMLESS_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Welcome</title></head>
<body><h1>Welcome</h1><p>Opening hours: Monday to Friday, 9 to 5. Contact us by phone.</p></body></html>`;

/** Catalogue text the engine rates danger on a neutral host (checked against the engine). */
export const ROGUE_TEXT_HTML = `<h2>Catalogue</h2>
<p>Oxycodone 30mg – $9 per pill. Buy now.</p>
<p>Xanax 2mg bars – buy now.</p>
<p>No prescription needed. Stealth shipping worldwide. Pay with bitcoin.</p>`;

export const LATE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Northfield Goods</title></head>
<body><h1>Northfield Goods</h1><div id="app"><p>Loading…</p></div>
<script>
addEventListener('load', () => setTimeout(() => {
  document.getElementById('app').innerHTML = ${JSON.stringify(ROGUE_TEXT_HTML)};
}, 1500));
</script></body></html>`;

export const SPA_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Northfield Goods</title></head>
<body><div id="root"><h1>Northfield Goods</h1><p>Welcome to our store: vitamins, teas and wellness gifts.</p>
<p><a id="catalogue" href="/catalogue">See the catalogue</a></p></div>
<script>
document.getElementById('catalogue').addEventListener('click', (e) => {
  e.preventDefault();
  history.pushState({}, '', '/catalogue');
  document.body.innerHTML = '<div id="root"><h1>Northfield Goods</h1>' + ${JSON.stringify(ROGUE_TEXT_HTML)} + '</div>';
});
</script></body></html>`;

/** Removes the warning, hides it and restyles it, over and over. */
export const HOSTILE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Meds shop</title>
<style>rxradar-shield { display: none !important; visibility: hidden !important; }</style></head>
<body><h1>Meds shop</h1>${ROGUE_TEXT_HTML}
<script>
window.__attacks = 0;
setInterval(() => {
  for (const el of document.querySelectorAll('rxradar-shield')) {
    el.style.display = 'none';
    el.setAttribute('hidden', '');
    el.remove();
    window.__attacks++;
  }
  for (const el of document.querySelectorAll('rxradar-shield')) el.style.setProperty('display', 'none', 'important');
}, 50);
</script></body></html>`;

/**
 * A rogue page whose TEXT is HTML markup (escaped in the source, so the page shows it as text).
 * "no<script>…" also matches the phrase "no script", so the engine quotes markup as evidence.
 */
export const MARKUP_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Best deals</title></head>
<body><h1>Best deals</h1>
<p>Oxycodone 30mg – buy now, $9 per pill. Order today: no&lt;script&gt;window.__pwned=2&lt;/script&gt; needed!</p>
<p>Review: &lt;img src=x onerror="window.__pwned=1"&gt; great service</p>
<p>Stealth shipping.</p>
</body></html>`;

/** Re-opens its own modal dialog ("Buy now") every 500 ms, to sit above anything RxRadar puts in the page. */
export const DIALOG_HOSTILE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pharma deals</title></head>
<body><h1>Pharma deals</h1>${ROGUE_TEXT_HTML}
<dialog id="d"><p>Limited offer!</p><button id="buy">Buy now</button></dialog>
<script>
window.__attacks = 0;
const d = document.getElementById('d');
setInterval(() => { try { d.close(); d.showModal(); window.__attacks++; } catch (e) {} }, 500);
</script></body></html>`;

/** Covers the whole viewport with a top-layer popover that lets clicks through (pointer-events: none). */
export const POPOVER_HOSTILE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pharma deals</title>
<style>#cover { position: fixed; inset: 0; width: 100vw; height: 100vh; margin: 0; border: 0; background: #fff; pointer-events: none; }</style></head>
<body><h1>Pharma deals</h1>${ROGUE_TEXT_HTML}
<div id="cover" popover="manual"><h2>Welcome to our pharmacy</h2><p>Fast checkout.</p></div>
<script>
window.__attacks = 0;
const c = document.getElementById('cover');
setInterval(() => { try { c.hidePopover(); c.showPopover(); window.__attacks++; } catch (e) {} }, 300);
</script></body></html>`;

/**
 * Spends any re-read budget first: 26 harmless text changes 1.1 s apart, then shows its shop.
 * window.__shopShownAt: when the rogue text went in (ms since navigation start).
 */
export const BUDGET_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Daily news ticker</title></head>
<body><h1>Ticker</h1><p id="tick">Starting…</p><div id="shop"></div>
<script>
let n = 0;
const timer = setInterval(() => {
  n++;
  document.getElementById('tick').textContent = 'Update number ' + n + ': the weather stays mild.';
  if (n === 26) {
    clearInterval(timer);
    document.getElementById('shop').innerHTML = ${JSON.stringify(ROGUE_TEXT_HTML)};
    window.__shopShownAt = performance.now();
  }
}, 1100);
</script></body></html>`;

export const HOSTS = {
  listed: 'tramadolus.org',
  late: 'www.northfield-goods.com',
  spa: 'shop.northfield-goods.net',
  hostile: 'meds-hostile-shop.com',
  markup: 'www.cheap-discount-store.net',
  dialogHostile: 'pharma-dialog-deals.com',
  popoverHostile: 'pharma-popover-deals.com',
  budget: 'daily-ticker-news.net',
} as const;

export function serveTestPages(server: FixtureServer): void {
  for (const h of [HOSTS.listed, `www.${HOSTS.listed}`, `shop.${HOSTS.listed}`]) {
    server.page(h, '/', HARMLESS_HTML);
    server.page(h, '/x', HARMLESS_HTML);
  }
  server.page('start.example', '/', HARMLESS_HTML);
  server.page(HOSTS.late, '/', LATE_HTML);
  server.page(HOSTS.spa, '/', SPA_HTML);
  server.page(HOSTS.hostile, '/', HOSTILE_HTML);
  server.page(HOSTS.markup, '/', MARKUP_HTML);
  server.page(HOSTS.dialogHostile, '/', DIALOG_HOSTILE_HTML);
  server.page(HOSTS.popoverHostile, '/', POPOVER_HOSTILE_HTML);
  server.page(HOSTS.budget, '/', BUDGET_HTML);
}

/**
 * A page that knows RxRadar's (public) id, given as `?id=`, and listens from the first script in
 * its head for every message posted to it and for the start-up events of RxRadar's content
 * scripts; what it heard is in `window.__heard`. Its link to a listed site gets a mark once both
 * content scripts have run. Served on `listener.example`.
 */
export const LISTENER_HOST = 'listener.example';
export const LISTENER_HTML = `<!doctype html><html><head><title>News</title><script>
  window.__heard = [];
  const id = new URLSearchParams(location.search).get('id');
  addEventListener('message', (e) => window.__heard.push('message ' + JSON.stringify(e.data)));
  for (const name of ['content', 'link-marks']) for (const target of [document, window])
    target.addEventListener(id + ':' + name + ':wxt:content-script-started', (e) => window.__heard.push(e.type));
</script></head><body><h1>Local news</h1><p>The library opens late on Thursdays.</p>
<p><a href="http://tramadolus.org/">a link</a> and <a href="https://www.example.org/">another</a></p></body></html>`;
