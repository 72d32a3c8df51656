import { describe, expect, it } from 'vitest';
import { hostAndParents, normalizeHost } from './normalize-host';

describe('normalizeHost: URLs and bare hosts', () => {
  it.each([
    // [input, host, registrable domain, domain label, suffix]
    ['bad-meds.com', 'bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['BAD-MEDS.COM', 'bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['https://bad-meds.com', 'bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['HTTPS://Shop.Bad-Meds.COM:8443/Path?q=1#frag', 'shop.bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['http://bad-meds.com./cart', 'bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['bad-meds.com.', 'bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['bad-meds.com:8080', 'bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['bad-meds.com.:8080', 'bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['bad-meds.com/path/to?x=1', 'bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['  bad-meds.com\t', 'bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['http://user:secret@Bad-Meds.com:80/', 'bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['https://user@bad-meds.com/x', 'bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['user@bad-meds.com', 'bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['ftp://files.bad-meds.com/', 'files.bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['shop.rxmeds24.co.uk', 'shop.rxmeds24.co.uk', 'rxmeds24.co.uk', 'rxmeds24', 'co.uk'],
    // IDN: Unicode becomes punycode; punycode input is unchanged.
    ['bücher.de', 'xn--bcher-kva.de', 'xn--bcher-kva.de', 'xn--bcher-kva', 'de'],
    ['https://BÜCHER.de/buch', 'xn--bcher-kva.de', 'xn--bcher-kva.de', 'xn--bcher-kva', 'de'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de', 'xn--bcher-kva.de', 'xn--bcher-kva', 'de'],
    ['XN--BCHER-KVA.DE', 'xn--bcher-kva.de', 'xn--bcher-kva.de', 'xn--bcher-kva', 'de'],
    ['пример.рф', 'xn--e1afmkfd.xn--p1ai', 'xn--e1afmkfd.xn--p1ai', 'xn--e1afmkfd', 'xn--p1ai'],
    // www. is a real subdomain: kept in host, dropped from the registrable domain.
    ['www.bad-meds.com', 'www.bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    ['https://WWW.Bad-Meds.com/', 'www.bad-meds.com', 'bad-meds.com', 'bad-meds', 'com'],
    // Private suffixes are honoured: each user's site is its own registrable domain.
    ['someone.github.io', 'someone.github.io', 'someone.github.io', 'someone', 'github.io'],
    ['https://a.b.someone.github.io/', 'a.b.someone.github.io', 'someone.github.io', 'someone', 'github.io'],
    // The .pharmacy TLD is checked by suffix, not by substring.
    ['safe.pharmacy', 'safe.pharmacy', 'safe.pharmacy', 'safe', 'pharmacy'],
    ['https://www.nabp.pharmacy/', 'www.nabp.pharmacy', 'nabp.pharmacy', 'nabp', 'pharmacy'],
    ['cvs.pharmacy.us', 'cvs.pharmacy.us', 'pharmacy.us', 'pharmacy', 'us'],
  ])('%s → %s', (input, host, domain, domainLabel, suffix) => {
    expect(normalizeHost(input)).toEqual({ host, domain, domainLabel, suffix, isIp: false });
  });

  it('cvs.pharmacy.us is not a .pharmacy site, safe.pharmacy is', () => {
    expect(normalizeHost('cvs.pharmacy.us')!.suffix).not.toBe('pharmacy');
    expect(normalizeHost('pharmacy.example.com')!.suffix).toBe('com');
    expect(normalizeHost('safe.pharmacy')!.suffix).toBe('pharmacy');
  });

  it('a bare public suffix has a host but no registrable domain', () => {
    expect(normalizeHost('co.uk')).toEqual({ host: 'co.uk', domain: null, domainLabel: null, suffix: 'co.uk', isIp: false });
    expect(normalizeHost('github.io')).toMatchObject({ domain: null, suffix: 'github.io' });
  });
});

describe('normalizeHost: IP addresses', () => {
  it.each([
    ['192.168.0.1', '192.168.0.1'],
    ['http://192.168.0.1:8080/admin', '192.168.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0x7f.0.0.1/', '127.0.0.1'],
    ['[::1]', '[::1]'],
    ['http://[2001:DB8::1]:8443/x', '[2001:db8::1]'],
  ])('%s is an IP (%s)', (input, host) => {
    expect(normalizeHost(input)).toEqual({ host, domain: null, domainLabel: null, suffix: null, isIp: true });
  });
});

describe('normalizeHost: no usable host → null', () => {
  it.each([
    [''],
    ['   '],
    ['\n\t'],
    ['foo bar.com'],
    ['bad-meds .com'],
    ['javascript:alert(1)'],
    ['JavaScript:alert(document.cookie)'],
    ['javascript://bad-meds.com/%0aalert(1)'],
    ['data:text/html,<b>hi</b>'],
    ['file:///etc/passwd'],
    ['chrome://extensions'],
    ['about:blank'],
    ['blob:https://bad-meds.com/0b6c'],
    ['view-source:https://bad-meds.com'],
    ['http://'],
    ['https://'],
    ['localhost'],
    ['http://localhost:3000/'],
    ['com'],
    ['.'],
    ['a..b.com'],
    ['.bad-meds.com'],
    ['http://.bad-meds.com/'],
    ['bad_meds.com'],
    ['bad-meds.com:99999'],
    ['2001:db8::1'],
    ['%%%'],
    ['http://[not-an-ip]/'],
    ['x'.repeat(2049) + '.com'],
  ])('%j', (input) => {
    expect(normalizeHost(input)).toBeNull();
  });
});

describe('hostAndParents', () => {
  it.each([
    ['a.b.x.com', 'x.com', ['a.b.x.com', 'b.x.com', 'x.com']],
    ['www.x.com', 'x.com', ['www.x.com', 'x.com']],
    ['x.com', 'x.com', ['x.com']],
    ['shop.rxmeds24.co.uk', 'rxmeds24.co.uk', ['shop.rxmeds24.co.uk', 'rxmeds24.co.uk']],
    ['a.b.someone.github.io', 'someone.github.io', ['a.b.someone.github.io', 'b.someone.github.io', 'someone.github.io']],
    ['192.168.0.1', null, ['192.168.0.1']],
    ['co.uk', null, ['co.uk']],
  ] as const)('%s (domain %s)', (host, domain, expected) => {
    expect(hostAndParents(host, domain)).toEqual(expected);
  });

  it('stops at the registrable domain, never at the public suffix', () => {
    const h = normalizeHost('https://deep.sub.shop.bad-meds.co.uk/')!;
    const chain = hostAndParents(h.host, h.domain);
    expect(chain.at(-1)).toBe('bad-meds.co.uk');
    expect(chain).not.toContain('co.uk');
    expect(chain).not.toContain('uk');
  });
});
