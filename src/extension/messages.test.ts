/**
 * The UI protocol is typed from one map (UiReplies): these checks run in `npm run typecheck`
 * (a wrong reply type, an unknown message or a missing field fails the compile), and at run time
 * the map and the schema name the same messages.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BulkReport } from '../core/lists/bulk-input';
import { type SendUi, type TabState, UiMessageSchema, type UiMessageType, type UiReplies } from './messages';

/** Never reached over a channel: the tests look at the types of what it returns. */
const send: SendUi = () => Promise.resolve(null as never);

describe('UI protocol', () => {
  it('a reply has the type the map gives its message', () => {
    expectTypeOf(send({ type: 'get-tab-state', tabId: 1 })).resolves.toEqualTypeOf<TabState>();
    expectTypeOf(send({ type: 'check-bulk-input', text: 'a.com' })).resolves.toEqualTypeOf<BulkReport | null>();
    // Fields with defaults may be left out by the sender.
    expectTypeOf(send({ type: 'trust-site', host: 'a.com' })).resolves.toEqualTypeOf<UiReplies['trust-site']>();
  });

  it('unknown messages and missing fields do not compile', () => {
    const never = () => {
      // @ts-expect-error: no such message
      void send({ type: 'delete-everything' });
      // @ts-expect-error: tabId is required
      void send({ type: 'get-tab-state' });
    };
    expect(typeof never).toBe('function');
  });

  it('every message of the schema has a reply in the map, and the map names no other', () => {
    expectTypeOf<Exclude<UiMessageType, keyof UiReplies>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof UiReplies, UiMessageType>>().toEqualTypeOf<never>();
    const types = UiMessageSchema.def.options.map((o) => o.shape.type.def.values[0]);
    expect(new Set(types).size).toBe(types.length);
  });
});
