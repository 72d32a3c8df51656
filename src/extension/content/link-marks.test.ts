/**
 * The link marker on a linkedom page, with the background and idle time faked: what it asks (hosts
 * only), which links it marks, and what its summary says while work is under way and after.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { LinkCheckReply, LinkMark } from '../background/link-check';
import { type LinkMarkerDeps, startLinkMarks } from './link-marks';

const ROGUE: LinkMark = { host: 'rogue-meds.example', level: 'danger', blocked: false, reason: 'On the FDA list', label: 'Danger', aria: 'RxRadar: danger' };

function page(body: string) {
  const { document, window } = parseHTML(`<!doctype html><html><head></head><body>${body}</body></html>`);
  // What linkedom leaves out and a browser's document has.
  Object.defineProperty(document, 'characterSet', { value: 'UTF-8' });
  Object.defineProperty(document, 'baseURI', { value: 'https://www.google.com/search?q=pills' });
  return { document: document as unknown as Document, window };
}

/** A background that answers when told to, and idle time that passes when told to. */
function fakes(flagged: LinkMark[], enabled = true) {
  const asked: string[][] = [];
  const pending: Array<() => void> = [];
  const idle: Array<(d: { timeRemaining(): number }) => void> = [];
  const deps: LinkMarkerDeps = {
    send: (hosts) => {
      asked.push(hosts);
      return new Promise<LinkCheckReply>((resolve) =>
        pending.push(() => resolve({ enabled, search: true, marks: flagged.filter((m) => hosts.includes(m.host)) })),
      );
    },
    idle: (work) => void idle.push(work),
  };
  /** Runs idle work and answers questions until nothing is left. */
  const settle = async () => {
    for (let round = 0; round < 20 && (idle.length || pending.length); round++) {
      while (idle.length) idle.shift()!({ timeRemaining: () => 50 });
      while (pending.length) pending.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { deps, asked, idle, pending, settle };
}

const marksIn = (doc: Document) => [...doc.querySelectorAll('rxradar-link-mark')].map((m) => m.closest('div')?.id ?? '?');

describe('link marks', () => {
  it('asks about hosts only, once each, and marks exactly the links to flagged sites (wrapped ones too)', async () => {
    const { document } = page(
      `<div id="r1"><a href="https://www.rogue-meds.example/buy?drug=oxycodone"><h3>Oxycodone</h3></a></div>` +
        `<div id="r2"><a href="/url?q=${encodeURIComponent('https://rogue-meds.example/cart')}&sa=U"><h3>Cheap</h3></a></div>` +
        `<div id="r3"><a href="https://news.example/story"><h3>News</h3></a></div>`,
    );
    const f = fakes([{ ...ROGUE, host: 'www.rogue-meds.example' }, ROGUE]);
    const marks = startLinkMarks(document, f.deps);
    await f.settle();
    expect(f.asked).toEqual([['www.rogue-meds.example', 'rogue-meds.example', 'news.example']]);
    expect(marksIn(document)).toEqual(['r1', 'r2']);
    expect(marks.summary()).toMatchObject({ links: 2, settled: true, off: false });
    marks.stop();
  });

  it('is not settled while links wait to be read or for their answer', async () => {
    const { document } = page(`<div id="r1"><a href="https://rogue-meds.example/"><h3>Pills</h3></a></div>`);
    const f = fakes([ROGUE]);
    const marks = startLinkMarks(document, f.deps);
    expect(marks.summary().settled).toBe(false); // not read yet
    f.idle.shift()!({ timeRemaining: () => 50 });
    expect(f.asked).toHaveLength(1);
    expect(marks.summary().settled).toBe(false); // asked, no answer yet
    await f.settle();
    expect(marks.summary()).toMatchObject({ links: 1, settled: true });
    expect(marksIn(document)).toEqual(['r1']);
    marks.stop();
  });

  it('links added later are read, and the page is unsettled until they are', async () => {
    const { document } = page(`<div id="r1"><a href="https://news.example/"><h3>News</h3></a></div>`);
    const f = fakes([ROGUE]);
    const marks = startLinkMarks(document, f.deps);
    await f.settle();
    expect(marks.summary()).toMatchObject({ links: 0, settled: true });
    const more = document.createElement('div');
    more.id = 'r2';
    const a = document.createElement('a');
    a.setAttribute('href', 'https://rogue-meds.example/more');
    a.textContent = 'More pills';
    more.append(a);
    document.body.append(more);
    await new Promise((r) => setTimeout(r, 0)); // the mutation observer's turn
    expect(marks.summary().settled).toBe(false);
    await f.settle();
    expect(marks.summary()).toMatchObject({ links: 1, settled: true });
    expect(marksIn(document)).toEqual(['r2']);
    marks.stop();
  });

  it('off for this page (options or policy): no mark, settled, and it says so', async () => {
    const { document } = page(`<div id="r1"><a href="https://rogue-meds.example/"><h3>Pills</h3></a></div>`);
    const f = fakes([ROGUE], false);
    const marks = startLinkMarks(document, f.deps);
    await f.settle();
    expect(marksIn(document)).toEqual([]);
    expect(marks.summary()).toMatchObject({ links: 0, settled: true, off: true });
  });
});
