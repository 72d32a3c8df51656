import { describe, expect, it } from 'vitest';
import { allSubscriptions, DEFAULT_SETTINGS, effectiveSettings, readPolicy } from './policy-schema';

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
    [{ reportEndpoint: 'http://reports.example.org/v1/reports' }],
    [{ reportEndpoint: 'https://user:secret@reports.example.org/' }],
    [{ listKeys: ['not base64!'] }],
    [{ listKeys: ['AAAA'] }],
    [{ listSubscriptions: ['ftp://feeds.example.org/list.json'] }],
    [{ listSubscriptions: 'https://feeds.example.org/list.json' }],
  ])('rejects invalid policy %j', (raw) => {
    expect(readPolicy(raw).status).toBe('invalid');
  });
});

describe('effectiveSettings', () => {
  it('uses the user settings when there is no policy', () => {
    expect(effectiveSettings(DEFAULT_SETTINGS, { status: 'none' })).toMatchObject({ ...DEFAULT_SETTINGS, allowProceed: true, managed: [] });
  });

  it('lets policy override user settings and lists the managed keys', () => {
    const s = effectiveSettings(
      { ...DEFAULT_SETTINGS, protectionMode: 'warn', blockCaution: false, communityList: true },
      { status: 'ok', policy: { protectionMode: 'block', communityList: false, blocklist: ['bad.com'] } },
    );
    expect(s).toMatchObject({ protectionMode: 'block', communityList: false, blockCaution: false, allowProceed: true, policyBlocklist: ['bad.com'] });
    expect(s.managed.sort()).toEqual(['blocklist', 'communityList', 'protectionMode']);
  });

  it('fails closed on invalid policy: block mode, no way past, error reported', () => {
    const s = effectiveSettings(DEFAULT_SETTINGS, { status: 'invalid', error: 'bad' });
    expect(s).toMatchObject({ protectionMode: 'block', allowProceed: false, policyError: 'bad' });
  });
});

describe('reports and feeds in policy', () => {
  const key = 'TVKT2c74iHJzOi4ol/qHGs3etHmQQRrotQ7I4HxqYbU=';

  it('accepts https addresses, local http, and base64 raw keys', () => {
    const read = readPolicy({
      reportEndpoint: 'https://reports.example.org/v1/reports',
      listKeys: [key],
      listSubscriptions: ['https://feeds.example.org/list.json', 'http://127.0.0.1:8080/feed.json'],
    });
    expect(read.status).toBe('ok');
  });

  it("policy endpoint wins over the user's; policy feeds add to the user's own", () => {
    const user = {
      ...DEFAULT_SETTINGS,
      reportEndpoint: 'https://mine.example.org/r',
      feedSubscriptions: ['https://mine.example.org/f.json', 'https://both.example.org/f.json'],
    };
    const s = effectiveSettings(
      user,
      readPolicy({ reportEndpoint: 'https://school.example.org/r', listKeys: [key], listSubscriptions: ['https://both.example.org/f.json'] }),
    );
    expect(s.reportEndpoint).toBe('https://school.example.org/r');
    expect(s.listKeys).toEqual([key]);
    expect(s.managed).toContain('reportEndpoint');
    expect(allSubscriptions(s)).toEqual(['https://both.example.org/f.json', 'https://mine.example.org/f.json']);
    expect(effectiveSettings(user, { status: 'none' }).reportEndpoint).toBe('https://mine.example.org/r');
  });

  it('invalid policy trusts no extra keys and follows no policy feeds', () => {
    const s = effectiveSettings(DEFAULT_SETTINGS, { status: 'invalid', error: 'bad' });
    expect(s.listKeys).toEqual([]);
    expect(s.policySubscriptions).toEqual([]);
  });
});
