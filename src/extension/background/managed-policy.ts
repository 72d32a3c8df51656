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
