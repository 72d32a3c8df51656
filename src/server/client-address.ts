/**
 * Who a request comes from, for the intake server's limits.
 *
 * The address is the TCP peer's, unless the peer is a reverse proxy the operator named as trusted
 * (`trustProxy`): then X-Forwarded-For is read from the right (the entry the proxy appended itself)
 * leftwards, past every trusted proxy, and the first address that is not one is the client.
 * Entries further left are the client's own invention and are ignored. The walk is proxy-addr's,
 * the module Express and Fastify use for `trust proxy`.
 *
 * A limit keys on the client's network, not its address: an IPv4 address (an IPv4-mapped IPv6
 * address is the IPv4 address), or the /64 prefix of an IPv6 address: one subscriber is routinely
 * given a whole /64 (2^64 addresses), so keying on the full address would give one machine an
 * endless supply of fresh buckets.
 */
import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyAddr from 'proxy-addr';

/** Names of ranges proxy-addr knows, besides addresses and CIDR ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export type TrustedPeer = (address: string) => boolean;

/**
 * The reverse proxies whose X-Forwarded-For is believed: addresses (`10.0.0.5`, `::1`), CIDR ranges
 * (`10.0.0.0/8`, `fd00::/8`) or `loopback`, `linklocal`, `uniquelocal`. None by default.
 * Throws RangeError naming an entry that is none of these.
 */
export function compileTrustProxy(entries: readonly string[] = []): { trusts: TrustedPeer; forWalk: (address: string, i: number) => boolean } {
  for (const e of entries) {
    if (!NAMED_RANGES.has(e) && !ipaddr.isValid(e) && !ipaddr.isValidCIDR(e)) {
      throw new RangeError(`trusted proxy ${JSON.stringify(e)}: expected an IP address, a CIDR range, loopback, linklocal or uniquelocal`);
    }
  }
  const forWalk = entries.length === 0 ? () => false : proxyAddr.compile([...entries]);
  return { trusts: (address) => forWalk(address, 0), forWalk };
}

/** The client's address: the peer's, or the one a trusted proxy forwarded. */
export function clientAddress(req: IncomingMessage, forWalk: (address: string, i: number) => boolean): string {
  try {
    return proxyAddr(req, forWalk);
  } catch {
    return req.socket.remoteAddress ?? 'unknown';
  }
}

/** The key a limit counts under: the IPv4 address, or the IPv6 /64 (`2001:db8:1:2::/64`). */
export function clientKey(address: string): string {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.process(address.replace(/%.*$/, '')); // a zone index (fe80::1%eth0) is the same host
  } catch {
    return `other:${address.slice(0, 100)}`;
  }
  if (ip.kind() === 'ipv4') return ip.toString();
  const parts = (ip as ipaddr.IPv6).parts;
  return `${parts
    .slice(0, 4)
    .map((p) => p.toString(16))
    .join(':')}::/64`;
}
