/**
 * Where a link really goes, worked out locally: search engines, webmail and social sites wrap
 * result links in redirects through their own servers (Google `/url?q=`, Bing `ck/a?u=a1…`,
 * DuckDuckGo `l/?uddg=`, Yahoo `RU=`…). The target is read from the wrapper's own address, without
 * following it. Pure and small: it runs in the content script on every page (no tldts here).
 */

/** Wrappers nest (a DuckDuckGo ad wraps a Bing click address): unwrap at most this deep. */
const MAX_DEPTH = 4;

/** Hosts of known redirect wrappers (the host or a parent domain, as written) and how to read them. */
type Reader = (url: URL) => string | null;

const param =
  (...names: string[]): Reader =>
  (url) => {
    for (const name of names) {
      const v = url.searchParams.get(name);
      if (v && /^https?:/i.test(v.trim())) return v.trim();
    }
    return null;
  };

/** Bing's click address: `u=a1` + base64url of the target (older ones: the target itself, or plain base64url). */
const bing: Reader = (url) => {
  if (!/^\/(ck\/a|aclick|aclk)$/.test(url.pathname)) return null;
  const u = url.searchParams.get('u');
  if (!u) return null;
  if (/^https?:/i.test(u)) return u;
  const decoded = decodeBase64Url(u.startsWith('a1') ? u.slice(2) : u);
  return decoded && /^https?:\/\//i.test(decoded) ? decoded : null;
};

/** Yahoo: `r.search.yahoo.com/_ylt=…/RV=2/RE=…/RO=10/RU=<encoded target>/RK=2/RS=…`. */
const yahoo: Reader = (url) => {
  const m = /\/RU=([^/]+)\//.exec(url.pathname + '/');
  if (!m) return null;
  try {
    const v = decodeURIComponent(m[1]!);
    return /^https?:/i.test(v) ? v : null;
  } catch {
    return null;
  }
};

/** Google keeps its redirect at /url (results, Gmail) and its ads at /aclk (with `adurl`). */
const google: Reader = (url) => (/^\/(url|aclk|pagead\/aclk)$/.test(url.pathname) ? param('q', 'url', 'adurl')(url) : null);

/** Readers by the wrapper's registrable domain (or the full host where a label says it is a wrapper). */
const WRAPPERS: Array<{ test: (host: string) => boolean; read: Reader }> = [
  { test: (h) => /(^|\.)google\.[a-z.]+$/.test(h) || /(^|\.)googleadservices\.com$/.test(h), read: google },
  { test: (h) => /(^|\.)bing\.com$/.test(h), read: bing },
  { test: (h) => /(^|\.)duckduckgo\.com$/.test(h), read: (u) => (u.pathname === '/l/' || u.pathname === '/l' || u.pathname === '/y.js' ? param('uddg', 'u3', 'u')(u) : null) },
  { test: (h) => /(^|\.)search\.yahoo\.(com|co\.jp|[a-z.]+)$/.test(h) || /^r\.search\.yahoo\./.test(h), read: yahoo },
  { test: (h) => /(^|\.)search\.brave\.com$/.test(h), read: (u) => (/^\/(a\/)?redirect/.test(u.pathname) ? param('click_url', 'url', 'u')(u) : null) },
  { test: (h) => /(^|\.)ecosia\.org$/.test(h), read: (u) => (/^\/(r|redirect|click)\/?$/.test(u.pathname) ? param('url', 'u', 'target')(u) : null) },
  { test: (h) => /(^|\.)startpage\.com$/.test(h), read: (u) => (/^\/(rd|do\/rd|sp\/rd)/.test(u.pathname) ? param('url', 'u', 'target')(u) : null) },
  { test: (h) => /(^|\.)yandex\.[a-z.]+$/.test(h) || /(^|\.)ya\.ru$/.test(h), read: (u) => (/^\/(clck\/|redir)/.test(u.pathname) ? param('url', 'u')(u) : null) },
  // Webmail and social sites: the links people are sent.
  { test: (h) => /(^|\.)safelinks\.protection\.outlook\.com$/.test(h), read: param('url') },
  { test: (h) => /^l[m]?\.(facebook|messenger|instagram)\.com$/.test(h), read: (u) => (u.pathname.startsWith('/l') ? param('u')(u) : null) },
  { test: (h) => h === 'out.reddit.com' || h === 'slack-redir.net' || h === 'www.youtube.com' || h === 'youtube.com', read: (u) => (u.hostname.endsWith('youtube.com') ? (u.pathname === '/redirect' ? param('q')(u) : null) : param('url')(u)) },
  { test: (h) => h === 'vk.com' || h === 'away.vk.com', read: (u) => (u.pathname === '/away.php' ? param('to')(u) : null) },
];

