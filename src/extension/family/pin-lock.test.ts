import { pbkdf2Sync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkPin,
  createPinRecord,
  DAMAGED_PIN,
  delayAfter,
  FREE_ATTEMPTS,
  NO_THROTTLE,
  PIN_ITERATIONS,
  type PinRecord,
  PinRecordSchema,
  parseStoredPin,
  pinMatches,
  pinProblem,
  type Throttle,
} from './pin-lock';

let record: PinRecord;
beforeAll(async () => {
  record = await createPinRecord('482915');
});

describe('PIN hashing', () => {
  it('stores only a salted PBKDF2-SHA-256 hash with at least 600,000 iterations', () => {
    expect(PinRecordSchema.parse(record)).toEqual(record);
    expect(record.algorithm).toBe('PBKDF2-SHA-256');
    expect(record.iterations).toBe(PIN_ITERATIONS);
    expect(PIN_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(JSON.stringify(record)).not.toContain('482915');
  });

  it('the stored hash is PBKDF2-SHA-256 of the PIN with the stored salt, as an independent implementation computes it', () => {
    const expected = pbkdf2Sync('482915', Buffer.from(record.salt, 'base64'), record.iterations, 32, 'sha256');
    expect(Buffer.from(record.hash, 'base64').equals(expected)).toBe(true);
    expect(Buffer.from(record.salt, 'base64').byteLength).toBeGreaterThanOrEqual(16);
  });

  it('verifies the right PIN and rejects others', async () => {
    expect(await pinMatches('482915', record)).toBe(true);
    expect(await pinMatches('482916', record)).toBe(false);
    expect(await pinMatches('', record)).toBe(false);
  });

  it('salts: the same PIN hashes differently twice', async () => {
    const again = await createPinRecord('482915');
    expect(again.salt).not.toBe(record.salt);
    expect(again.hash).not.toBe(record.hash);
  });

  it('refuses a record weaker than the minimum', () => {
    expect(PinRecordSchema.safeParse({ ...record, iterations: 1000 }).success).toBe(false);
  });

  it.each([
    ['123', 'pinFormat'],
    ['12a4', 'pinFormat'],
    ['1111', 'pinTooSimple'],
    ['1234', 'pinTooSimple'],
    ['9876', 'pinTooSimple'],
    ['482915', null],
  ])('PIN %s → %s', (pin, problem) => expect(pinProblem(pin)).toBe(problem));
});

describe('throttling wrong attempts', () => {
  function store(initial: Throttle = NO_THROTTLE) {
    let t = initial;
    return { record: async () => record, throttle: async () => t, saveThrottle: async (x: Throttle) => void (t = x), get: () => t };
  }

  it('grows delays after the free attempts, capped at an hour', () => {
    expect([0, 1, 2].map(delayAfter)).toEqual([0, 0, 0]);
    expect(delayAfter(FREE_ATTEMPTS)).toBe(30_000);
    expect(delayAfter(FREE_ATTEMPTS + 1)).toBe(60_000);
    expect(delayAfter(FREE_ATTEMPTS + 2)).toBe(120_000);
    expect(delayAfter(50)).toBe(3_600_000);
  });

  it('refuses attempts while throttled, even the right PIN, and resets on success', async () => {
    const s = store();
    const t0 = 1_000_000;
    for (let i = 0; i < FREE_ATTEMPTS; i++) expect((await checkPin('000000', s, t0)).ok).toBe(false);
    expect(s.get()).toEqual({ failures: 3, nextAttemptAt: t0 + 30_000 });
    expect(await checkPin('482915', s, t0 + 1000)).toEqual({ ok: false, reason: 'throttled', retryAt: t0 + 30_000 });
    expect(await checkPin('482915', s, t0 + 30_000)).toEqual({ ok: true });
    expect(s.get()).toEqual(NO_THROTTLE);
  });

  it('keeps the throttle in the store, so a restart (a new store reader) does not reset it', async () => {
    const saved: Throttle = { failures: 5, nextAttemptAt: 5_000_000 };
    const s = store(saved);
    expect(await checkPin('482915', s, 4_000_000)).toMatchObject({ ok: false, reason: 'throttled' });
  });

  it('says when no PIN is set', async () => {
    expect(await checkPin('1', { record: async () => null, throttle: async () => NO_THROTTLE, saveThrottle: async () => {} })).toEqual({
      ok: false,
      reason: 'no-pin',
    });
  });
});

describe('PIN checks run one at a time (issue 10, finding 6)', () => {
  function store(initial: Throttle = NO_THROTTLE) {
    let t = initial;
    return { record: async () => record, throttle: async () => t, saveThrottle: async (x: Throttle) => void (t = x), get: () => t };
  }

  it('64 parallel wrong guesses record 64 failures, and the throttle holds', async () => {
    const s = store();
    const t0 = 1_000_000;
    const guesses = Array.from({ length: 64 }, (_, i) => String(100000 + i));
    const results = await Promise.all(guesses.map((g) => checkPin(g, s, t0)));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(s.get().failures).toBe(64);
    // Only the free attempts are checked against the hash; the rest meet the throttle.
    expect(results.filter((r) => !r.ok && r.reason === 'wrong')).toHaveLength(FREE_ATTEMPTS);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(64 - FREE_ATTEMPTS);
    // Even the right PIN waits for the throttle; after the wait, one more wrong guess costs the full delay.
    expect(await checkPin('482915', s, t0 + 1000)).toMatchObject({ ok: false, reason: 'throttled' });
    expect(s.get().failures).toBe(65);
    const wait = s.get().nextAttemptAt;
    expect(wait).toBe(t0 + delayAfter(FREE_ATTEMPTS));
    expect(await checkPin('000001', s, wait)).toMatchObject({ ok: false, reason: 'wrong', retryAt: wait + delayAfter(66) });
  });

  it('a right PIN racing wrong guesses does not reset the failures they recorded', async () => {
    const s = store();
    const t0 = 2_000_000;
    const results = await Promise.all([checkPin('482915', s, t0), checkPin('111112', s, t0), checkPin('111113', s, t0)]);
    expect(results[0]).toEqual({ ok: true });
    expect(s.get().failures).toBe(2);
  });
});

describe('a damaged PIN record (issue 10, finding 7)', () => {
  it.each([
    ['a string', 'garbage'],
    ['a weakened record', { algorithm: 'PBKDF2-SHA-256', iterations: 1, salt: 'AAAAAAAAAAAAAAAAAAAAAA==', hash: 'A'.repeat(44) }],
    ['an object missing its hash', { algorithm: 'PBKDF2-SHA-256', iterations: PIN_ITERATIONS, salt: 'AAAAAAAAAAAAAAAAAAAAAA==' }],
    ['a number', 42],
  ])('%s reads as a PIN that no input matches, not as "no PIN"', async (_, raw) => {
    const stored = parseStoredPin(raw);
    expect(stored).toBe(DAMAGED_PIN);
    let t = NO_THROTTLE;
    const s = { record: async () => stored, throttle: async () => t, saveThrottle: async (x: Throttle) => void (t = x) };
    expect(await checkPin('482915', s, 1)).toMatchObject({ ok: false, reason: 'wrong' });
    expect(t.failures).toBe(1);
  });

  it('no stored value is "no PIN"; a valid record is the record', () => {
    expect(parseStoredPin(null)).toBeNull();
    expect(parseStoredPin(undefined)).toBeNull();
    expect(parseStoredPin(record)).toEqual(record);
  });
});
