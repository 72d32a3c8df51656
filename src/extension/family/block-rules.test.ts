import { describe, expect, it } from 'vitest';
import { BLOCK_RULE_ID, blockedUrlFrom, blockRule, ownedRuleIds, PROCEED_RULE_ID_BASE, proceedRules } from './block-rules';

describe('block rules', () => {
  it("puts every listed domain in one rule that stops top-level navigations (no redirect: RxRadar's pages are not web-accessible)", () => {
    const rule = blockRule(['b.com', 'a.org', 'b.com'])!;
    expect(rule.id).toBe(BLOCK_RULE_ID);
    expect(rule.condition.requestDomains).toEqual(['a.org', 'b.com']);
    expect(rule.condition.resourceTypes).toEqual(['main_frame']);
    expect(rule.action).toEqual({ type: 'block' });
  });

  it('has no rule for an empty list', () => expect(blockRule([])).toBeNull());

  it("leaves out excluded domains (the administrator's allowlist, sites trusted over a list)", () => {
    expect(blockRule(['a.org'])!.condition.excludedRequestDomains).toBeUndefined();
    expect(blockRule(['a.org', 'b.com'], ['b.com', 'shop.a.org', 'b.com'])!.condition.excludedRequestDomains).toEqual(['b.com', 'shop.a.org']);
  });

  it('lets PIN-approved sites through with higher-priority allow rules', () => {
    const rules = proceedRules(['x.com', 'y.com']);
    expect(rules.map((r) => [r.id, r.priority, r.action.type])).toEqual([
      [PROCEED_RULE_ID_BASE, 2, 'allow'],
      [PROCEED_RULE_ID_BASE + 1, 2, 'allow'],
    ]);
    expect(ownedRuleIds([{ id: 1 }, { id: 7 }, ...rules])).toEqual([1, PROCEED_RULE_ID_BASE, PROCEED_RULE_ID_BASE + 1]);
  });

  it.each([
    [{ hash: '#https://bad.com/x?y=1', search: '' }, 'https://bad.com/x?y=1'],
    [{ hash: '', search: '?url=' + encodeURIComponent('http://a.b/c') }, 'http://a.b/c'],
    [{ hash: '#javascript:alert(1)', search: '' }, null],
    [{ hash: '', search: '' }, null],
  ])('reads the blocked address from %j', (loc, url) => expect(blockedUrlFrom(loc)).toBe(url));
});
