/**
 * The precedence of the administrator's lists, the user's trust, "Continue anyway" and the
 * protection mode over the engine's verdict.
 */
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../core/verdict';
import { applyUserDecisions, NO_DECISIONS, type TrustedSite } from './user-decisions';

const listed: Verdict = {
  url: 'https://www.tramadolus.org/',
  host: 'www.tramadolus.org',
  level: 'danger',
  score: 100,
  reasons: [],
  listMatch: { tier: 'authority', entry: 'tramadolus.org', host: 'www.tramadolus.org', source: 'FDA' },
};
const byContent: Verdict = { url: 'https://shop.example/', host: 'shop.example', level: 'danger', score: 80, reasons: [] };
const caution: Verdict = { ...byContent, level: 'caution', score: 40 };
const trustedOver = (domain: string): TrustedSite => ({ domain, addedAt: 1, overridesAuthority: true });
const trustedPlain = (domain: string): TrustedSite => ({ domain, addedAt: 1, overridesAuthority: false });

describe('applyUserDecisions', () => {
  it('the administrator’s block list wins over everything', () => {
    const d = applyUserDecisions(
      { ...byContent, level: 'none' },
      { ...NO_DECISIONS, policyBlock: ['shop.example'], policyAllow: ['shop.example'], trusted: [trustedOver('shop.example')] },
    );
    expect(d.verdict.level).toBe('danger');
    expect(d.verdict.listMatch?.tier).toBe('policy');
  });

  it('the administrator’s allowlist silences even an authority match', () => {
    const d = applyUserDecisions(listed, { ...NO_DECISIONS, policyAllow: ['tramadolus.org'] });
    expect(d.verdict.level).toBe('none');
    expect(d.trusted).toBe(true);
  });

  it('the user’s trust silences a content verdict, but an authority match only with the second confirmation', () => {
    expect(applyUserDecisions(byContent, { ...NO_DECISIONS, trusted: [trustedPlain('shop.example')] }).verdict.level).toBe('none');
    expect(applyUserDecisions(listed, { ...NO_DECISIONS, trusted: [trustedPlain('tramadolus.org')] }).verdict.level).toBe('danger');
    expect(applyUserDecisions(listed, { ...NO_DECISIONS, trusted: [trustedOver('tramadolus.org')] }).verdict.level).toBe('none');
  });

  it('where policy holds block mode, the user’s trust counts for nothing', () => {
    const inputs = { ...NO_DECISIONS, mode: 'block' as const, userTrustAllowed: false, trusted: [trustedOver('tramadolus.org'), trustedOver('shop.example')] };
    for (const v of [listed, byContent]) {
      const d = applyUserDecisions(v, inputs);
      expect(d.verdict.level).toBe('danger');
      expect(d.blocked).toBe(true);
      expect(d.trusted).toBe(false);
    }
  });

  it('warn mode: danger shows the warning until "Continue anyway", which keeps the badge honest', () => {
    expect(applyUserDecisions(byContent, NO_DECISIONS)).toMatchObject({ presentation: 'warning', blocked: false });
    const continued = applyUserDecisions(byContent, { ...NO_DECISIONS, continued: ['shop.example'] });
    expect(continued).toMatchObject({ presentation: 'none', continued: true });
    expect(continued.verdict.level).toBe('danger');
    expect(applyUserDecisions(caution, NO_DECISIONS).presentation).toBe('banner');
  });

  it('block mode: danger (and caution when asked) is blocked unless a parent let it through', () => {
    const block = { ...NO_DECISIONS, mode: 'block' as const };
    expect(applyUserDecisions(byContent, block).blocked).toBe(true);
    expect(applyUserDecisions(caution, block).blocked).toBe(false);
    expect(applyUserDecisions(caution, { ...block, blockCaution: true }).blocked).toBe(true);
    expect(applyUserDecisions(byContent, { ...block, proceeded: ['shop.example'] })).toMatchObject({ blocked: false, presentation: 'none' });
  });
});
