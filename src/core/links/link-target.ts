/**
 * Where a link really goes, worked out locally: search engines, webmail and social sites wrap
 * result links in redirects through their own servers (Google `/url?q=`, Bing `ck/a?u=a1…`,
 * DuckDuckGo `l/?uddg=`, Yahoo `RU=`…). The target is read from the wrapper's own address, without
 * following it. Pure and small: it runs in the content script on every page (no tldts here).
 */

/** Wrappers nest (a DuckDuckGo ad wraps a Bing click address): unwrap at most this deep. */
const MAX_DEPTH = 4;

/**
 * What a wrapper's reader needs of an address: a URL has it, and so has the text reading below
 * (textParts), which spares the content script a URL object per link.
 */
interface AddressParts {
  hostname: string;
  pathname: string;
  searchParams: { get(name: string): string | null };
}

/** Hosts of known redirect wrappers (the host or a parent domain, as written) and how to read them. */
type Reader = (url: AddressParts) => string | null;

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
interface Wrapper {
  test: (host: string) => boolean;
  read: Reader;
}
const WRAPPERS: Wrapper[] = [
  { test: (h) => /(^|\.)google\.[a-z.]+$/.test(h) || /(^|\.)googleadservices\.com$/.test(h), read: google },
  { test: (h) => /(^|\.)bing\.com$/.test(h), read: bing },
  {
    test: (h) => /(^|\.)duckduckgo\.com$/.test(h),
    read: (u) => (u.pathname === '/l/' || u.pathname === '/l' || u.pathname === '/y.js' ? param('uddg', 'u3', 'u')(u) : null),
  },
  { test: (h) => /(^|\.)search\.yahoo\.(com|co\.jp|[a-z.]+)$/.test(h) || /^r\.search\.yahoo\./.test(h), read: yahoo },
  { test: (h) => /(^|\.)search\.brave\.com$/.test(h), read: (u) => (/^\/(a\/)?redirect/.test(u.pathname) ? param('click_url', 'url', 'u')(u) : null) },
  { test: (h) => /(^|\.)ecosia\.org$/.test(h), read: (u) => (/^\/(r|redirect|click)\/?$/.test(u.pathname) ? param('url', 'u', 'target')(u) : null) },
  { test: (h) => /(^|\.)startpage\.com$/.test(h), read: (u) => (/^\/(rd|do\/rd|sp\/rd)/.test(u.pathname) ? param('url', 'u', 'target')(u) : null) },
  {
    test: (h) => /(^|\.)yandex\.[a-z.]+$/.test(h) || /(^|\.)ya\.ru$/.test(h),
    read: (u) => (/^\/(clck\/|redir)/.test(u.pathname) ? param('url', 'u')(u) : null),
  },
  // Webmail and social sites: the links people are sent.
  { test: (h) => /(^|\.)safelinks\.protection\.outlook\.com$/.test(h), read: param('url') },
  // Facebook and Messenger: `l.facebook.com/l.php?u=`; Instagram: `l.instagram.com/?u=`.
  {
    test: (h) => /^l[m]?\.(facebook|messenger|instagram)\.com$/.test(h),
    read: (u) => (u.pathname.startsWith('/l') || u.pathname === '/' ? param('u')(u) : null),
  },
  {
    test: (h) => h === 'out.reddit.com' || h === 'slack-redir.net' || h === 'www.youtube.com' || h === 'youtube.com',
    read: (u) => (u.hostname.endsWith('youtube.com') ? (u.pathname === '/redirect' ? param('q')(u) : null) : param('url')(u)),
  },
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

/**
 * Text every wrapper host contains (checked before the wrappers' own tests, so that an ordinary
 * host costs a few substring checks, once). Every wrapper above must match one of these: the
 * tests of link-target.test.ts hold it for each wrapper.
 */
const WRAPPER_HINTS = [
  'google',
  'bing.com',
  'duckduckgo.com',
  'yahoo.',
  'brave.com',
  'ecosia.org',
  'startpage.com',
  'yandex.',
  'ya.ru',
  'outlook.com',
  'facebook.com',
  'messenger.com',
  'instagram.com',
  'reddit.com',
  'slack-redir.net',
  'youtube.com',
  'vk.com',
];
/** The hints as one pattern: one test per new host instead of a call per hint. */
const WRAPPER_HINT = new RegExp(WRAPPER_HINTS.map((h) => h.replace(/\./g, '\\.')).join('|'));
/** Hosts seen, and the wrapper that reads them, if any (bounded). */
const wrapperOfHost = new Map<string, Wrapper | null>();

function wrapperFor(host: string): Wrapper | null {
  let known = wrapperOfHost.get(host);
  if (known === undefined) {
    known = WRAPPER_HINT.test(host) ? (WRAPPERS.find((w) => w.test(host)) ?? null) : null;
    if (wrapperOfHost.size < 10_000) wrapperOfHost.set(host, known);
  }
  return known;
}

/**
 * The host of an absolute `http(s)://` address whose host is written plainly (ASCII letters,
 * digits, dots and hyphens; an optional port of digits; then the end, `/`, `?` or `#`), in lower
 * case; null wherever the URL parser could read it otherwise (user info, escapes, IDNs, IPv4-like
 * or empty labels, a trailing dot, `xn--` labels, a backslash...), which the callers leave to it.
 * A loop over the host's characters, no pattern: it runs once per link on every page.
 */
export function plainHost(href: string): string | null {
  const n = href.length;
  let i = 4;
  if (n < 8 || (href.charCodeAt(0) | 32) !== 104 || (href.charCodeAt(1) | 32) !== 116 || (href.charCodeAt(2) | 32) !== 116 || (href.charCodeAt(3) | 32) !== 112)
    return null;
  if ((href.charCodeAt(i) | 32) === 115) i++; // "s"
  if (href.charCodeAt(i) !== 58 || href.charCodeAt(i + 1) !== 47 || href.charCodeAt(i + 2) !== 47) return null; // "://"
  const start = (i += 3);
  let upper = false;
  let labelStart = start;
  let digitsOnly = true;
  for (; i < n; i++) {
    const c = href.charCodeAt(i);
    if (c >= 97 && c <= 122) digitsOnly = false;
    else if (c >= 48 && c <= 57) continue;
    else if (c === 45) digitsOnly = false;
    else if (c === 46) {
      if (i === labelStart) return null; // empty label
      labelStart = i + 1;
      digitsOnly = true;
    } else if (c >= 65 && c <= 90) {
      upper = true;
      digitsOnly = false;
    } else break;
  }
  const end = i;
  if (end === start || end === labelStart || digitsOnly) return null; // empty host, trailing dot, number-like last label
  if (i < n) {
    let c = href.charCodeAt(i);
    if (c === 58) {
      // A port: 1-5 digits, at most 65535.
      let port = 0;
      const from = ++i;
      for (; i < n && (c = href.charCodeAt(i)) >= 48 && c <= 57; i++) port = port * 10 + (c - 48);
      if (i === from || i - from > 5 || port > 65535) return null;
      if (i < n) c = href.charCodeAt(i);
    }
    if (i < n && c !== 47 && c !== 63 && c !== 35) return null;
  }
  const host = href.slice(start, end);
  const lower = upper ? host.toLowerCase() : host;
  // A hex last label (0x...) is a number to the URL parser; punycode labels are checked by it.
  const last = lower.slice(lower.lastIndexOf('.') + 1);
  if (last.startsWith('0x') || hasPunycodeLabel(lower)) return null;
  return lower;
}

/** A label in punycode (`xn--`): the URL parser decodes and checks it (an invalid one is no address). */
const hasPunycodeLabel = (host: string) => host.startsWith('xn--') || host.includes('.xn--');

/**
 * An absolute web address that the URL parser would leave as written: lower-case-able ASCII host
 * (no trailing dot, no number-like last label), a port in range, a path of plain URL characters
 * with no dot segments, a printable ASCII query. Anything else (user info with several "@", IDNs,
 * IPv6, escapes in the host, odd paths) goes to the URL parser, so both readings agree (tested).
 */
const TEXT_ADDRESS = /^https?:\/\/(?:[^@/?#\\]*@)?([a-z0-9.-]+)(?::(\d{1,5}))?(\/[\w\-.~!$&'()*+,;=:@/%]*)?(\?[\x21\x22\x24-\x7e]*)?(?:#.*)?$/i;
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
const NUMBER_LIKE_LABEL = /(?:^|\.)(?:\d+|0x[0-9a-f]*)$/i;

function textParts(href: string): AddressParts | null {
  const m = TEXT_ADDRESS.exec(href);
  if (!m) return null;
  const hostname = m[1]!.toLowerCase();
  if (hostname.endsWith('.') || hostname.startsWith('.') || hostname.includes('..') || NUMBER_LIKE_LABEL.test(hostname) || hasPunycodeLabel(hostname))
    return null;
  if (m[2] !== undefined && Number(m[2]) > 65535) return null;
  const pathname = m[3] ?? '/';
  if (DOT_SEGMENT.test(pathname)) return null;
  const query = m[4] ?? '';
  return { hostname, pathname, searchParams: { get: (name) => queryParam(query, name) } };
}

/** A query parameter decoded as URLSearchParams decodes it (which decides where the text is not plain UTF-8 escapes). */
function queryParam(query: string, name: string): string | null {
  const body = query.startsWith('?') ? query.slice(1) : query;
  try {
    for (const piece of body.split('&')) {
      if (piece === '') continue;
      const eq = piece.indexOf('=');
      const key = eq < 0 ? piece : piece.slice(0, eq);
      if (decodeForm(key) !== name) continue;
      return eq < 0 ? '' : decodeForm(piece.slice(eq + 1));
    }
    return null;
  } catch {
    return new URLSearchParams(body).get(name);
  }
}

const decodeForm = (s: string) => (s.includes('+') || s.includes('%') ? decodeURIComponent(s.replace(/\+/g, ' ')) : s);

/** One address on the way to a link's target: its parts, the URL object when one was built, its host (lower case). */
interface Hop {
  /** Null only for a plain address to a host that is no wrapper (nothing more is read of it). */
  parts: AddressParts | null;
  url: URL | null;
  host: string;
}

/**
 * Reads one address: as text where it is plain (`asText`), else with the URL parser. Null: not a
 * web address; undefined: not an address at all.
 */
function readHop(href: string, base: string | undefined, asText: boolean): Hop | null | undefined {
  if (asText) {
    // Most links and most wrappers' targets: a plain address to a site that is no wrapper.
    const host = plainHost(href);
    if (host !== null && wrapperFor(host) === null) return { parts: null, url: null, host };
  }
  const parts = asText ? textParts(href) : null;
  if (parts) return { parts, url: null, host: parts.hostname };
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return { parts: url, url, host: url.hostname.toLowerCase() };
}

/**
 * Takes known redirect wrappers off a link, at most MAX_DEPTH deep: the one loop behind linkTarget
 * (URL objects throughout) and linkHost (text where the address is plain). A wrapper whose target
 * cannot be read is where the link goes.
 */
function unwrap(href: string, base: string | undefined, asText: boolean): Hop | null {
  let hop = readHop(href, base, asText);
  if (!hop) return null;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const inner = hop.parts && wrapperFor(hop.host)?.read(hop.parts);
    if (!inner) return hop;
    const next = readHop(inner, undefined, asText);
    if (next === undefined) return hop;
    if (next === null) return null;
    hop = next;
  }
  return hop;
}

/** The address a link leads to once known redirect wrappers are taken off (or null: not a web address). */
export function linkTarget(href: string, base?: string): URL | null {
  return unwrap(href, base, false)?.url ?? null;
}

/**
 * The host a link leads to (lower case, no trailing dot), or null for non-web links: the same as
 * linkTarget's host, read from the text of plain addresses (what a page's `a.href` gives) without
 * building URL objects, which in a fresh page cost more than reading the links themselves.
 */
export function linkHost(href: string, base?: string): string | null {
  const hop = unwrap(base !== undefined ? joinPathAbsolute(href, base) : href, base, true);
  return hop ? hostOnly(hop.host) : null;
}

/**
 * A path-absolute link (`/url?q=...`, as search engines write their wrappers) joined to its base's
 * scheme and authority as text, as the URL parser resolves it; any other link as it is.
 */
function joinPathAbsolute(href: string, base: string): string {
  if (href.charCodeAt(0) !== 47 || href.charCodeAt(1) === 47 || href.charCodeAt(1) === 92) return href;
  if (plainHost(base) === null) return href;
  let end = base.indexOf('//') + 2;
  while (end < base.length && !'/?#'.includes(base[end]!)) end++;
  return base.slice(0, end) + href;
}

function hostOnly(host: string): string | null {
  const h = host.replace(/\.$/, '');
  return h === '' ? null : h;
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
