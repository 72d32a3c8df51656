/**
 * Open connections, bounded without resetting anyone who can still be answered.
 *
 * Node's own `server.maxConnections` resets every connection past the limit, and a single client
 * could take all of them with slow headers. Here a connection is served while fewer than
 * `maxConnections` are, and while its client (IPv4 address or IPv6 /64 of the TCP peer) holds
 * fewer than `maxPerClient`; a trusted reverse proxy carries many clients and is not limited per
 * client. Any other connection is refused politely: its request (once its headers are in) is
 * answered 503 (server busy) or 429 (this client holds too many) with Retry-After and
 * `Connection: close` once its body is read; a refused connection that sends no request within a
 * second gets the same answer written directly, and every refused connection is closed within five
 * seconds. Refused
 * connections are bounded too (a quarter of `maxConnections`, at least 16); past that a new
 * connection is closed at once, the only case left in which a client sees a reset.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** A refused connection waits this long for its request before it is answered anyway. */
const REFUSAL_WAIT_MS = 1_000;
/** ...and is closed this long after that, whatever it does. */
const REFUSAL_LINGER_MS = 4_000;

export interface ConnectionLimitOptions {
  maxConnections: number;
  maxPerClient: number;
  /** Peers that carry many clients (trusted reverse proxies): not limited per client. */
  isTrustedPeer: (address: string) => boolean;
  /** The client key of a peer address (IPv4 address or IPv6 /64). */
  keyOf: (address: string) => string;
  retryAfterSec: number;
}

export interface Refusal {
  status: 429 | 503;
  error: string;
  retryAfterSec: number;
}

export interface ConnectionLimits {
  /** Why this connection is refused (once: later calls say undefined), or undefined when it is served. */
  takeRefusal(socket: Socket): Refusal | undefined;
  /** Whether this connection was refused (answered or not). */
  isRefused(socket: Socket): boolean;
  /** Served connections open now. */
  readonly served: number;
}

/** The refusal as a whole HTTP response, for a connection that never sent a complete request. */
export function rawRefusal(r: Refusal): string {
  const text = JSON.stringify({ error: r.error });
  const reason = r.status === 503 ? 'Service Unavailable' : 'Too Many Requests';
  return (
    `HTTP/1.1 ${r.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
    `Retry-After: ${r.retryAfterSec}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${text}`
  );
}

export function limitConnections(server: Server, o: ConnectionLimitOptions): ConnectionLimits {
  if (!(o.maxConnections >= 1) || !(o.maxPerClient >= 1)) throw new RangeError('connection limits must be at least 1');
  const maxRefusing = Math.max(16, Math.ceil(o.maxConnections / 4));
  const refused = new WeakMap<Socket, { refusal: Refusal; answered: boolean }>();
  const perClient = new Map<string, number>();
  let served = 0;
  let refusing = 0;

  // Before the HTTP server's own listener: the decision is made before any byte is parsed.
  server.prependListener('connection', (socket: Socket) => {
    const peer = socket.remoteAddress ?? '';
    const key = o.isTrustedPeer(peer) ? null : o.keyOf(peer);
    const held = key === null ? 0 : (perClient.get(key) ?? 0);
    let refusal: Refusal | undefined;
    if (served >= o.maxConnections) {
      refusal = { status: 503, error: 'the server is busy; try again later', retryAfterSec: o.retryAfterSec };
    } else if (key !== null && held >= o.maxPerClient) {
      refusal = {
        status: 429,
        error: `too many open connections from this address (at most ${o.maxPerClient}); try again later`,
        retryAfterSec: o.retryAfterSec,
      };
    }
    if (!refusal) {
      served++;
      if (key !== null) perClient.set(key, held + 1);
      socket.once('close', () => {
        served--;
        if (key === null) return;
        const left = (perClient.get(key) ?? 1) - 1;
        if (left > 0) perClient.set(key, left);
        else perClient.delete(key);
      });
      return;
    }
    if (refusing >= maxRefusing) {
      socket.destroy();
      return;
    }
    refusing++;
    const entry = { refusal, answered: false };
    refused.set(socket, entry);
    const answerTimer = setTimeout(() => {
      if (entry.answered || socket.destroyed) return;
      entry.answered = true;
      socket.end(rawRefusal(refusal));
    }, REFUSAL_WAIT_MS);
    const closeTimer = setTimeout(() => socket.destroy(), REFUSAL_WAIT_MS + REFUSAL_LINGER_MS);
    socket.once('close', () => {
      refusing--;
      clearTimeout(answerTimer);
      clearTimeout(closeTimer);
    });
  });

  return {
    takeRefusal(socket) {
      const entry = refused.get(socket);
      if (!entry || entry.answered) return undefined;
      entry.answered = true;
      return entry.refusal;
    },
    isRefused: (socket) => refused.has(socket),
    get served() {
      return served;
    },
  };
}
