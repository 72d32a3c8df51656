import { describe, expect, it, vi } from 'vitest';
import type { PolicyRead } from '../policy/policy-schema';
import { createPolicyReader } from './managed-policy';

const block: PolicyRead = { status: 'ok', policy: { protectionMode: 'block' } };
const warn: PolicyRead = { status: 'ok', policy: { protectionMode: 'warn' } };

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('policy reader', () => {
  it('answers from the cached policy while the slow first read is on its way, then applies the fresh one', async () => {
    const raw = deferred<PolicyRead>();
    const onUpdate = vi.fn();
    let saved: PolicyRead | null = null;
    const reader = createPolicyReader({ readRaw: () => raw.promise, loadCached: async () => block, saveCached: async (p) => void (saved = p), onUpdate });
    expect(await reader.read()).toEqual(block);
    raw.resolve(warn);
    await vi.waitFor(() => expect(onUpdate).toHaveBeenCalledTimes(1));
    expect(await reader.read()).toEqual(warn);
    expect(saved).toEqual(warn);
  });

  it('waits for the real answer when nothing is cached (first run)', async () => {
    const reader = createPolicyReader({ readRaw: async () => block, loadCached: async () => null, saveCached: async () => {}, onUpdate: () => {} });
    expect(await reader.read()).toEqual(block);
  });

  it('reads again when the policy changes', async () => {
    let answer: PolicyRead = block;
    const onUpdate = vi.fn();
    const reader = createPolicyReader({ readRaw: async () => answer, loadCached: async () => null, saveCached: async () => {}, onUpdate });
    expect(await reader.read()).toEqual(block);
    answer = { status: 'invalid', error: 'bad' };
    reader.invalidate();
    await vi.waitFor(() => expect(onUpdate).toHaveBeenCalledTimes(2));
    expect(await reader.read()).toEqual({ status: 'invalid', error: 'bad' });
  });
});
