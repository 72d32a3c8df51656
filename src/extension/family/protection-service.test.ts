import { describe, expect, it } from 'vitest';
import type { PolicyRead, UserSettings } from '../policy/policy-schema';
import { DEFAULT_SETTINGS } from '../policy/policy-schema';
import type { ActivityEntry } from './activity-log';
import { DAMAGED_PIN, NO_THROTTLE, type StoredPin, type Throttle } from './pin-lock';
import { createProtectionService, UNLOCK_MS } from './protection-service';

function fakeStore(policy: PolicyRead = { status: 'none' }) {
  const s = {
    policy,
    user: { ...DEFAULT_SETTINGS } as UserSettings,
    pin: null as StoredPin,
    throttle: NO_THROTTLE as Throttle,
    unlockedUntil: 0,
    activity: [] as ActivityEntry[],
    proceeded: [] as string[],
    time: 1_000_000,
  };
  const service = createProtectionService({
    readPolicy: async () => s.policy,
    userSettings: async () => s.user,
    saveUserSettings: async (u) => void (s.user = u),
    pinRecord: async () => s.pin,
    savePinRecord: async (r) => void (s.pin = r),
    throttle: async () => s.throttle,
    saveThrottle: async (t) => void (s.throttle = t),
    unlockedUntil: async () => s.unlockedUntil,
    saveUnlockedUntil: async (t) => void (s.unlockedUntil = t),
    activity: async () => s.activity,
    saveActivity: async (l) => void (s.activity = l),
    proceeded: async () => s.proceeded,
    saveProceeded: async (h) => void (s.proceeded = h),
    now: () => s.time,
  });
  return { s, service };
}

describe('protection service', () => {
  it('without a PIN, settings change freely', async () => {
    const { s, service } = fakeStore();
    expect(await service.updateSettings({ protectionMode: 'block' })).toEqual({ ok: true });
    expect(s.user.protectionMode).toBe('block');
    expect((await service.state()).locked).toBe(false);
  });

  it('with a PIN, every change needs it; a correct PIN unlocks for a while, then it locks again', async () => {
    const { s, service } = fakeStore();
    expect(await service.setPin('1234')).toEqual({ ok: false, error: 'pin-too-simple' });
    expect(await service.setPin('482915')).toEqual({ ok: true });
    s.time += UNLOCK_MS; // the setting-up session ends
    expect((await service.state()).locked).toBe(true);
    expect(await service.updateSettings({ protectionMode: 'warn' })).toEqual({ ok: false, error: 'locked' });
    expect(await service.removePin()).toEqual({ ok: false, error: 'locked' });
    expect(await service.clearActivity()).toEqual({ ok: false, error: 'locked' });
    expect(await service.updateSettings({ protectionMode: 'warn' }, '000000')).toMatchObject({ ok: false, error: 'wrong' });
    expect(await service.updateSettings({ protectionMode: 'warn' }, '482915')).toEqual({ ok: true });
    expect(s.user.protectionMode).toBe('warn');
    // Unlocked for UNLOCK_MS: no PIN needed meanwhile.
    expect(await service.updateSettings({ blockCaution: true })).toEqual({ ok: true });
    s.time += UNLOCK_MS;
    expect(await service.updateSettings({ blockCaution: false })).toEqual({ ok: false, error: 'locked' });
    await service.unlock('482915');
    await service.lock();
    expect((await service.state()).locked).toBe(true);
  });

  it('proceeding past a block needs the PIN, and is impossible when policy forbids it', async () => {
    const { s, service } = fakeStore();
    await service.setPin('482915');
    s.time += UNLOCK_MS;
    expect(await service.proceed('bad.com')).toEqual({ ok: false, error: 'locked' });
    expect(await service.proceed('bad.com', '482915')).toEqual({ ok: true });
    expect(s.proceeded).toEqual(['bad.com']);
    s.policy = { status: 'ok', policy: { allowProceed: false } };
    expect(await service.proceed('other.com', '482915')).toEqual({ ok: false, error: 'not-allowed' });
  });

  it('the block page checks the PIN even while the settings are unlocked, and a pass does not unlock them', async () => {
    const { s, service } = fakeStore();
    await service.setPin('482915'); // unlocked for UNLOCK_MS from now
    expect((await service.state()).locked).toBe(false);
    expect(await service.proceed('bad.com')).toEqual({ ok: false, error: 'locked' });
    expect(await service.proceed('bad.com', '000000')).toMatchObject({ ok: false, error: 'wrong' });
    expect(s.proceeded).toEqual([]);
    expect(await service.proceed('bad.com', '482915')).toEqual({ ok: true });
    expect(s.proceeded).toEqual(['bad.com']);
    await service.lock();
    expect(await service.proceed('other.com', '482915')).toEqual({ ok: true });
    expect((await service.state()).locked).toBe(true);
  });

  it('refuses to change what policy sets, even with the PIN', async () => {
    const { service } = fakeStore({ status: 'ok', policy: { protectionMode: 'block', communityList: false } });
    expect(await service.updateSettings({ protectionMode: 'warn' })).toEqual({ ok: false, error: 'managed' });
    expect(await service.updateSettings({ communityList: true })).toEqual({ ok: false, error: 'managed' });
    expect(await service.updateSettings({ blockCaution: true })).toEqual({ ok: true });
    expect((await service.settings()).managed.sort()).toEqual(['communityList', 'protectionMode']);
  });

  it('invalid policy fails closed and says why', async () => {
    const { service } = fakeStore({ status: 'invalid', error: 'protectionMode: expected "warn" | "block"' });
    const st = await service.state();
    expect(st.settings).toMatchObject({ protectionMode: 'block', allowProceed: false });
    expect(st.settings.policyError).toContain('protectionMode');
    expect(await service.proceed('bad.com')).toEqual({ ok: false, error: 'not-allowed' });
  });

  it('logs activity and shows it only behind the PIN', async () => {
    const { s, service } = fakeStore();
    await service.log({ domain: 'bad.com', time: 1, level: 'danger', action: 'blocked' });
    await service.setPin('482915');
    s.time += UNLOCK_MS;
    expect(await service.readActivity()).toEqual({ ok: false, error: 'locked' });
    expect(await service.readActivity('482915')).toEqual({ ok: true, log: [{ domain: 'bad.com', time: 1, level: 'danger', action: 'blocked' }] });
  });

  it('a damaged PIN record keeps everything locked: no PIN unlocks it, nothing can be changed or removed (issue 10, finding 7)', async () => {
    const { s, service } = fakeStore();
    s.pin = DAMAGED_PIN;
    expect(await service.state()).toMatchObject({ hasPin: true, locked: true });
    expect(await service.updateSettings({ protectionMode: 'warn' })).toEqual({ ok: false, error: 'locked' });
    expect(await service.unlock('482915')).toMatchObject({ ok: false, error: 'wrong' });
    expect(await service.removePin('482915')).toMatchObject({ ok: false });
    expect(await service.setPin('739146', '482915')).toMatchObject({ ok: false });
    expect(s.pin).toBe(DAMAGED_PIN);
    expect(s.throttle.failures).toBeGreaterThanOrEqual(3);
  });

  it('parallel wrong PINs through the service are all recorded (issue 10, finding 6)', async () => {
    const { s, service } = fakeStore();
    expect(await service.setPin('482915')).toEqual({ ok: true });
    await service.lock();
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => service.unlock(String(200000 + i))));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(s.throttle.failures).toBe(16);
    expect(s.throttle.nextAttemptAt).toBeGreaterThan(s.time);
  });
});
