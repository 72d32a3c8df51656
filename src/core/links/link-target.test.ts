import { describe, expect, it } from 'vitest';
import { linkHost, linkTarget, plainHost, searchEngineOf } from './link-target';

const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

describe('linkTarget: redirect wrappers resolved locally', () => {
  const cases: Array<[string, string, string | null]> = [
    ['plain link', 'https://cheap-meds.example/buy?x=1', 'cheap-meds.example'],
    ['relative link on a page', '/about', 'forum.example'],
    ['Google /url?q=', 'https://www.google.com/url?q=https://rx-fast.example/viagra&sa=U&ved=2ah', 'rx-fast.example'],
    ['Google /url?url= (Gmail)', 'https://www.google.com/url?hl=en&url=https%3A%2F%2Frx-fast.example%2F&source=gmail', 'rx-fast.example'],
    ['Google country domain', 'https://www.google.co.uk/url?q=http://rx-fast.example/', 'rx-fast.example'],
    ['Google ad /aclk adurl', 'https://www.google.com/aclk?sa=l&ai=DChc&adurl=https://ad-pharma.example/lp', 'ad-pharma.example'],
    ['Google ads server', 'https://www.googleadservices.com/pagead/aclk?sa=L&ai=x&adurl=https%3A%2F%2Fad-pharma.example%2F', 'ad-pharma.example'],
    ['Google /search is not a wrapper', 'https://www.google.com/search?q=https://rx-fast.example/', 'www.google.com'],
    [
      'Bing ck/a with a1 base64url',
      `https://www.bing.com/ck/a?!&&p=abc&ptn=3&u=a1${b64url('https://bing-target.example/page?q=1')}&ntb=1`,
      'bing-target.example',
    ],
    [
      'Bing ck/a with an IDN target',
      `https://www.bing.com/ck/a?!&&p=abc&u=a1${b64url('https://apotheke-günstig.example/')}&ntb=1`,
      new URL('https://apotheke-günstig.example/').hostname,
    ],
    ['Bing aclick', `https://www.bing.com/aclick?ld=e8&u=${b64url('https://bing-ad.example/')}`, 'bing-ad.example'],
    ['Bing ck/a with garbage', 'https://www.bing.com/ck/a?!&&p=abc&u=a1!!!&ntb=1', 'www.bing.com'],
    ['DuckDuckGo l/?uddg=', 'https://duckduckgo.com/l/?uddg=https%3A%2F%2Fddg-target.example%2Fx&rut=abc', 'ddg-target.example'],
    ['DuckDuckGo protocol-relative', '//duckduckgo.com/l/?uddg=https%3A%2F%2Fddg-target.example%2F', 'ddg-target.example'],
    [
      'DuckDuckGo ad wrapping Bing',
      `https://duckduckgo.com/y.js?ad_domain=x&u3=${encodeURIComponent(`https://www.bing.com/aclick?ld=1&u=${b64url('https://nested-ad.example/')}`)}`,
      'nested-ad.example',
    ],
    [
      'Yahoo RU=',
      'https://r.search.yahoo.com/_ylt=AwrE;_ylu=Y29s/RV=2/RE=1764000000/RO=10/RU=https%3a%2f%2fyahoo-target.example%2fbuy%2f/RK=2/RS=abc-',
      'yahoo-target.example',
    ],
    ['Brave redirect', 'https://search.brave.com/a/redirect?click_url=https%3A%2F%2Fbrave-ad.example%2F&placement_id=1', 'brave-ad.example'],
    ['Ecosia redirect', 'https://www.ecosia.org/r?url=https%3A%2F%2Fecosia-target.example%2F', 'ecosia-target.example'],
    ['Startpage redirect', 'https://www.startpage.com/rd/?url=https%3A%2F%2Fsp-target.example%2F', 'sp-target.example'],
    ['Yandex clck', 'https://yandex.com/clck/jsredir?from=yandex.com&text=x&url=https%3A%2F%2Fya-target.example%2F', 'ya-target.example'],
    ['Outlook safe links', 'https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fmail-target.example%2F&data=05', 'mail-target.example'],
    ['Facebook l.php', 'https://l.facebook.com/l.php?u=https%3A%2F%2Ffb-target.example%2F&h=AT0', 'fb-target.example'],
    ['Reddit out', 'https://out.reddit.com/t3_x?url=https%3A%2F%2Freddit-target.example%2F&token=1', 'reddit-target.example'],
    ['javascript: is not a web link', 'javascript:alert(1)', null],
    ['mailto: is not a web link', 'mailto:a@b.example', null],
    ['a wrapper pointing at javascript:', 'https://www.google.com/url?q=javascript:alert(1)', 'www.google.com'],
    ['upper case and trailing dot', 'HTTPS://RX-FAST.EXAMPLE./', 'rx-fast.example'],
  ];
  it.each(cases)('%s', (_name, href, host) => {
    expect(linkHost(href, 'https://forum.example/thread/1')).toBe(host);
  });

  it('stops after a bounded depth of nested wrappers', () => {
    let href = 'https://deep-target.example/';
    for (let i = 0; i < 10; i++) href = `https://www.google.com/url?q=${encodeURIComponent(href)}`;
    expect(linkTarget(href)?.hostname).toBe('www.google.com');
  });
});

