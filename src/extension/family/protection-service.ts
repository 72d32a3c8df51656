/**
 * Family mode in the background: effective settings (the user's, overridden by browser policy),
 * the PIN lock, passes past a block, and the activity log. Every change a child could use to get
 * around protection goes through here and needs the PIN when one is set. Built with its storage
 * and policy reader passed in, so tests drive it with fakes.
 */
import { type ActivityEntry, appendActivity } from './activity-log';
import { checkPin, createPinRecord, type PinCheck, pinProblem, type PinRecord, type StoredPin, type Throttle } from './pin-lock';
import { DEFAULT_SETTINGS, type EffectiveSettings, effectiveSettings, type PolicyKey, type PolicyRead, type UserSettings } from '../policy/policy-schema';

/** How long a correct PIN unlocks the settings. */
export const UNLOCK_MS = 5 * 60_000;

export interface ProtectionDeps {
  readPolicy: () => Promise<PolicyRead>;
  userSettings: () => Promise<UserSettings>;
  saveUserSettings: (s: UserSettings) => Promise<void>;
  /** The stored PIN: a damaged record counts as a PIN that nothing matches (fails closed). */
  pinRecord: () => Promise<StoredPin>;
  savePinRecord: (r: PinRecord | null) => Promise<void>;
  throttle: () => Promise<Throttle>;
  saveThrottle: (t: Throttle) => Promise<void>;
  unlockedUntil: () => Promise<number>;
  saveUnlockedUntil: (t: number) => Promise<void>;
  activity: () => Promise<ActivityEntry[]>;
  saveActivity: (log: ActivityEntry[]) => Promise<void>;
  /** Hosts a parent let through, this browser session. */
  proceeded: () => Promise<string[]>;
  saveProceeded: (hosts: string[]) => Promise<void>;
  now?: () => number;
}

export interface ProtectionState {
  settings: EffectiveSettings;
  hasPin: boolean;
  locked: boolean;
  /** When the next PIN attempt is allowed (ms since epoch), if throttled. */
  retryAt: number | null;
}

type PinFailure = Extract<PinCheck, { ok: false }>['reason'];
export type RefusalReason = 'locked' | 'managed' | 'not-allowed' | 'bad-pin-format' | 'pin-too-simple' | PinFailure;
export interface Refusal {
  ok: false;
  error: RefusalReason;
  retryAt?: number;
}
export type Outcome = { ok: true } | Refusal;

export function createProtectionService(deps: ProtectionDeps) {
  const now = deps.now ?? Date.now;
  const pinStore = { record: deps.pinRecord, throttle: deps.throttle, saveThrottle: deps.saveThrottle };

  async function settings(): Promise<EffectiveSettings> {
    const [user, policy] = await Promise.all([deps.userSettings(), deps.readPolicy()]);
    return effectiveSettings(user, policy);
  }

  async function locked(): Promise<boolean> {
    return (await deps.pinRecord()) !== null && now() >= (await deps.unlockedUntil());
  }

  /** A change is allowed when no PIN is set, the settings are unlocked, or the PIN comes with it. */
  async function authorise(pin?: string): Promise<Outcome> {
    if (!(await locked())) return { ok: true };
    if (pin === undefined) return { ok: false, error: 'locked' };
    const check = await checkPin(pin, pinStore, now());
    if (check.ok) {
      await deps.saveUnlockedUntil(now() + UNLOCK_MS);
      return { ok: true };
    }
    return { ok: false, error: check.reason, retryAt: check.retryAt };
  }

  return {
    settings,
    authorise,

    async state(): Promise<ProtectionState> {
      const t = await deps.throttle();
      return {
        settings: await settings(),
        hasPin: (await deps.pinRecord()) !== null,
        locked: await locked(),
        retryAt: t.nextAttemptAt > now() ? t.nextAttemptAt : null,
      };
    },

    async unlock(pin: string): Promise<Outcome> {
      if ((await deps.pinRecord()) === null) return { ok: true };
      const check = await checkPin(pin, pinStore, now());
      if (!check.ok) return { ok: false, error: check.reason, retryAt: check.retryAt };
      await deps.saveUnlockedUntil(now() + UNLOCK_MS);
      return { ok: true };
    },

    async lock(): Promise<void> {
      await deps.saveUnlockedUntil(0);
    },

    /** Sets or changes the PIN (changing needs the current one, or an unlocked session). */
    async setPin(newPin: string, currentPin?: string): Promise<Outcome> {
      const problem = pinProblem(newPin);
      if (problem) return { ok: false, error: problem === 'pinFormat' ? 'bad-pin-format' : 'pin-too-simple' };
      const auth = await authorise(currentPin);
      if (!auth.ok) return auth;
      await deps.savePinRecord(await createPinRecord(newPin));
      await deps.saveUnlockedUntil(now() + UNLOCK_MS);
      return { ok: true };
    },

    async removePin(pin?: string): Promise<Outcome> {
      const auth = await authorise(pin);
      if (!auth.ok) return auth;
      await deps.savePinRecord(null);
      await deps.saveUnlockedUntil(0);
      return { ok: true };
    },

    /** Changes user settings; keys fixed by policy are refused. */
    async updateSettings(change: Partial<UserSettings>, pin?: string): Promise<Outcome> {
      const current = await settings();
      if ((Object.keys(change) as PolicyKey[]).some((k) => current.managed.includes(k))) return { ok: false, error: 'managed' };
      const auth = await authorise(pin);
      if (!auth.ok) return auth;
      const user = await deps.userSettings();
      await deps.saveUserSettings({ ...DEFAULT_SETTINGS, ...user, ...change });
      return { ok: true };
    },

    /**
     * A parent lets a blocked site through for this browser session. With a PIN set, the PIN is
     * checked every time, even while the settings are unlocked: the block page asks for it, and
     * the person at the keyboard may be the child a parent just set the PIN up for. A pass does
     * not unlock the settings.
     */
    async proceed(host: string, pin?: string): Promise<Outcome> {
      const s = await settings();
      if (!s.allowProceed) return { ok: false, error: 'not-allowed' };
      if ((await deps.pinRecord()) !== null) {
        if (pin === undefined) return { ok: false, error: 'locked' };
        const check = await checkPin(pin, pinStore, now());
        if (!check.ok) return { ok: false, error: check.reason, retryAt: check.retryAt };
      }
      const hosts = await deps.proceeded();
      if (!hosts.includes(host)) await deps.saveProceeded([...hosts, host]);
      return { ok: true };
    },

    async log(entry: ActivityEntry): Promise<void> {
      await deps.saveActivity(appendActivity(await deps.activity(), entry));
    },

    async readActivity(pin?: string): Promise<{ ok: true; log: ActivityEntry[] } | Refusal> {
      const auth = await authorise(pin);
      if (!auth.ok) return auth;
      return { ok: true, log: await deps.activity() };
    },

    async clearActivity(pin?: string): Promise<Outcome> {
      const auth = await authorise(pin);
      if (!auth.ok) return auth;
      await deps.saveActivity([]);
      return { ok: true };
    },
  };
}

export type ProtectionService = ReturnType<typeof createProtectionService>;
