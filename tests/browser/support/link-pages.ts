/**
 * Saved search result pages for the link-marks tests, written by the project: one per engine,
 * structured like the engines' result pages in 2026 (their result containers, title links with
 * the title in a heading, redirect-wrapped links, ads, results that load later), and a forum-like
 * page. Every result names what it expects with data-expect: danger, caution, verified or none.
 */
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const enc = encodeURIComponent;

/** Hosts the bundled lists know: authority-listed, community-listed, a known licensed pharmacy, a .pharmacy address. */
export const LINK_HOSTS = {
  authority: 'tramadolus.org',
  authority2: 'www.alpharoyalpharmacy.com',
  authority3: 'bestcheapmedsonline.com',
  community: '1-online-pharm.com',
  known: 'www.cvs.com',
  dotPharmacy: 'www.northfield.pharmacy',
  neutral: ['en.wikipedia.org', 'www.fda.gov', 'medlineplus.gov', 'www.mayoclinic.org'],
} as const;

export interface ResultSpec {
  /** Title shown. */
  title: string;
  /** Where the result really goes. */
  target: string;
  expect: 'danger' | 'caution' | 'verified' | 'none';
  ad?: boolean;
}

const R = (title: string, host: string, expect: ResultSpec['expect'], path = '/', ad = false): ResultSpec => ({
  title,
  target: `https://${host}${path}`,
  expect,
  ad,
});

/** The same results on every engine: the first page, and the results that load later. */
export const FIRST_PAGE: ResultSpec[] = [
  R('Buy Tramadol Online Without Prescription – Fast Delivery', LINK_HOSTS.authority2, 'danger', '/tramadol', true),
  R('Tramadol – Wikipedia', LINK_HOSTS.neutral[0], 'none', '/wiki/Tramadol'),
  R('Tramadol 100mg cheap, overnight shipping', LINK_HOSTS.authority, 'danger', '/'),
  R('BeSafeRx: Your Source for Online Pharmacy Information | FDA', LINK_HOSTS.neutral[1], 'none', '/drugs/besaferx'),
  R('Online pharmacy – no doctor visit needed', LINK_HOSTS.community, 'caution', '/tramadol.html'),
  R('Tramadol: MedlinePlus Drug Information', LINK_HOSTS.neutral[2], 'none', '/druginfo/meds/a695011.html'),
  R('CVS Pharmacy – Prescription refills', LINK_HOSTS.known, 'verified', '/pharmacy'),
];
export const LATER_PAGE: ResultSpec[] = [
  R('Best cheap meds online – all pills 80% off', LINK_HOSTS.authority3, 'danger', '/'),
  R('Tramadol side effects – Mayo Clinic', LINK_HOSTS.neutral[3], 'none', '/drugs-supplements/tramadol'),
  R('Northfield Pharmacy – licensed, .pharmacy verified', LINK_HOSTS.dotPharmacy, 'verified', '/'),
];

type Wrap = (r: ResultSpec, i: number) => string;
const direct: Wrap = (r) => r.target;

export interface EnginePage {
  engine: string;
  host: string;
  path: string;
  html: string;
}

/** Appends the later results after a short while and when "More results" is pressed (once). */
function lateLoader(containerSelector: string, laterHtml: string, label: string): string {
  return `<button type="button" id="more">${label}</button>
<script>
(() => {
  let done = false;
  const more = () => {
    if (done) return;
    done = true;
    const box = document.querySelector(${JSON.stringify(containerSelector)});
    const t = document.createElement('template');
    t.innerHTML = ${JSON.stringify(laterHtml)};
    box.append(t.content);
    document.getElementById('more').remove();
  };
  document.getElementById('more').addEventListener('click', more);
  addEventListener('load', () => setTimeout(more, 1200));
})();
</script>`;
}

