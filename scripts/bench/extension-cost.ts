/**
 * What the extension costs a page, measured in Debian's Chromium: main-thread script time of a
 * heavy page (about 2 MB of text in 25,000 elements) with and without RxRadar loaded, side by
 * side, and the time from navigation start to the danger badge for a rogue page and a listed
 * domain.
 */
import { chromium } from 'playwright-core';
import { launchChromium, CHROMIUM_PATH } from '../../tests/browser/support/chromium';
import { startFixtureServer } from '../../tests/browser/support/fixture-server';

/** A big, ordinary shop page: 5,000 product cards of 5 elements each, ~2 MB of text. */
export function heavyPage(): string {
  const words = 'quality everyday essentials delivered fast with easy returns and friendly support for your home garden kitchen office travel family'.split(' ');
  const cards: string[] = [];
  for (let i = 0; i < 5000; i++) {
    let desc = '';
    while (desc.length < 360) desc += `${words[(i * 7 + desc.length) % words.length]} `;
    cards.push(`<div class="card"><h3>Product ${i}</h3><p>${desc}</p><span class="price">$${(i % 90) + 9}.99</span><button>Add to cart</button></div>`);
  }
  return `<!doctype html><html><head><title>Big shop</title><style>.card{display:inline-block;width:300px;margin:4px;vertical-align:top}</style></head><body><h1>Big shop</h1>${cards.join('')}</body></html>`;
}

const ROGUE = `<!doctype html><html><head><title>Meds</title></head><body><h1>Buy Oxycodone 30mg online</h1>
<p>No prescription needed. Bitcoin only. Stealth shipping worldwide.</p><p>Price $250 for 60 pills. Add to cart.</p></body></html>`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface Metrics {
  script: number;
  task: number;
}

async function pageMetrics(page: import('playwright-core').Page, url: string): Promise<Metrics> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(1500); // let the content script finish reading the page
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? 0;
  await cdp.detach();
  return { script: get('ScriptDuration') * 1000, task: get('TaskDuration') * 1000 };
}

export interface ExtensionCostFigures {
  heavyPageChars: number;
  heavyPageElements: number;
  withoutExtension: Metrics;
  withExtension: Metrics;
  extensionScriptMs: number;
  shareOfPageWork: number;
  badgeMsRogue: number;
  badgeMsListed: number;
}

export async function benchExtensionCost(runs = 5): Promise<ExtensionCostFigures> {
  const server = await startFixtureServer();
  const html = heavyPage();
  server.page('bigshop.example-heavy.com', '/', html);
  server.page('rogue-bench.example-meds.com', '/', ROGUE);
  server.page('www.tramadolus.org', '/', '<!doctype html><html><body><p>Welcome</p></body></html>');
  const url = 'http://bigshop.example-heavy.com/';
  const args = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--host-resolver-rules=MAP * 127.0.0.1:${server.port}`];

  const plain = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
  const without: Metrics[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await plain.newPage();
    without.push(await pageMetrics(page, url));
    await page.close();
  }
  const elements = await (async () => {
    const page = await plain.newPage();
    await page.goto(url);
    const n = await page.evaluate(() => [document.getElementsByTagName('*').length, document.body.innerText.length]);
    await page.close();
    return n;
  })();
  await plain.close();

  const h = await launchChromium({ port: server.port });
  const withExt: Metrics[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await h.context.newPage();
    withExt.push(await pageMetrics(page, url));
    await page.close();
  }

  const badgeTimes = async (target: string): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const page = await h.context.newPage();
      await page.goto('about:blank');
      const tabId = await h.worker.evaluate(async () => (await chrome.tabs.query({ url: 'about:blank' })).at(-1)?.id ?? -1);
      const watch = h.worker.evaluate(async (tab) => {
        const start = performance.now();
        while (performance.now() - start < 10_000) {
          if ((await chrome.action.getBadgeText({ tabId: tab })) === '!') return performance.now();
          await new Promise((r) => setTimeout(r, 5));
        }
        return -1;
      }, tabId);
      const started = await h.worker.evaluate(async ({ tab, url: u }) => {
        const t = performance.now();
        await chrome.tabs.update(tab, { url: u });
        return t;
      }, { tab: tabId, url: target });
      const seen = await watch;
      if (seen < 0) throw new Error(`no danger badge for ${target}`);
      times.push(seen - started);
      await page.close();
    }
    return median(times);
  };
  const badgeMsRogue = await badgeTimes('http://rogue-bench.example-meds.com/');
  const badgeMsListed = await badgeTimes('http://www.tramadolus.org/');
  await h.close();
  await server.close();

  const w = { script: median(without.map((m) => m.script)), task: median(without.map((m) => m.task)) };
  const x = { script: median(withExt.map((m) => m.script)), task: median(withExt.map((m) => m.task)) };
  const extensionScriptMs = Math.max(0, x.script - w.script);
  return {
    heavyPageChars: elements[1]!,
    heavyPageElements: elements[0]!,
    withoutExtension: w,
    withExtension: x,
    extensionScriptMs,
    shareOfPageWork: extensionScriptMs / w.task,
    badgeMsRogue,
    badgeMsListed,
  };
}
