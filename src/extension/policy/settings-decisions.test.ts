import { describe, expect, it } from 'vitest';
import { testSettings } from '../../../tests/support/effective-settings';
import { decisionInputsFrom, stopRulePlan } from './settings-decisions';

const settings = testSettings;
const trustedOver = { domain: 'listed-by-mistake.com', addedAt: 1, overridesAuthority: true };
const trustedPlain = { domain: 'shop.example', addedAt: 2, overridesAuthority: false };

describe('stopRulePlan: what the stop rule blocks and lets through', () => {
  it('warn mode: the authority list and the policy block list are stopped; passes are a parent\'s and "Continue anyway"', () => {
    const plan = stopRulePlan(settings({ policyBlocklist: ['bad.example'] }), ['a.com', 'b.com'], [], ['p.com'], ['c.com']);
    expect(plan).toEqual({ domains: ['a.com', 'b.com', 'bad.example'], passes: ['p.com', 'c.com'], excluded: [] });
  });

  it('block mode: "Continue anyway" lets nothing through, only a parent\'s pass', () => {
    expect(stopRulePlan(settings({ protectionMode: 'block' }), ['a.com'], [], ['p.com'], ['c.com']).passes).toEqual(['p.com']);
  });

  it("a site trusted over a list and the administrator's allowlist are excluded; plain trust is not", () => {
    const plan = stopRulePlan(settings({ policyAllowlist: ['ok.example'] }), ['listed-by-mistake.com'], [trustedOver, trustedPlain], [], []);
    expect(plan.excluded).toEqual(['ok.example', 'listed-by-mistake.com']);
  });

  it("the administrator's block list wins over the allowlist and the user's trust (either way round: parent or subdomain)", () => {
    const plan = stopRulePlan(
      settings({ policyAllowlist: ['shop.bad.example'], policyBlocklist: ['bad.example', 'www.listed-by-mistake.com'] }),
      [],
      [trustedOver],
      [],
      [],
    );
    expect(plan.excluded).toEqual([]);
  });

  it("where policy holds block mode, the user's trust excludes nothing (a child cannot undo the policy)", () => {
    const held = settings({ protectionMode: 'block', managed: ['protectionMode'] });
    expect(stopRulePlan(held, ['listed-by-mistake.com'], [trustedOver], [], []).excluded).toEqual([]);
    // An unusable policy fails closed the same way.
    expect(stopRulePlan(settings({ protectionMode: 'block', policyError: 'bad json' }), [], [trustedOver], [], []).excluded).toEqual([]);
    // Block mode chosen by the user (no policy): their own trust still counts.
    expect(stopRulePlan(settings({ protectionMode: 'block' }), [], [trustedOver], [], []).excluded).toEqual(['listed-by-mistake.com']);
  });
});

describe('decisionInputsFrom', () => {
  it("carries the policy lists, the mode and whether the user's trust counts", () => {
    const s = settings({ protectionMode: 'block', managed: ['protectionMode'], blockCaution: true, policyAllowlist: ['a'], policyBlocklist: ['b'] });
    expect(decisionInputsFrom(s, [trustedPlain], ['c'], ['p'])).toEqual({
      trusted: [trustedPlain],
      continued: ['c'],
      policyAllow: ['a'],
      policyBlock: ['b'],
      mode: 'block',
      blockCaution: true,
      proceeded: ['p'],
      userTrustAllowed: false,
    });
    expect(decisionInputsFrom(settings(), [], [], []).userTrustAllowed).toBe(true);
  });
});
