// @vitest-environment node
/**
 * RxRadar's page in a tab (warn and block mode) as a view (linkedom): what it says, that page text
 * stays text, and the messages its buttons send, through a fake `send` typed by the protocol.
 */
import { parseHTML } from 'linkedom';
import { fakeBackground, keysAsText } from '../../../tests/support/fake-ui-background';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Verdict } from '../../core/verdict';
import type { BlockInfo, SendUi } from '../messages';
import { type BlockPageDeps, renderBlockPage, renderFramed } from './block-page-view';

const t = keysAsText;
const settle = () => new Promise((r) => setTimeout(r, 0));

const URL_ = 'https://rogue.example/shop';
const verdict: Verdict = {
  url: URL_,
  host: 'rogue.example',
  level: 'danger',
  score: 95,
  reasons: [{ id: 'no-prescription', label: 'No prescription needed', kind: 'risk', weight: 40, evidence: ['<script>alert(1)</script> no Rx'] }],
};
const info = (more: Partial<BlockInfo> = {}): BlockInfo => ({ mode: 'warn', verdict, allowProceed: true, hasPin: false, locked: false, ...more });

let root: HTMLElement;
beforeEach(() => {
  const { document, window } = parseHTML('<!doctype html><html><body><main id="app"></main></body></html>');
  Object.assign(globalThis, { document, window });
  root = document.getElementById('app')!;
});

function deps(send: SendUi): BlockPageDeps & { opened: string[]; backs: number } {
  const d = { t, send, goBack: () => void d.backs++, open: (u: string) => void d.opened.push(u), opened: [] as string[], backs: 0 };
  return d;
}
const button = (text: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === text)!;

describe('warning page (warn mode)', () => {
  it('"Go back" comes first; the evidence is text', () => {
    const d = deps(fakeBackground().send);
    renderBlockPage(root, URL_, info(), d);
    expect(root.querySelector('h1')?.textContent).toBe('warnTitle');
    expect(root.querySelectorAll('button')[0]?.textContent).toBe('goBack');
    expect(root.querySelector('.evidence')?.textContent).toBe('“<script>alert(1)</script> no Rx”');
    expect(root.querySelectorAll('script')).toHaveLength(0);
    button('goBack').click();
    expect(d.backs).toBe(1);
  });

  it('"Continue anyway" asks the background for this address and opens the site only when allowed', async () => {
    const allowed = fakeBackground();
    const d = deps(allowed.send);
    renderBlockPage(root, URL_, info(), d);
    button('continueAnyway').click();
    await settle();
    expect(allowed.sent).toEqual([{ type: 'continue-site', url: URL_ }]);
    expect(d.opened).toEqual([URL_]);

    const refused = fakeBackground({ 'continue-site': { ok: false, error: 'not-allowed' } });
    const d2 = deps(refused.send);
    renderBlockPage(root, URL_, info(), d2);
    button('continueAnyway').click();
    await settle();
    expect(d2.opened).toEqual([]);
    expect(root.querySelector('.continue .status')?.textContent).toBe('blockNoProceed');
  });
});

describe('block page (family mode)', () => {
  it('with a PIN: a wrong PIN is said and the site stays closed; the right one opens it', async () => {
    const wrong = fakeBackground({ proceed: { ok: false, error: 'wrong' } });
    const d = deps(wrong.send);
    renderBlockPage(root, URL_, info({ mode: 'block', hasPin: true }), d);
    const pin = root.querySelector<HTMLInputElement>('input[type="password"]')!;
    pin.value = '0000';
    root.querySelector('form')!.dispatchEvent(new globalThis.window.Event('submit', { cancelable: true }));
    await settle();
    expect(wrong.sent).toEqual([{ type: 'proceed', url: URL_, pin: '0000' }]);
    expect(d.opened).toEqual([]);
    expect(root.querySelector('.proceed .status')?.textContent).toBe('pinWrong');
  });

  it('when policy allows no way past, there is no PIN field and no button to the site', () => {
    renderBlockPage(root, URL_, info({ mode: 'block', hasPin: true, allowProceed: false }), deps(fakeBackground().send));
    expect(root.querySelector('input')).toBeNull();
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['goBack']);
    expect(root.querySelector('.proceed')?.textContent).toContain('blockNoProceed');
  });

  it('inside a frame: nothing to read, nothing to press', () => {
    renderFramed(root, t);
    expect(root.querySelectorAll('button, a, input')).toHaveLength(0);
    expect(root.textContent).toContain('framedRefused');
  });
});
