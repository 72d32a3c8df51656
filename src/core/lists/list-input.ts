/**
 * One input item (a domain, a URL, a pattern) as a list entry: lower case, no www, cut down to
 * the registrable domain or kept as a host, or refused with a reason and words for people. Pure.
 */
import { parse } from 'tldts';
import { parsePattern } from '../domain/domain-pattern';
import { normalizeHost } from '../domain/normalize-host';
import { domainEntryProblem } from './list-schema';

const MAX_ITEM_CHARS = 2048;

export type InvalidReason =
  | 'syntax'
  | 'too-long'
  | 'not-a-domain'
  | 'not-web-address'
  | 'ip-address'
  | 'public-suffix'
  | 'unknown-suffix'
  | 'pattern'
  | 'bad-pattern'
  /** A popular legitimate site, a parent covering one, or a pattern matching one (entry-guard.ts). */
  | 'popular-site'
  /** A pattern too broad to mean one naming scheme (entry-guard.ts). */
  | 'broad-pattern';

export interface NormalizeOptions {
  /** `domain` (default): the registrable domain (`shop.bad.com/x` → `bad.com`). `host`: the host without `www.`. */
  keep?: 'domain' | 'host';
  /** Accept patterns (`coinrx.*`, `buy*tramadol*.com`), validated as the list schema does. Default false. */
  allowPatterns?: boolean;
}

export type NormalizedInput = { ok: true; entry: string } | { ok: false; reason: InvalidReason; problem: string };

const bad = (reason: InvalidReason, problem: string): NormalizedInput => ({ ok: false, reason, problem });

/** One pasted item (domain, host or URL) → a normalised list entry, or why it cannot be one. */
export function normalizeListInput(raw: string, opts: NormalizeOptions = {}): NormalizedInput {
  const input = raw.trim();
  if (input === '') return bad('not-a-domain', 'empty');
  if (input.length > MAX_ITEM_CHARS) return bad('too-long', `longer than ${MAX_ITEM_CHARS} characters`);
  if (input.includes('*')) {
    if (!opts.allowPatterns) return bad('pattern', 'a pattern (has *): bulk input takes domains and URLs; add patterns to the list file by hand');
    const pattern = input.toLowerCase();
    const p = parsePattern(pattern);
    if (typeof p === 'string') return bad('bad-pattern', `not a valid pattern: ${p}`);
    return { ok: true, entry: pattern };
  }
  if (/\s/.test(input)) return bad('not-a-domain', 'contains spaces: put one domain or URL on each line');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(input)?.[1]?.toLowerCase();
  const hasAuthority = /^[a-z][a-z0-9+.-]*:\/\//i.test(input);
  if (scheme && hasAuthority && !/^(https?|ftp|wss?)$/.test(scheme)) return bad('not-web-address', `a ${scheme}: address, not a web address`);
  if (scheme && !hasAuthority && !/^[a-z][a-z0-9+.-]*:\d+(\/|$)/i.test(input)) return bad('not-web-address', `a ${scheme}: address, not a web address`);
  const h = normalizeHost(input);
  if (!h) return bad('not-a-domain', whyNotAHost(input, hasAuthority));
  if (h.isIp) return bad('ip-address', 'an IP address, not a domain');
  if (!h.domain) return bad('public-suffix', `${h.host} is a public suffix (like com, co.uk or github.io), not a site`);
  const parsed = parse(h.host, { allowPrivateDomains: true });
  if (!parsed.isIcann && !parsed.isPrivate) return bad('unknown-suffix', `.${h.suffix ?? h.host.split('.').pop()} is not a known top-level domain`);
  const entry = (opts.keep === 'host' ? h.host : h.domain).replace(/^(?:www\.)+/, '');
  const problem = domainEntryProblem(entry);
  if (problem) return bad(problem.includes('public suffix') ? 'public-suffix' : 'not-a-domain', `${entry} ${problem}`);
  return { ok: true, entry };
}

function whyNotAHost(input: string, hasAuthority: boolean): string {
  let hostname: string;
  try {
    hostname = new URL(hasAuthority ? input : `http://${input}`).hostname.replace(/\.+$/, '');
  } catch {
    return 'not a domain or URL';
  }
  if (hostname === '') return 'has no host name';
  if (hostname.startsWith('.') || hostname.includes('..')) return `${hostname} has an empty label`;
  if (!hostname.includes('.')) return `${hostname} has no top-level domain (a domain looks like example.com)`;
  if (!/^[a-z0-9.-]+$/.test(hostname)) return `${hostname} has characters a domain name cannot have`;
  return 'not a domain or URL';
}
