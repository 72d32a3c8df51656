/**
 * The first read of a long page (engine.firstReadVerdict): the beginning of its text settles the
 * page only when it mentions nothing the rules could use; otherwise the page is read whole.
 */
import { describe, expect, it } from 'vitest';
import { testEngine } from '../../tests/support/test-engine';

const filler = (n: number) => Array.from({ length: n }, (_, i) => `Garden chair number ${i}, weatherproof, $49.99. Add to cart.`).join('\n');

describe('firstReadVerdict', () => {
  const engine = testEngine();

  it('an ordinary shop that names no medicine is settled by its beginning: none, as read whole', () => {
    const page = { url: 'https://garden-shop.example/catalogue', title: 'Garden furniture', text: filler(400) };
    const first = engine.firstReadVerdict(page);
    expect(first).not.toBeNull();
    expect(first!.level).toBe('none');
    expect(first).toEqual(engine.analyzePage(page));
  });

  it('a beginning that names a drug is not settled (the rest or the markup may make it an offer)', () => {
    expect(engine.firstReadVerdict({ url: 'https://garden-shop.example/', text: `${filler(50)}\nOxycodone 30 mg` })).toBeNull();
  });

  it('a beginning with a risk or trust phrase and no drug named is not settled', () => {
    expect(engine.firstReadVerdict({ url: 'https://garden-shop.example/', text: `${filler(50)}\nNo prescription needed.` })).toBeNull();
    expect(engine.firstReadVerdict({ url: 'https://garden-shop.example/', text: `${filler(50)}\nPay with Bitcoin only.` })).toBeNull();
    expect(engine.firstReadVerdict({ url: 'https://garden-shop.example/', text: `${filler(50)}\nOur licensed pharmacist answers your questions.` })).toBeNull();
  });

  it('a drug name in the address is a signal: not settled', () => {
    expect(engine.firstReadVerdict({ url: 'https://buy-oxycodone-online.example/', text: filler(50) })).toBeNull();
  });

  it('a listed domain is settled by its list, whatever its beginning says', () => {
    const v = engine.firstReadVerdict({ url: 'https://alpharoyalpharmacy.com/', text: filler(50) });
    expect(v?.level).toBe('danger');
  });
});
