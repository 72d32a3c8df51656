/** Settings in force for tests: the defaults, no policy, with `more` on top. */
import { DEFAULT_SETTINGS, type EffectiveSettings } from '../../src/extension/policy/policy-schema';

export const testSettings = (more: Partial<EffectiveSettings> = {}): EffectiveSettings => ({
  ...DEFAULT_SETTINGS,
  allowProceed: true,
  policyAllowlist: [],
  policyBlocklist: [],
  listKeys: [],
  policySubscriptions: [],
  managed: [],
  ...more,
});