function decodeBase64Url(s: string): string | null {
  if (!/^[A-Za-z0-9_-]+=*$/.test(s)) return null;
  try {
    const b64 = s.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    // The target may hold UTF-8 (an IDN written in Unicode).
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The address a link leads to once known redirect wrappers are taken off (or null: not a web address). */
export function linkTarget(href: string, base?: string): URL | null {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    const host = url.hostname.toLowerCase();
    const wrapper = WRAPPERS.find((w) => w.test(host));
    const inner = wrapper?.read(url);
    if (!inner) return url;
    try {
      url = new URL(inner);
    } catch {
      return url;
    }
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

/** An absolute web address's host, read without building a URL (the browser's `a.href` is already normalised). */
const ABSOLUTE = /^https?:\/\/(?:[^@/?#\\]*@)?([^/?#:\\]+)/i;
const PLAIN_HOST = /^[a-z0-9.-]+$/;
/** Hosts seen, and whether a wrapper reads them (bounded). */
const wrapperHosts = new Map<string, boolean>();

function isWrapperHost(host: string): boolean {
  let known = wrapperHosts.get(host);
  if (known === undefined) {
    known = WRAPPERS.some((w) => w.test(host));
    if (wrapperHosts.size < 10_000) wrapperHosts.set(host, known);
  }
  return known;
}

/** The host a link leads to (lower case, no trailing dot), or null for non-web links. */
export function linkHost(href: string, base?: string): string | null {
  // Most links: an absolute address to a host that wraps nothing; no URL object needed.
  const m = ABSOLUTE.exec(href);
  if (m) {
    const host = m[1]!.toLowerCase().replace(/\.$/, '');
    if (host !== '' && PLAIN_HOST.test(host) && !isWrapperHost(host)) return host;
  }
  const url = linkTarget(href, base);
  if (!url) return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return host === '' ? null : host;
}

/** Search engines whose result pages RxRadar marks (policy "search"), by the page's host and path. */
const SEARCH_PAGES: Array<{ engine: string; host: RegExp; path: RegExp }> = [
  { engine: 'google', host: /(^|\.)google\.[a-z.]+$/, path: /^\/(search|shopping)/ },
  { engine: 'bing', host: /(^|\.)bing\.com$/, path: /^\/(search|shop)/ },
  { engine: 'duckduckgo', host: /(^|\.)duckduckgo\.com$/, path: /^\/($|html|lite)/ },
  { engine: 'yahoo', host: /(^|\.)search\.yahoo\.[a-z.]+$/, path: /^\/search/ },
  { engine: 'brave', host: /^search\.brave\.com$/, path: /^\/(search|shopping)/ },
  { engine: 'ecosia', host: /(^|\.)ecosia\.org$/, path: /^\/(search|shopping)/ },
  { engine: 'startpage', host: /(^|\.)startpage\.com$/, path: /^\/(do\/|sp\/)?search/ },
  { engine: 'yandex', host: /(^|\.)yandex\.[a-z.]+$|(^|\.)ya\.ru$/, path: /^\/(search|products)/ },
];

/** The search engine whose result page `pageUrl` is, or null. */
export function searchEngineOf(pageUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  return SEARCH_PAGES.find((s) => s.host.test(host) && s.path.test(url.pathname))?.engine ?? null;
}
