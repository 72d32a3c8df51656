/**
 * Per-client token buckets: each client may make `capacity` requests at once, and earns
 * `refillPerSec` tokens back each second. Memory is bounded: at most `maxClients` buckets; when
 * full, buckets that have refilled completely (idle clients) are dropped first, then the oldest.
 */
export interface RateLimitOptions {
  capacity: number;
  refillPerSec: number;
  maxClients?: number;
  /** Clock in ms (tests pass their own). */
  now?: () => number;
}

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterSec: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(o: RateLimitOptions) {
    if (!(o.capacity >= 1) || !(o.refillPerSec > 0)) throw new RangeError('rate limit: capacity must be at least 1 and refillPerSec above 0');
    this.capacity = o.capacity;
    this.refillPerMs = o.refillPerSec / 1000;
    this.maxClients = Math.max(1, o.maxClients ?? 10_000);
    this.now = o.now ?? Date.now;
  }

  get size(): number {
    return this.buckets.size;
  }

  private level(b: Bucket, now: number): number {
    return Math.min(this.capacity, b.tokens + Math.max(0, now - b.at) * this.refillPerMs);
  }

  /** Takes one token for `key`; when none is left, says how many whole seconds until one is. */
  take(key: string): RateDecision {
    const now = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      this.makeRoom(now);
      b = { tokens: this.capacity, at: now };
      this.buckets.set(key, b);
    }
    const tokens = this.level(b, now);
    if (tokens >= 1) {
      b.tokens = tokens - 1;
      b.at = now;
      return { ok: true, remaining: Math.floor(b.tokens) };
    }
    b.tokens = tokens;
    b.at = now;
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - tokens) / this.refillPerMs / 1000)) };
  }

  /** Gives back the token a `take` took, when a later check refused the request after all. */
  refund(key: string): void {
    const b = this.buckets.get(key);
    if (!b) return;
    const now = this.now();
    b.tokens = Math.min(this.capacity, this.level(b, now) + 1);
    b.at = now;
  }

  private makeRoom(now: number): void {
    if (this.buckets.size < this.maxClients) return;
    for (const [key, b] of this.buckets) {
      if (this.level(b, now) >= this.capacity) this.buckets.delete(key);
    }
    // Still full: drop the oldest (Map keeps insertion order).
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxClients) break;
      this.buckets.delete(key);
    }
  }
}
