/**
 * What the extension costs a page, measured in Debian's Chromium from DevTools traces: the
 * main-thread work of loading a heavy page (about 2 MB of text in 25,000 elements) without and
 * with RxRadar, side by side, the part of it that is RxRadar's content script, and its longest
 * task. (Time to the danger badge, cold and warm: cold-start.ts.)
 */
import { median } from '../../tests/browser/support/badge-timing';
import { launchBareChromium, launchChromium } from '../../tests/browser/support/chromium';
import { startFixtureServer } from '../../tests/browser/support/fixture-server';
import { traceLoad } from './main-thread-trace';

/** A big, ordinary shop page: 5,000 product cards of 5 elements each, ~2 MB of text. */
export function heavyPage(): string {
  const words = 'quality everyday essentials delivered fast with easy returns and friendly support for your home garden kitchen office travel family'.split(
    ' ',
  );
  const cards: string[] = [];
  for (let i = 0; i < 5000; i++) {
    let desc = '';
    while (desc.length < 360) desc += `${words[(i * 7 + desc.length) % words.length]} `;
    cards.push(`<div class="card"><h3>Product ${i}</h3><p>${desc}</p><span class="price">$${(i % 90) + 9}.99</span><button>Add to cart</button></div>`);
  }
  return `<!doctype html><html><head><title>Big shop</title><style>.card{display:inline-block;width:300px;margin:4px;vertical-align:top}</style></head><body><h1>Big shop</h1>${cards.join('')}</body></html>`;
}

export interface ExtensionCostFigures {
  heavyPageChars: number;
  heavyPageElements: number;
  /** Main-thread time of the page's load, without and with RxRadar (median, ms). */
  pageMsWithout: number;
  pageMsWith: number;
  /** RxRadar's content script's own main-thread time (median, ms), and its share of the page's work without RxRadar. */
  extensionScriptMs: number;
  shareOfPageWork: number;
  /** The content script's longest task on the heavy page (median over runs, ms). */
  extensionLongestMs: number;
  /** The same in thread (CPU) time (median, ms), and the share of the page's CPU time without RxRadar. */
  pageCpuMsWithout: number;
  extensionCpuMs: number;
  cpuShareOfPageWork: number;
  extensionLongestCpuMs: number;
}

export async function benchExtensionCost(runs = 5): Promise<ExtensionCostFigures> {
  const server = await startFixtureServer();
  const html = heavyPage();
  server.page('bigshop.example-heavy.com', '/', html);
  const url = 'http://bigshop.example-heavy.com/';
  // The browser tests' Chromium with the same flags, without the extension: the baseline.
  const plain = await launchBareChromium({ port: server.port });
  const plainContext = plain.context;
  const without: number[] = [];
  const withoutCpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await plainContext.newPage();
    const m = await traceLoad(plainContext, page, url);
    without.push(m.pageMs);
    withoutCpu.push(m.pageCpuMs);
    await page.close();
  }
  const elements = await (async () => {
    const page = await plainContext.newPage();
    await page.goto(url);
    const n = await page.evaluate(() => [document.getElementsByTagName('*').length, document.body.innerText.length]);
    await page.close();
    return n;
  })();
  await plain.close();

  const h = await launchChromium({ port: server.port });
  const withExt: Array<{ pageMs: number; extensionMs: number; extensionLongestMs: number; extensionCpuMs: number; extensionLongestCpuMs: number }> = [];
  for (let i = 0; i < runs; i++) {
    const page = await h.context.newPage();
    withExt.push(await traceLoad(h.context, page, url));
    await page.close();
  }

  await h.close();
  await server.close();

  const pageMsWithout = median(without);
  const extensionScriptMs = median(withExt.map((m) => m.extensionMs));
  return {
    heavyPageChars: elements[1]!,
    heavyPageElements: elements[0]!,
    pageMsWithout,
    pageMsWith: median(withExt.map((m) => m.pageMs)),
    extensionScriptMs,
    shareOfPageWork: extensionScriptMs / pageMsWithout,
    extensionLongestMs: median(withExt.map((m) => m.extensionLongestMs)),
    pageCpuMsWithout: median(withoutCpu),
    extensionCpuMs: median(withExt.map((m) => m.extensionCpuMs)),
    cpuShareOfPageWork: median(withExt.map((m) => m.extensionCpuMs)) / median(withoutCpu),
    extensionLongestCpuMs: median(withExt.map((m) => m.extensionLongestCpuMs)),
  };
}
