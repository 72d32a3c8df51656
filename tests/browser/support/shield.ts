/**
 * Reading and operating the in-page warning from a test. The warning lives in a CLOSED shadow root
 * on <rxradar-shield>, which page scripts (and Playwright's selectors) cannot enter. The Chrome
 * DevTools Protocol can: the accessibility tree (what a screen reader gets) and the DOM with
 * `pierce: true` both include closed shadow roots. Clicks are real mouse clicks at the element's
 * on-screen position, as a person would make them.
 */
import type { CDPSession, Page } from 'playwright-core';

const sessions = new WeakMap<Page, CDPSession>();

async function cdp(page: Page): Promise<CDPSession> {
  let s = sessions.get(page);
  if (!s) {
    s = await page.context().newCDPSession(page);
    sessions.set(page, s);
  }
  return s;
}

export interface AxNode {
  role: string;
  name: string;
  focused: boolean;
  modal: boolean;
  backendDOMNodeId?: number;
}

interface RawAxNode {
  ignored?: boolean;
  role?: { value?: string };
  name?: { value?: string };
  properties?: Array<{ name: string; value: { value?: unknown } }>;
  backendDOMNodeId?: number;
}

/** The page's accessibility tree (not ignored nodes), closed shadow roots included. */
export async function axNodes(page: Page): Promise<AxNode[]> {
  const s = await cdp(page);
  await s.send('Accessibility.enable');
  const { nodes } = (await s.send('Accessibility.getFullAXTree')) as { nodes: RawAxNode[] };
  return nodes
    .filter((n) => !n.ignored)
    .map((n) => ({
      role: String(n.role?.value ?? ''),
      name: String(n.name?.value ?? ''),
      focused: !!n.properties?.some((p) => p.name === 'focused' && p.value.value === true),
      modal: !!n.properties?.some((p) => p.name === 'modal' && p.value.value === true),
      backendDOMNodeId: n.backendDOMNodeId,
    }));
}

const matches = (n: AxNode, role: string, name: string | RegExp) => n.role === role && (typeof name === 'string' ? n.name === name : name.test(n.name));

export async function findAx(page: Page, role: string, name: string | RegExp): Promise<AxNode | undefined> {
  return (await axNodes(page)).find((n) => matches(n, role, name));
}

/** The focused node of the accessibility tree (inside closed shadow roots too). */
export async function focusedAx(page: Page): Promise<AxNode | undefined> {
  return (await axNodes(page)).find((n) => n.focused && n.role !== 'RootWebArea');
}

/** Where the accessible node with this role and name is on screen (viewport pixels, no scrolling). */
export async function boxAx(page: Page, role: string, name: string | RegExp): Promise<{ x: number; y: number; width: number; height: number }> {
  const node = await findAx(page, role, name);
  if (!node?.backendDOMNodeId) throw new Error(`no ${role} named ${String(name)} on ${page.url()}`);
  const s = await cdp(page);
  await s.send('DOM.enable');
  const { model } = (await s.send('DOM.getBoxModel', { backendNodeId: node.backendDOMNodeId })) as { model: { border: number[] } };
  const q = model.border;
  const xs = [q[0]!, q[2]!, q[4]!, q[6]!];
  const ys = [q[1]!, q[3]!, q[5]!, q[7]!];
  return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}

/** Clicks the accessible node with this role and name, with the mouse, at its centre. */
export async function clickAx(page: Page, role: string, name: string | RegExp): Promise<void> {
  const node = await findAx(page, role, name);
  if (!node?.backendDOMNodeId) throw new Error(`no ${role} named ${String(name)} on ${page.url()}`);
  const s = await cdp(page);
  await s.send('DOM.enable');
  await s.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: node.backendDOMNodeId });
  const b = await boxAx(page, role, name);
  await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
}

interface RawDomNode {
  nodeType: number;
  nodeName: string;
  localName?: string;
  nodeValue?: string;
  children?: RawDomNode[];
  shadowRoots?: RawDomNode[];
  shadowRootType?: string;
  attributes?: string[];
}

export interface ShieldDom {
  /** How many <rxradar-shield> elements the document has. */
  count: number;
  shadowRootType: string | null;
  /** Tag names of every element inside the shield's shadow root. */
  tags: string[];
  /** Its text (text nodes, joined with spaces), <style> excluded. */
  text: string;
}

/** The shield's closed shadow tree, read over the DevTools protocol. */
export async function shieldDom(page: Page): Promise<ShieldDom> {
  const s = await cdp(page);
  await s.send('DOM.enable');
  const { root } = (await s.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: RawDomNode };
  const shields: RawDomNode[] = [];
  const find = (n: RawDomNode) => {
    if (n.localName === 'rxradar-shield') shields.push(n);
    for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) find(c);
  };
  find(root);
  const shadow = shields[0]?.shadowRoots?.[0];
  const tags: string[] = [];
  const text: string[] = [];
  const walk = (n: RawDomNode, inStyle: boolean) => {
    if (n.nodeType === 1) tags.push(n.localName ?? n.nodeName.toLowerCase());
    if (n.nodeType === 3 && !inStyle && n.nodeValue?.trim()) text.push(n.nodeValue.trim());
    for (const c of n.children ?? []) walk(c, inStyle || n.localName === 'style');
  };
  if (shadow) walk(shadow, false);
  return { count: shields.length, shadowRootType: shadow?.shadowRootType ?? null, tags, text: text.join(' ') };
}

/** The `lang` attribute of the first `tag` element with one inside the shield's shadow root. */
export async function shieldLang(page: Page, tag: string): Promise<string | null> {
  const s = await cdp(page);
  await s.send('DOM.enable');
  const { root } = (await s.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: RawDomNode };
  let found: string | null = null;
  const walk = (n: RawDomNode, inShield: boolean) => {
    if (found !== null) return;
    if (inShield && n.localName === tag && n.attributes) {
      const i = n.attributes.indexOf('lang');
      if (i >= 0 && i % 2 === 0) found = n.attributes[i + 1]!;
    }
    for (const c of n.children ?? []) walk(c, inShield);
    for (const c of n.shadowRoots ?? []) walk(c, inShield || n.localName === 'rxradar-shield');
  };
  walk(root, false);
  return found;
}

/** Whether the page's <rxradar-shield> is attached, rendered and covering its area. */
export async function shieldVisible(page: Page): Promise<{ present: boolean; visible: boolean; box: { width: number; height: number } | null }> {
  return page.evaluate(() => {
    const el = document.querySelector('rxradar-shield');
    if (!el) return { present: false, visible: false, box: null };
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const visible = cs.display !== 'none' && cs.visibility !== 'hidden' && Number(cs.opacity) > 0 && r.width > 0 && r.height > 0 && !(el as HTMLElement).hidden;
    return { present: true, visible, box: { width: r.width, height: r.height } };
  });
}

/** The open danger dialog, from the accessibility tree (null when none). */
export async function warningDialog(page: Page): Promise<AxNode | null> {
  return (await axNodes(page)).find((n) => n.role === 'dialog' && n.modal) ?? null;
}
