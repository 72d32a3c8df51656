/**
 * For view tests: a background that records the UI messages it is sent and answers each type as
 * the test says (`{ ok: true }` otherwise), typed by the message protocol; and a `t` that shows
 * message keys (with their substitutions) instead of translations.
 */
import type { SendUi, UiMessageIn, UiReplies } from '../../src/extension/messages';

export function fakeBackground(answers: Partial<{ [K in keyof UiReplies]: UiReplies[K] }> = {}) {
  const sent: UiMessageIn[] = [];
  const send: SendUi = (m) => {
    sent.push(m);
    return Promise.resolve((answers[m.type] ?? { ok: true }) as never);
  };
  return { sent, send };
}

export const keysAsText = (key: string, subs?: string | string[]) => (subs === undefined ? key : `${key}(${[subs].flat().join('|')})`);
