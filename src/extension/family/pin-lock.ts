/**
 * The parent's PIN: stored only as a salted PBKDF2-SHA-256 hash (WebCrypto, 600,000 iterations,
 * OWASP's 2023 figure for SHA-256), compared in constant time, with wrong attempts throttled by
 * growing delays whose state is stored, so a browser restart does not reset them. Pure apart from
 * WebCrypto (present in browsers and Node 20), so it is tested in Node.
 *
 * Checks of one store run one at a time (a queue per store), so parallel guesses each see and
 * record the failures before them. A stored record that cannot be read is DAMAGED_PIN: a PIN that
 * no input matches, so a damaged record keeps the settings locked instead of removing the lock.
 */
import { z } from '../../core/zod';

export const PIN_ITERATIONS = 600_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

export const PinRecordSchema = z.object({
  algorithm: z.literal('PBKDF2-SHA-256'),
  iterations: z.number().check(z.int(), z.gte(PIN_ITERATIONS)),
  salt: z.string().check(z.minLength(16)),
  hash: z.string().check(z.minLength(32)),
});
export type PinRecord = z.infer<typeof PinRecordSchema>;

/** A stored PIN record that is there but cannot be read (damaged, edited, weakened): fails closed. */
export const DAMAGED_PIN = 'damaged' as const;
/** What storage holds: no PIN, a PIN record, or a damaged one. */
export type StoredPin = PinRecord | typeof DAMAGED_PIN | null;

/** Reads a stored value: nothing → no PIN; a valid record → it; anything else → DAMAGED_PIN (never "no PIN"). */
export function parseStoredPin(raw: unknown): StoredPin {
  if (raw === null || raw === undefined) return null;
  const parsed = PinRecordSchema.safeParse(raw);
  return parsed.success ? parsed.data : DAMAGED_PIN;
}

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

export async function pinMatches(pin: string, record: PinRecord | typeof DAMAGED_PIN): Promise<boolean> {
  if (record === DAMAGED_PIN) return false;
  const expected = fromBase64(record.hash);
  const actual = await derive(pin, fromBase64(record.salt), record.iterations);
  if (actual.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= actual[i]! ^ expected[i]!;
  return diff === 0;
}

/** Wrong attempts so far and when the next attempt is allowed (ms since epoch). */
export const ThrottleSchema = z.object({ failures: z.number().check(z.int(), z.gte(0)), nextAttemptAt: z.number() });
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
  record(): Promise<StoredPin>;
  throttle(): Promise<Throttle>;
  saveThrottle(t: Throttle): Promise<void>;
}

const queues = new WeakMap<PinStore, Promise<unknown>>();

/**
 * Checks a PIN against the stored hash, honouring and updating the throttle. Checks against one
 * store run one after another, so parallel guesses cannot all read the same throttle: every
 * attempt is recorded. An attempt refused by the throttle counts as a failure too (the next
 * wrong guess after the wait costs the longer delay), but does not move the wait itself.
 */
export function checkPin(pin: string, store: PinStore, now = Date.now()): Promise<PinCheck> {
  const before = queues.get(store) ?? Promise.resolve();
  const run = before.then(() => checkPinNow(pin, store, now));
  queues.set(
    store,
    run.catch(() => undefined),
  );
  return run;
}

async function checkPinNow(pin: string, store: PinStore, now: number): Promise<PinCheck> {
  const record = await store.record();
  if (record === null) return { ok: false, reason: 'no-pin' };
  const throttle = await store.throttle();
  if (now < throttle.nextAttemptAt) {
    await store.saveThrottle({ failures: throttle.failures + 1, nextAttemptAt: throttle.nextAttemptAt });
    return { ok: false, reason: 'throttled', retryAt: throttle.nextAttemptAt };
  }
  if (await pinMatches(pin, record)) {
    await store.saveThrottle(NO_THROTTLE);
    return { ok: true };
  }
  const failures = throttle.failures + 1;
  const nextAttemptAt = now + delayAfter(failures);
  await store.saveThrottle({ failures, nextAttemptAt });
  return { ok: false, reason: 'wrong', retryAt: nextAttemptAt > now ? nextAttemptAt : undefined };
}
