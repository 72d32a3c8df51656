import { describe, expect, it } from 'vitest';
import { displayOrder } from './bidi';

describe('displayOrder', () => {
  it('leaves text without an override alone', () => {
    const t = 'Buy oxycodone';
    expect(displayOrder(t)).toEqual({ text: t, reversed: [] });
  });

  it('puts a right-to-left override back in display order, same length', () => {
    const t = 'Buy \u202eenodocyxo\u202c now';
    const d = displayOrder(t);
    expect(d.text).toBe('Buy \u202eoxycodone\u202c now');
    expect(d.text.length).toBe(t.length);
    expect(d.reversed).toEqual([[5, 14]]);
  });

  it('an override without its end runs to the end of the line', () => {
    expect(displayOrder('\u202edeen noitpircserp on\nnext').text).toBe('\u202eno prescription need\nnext');
  });

  it('keeps surrogate pairs whole', () => {
    expect(displayOrder('\u202e𝐱a').text).toBe('\u202ea𝐱');
  });
});
