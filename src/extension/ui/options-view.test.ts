// @vitest-environment node
/**
 * The options page owns its parts (linkedom, fake background typed by the protocol): a change
 * brings the parts up to date in place; it does not build the page again, so controls stay the
 * same elements, focus stays where it was and what is typed elsewhere stays.
 */
import { parseHTML } from 'linkedom';
import { keysAsText } from '../../../tests/support/fake-ui-background';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ProtectionState } from '../family/protection-service';
import type { SendUi, UiMessageIn } from '../messages';
import { testSettings } from '../../../tests/support/effective-settings';
import { renderOptions } from './options-view';

type FullState = ProtectionState & { incognitoAllowed: boolean | null };

function fakeBackground() {
  const state: FullState = {
    settings: testSettings(),
    hasPin: false,
    locked: false,
    retryAt: null,
    incognitoAllowed: true,
  };
  const sent: string[] = [];
  /** Message types the background stops answering, or answers with an error. */
  const stalled = new Set<string>();
  const failing = new Set<string>();
  const send: SendUi = (m: UiMessageIn) => {
    sent.push(m.type);
    let reply: unknown = null;
    if (m.type === 'get-protection-state') reply = structuredClone(state);
    else if (m.type === 'update-settings') {
      Object.assign(state.settings, m.change);
      reply = { ok: true };
    } else if (m.type === 'set-pin') {
      state.hasPin = true;
      reply = { ok: true };
    } else if (m.type === 'lock') {
      state.locked = true;
      reply = { ok: true };
    }
    const answer = stalled.has(m.type)
      ? new Promise<never>(() => {})
      : failing.has(m.type)
        ? Promise.reject(new Error('no answer'))
        : Promise.resolve(reply as never);
    return answer;
  };
  return { state, sent, send, stalled, failing };
}

const t = keysAsText;
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

let root: HTMLElement;
beforeEach(() => {
  const { document, window } = parseHTML('<!doctype html><html><body><main id="app"></main></body></html>');
  Object.assign(globalThis, { document, window, HTMLElement: window.HTMLElement, CSS: { escape: (s: string) => s } });
  root = document.getElementById('app')!;
});

describe('options page: parts that update themselves', () => {
  it('a change keeps every control the same element and what is typed elsewhere; the page says it is saved', async () => {
    const bg = fakeBackground();
    await renderOptions(root, { t, send: bg.send, trustedSites: async () => [], watch: () => () => {} });
    const box = root.querySelector<HTMLInputElement>('#block-caution')!;
    const block = root.querySelector<HTMLInputElement>('#mode-block')!;
    const pin = root.querySelector<HTMLInputElement>('#new-pin')!;
    pin.value = '4827';
    box.checked = true;
    box.dispatchEvent(new globalThis.window.Event('change'));
    await settle();
    expect(bg.state.settings.blockCaution).toBe(true);
    expect(root.querySelector('#block-caution')).toBe(box);
    expect(root.querySelector('#mode-block')).toBe(block);
    expect(root.querySelector<HTMLInputElement>('#new-pin')!.value).toBe('4827');
    expect(root.querySelector('.status')?.textContent).toBe('saved');
    // Asked once for the state after the change: no section read its data again.
    expect(bg.sent.filter((x) => x === 'get-feeds' || x === 'get-report-queue')).toHaveLength(2);
  });

  it('block mode without a PIN shows the hint; setting a PIN updates the PIN part, shows the lock banner and hides the hint', async () => {
    const bg = fakeBackground();
    await renderOptions(root, { t, send: bg.send, trustedSites: async () => [], watch: () => () => {} });
    const block = root.querySelector<HTMLInputElement>('#mode-block')!;
    block.checked = true;
    block.dispatchEvent(new globalThis.window.Event('change'));
    await settle();
    const hint = [...root.querySelectorAll<HTMLElement>('p.hint')].find((p) => p.textContent === 'blockModeSetPin')!;
    expect(hint.hidden).toBe(false);
    expect(root.querySelector('#lock-now')).toBeNull();

    const form = root.querySelector('form.pin-set')!;
    root.querySelector<HTMLInputElement>('#new-pin')!.value = '4827';
    root.querySelector<HTMLInputElement>('#new-pin-again')!.value = '4827';
    form.dispatchEvent(new globalThis.window.Event('submit', { cancelable: true }));
    await settle();
    expect(root.querySelector('form.pin-set')).toBe(form);
    expect(root.querySelector('label[for="new-pin"]')?.textContent).toBe('pinNew');
    expect(hint.hidden).toBe(true);
    expect(root.querySelector('#lock-now')).not.toBeNull();
    expect(root.querySelector('.status')?.textContent).toBe('pinSaved');
  });

  it('"Lock now" says the settings are locked even when a section that is rebuilt cannot get its data', async () => {
    for (const trouble of ['stalled', 'failing'] as const) {
      const bg = fakeBackground();
      bg.state.hasPin = true;
      await renderOptions(root, { t, send: bg.send, trustedSites: async () => [], watch: () => () => {} });
      // Locking rebuilds the feeds and reports sections (what they offer depends on the lock).
      bg[trouble].add('get-feeds');
      bg[trouble].add('get-report-queue');
      root.querySelector<HTMLButtonElement>('#lock-now')!.click();
      await settle();
      expect(root.querySelector('.status')?.textContent, trouble).toBe('lockedNow');
      expect(root.querySelector<HTMLFieldSetElement>('fieldset.editable')!.disabled, trouble).toBe(true);
      expect(root.querySelector('#unlock-pin'), trouble).not.toBeNull();
    }
  });
});
