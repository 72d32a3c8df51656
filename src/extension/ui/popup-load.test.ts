// @vitest-environment node
/**
 * The popup's start (linkedom, no browser): it asks the background again while the worker starts
 * instead of staying empty, says so when no answer comes, and tries again on request.
 */
import { parseHTML } from 'linkedom';
import { beforeEach, describe, expect, it } from 'vitest';
import { keysAsText } from '../../../tests/support/fake-ui-background';
import type { SendUi, TabState, UiMessageIn } from '../messages';
import { loadPopup, type PopupLoadDeps } from './popup-load';

const danger: TabState = {
  verdict: { url: 'https://rogue.example/', host: 'rogue.example', level: 'danger', score: 95, reasons: [] },
  engineLevel: 'danger',
  trusted: false,
  continued: false,
};

let root: HTMLElement;
beforeEach(() => {
  const { document } = parseHTML('<!doctype html><html><body><main id="app"></main></body></html>');
  (globalThis as { document?: Document }).document = document;
  root = document.getElementById('app')!;
});

/** A background that fails (rejects, or answers nothing) `failures` times per message type, then answers. */
function flakyBackground(failures: number, how: 'reject' | 'nothing' = 'reject') {
  const asked: string[] = [];
  const seen = new Map<string, number>();
  const send: SendUi = (m: UiMessageIn) => {
    asked.push(m.type);
    const n = (seen.get(m.type) ?? 0) + 1;
    seen.set(m.type, n);
    if (n <= failures)
      return how === 'reject'
        ? Promise.reject(new Error('Could not establish connection. Receiving end does not exist.'))
        : Promise.resolve(undefined as never);
    if (m.type === 'get-tab-state') return Promise.resolve(danger as never);
    if (m.type === 'get-protection-state') return Promise.resolve(null as never);
    return Promise.resolve({ ok: true } as never);
  };
  return { asked, send };
}

function deps(send: SendUi, more: Partial<PopupLoadDeps> = {}): PopupLoadDeps {
  return {
    t: keysAsText,
    send,
    tab: async () => ({ id: 7, url: 'https://rogue.example/' }),
    linkMarks: async () => null,
    openOptions: () => {},
    close: () => {},
    waitsMs: [0, 0, 0],
    ...more,
  };
}

describe('loadPopup', () => {
  it('shows the verdict when the background answers at once', async () => {
    const bg = flakyBackground(0);
    await loadPopup(root, deps(bg.send));
    expect(root.querySelector('h1')?.textContent).toBe('popupDanger');
    expect(bg.asked.sort()).toEqual(['get-protection-state', 'get-tab-state']);
  });

  it.each(['reject', 'nothing'] as const)('asks again while the worker starts (first two asks: %s) and shows the verdict', async (how) => {
    const bg = flakyBackground(2, how);
    await loadPopup(root, deps(bg.send));
    expect(root.querySelector('h1')?.textContent).toBe('popupDanger');
    expect(bg.asked.filter((x) => x === 'get-tab-state')).toHaveLength(3);
  });

  it('says the background did not answer, and "Try again" asks again and shows the verdict', async () => {
    const bg = flakyBackground(4);
    await loadPopup(root, deps(bg.send));
    expect(root.querySelector('h1')?.textContent).toBe('popupNoAnswer');
    expect(root.querySelector('[role="alert"] p')?.textContent).toBe('popupNoAnswerBody');
    const again = root.querySelector('button')!;
    expect(again.textContent).toBe('popupRetry');
    again.dispatchEvent(new (globalThis.document.defaultView as unknown as typeof globalThis).Event('click'));
    await expect.poll(() => root.querySelector('h1')?.textContent).toBe('popupDanger');
  });

  it("adds the page's marked links after the verdict; a page that cannot answer adds nothing", async () => {
    const bg = flakyBackground(0);
    const summary = {
      links: 2,
      hosts: [{ host: 'rx.example', level: 'danger' as const, blocked: false, reason: 'FDA', label: 'Danger', aria: 'a', links: 2 }],
      settled: true,
      off: false,
    };
    await loadPopup(root, deps(bg.send, { linkMarks: async () => summary }));
    expect(root.querySelector('section.verdict + section.link-marks')).not.toBeNull();
    root.replaceChildren();
    await loadPopup(root, deps(bg.send, { linkMarks: () => Promise.reject(new Error('no content script')) }));
    expect(root.querySelector('h1')?.textContent).toBe('popupDanger');
    expect(root.querySelector('section.link-marks')).toBeNull();
  });
});