describe('searchEngineOf', () => {
  it.each([
    ['https://www.google.com/search?q=buy+tramadol', 'google'],
    ['https://www.google.de/search?q=x', 'google'],
    ['https://www.bing.com/search?q=x', 'bing'],
    ['https://duckduckgo.com/?q=x', 'duckduckgo'],
    ['https://html.duckduckgo.com/html/?q=x', 'duckduckgo'],
    ['https://search.yahoo.com/search?p=x', 'yahoo'],
    ['https://search.brave.com/search?q=x', 'brave'],
    ['https://www.ecosia.org/search?q=x', 'ecosia'],
    ['https://www.startpage.com/sp/search?query=x', 'startpage'],
    ['https://yandex.com/search/?text=x', 'yandex'],
    ['https://www.google.com/maps', null],
    ['https://forum.example/search?q=x', null],
    ['not a url', null],
  ])('%s', (url, engine) => expect(searchEngineOf(url)).toBe(engine));
});

describe('linkHost: the quick path agrees with the URL parser', () => {
  it.each([
    'https://user:pw@rx-fast.example:8443/x',
    'http://RX-FAST.example/',
    'https://rx-fast.example?x=1',
    'https://rx-fast.example#top',
    'https://rx-fast.example\\evil.example/',
    'https://bücher.example/',
    'https://[::1]/',
  ])('%s', (href) => {
    let expected: string | null;
    try {
      expected = new URL(href).hostname.toLowerCase().replace(/\.$/, '');
    } catch {
      expected = null;
    }
    expect(linkHost(href)).toBe(expected);
  });
});

