import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, effectiveSettings, readPolicy } from './policy-schema';

describe('readPolicy', () => {
  it('treats nothing as no policy', () => {
    expect(readPolicy({})).toEqual({ status: 'none' });
    expect(readPolicy(undefined)).toEqual({ status: 'none' });
  });

  it('validates and normalises keys', () => {
    expect(readPolicy({ protectionMode: 'block', allowProceed: false, allowlist: ['WWW.Example.COM', 'https://b.org/x'] })).toEqual({
      status: 'ok',
      policy: { protectionMode: 'block', allowProceed: false, allowlist: ['example.com', 'b.org'] },
    });
  });

  it.each([
    [{ protectionMode: 'off' }],
    [{ allowProceed: 'no' }],
    [{ blocklist: ['not a domain'] }],
    [{ unknownKey: true }],
    ['a string'],
  ])('rejects invalid policy %j', (raw) => {
    expect(readPolicy(raw).status).toBe('invalid');
  });
});

describe('effectiveSettings', () => {
  it('uses the user settings when there is no policy', () => {
    expect(effectiveSettings(DEFAULT_SETTINGS, { status: 'none' })).toMatchObject({ ...DEFAULT_SETTINGS, allowProceed: true, managed: [] });
  });

  it('lets policy override user settings and lists the managed keys', () => {
    const s = effectiveSettings({ protectionMode: 'warn', blockCaution: false, communityList: true }, { status: 'ok', policy: { protectionMode: 'block', communityList: false, blocklist: ['bad.com'] } });
    expect(s).toMatchObject({ protectionMode: 'block', communityList: false, blockCaution: false, allowProceed: true, policyBlocklist: ['bad.com'] });
    expect(s.managed.sort()).toEqual(['blocklist', 'communityList', 'protectionMode']);
  });

  it('fails closed on invalid policy: block mode, no way past, error reported', () => {
    const s = effectiveSettings(DEFAULT_SETTINGS, { status: 'invalid', error: 'bad' });
    expect(s).toMatchObject({ protectionMode: 'block', allowProceed: false, policyError: 'bad' });
  });
});
