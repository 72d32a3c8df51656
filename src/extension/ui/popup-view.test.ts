// @vitest-environment node
/**
 * The popup as a view (linkedom, no browser): what it shows for a verdict, that page text stays
 * text, and what it asks the background, through a fake `send` typed by the message protocol.
 */
import { parseHTML } from 'linkedom';
import { fakeBackground, keysAsText } from '../../../tests/support/fake-ui-background';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Verdict } from '../../core/verdict';
import type { SendUi, TabState } from '../messages';
import { type PopupDeps, renderPopup } from './popup-view';

/** Messages sent, and the answers the test gives (by message type). */

const t = keysAsText;

function deps(send: SendUi, more: Partial<PopupDeps> = {}): PopupDeps & { reloads: number } {
  const d = { t, send, openOptions: () => {}, reload: async () => void d.reloads++, startReport: async () => {}, reloads: 0, ...more };
  return d;
}

const HOSTILE = '<img src=x onerror="window.__pwned=1">Buy <b>now</b>';
const danger: Verdict = {
  url: 'https://rogue.example/shop',
  host: 'rogue.example',
  level: 'danger',
  score: 95,
  reasons: [{ id: 'no-prescription', label: 'Sells prescription drugs without a prescription', kind: 'risk', weight: 40, evidence: [HOSTILE] }],
};
const caution: Verdict = { ...danger, level: 'caution', score: 45 };
const state = (verdict: Verdict, more: Partial<TabState> = {}): TabState => ({
  verdict,
  engineLevel: verdict.level,
  trusted: false,
  continued: false,
  ...more,
});

let root: HTMLElement;
beforeEach(() => {
  const { document, window } = parseHTML('<!doctype html><html><body><main id="app"></main></body></html>');
  Object.assign(globalThis, { document, window });
  root = document.getElementById('app')!;
});

describe('popup view', () => {
  it('a danger verdict: the level, the reason and its evidence as text, nothing of the page as markup', () => {
    const { send } = fakeBackground();
    renderPopup(root, state(danger), { id: 3, url: danger.url }, deps(send));
    expect(root.querySelector('h1')?.textContent).toBe('popupDanger');
    expect(root.querySelector('.evidence')?.textContent).toBe(HOSTILE);
    expect(root.querySelectorAll('img, b, script')).toHaveLength(0);
    // The warning page covers the site: nothing to show on it.
    expect(root.querySelectorAll('button.show')).toHaveLength(0);
  });

  it('after "Continue anyway", a quote can be shown on the page: the background is asked for this tab', async () => {
    const { send, sent } = fakeBackground();
    renderPopup(root, state(danger, { continued: true }), { id: 3, url: danger.url }, deps(send));
    const show = root.querySelector<HTMLButtonElement>('button.show')!;
    Object.assign(globalThis.window, { close: () => {} });
    show.click();
    await Promise.resolve();
    expect(sent).toEqual([{ type: 'show-evidence', tabId: 3, evidence: HOSTILE }]);
  });

  it('"I trust this site" sends trust-site for the host and renders again', async () => {
    const { send, sent } = fakeBackground();
    const d = deps(send);
    renderPopup(root, state(caution), { id: 3, url: caution.url }, d);
    const trust = [...root.querySelectorAll<HTMLButtonElement>('section.trust button')].find((b) => b.textContent === 'trustSite')!;
    trust.click();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([{ type: 'trust-site', host: 'rogue.example', confirmAuthority: false, pin: undefined }]);
    expect(d.reloads).toBe(1);
  });

  it('locked: the PIN is asked first; a wrong PIN is said, nothing renders again', async () => {
    const { send, sent } = fakeBackground({ 'trust-site': { ok: false, error: 'wrong' } });
    const d = deps(send, { locked: true });
    renderPopup(root, state(caution), { id: 3, url: caution.url }, d);
    [...root.querySelectorAll<HTMLButtonElement>('section.trust button')].find((b) => b.textContent === 'trustSite')!.click();
    const pin = root.querySelector<HTMLInputElement>('#popup-pin')!;
    expect(pin).not.toBeNull();
    pin.value = '1234';
    root.querySelector('form')!.dispatchEvent(new globalThis.window.Event('submit', { cancelable: true }));
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([{ type: 'trust-site', host: 'rogue.example', confirmAuthority: false, pin: '1234' }]);
    expect(root.querySelector('.pin-status')?.textContent).toBe('pinWrong');
    expect(d.reloads).toBe(0);
  });

  it('under a policy that holds block mode, no "I trust this site"; the popup says why', () => {
    const { send } = fakeBackground();
    renderPopup(root, state(caution), { id: 3, url: caution.url }, deps(send, { trustRefused: true }));
    expect([...root.querySelectorAll('section.trust button')].map((b) => b.textContent)).toEqual([]);
    expect(root.querySelector('section.trust .managed')?.textContent).toBe('trustRefusedByAdmin');
  });
});
