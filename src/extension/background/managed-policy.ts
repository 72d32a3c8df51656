/**
 * Reads browser policy (storage.managed) defensively: no policy is normal; a policy that cannot
 * be read or does not validate fails closed (see policy-schema.ts).
 */
import { browser } from 'wxt/browser';
import { type PolicyRead, readPolicy } from '../policy/policy-schema';

/** Firefox says this when no policies.json entry exists for the add-on: that is "no policy". */
const NO_MANAGED_STORAGE = /managed storage manifest not found|not supported|no managed storage/i;

export async function readManagedPolicy(): Promise<PolicyRead> {
  const managed = (browser.storage as { managed?: { get(): Promise<Record<string, unknown>> } }).managed;
  if (!managed) return { status: 'none' };
  try {
    return readPolicy(await managed.get());
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (NO_MANAGED_STORAGE.test(message)) return { status: 'none' };
    return { status: 'invalid', error: `policy could not be read: ${message}` };
  }
}

export interface PolicyReaderDeps {
  readRaw: () => Promise<PolicyRead>;
  loadCached: () => Promise<PolicyRead | null>;
  saveCached: (p: PolicyRead) => Promise<void>;
  /** Called when a fresh read differs from what was in use. */
  onUpdate: () => void;
}

/**
 * Chromium answers storage.managed.get() only about 3 s after the browser starts. Verdicts must
 * not wait for it: the last policy read (kept in local storage) is used until the fresh one
 * arrives, then the fresh one replaces it and the settings are applied again. With nothing cached
 * (first run), reads wait for the real answer.
 */
export function createPolicyReader(deps: PolicyReaderDeps) {
  let current: PolicyRead | null = null;
  let inflight: Promise<PolicyRead> | null = null;

  const refresh = (): Promise<PolicyRead> => {
    inflight ??= deps.readRaw().then(async (fresh) => {
      const changed = JSON.stringify(fresh) !== JSON.stringify(current);
      current = fresh;
      inflight = null;
      await deps.saveCached(fresh).catch(() => undefined);
      if (changed) deps.onUpdate();
      return fresh;
    });
    return inflight;
  };

  return {
    async read(): Promise<PolicyRead> {
      if (current) return current;
      const fresh = refresh();
      const cached = await deps.loadCached().catch(() => null);
      if (current) return current;
      if (cached) {
        current = cached;
        return cached;
      }
      return fresh;
    },
    /** Policy changed (storage.onChanged, area "managed"): read it again. */
    invalidate(): void {
      void refresh();
    },
  };
}