function page(title: string, lang: string, style: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:Arial,Helvetica,sans-serif;margin:0;color:#202124;background:#fff}header{padding:14px 24px;border-bottom:1px solid #ddd}
main{max-width:680px;padding:8px 24px}a{color:#1a0dab;text-decoration:none}cite{color:#006621;font-style:normal;font-size:14px}p{font-size:14px;line-height:1.5;margin:2px 0 0}
.ad-label{font-weight:700;font-size:12px;color:#202124}button#more{margin:16px 0;padding:8px 16px;border:1px solid #ccc;border-radius:18px;background:#f8f9fa;color:#202124;font-size:14px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
${style}</style></head><body>${body}</body></html>`;
}

const snippet = (r: ResultSpec) =>
  `<p>${r.ad ? '<span class="ad-label">Sponsored</span> · ' : ''}Information about ${r.title.split(' ')[0]!.toLowerCase()} and related products.</p>`;
const searchBox = (name: string, q = 'buy tramadol online') =>
  `<header><h1 class="sr-only">Search results</h1><h2 class="sr-only">Results</h2><form role="search" action="#"><label>Search <input name="${name}" value="${q}"></label></form></header>`;

function google(): EnginePage {
  // Organic results link directly (with ping); the no-JS layout wraps them in /url?q=; ads go through googleadservices.
  const wrap: Wrap = (r, i) =>
    r.ad
      ? `https://www.googleadservices.com/pagead/aclk?sa=L&ai=DChcSEw${i}&adurl=${enc(r.target)}`
      : i % 2
        ? `/url?q=${enc(r.target)}&sa=U&ved=2ahUKE${i}&usg=AOvVaw${i}`
        : r.target;
  const item = (r: ResultSpec, i: number) =>
    r.ad
      ? `<div class="uEierd" data-expect="${r.expect}"><div class="v5yQqb"><a class="sVXRqc" href="${wrap(r, i)}"><div role="heading" aria-level="3" class="CCgQ5"><span>${r.title}</span></div><span class="x2VHCd">${new URL(r.target).hostname}</span></a></div>${snippet(r)}</div>`
      : `<div class="MjjYud" data-expect="${r.expect}"><div class="g"><div class="yuRUbf"><div><span jscontroller="msmzHf"><a jsname="UWckNb" href="${wrap(r, i)}" data-ved="2ahUKEw${i}"><br><h3 class="LC20lb MBeuO DKV0Md">${r.title}</h3><div class="notranslate"><cite class="qLRx3b">${r.target}</cite></div></a></span></div></div><div class="VwiC3b">${snippet(r)}</div></div></div>`;
  const ads = FIRST_PAGE.filter((r) => r.ad);
  const organic = FIRST_PAGE.filter((r) => !r.ad);
  const html = page(
    'buy tramadol online - Google Search',
    'en',
    'h3{font-size:20px;font-weight:400;margin:18px 0 3px}.CCgQ5{font-size:20px;margin-top:14px}',
    `${searchBox('q')}<main id="search"><div id="tads" aria-label="Ads">${ads.map(item).join('')}</div><div id="rso">${organic.map((r, i) => item(r, i + 1)).join('')}</div>
${lateLoader('#rso', LATER_PAGE.map((r, i) => item(r, i + 20)).join(''), 'More results')}</main>`,
  );
  return { engine: 'google', host: 'www.google.com', path: '/search', html };
}

function bing(): EnginePage {
  // Every result link is a /ck/a click address with the target as "a1" + base64url; ads use /aclk.
  const wrap: Wrap = (r, i) =>
    r.ad
      ? `https://www.bing.com/aclk?ld=e8${i}&u=${b64url(r.target)}&rlid=x`
      : `https://www.bing.com/ck/a?!&&p=8f${i}JmltdHM9MTc2&ptn=3&ver=2&hsh=4&fclid=${i}&u=a1${b64url(r.target)}&ntb=1`;
  const item = (r: ResultSpec, i: number) =>
    `<li class="${r.ad ? 'b_ad' : 'b_algo'}" data-expect="${r.expect}"><div class="b_tpcn"><cite>${r.target}</cite></div><h2><a href="${wrap(r, i)}" h="ID=SERP,${5000 + i}">${r.title}</a></h2><div class="b_caption">${snippet(r)}</div></li>`;
  const html = page(
    'buy tramadol online - Search',
    'en',
    'ol{list-style:none;padding:0}h2{font-size:20px;font-weight:400;margin:16px 0 4px}',
    `${searchBox('q')}<main id="b_content"><ol id="b_results">${FIRST_PAGE.map(item).join('')}</ol>${lateLoader('#b_results', LATER_PAGE.map((r, i) => item(r, i + 20)).join(''), 'See more results')}</main>`,
  );
  return { engine: 'bing', host: 'www.bing.com', path: '/search', html };
}

function duckduckgo(): EnginePage {
  // The JS page links directly; ads go through y.js with a Bing click address inside; the HTML version uses /l/?uddg=.
  const wrap: Wrap = (r, i) =>
    r.ad
      ? `https://duckduckgo.com/y.js?ad_domain=${new URL(r.target).hostname}&ad_provider=bingv7aa&u3=${enc(`https://www.bing.com/aclick?ld=e8${i}&u=${b64url(r.target)}`)}`
      : i % 3 === 0
        ? `//duckduckgo.com/l/?uddg=${enc(r.target)}&rut=abc${i}`
        : r.target;
  const item = (r: ResultSpec, i: number) =>
    `<li data-layout="${r.ad ? 'ad' : 'organic'}" data-expect="${r.expect}"><article data-testid="result"><div><a href="${wrap(r, i)}" rel="noopener" data-testid="result-extras-url-link"><span>${new URL(r.target).hostname}</span></a></div><h2><a href="${wrap(r, i)}" rel="noopener" data-testid="result-title-a"><span>${r.title}</span></a></h2><div data-result="snippet">${snippet(r)}</div></article></li>`;
  const html = page(
    'buy tramadol online at DuckDuckGo',
    'en',
    'ol{list-style:none;padding:0}h2{font-size:19px;font-weight:400;margin:4px 0}li{margin:18px 0}[data-testid=result-extras-url-link]{color:#5e5e5e;font-size:13px}',
    `${searchBox('q')}<main><section data-testid="mainline"><ol class="react-results--main">${FIRST_PAGE.map(item).join('')}</ol>${lateLoader('.react-results--main', LATER_PAGE.map((r, i) => item(r, i + 20)).join(''), 'More results')}</section></main>`,
  );
  return { engine: 'duckduckgo', host: 'duckduckgo.com', path: '/', html };
}

function yahoo(): EnginePage {
  const wrap: Wrap = (r, i) =>
    `https://r.search.yahoo.com/_ylt=AwrFG${i};_ylu=Y29sbwNiZjEEcG9z${i}/RV=2/RE=1764${i}/RO=10/RU=${enc(r.target)}/RK=2/RS=q${i}Lk-`;
  const item = (r: ResultSpec, i: number) =>
    `<li data-expect="${r.expect}"><div class="dd ${r.ad ? 'ads' : 'algo'}"><div class="compTitle"><h3 class="title"><a class="d-ib" href="${wrap(r, i)}" referrerpolicy="origin" target="_blank">${r.title}</a></h3><div><span class="d-ib">${r.target}</span></div></div><div class="compText">${snippet(r)}</div></div></li>`;
  const html = page(
    'buy tramadol online - Yahoo Search Results',
    'en',
    'ol{list-style:none;padding:0}h3{font-size:20px;font-weight:400;margin:16px 0 2px}a{color:#1e0fbe}',
    `${searchBox('p')}<main id="web"><ol class="searchCenterMiddle">${FIRST_PAGE.map(item).join('')}</ol>${lateLoader('.searchCenterMiddle', LATER_PAGE.map((r, i) => item(r, i + 20)).join(''), 'Next')}</main>`,
  );
  return { engine: 'yahoo', host: 'search.yahoo.com', path: '/search', html };
}

function brave(): EnginePage {
  // No heading element: the title is a div inside the link.
  const wrap: Wrap = (r, i) =>
    r.ad ? `https://search.brave.com/a/redirect?click_url=${enc(r.target)}&placement_id=${i}&creative_instance_id=c${i}` : r.target;
  const item = (r: ResultSpec, i: number) =>
    `<div class="snippet svelte-1" data-type="${r.ad ? 'ad' : 'web'}" data-pos="${i}" data-expect="${r.expect}"><a href="${wrap(r, i)}" class="h svelte-2"><div class="site-name-content"><cite class="snippet-url">${new URL(r.target).hostname}</cite></div><div class="title search-snippet-title">${r.title}</div></a><div class="snippet-content">${snippet(r)}</div></div>`;
  const html = page(
    'buy tramadol online - Brave Search',
    'en',
    '.snippet{margin:18px 0}.title{font-size:19px;color:#3b3bcf}a.h{display:block}',
    `${searchBox('q')}<main id="results">${FIRST_PAGE.map(item).join('')}${lateLoader('#results', LATER_PAGE.map((r, i) => item(r, i + 20)).join(''), 'Load more')}</main>`,
  );
  return { engine: 'brave', host: 'search.brave.com', path: '/search', html };
}

function ecosia(): EnginePage {
  const wrap: Wrap = (r, i) => (r.ad ? `https://www.bing.com/aclk?ld=e8${i}&u=${b64url(r.target)}` : r.target);
  const item = (r: ResultSpec, i: number) =>
    `<article class="result ${r.ad ? 'ad-result' : 'web-result'}" data-test-id="${r.ad ? 'ad-result' : 'mainline-result-web'}" data-expect="${r.expect}"><div class="result__header"><a class="result__link" href="${wrap(r, i)}" data-test-id="result-link"><h2 class="result__title">${r.title}</h2></a><cite class="result__url">${r.target}</cite></div><div class="result__body">${snippet(r)}</div></article>`;
  const html = page(
    'buy tramadol online - Ecosia - the search engine that plants trees',
    'en',
    '.result{margin:20px 0}.result__title{font-size:18px;font-weight:600;margin:0 0 2px;color:#0e6ec8}',
    `${searchBox('q')}<main><div class="mainline" data-test-id="mainline">${FIRST_PAGE.map(item).join('')}</div>${lateLoader('.mainline', LATER_PAGE.map((r, i) => item(r, i + 20)).join(''), 'Next page')}</main>`,
  );
  return { engine: 'ecosia', host: 'www.ecosia.org', path: '/search', html };
}

function startpage(): EnginePage {
  const wrap: Wrap = (r, i) => (r.ad ? `https://www.startpage.com/rd/?url=${enc(r.target)}&sc=ad${i}` : r.target);
  const item = (r: ResultSpec, i: number) =>
    `<div class="result css-1${i}" data-expect="${r.expect}"><div class="upper"><a class="wgl-display-url" href="${wrap(r, i)}">${new URL(r.target).hostname}</a></div><a class="result-title result-link css-x" href="${wrap(r, i)}" rel="noopener"><h2 class="wgl-title">${r.title}</h2></a><p class="description">${snippet(r)}</p>${r.ad ? '' : '<a class="anonymous-link" href="https://eu.startpage.com/av/proxy?ep=encrypted&ek=k&ekdata=d" aria-label="Anonymous View">Anonymous View</a>'}</div>`;
  const html = page(
    'Startpage Search Results',
    'en',
    '.result{margin:18px 0}.wgl-title{font-size:19px;font-weight:400;margin:2px 0;color:#2e39b3}.wgl-display-url{font-size:13px;color:#555}.anonymous-link{font-size:12px;color:#555}',
    `${searchBox('query')}<main class="w-gl">${FIRST_PAGE.map(item).join('')}${lateLoader('.w-gl', LATER_PAGE.map((r, i) => item(r, i + 20)).join(''), 'Next')}</main>`,
  );
  return { engine: 'startpage', host: 'www.startpage.com', path: '/sp/search', html };
}

function yandex(): EnginePage {
  const wrap: Wrap = (r, i) =>
    r.ad || i % 2
      ? `https://yandex.com/clck/jsredir?from=yandex.com%3Bsearch&text=&etext=2202.x${i}&uuid=&state=_BLhILn4S&data=UlNrNmk5&url=${enc(r.target)}`
      : r.target;
  const item = (r: ResultSpec, i: number) =>
    `<li class="serp-item serp-item_card" data-cid="${i}" data-expect="${r.expect}"><div class="Organic organic Typo"><div class="Organic-Path"><a class="Link Link_theme_outer Path-Item" href="${wrap(r, i)}"><b>${new URL(r.target).hostname}</b></a>${r.ad ? '<span class="ad-label"> Ad</span>' : ''}</div><a class="Link Link_theme_normal OrganicTitle-Link" href="${wrap(r, i)}" target="_blank"><h2 class="OrganicTitle-LinkText organic__url-text"><span class="OrganicTitleContentSpan">${r.title}</span></h2></a><div class="Organic-ContentWrapper">${snippet(r)}</div></div></li>`;
  const html = page(
    'buy tramadol online — Yandex: found 2 million results',
    'en',
    'ul{list-style:none;padding:0}.serp-item{margin:18px 0}h2{font-size:18px;font-weight:400;margin:2px 0}.Path-Item{color:#006000;font-size:13px}',
    `${searchBox('text')}<main class="content__left"><ul id="search-result" class="serp-list">${FIRST_PAGE.map(item).join('')}</ul>${lateLoader('#search-result', LATER_PAGE.map((r, i) => item(r, i + 20)).join(''), 'Show more')}</main>`,
  );
  return { engine: 'yandex', host: 'yandex.com', path: '/search/', html };
}

export const ENGINE_PAGES: EnginePage[] = [google(), bing(), duckduckgo(), yahoo(), brave(), ecosia(), startpage(), yandex()];

/**
 * A forum thread: links in running text, one wrapped by Outlook safe links (pasted from an email),
 * one by Facebook's l.php, a reply that loads later. Off search pages only danger is marked.
 */
export const FORUM_PAGE = {
  host: 'forum.example-health.org',
  path: '/t/where-to-buy-tramadol/4121',
  html: page(
    'Where to buy tramadol without insurance? - Health Forum',
    'en',
    '.post{border-bottom:1px solid #ddd;padding:12px 0}.author{font-weight:700}.post a{text-decoration:underline}',
    `<header><h1 style="font-size:22px;margin:0">Where to buy tramadol without insurance?</h1></header><main id="thread">
<article class="post" data-expect="danger"><p class="author">pain_guy_77</p><p>I ordered from <a href="https://${LINK_HOSTS.authority}/order">this shop</a> last month, anyone else?</p></article>
<article class="post" data-expect="none"><p class="author">nurse_kim</p><p>Please read <a href="https://${LINK_HOSTS.neutral[1]}/drugs/besaferx">BeSafeRx from the FDA</a> and <a href="https://${LINK_HOSTS.neutral[0]}/wiki/Tramadol">the Wikipedia article</a> first.</p></article>
<article class="post" data-expect="danger"><p class="author">deal_hunter</p><p>Got this in my inbox: <a href="https://eur01.safelinks.protection.outlook.com/?url=${enc(`https://${LINK_HOSTS.authority2}/tramadol`)}&data=05%7C02&reserved=0">cheap tramadol offer</a></p></article>
<article class="post" data-expect="none"><p class="author">maria_r</p><p>Someone shared <a href="https://${LINK_HOSTS.community}/tramadol.html">this site</a> (community-listed only: not marked off search pages) and <a href="https://${LINK_HOSTS.known}/pharmacy">my CVS refill page</a>.</p></article>
</main>
<script>
addEventListener('load', () => setTimeout(() => {
  const a = document.createElement('article');
  a.className = 'post';
  a.dataset.expect = 'danger';
  a.innerHTML = '<p class="author">late_reply</p><p>Try <a href="https://l.facebook.com/l.php?u=${enc(`https://${LINK_HOSTS.authority3}/`)}&h=AT0x">this link from my feed</a>.</p>';
  document.getElementById('thread').append(a);
}, 1200));
</script>`,
  ),
};

/** Hosts of every target on the pages (fixture server answers them so a stray request would be recorded, not fail). */
export function serveLinkPages(server: { page(host: string, path: string, html: string): void }): void {
  for (const p of ENGINE_PAGES) server.page(p.host, p.path, p.html);
  server.page(FORUM_PAGE.host, FORUM_PAGE.path, FORUM_PAGE.html);
}
