/**
 * The parent's PIN: stored only as a salted PBKDF2-SHA-256 hash (WebCrypto, 600,000 iterations,
 * OWASP's 2023 figure for SHA-256), compared in constant time, with wrong attempts throttled by
 * growing delays whose state is stored, so a browser restart does not reset them. Pure apart from
 * WebCrypto (present in browsers and Node 20), so it is tested in Node.
 */
import { z } from 'zod';

export const PIN_ITERATIONS = 600_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

export const PinRecordSchema = z.object({
  algorithm: z.literal('PBKDF2-SHA-256'),
  iterations: z.number().int().min(PIN_ITERATIONS),
  salt: z.string().min(16),
  hash: z.string().min(32),
});
export type PinRecord = z.infer<typeof PinRecordSchema>;

/** A PIN is 4 to 12 digits: easy for a parent, and the throttle makes guessing slow. */
export function pinProblem(pin: string): string | null {
  if (!/^\d{4,12}$/.test(pin)) return 'pinFormat';
  if (/^(\d)\1+$/.test(pin) || '01234567890'.includes(pin) || '09876543210'.includes(pin)) return 'pinTooSimple';
  return null;
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

export async function createPinRecord(pin: string, iterations = PIN_ITERATIONS): Promise<PinRecord> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(pin, salt, iterations);
  return { algorithm: 'PBKDF2-SHA-256', iterations, salt: toBase64(salt), hash: toBase64(hash) };
}

export async function pinMatches(pin: string, record: PinRecord): Promise<boolean> {
  const expected = fromBase64(record.hash);
  const actual = await derive(pin, fromBase64(record.salt), record.iterations);
  if (actual.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= actual[i]! ^ expected[i]!;
  return diff === 0;
}

/** Wrong attempts so far and when the next attempt is allowed (ms since epoch). */
export const ThrottleSchema = z.object({ failures: z.number().int().min(0), nextAttemptAt: z.number() });
export type Throttle = z.infer<typeof ThrottleSchema>;
export const NO_THROTTLE: Throttle = { failures: 0, nextAttemptAt: 0 };

/** Free attempts before delays start; then 30 s, 1 min, 2 min ... up to 1 hour. */
export const FREE_ATTEMPTS = 3;
const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

export function delayAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - FREE_ATTEMPTS));
}

export type PinCheck = { ok: true } | { ok: false; reason: 'wrong' | 'throttled' | 'no-pin'; retryAt?: number };

export interface PinStore {
  record(): Promise<PinRecord | null>;
  throttle(): Promise<Throttle>;
  saveThrottle(t: Throttle): Promise<void>;
}

/** Checks a PIN against the stored hash, honouring and updating the throttle. */
export async function checkPin(pin: string, store: PinStore, now = Date.now()): Promise<PinCheck> {
  const record = await store.record();
  if (!record) return { ok: false, reason: 'no-pin' };
  const throttle = await store.throttle();
  if (now < throttle.nextAttemptAt) return { ok: false, reason: 'throttled', retryAt: throttle.nextAttemptAt };
  if (await pinMatches(pin, record)) {
    await store.saveThrottle(NO_THROTTLE);
    return { ok: true };
  }
  const failures = throttle.failures + 1;
  const nextAttemptAt = now + delayAfter(failures);
  await store.saveThrottle({ failures, nextAttemptAt });
  return { ok: false, reason: 'wrong', retryAt: nextAttemptAt > now ? nextAttemptAt : undefined };
}
