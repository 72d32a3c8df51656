import { parse } from 'tldts';

/** A host as RxRadar compares it: lower case, punycode, no port, userinfo or trailing dot. */
export interface NormalizedHost {
  /** Full host name (`shop.bad-meds.com`); IPs as written by the URL parser. */
  host: string;
  /** Registrable domain with private suffixes honoured (`bad-meds.com`, `someone.github.io`); null for IPs and bare suffixes. */
  domain: string | null;
  /** The registrable domain without its suffix (`bad-meds`). */
  domainLabel: string | null;
  /** Public suffix (`com`, `co.uk`, `pharmacy`, `github.io`). */
  suffix: string | null;
  isIp: boolean;
}

const TLDTS_OPTIONS = { allowPrivateDomains: true, extractHostname: false } as const;

/**
 * Normalises a URL or a bare host: any case, `www.`, port, userinfo, trailing dot, IDN (to
 * punycode). Returns null for input that has no usable host. `www.` is kept in `host` (it is a
 * real subdomain) and matching walks up to the registrable domain anyway.
 */
export function normalizeHost(input: string): NormalizedHost | null {
  const raw = input.trim();
  if (raw === '' || raw.length > 2048 || /\s/.test(raw)) return null;
  let hostname: string;
  try {
    const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
    // "mailto:a@b.com", "javascript:..." are not web addresses; "example.com:8080" is a host and port.
    if (!hasScheme && /^[a-z][a-z0-9+.-]*:(?!\d+(\/|$))/i.test(raw)) return null;
    const url = new URL(hasScheme ? raw : `http://${raw}`);
    if (hasScheme && !/^(https?|ftp|wss?):$/.test(url.protocol)) return null;
    hostname = url.hostname;
  } catch {
    return null;
  }
  hostname = hostname.replace(/\.+$/, '');
  if (hostname === '' || hostname.startsWith('.') || hostname.includes('..')) return null; // empty label
  const parsed = parse(hostname, TLDTS_OPTIONS);
  if (parsed.isIp) return { host: hostname, domain: null, domainLabel: null, suffix: null, isIp: true };
  if (!/^[a-z0-9.-]+$/.test(hostname) || !hostname.includes('.')) return null;
  return {
    host: hostname,
    domain: parsed.domain,
    domainLabel: parsed.domainWithoutSuffix,
    suffix: parsed.publicSuffix,
    isIp: false,
  };
}

/** The host and each parent down to the registrable domain: `a.b.x.com` → a.b.x.com, b.x.com, x.com. */
export function hostAndParents(host: string, domain: string | null): string[] {
  const out = [host];
  if (!domain) return out;
  let h = host;
  while (h !== domain && h.length > domain.length) {
    const dot = h.indexOf('.');
    if (dot < 0) break;
    h = h.slice(dot + 1);
    out.push(h);
  }
  return out;
}