describe('linkHost reads plain addresses as text: it agrees with the URL parser (linkTarget) on any address', () => {
  const viaUrl = (href: string) => {
    const url = linkTarget(href);
    const host = url ? url.hostname.toLowerCase().replace(/\.$/, '') : null;
    return host === '' ? null : host;
  };
  // Pieces that the URL parser normalises or refuses, mixed with ordinary ones.
  const hosts = [
    'rx-fast.example',
    'RX-Fast.Example',
    'rx-fast.example.',
    'bücher.example',
    'xn--bcher-kva.example',
    'xn--a.example',
    'rx.0x1f',
    'rx-fast.1e',
    '127.0.0.1',
    '0x7f.1',
    '127.1',
    '012.1.1.1',
    '[::1]',
    'ex%61mple.com',
    'under_score.example',
    'a..b.example',
    '.lead.example',
    'www.google.com',
    'google.co.uk',
    'www.bing.com',
    'duckduckgo.com',
    'l.messenger.com',
    'l.instagram.com',
    'www.youtube.com',
    'slack-redir.net',
    'away.vk.com',
    'ya.ru',
    'search.brave.com',
  ];
  const userinfo = ['', 'user@', 'user:pw@', 'a@b@', 'x:y:z@'];
  const ports = ['', ':80', ':8443', ':99999', ':', ':0'];
  const paths = [
    '',
    '/',
    '/url',
    '/./url',
    '/%2e/url',
    '/a/../url',
    '/a b',
    '/ü',
    '/a%20b',
    '/l/',
    '/l.php',
    '/away.php',
    '/redirect',
    '/ck/a',
    '/y.js',
    '/rd/',
    '/clck/jsredir',
    '/RU=https%3a%2f%2fyahoo-target.example%2f/RK=2',
  ];
  const target = (i: number) =>
    [
      'https://rx-target.example/x',
      'http://RX-Target.example./',
      'https://bücher-rx.example/',
      'https://rx-target.example:99999/',
      'javascript:alert(1)',
      'https://[::2]/',
      'https://0x7f.1/',
    ][i % 7]!;
  const queries = (t: string) => [
    '',
    `?q=${t}`,
    `?q=${encodeURIComponent(t)}`,
    `?url=${encodeURIComponent(t)}&q=x`,
    `?u=a1${b64url(t)}`,
    `?uddg=${encodeURIComponent(t)}`,
    `?u=${encodeURIComponent(t)}`,
    `?to=${encodeURIComponent(t)}`,
    `?q=${encodeURIComponent(t).replace(/%20/g, '+')}&bad=%E0%A4`,
    `?q=%E0%A4%A&url=${encodeURIComponent(t)}`,
    `?q=a+b&q=${t}`,
    '?q=x#frag',
    `?q=${t} with space`,
  ];
  const schemes = ['https://', 'http://', 'HTTP://', 'ftp://', 'https:/', 'https:\\\\'];
  // A small seeded generator: the same 6,000 addresses on every run.
  let seed = 7;
  const pick = <T>(xs: readonly T[]): T => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return xs[seed % xs.length]!;
  };
  const addresses: string[] = [];
  for (let i = 0; i < 6000; i++) {
    const inner = i % 3 === 0 ? `https://www.google.com/url?q=${encodeURIComponent(target(i))}` : target(i);
    addresses.push(`${pick(schemes)}${pick(userinfo)}${pick(hosts)}${pick(ports)}${pick(paths)}${pick(queries(inner))}`);
  }
  it('on 6,000 generated addresses (wrappers, escapes, odd hosts, ports, paths and queries)', () => {
    const differ = addresses.filter((a) => linkHost(a) !== viaUrl(a)).map((a) => `${a} -> ${linkHost(a)} / ${viaUrl(a)}`);
    expect(differ).toEqual([]);
  });

  it('plainHost reads a host only where the URL parser reads the same one', () => {
    const urlHost = (a: string) => {
      try {
        return new URL(a).hostname;
      } catch {
        return null;
      }
    };
    const differ = addresses.filter((a) => plainHost(a) !== null && plainHost(a) !== urlHost(a)).map((a) => `${a} -> ${plainHost(a)} / ${urlHost(a)}`);
    expect(differ).toEqual([]);
    // ...and it is the quick path for the ordinary ones.
    expect(addresses.filter((a) => plainHost(a) !== null).length).toBeGreaterThan(150);
    expect(['https://rx-fast.example/x?y=1', 'HTTP://WWW.Rx-Fast.Example:8080#a', 'http://a.b.c.example?'].map(plainHost)).toEqual([
      'rx-fast.example',
      'www.rx-fast.example',
      'a.b.c.example',
    ]);
  });

  it('a link as written in the page (relative or not) and its base give the host of the resolved address', () => {
    const bases = ['https://www.google.com/search?q=tramadol', 'http://Forum.example:8080/t/1#p2', 'https://u@mail.example/inbox', 'https://www.bing.com/'];
    const written = [
      ...addresses.slice(0, 1500),
      ...addresses.slice(0, 500).map((a) => a.replace(/^[a-z]+:\/\/[^/?#]*/i, '')),
      '/url?q=https%3A%2F%2Frx-target.example%2F&sa=U',
      '/url?q=https://rx-target.example/',
      '//rx-target.example/x',
      '\\rx-target.example/x',
      '/\\rx-target.example/x',
      '?q=1',
      '#top',
      'page.html',
      ' /url?q=https%3A%2F%2Frx-target.example%2F',
      '/url?q=https%3A%2F%2Frx-target.example%2F\t',
      '/ck/a?u=a1aHR0cHM6Ly9yeC10YXJnZXQuZXhhbXBsZS8',
      // The URL parser drops tabs and line breaks anywhere: a wrapper's path or target written with one is still read.
      'https://www.google.com/u\trl?q=https%3A%2F%2Frx-target.example%2F',
      'https://www.google.com/url?q=ht\ttps%3A%2F%2Frx-target.example%2F',
      'https://www.google.com/url?q=https%3A%2F%2Frx-target.example%2F#a\nb',
      'https://www.google.com/url?q=https%3A%2F%2Frx-target.example%2F&x=a b',
      'https://www.google.com/ur%6C?q=https%3A%2F%2Frx-target.example%2F',
    ];
    const differ: string[] = [];
    for (const base of bases)
      for (const w of written) {
        let resolved: string | null;
        try {
          resolved = new URL(w, base).href;
        } catch {
          resolved = null;
        }
        const expected = resolved === null ? null : viaUrl(resolved);
        if (linkHost(w, base) !== expected) differ.push(`${w} on ${base} -> ${linkHost(w, base)} / ${expected}`);
      }
    expect(differ).toEqual([]);
  });

  it.each([
    ['Messenger', 'https://l.messenger.com/l.php?u=https%3A%2F%2Fm-target.example%2F', 'm-target.example'],
    ['Instagram', 'https://l.instagram.com/?u=https%3A%2F%2Fig-target.example%2F', 'ig-target.example'],
    ['YouTube', 'https://www.youtube.com/redirect?q=https%3A%2F%2Fyt-target.example%2F&v=1', 'yt-target.example'],
    ['Slack', 'https://slack-redir.net/link?url=https%3A%2F%2Fslack-target.example%2F', 'slack-target.example'],
    ['VK', 'https://vk.com/away.php?to=https%3A%2F%2Fvk-target.example%2F', 'vk-target.example'],
    ['ya.ru', 'https://ya.ru/clck/jsredir?url=https%3A%2F%2Fyaru-target.example%2F', 'yaru-target.example'],
  ])('every wrapper is found through the quick host check: %s', (_name, href, host) => {
    expect(linkHost(href)).toBe(host);
    expect(viaUrl(href)).toBe(host);
  });
});
