// @vitest-environment node
/**
 * Privacy (Chromium): while a person visits pharmacy pages and opens the popup and the options
 * page, nothing is requested but the pages visited and the extension's own files. Two records:
 * - every request Playwright sees: pages, the extension's pages and its service worker;
 * - every request that reached the local server, to which the browser resolves EVERY host name, so
 *   a request to any other host, by anyone, shows up there (https too: the TLS hello names the host).
 * Chromium itself calls a few Google services (sign-in, autofill, updates) whatever the extension
 * does; a first run of the same browser WITHOUT the extension, visiting the same pages, records
 * those, and the run with the extension may contact no host beyond the pages and that baseline.
 */
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_SERVICE_HOST, type ChromiumHarness, launchBareChromium, launchChromium } from './support/chromium';
import { type FixtureServer, type RecordedRequest, startFixtureServer } from './support/fixture-server';
import { fixture, HOSTS, serveTestPages } from './support/test-pages';

const VISITS = [
  'rogue-rxmeds-express24-catalogue',
  'rogue-tiny-m30',
  'rogue-medsvault-crypto-checkout',
  'precursor-npp-b2b-product',
  'caution-edpills-no-rx',
  'legit-cvs-refill',
  'legit-healthwarehouse-catalogue',
  'news-reuters-operation-meltdown',
  'gov-fda-besaferx',
  'es-farmacia-sinreceta',
];

interface Seen {
  url: string;
  from: string;
}

function recorder(into: Seen[]) {
  return (r: Request) => {
    let from: string;
    try {
      from = r.frame().url();
    } catch {
      from = 'service worker';
    }
    into.push({ url: r.url(), from });
  };
}

describe('privacy: no request beyond the pages visited (Chromium)', { timeout: 120_000 }, () => {
  let server: FixtureServer;
  let h: ChromiumHarness;
  let urls: string[];
  let visitedHosts: Set<string>;
  /** Hosts the browser without the extension contacted besides the visited pages. */
  const baselineHosts = new Set<string>();
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = await startFixtureServer();
    serveTestPages(server);
    urls = [...VISITS.map((n) => server.corpusPage(fixture(n))), `http://${HOSTS.listed}/`];
    visitedHosts = new Set(urls.map((u) => new URL(u).hostname));

    const bare = await launchBareChromium({ port: server.port });
    try {
      const page = await bare.context.newPage();
      for (const url of urls) {
        await page.goto(url);
        await page.waitForTimeout(600);
      }
      await page.waitForTimeout(1000);
    } finally {
      await bare.close();
    }
    for (const r of server.requests) if (!visitedHosts.has(r.host)) baselineHosts.add(r.host);
    server.requests.length = 0;

    h = await launchChromium({ port: server.port });
    h.context.on('request', recorder(seen));
  }, 90_000);

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('visiting 11 pages and opening the popup and options requests only those pages and extension files', async () => {
    const page = await h.context.newPage();
    for (const url of urls) {
      // Dangerous pages (the listed domain, rogue shops) end on RxRadar's warning page instead.
      await page.goto(url).catch(() => undefined);
      await page.waitForTimeout(600);
      const popup = await h.openPopup(page);
      await popup.close();
    }
    const options = await h.openOptions();
    await options.close();
    await page.waitForTimeout(1000);

    const extOrigin = `chrome-extension://${h.extensionId}/`;
    // Everything the pages, the popup, the options page and the service worker asked for.
    const bad = seen.filter(({ url }) => {
      if (url.startsWith(extOrigin)) return false;
      const u = new URL(url);
      return !(u.protocol === 'http:' && visitedHosts.has(u.hostname));
    });
    expect(bad, 'requests to anything but the visited pages and the extension').toEqual([]);
    // (The test's own navigations from a tab that shows RxRadar's warning page carry that page as
    // their frame: they are the visited addresses themselves, not requests of the extension.)
    const fromExtension = seen.filter(
      ({ url, from }) => !url.startsWith(extOrigin) && !urls.includes(url) && (from === 'service worker' || from.startsWith(extOrigin)),
    );
    expect(fromExtension, 'web requests made by the extension itself').toEqual([]);
    expect(seen.filter((s) => s.url.startsWith(extOrigin)).length).toBeGreaterThan(0);

    // Everything that reached the network.
    // Chromium's own: what it contacted without the extension, and its timed Google service calls
    // (the GCM check-in comes about 30 s after start, later than the baseline run lasts).
    const isBrowserOwn = (r: RecordedRequest) => baselineHosts.has(r.host) || CHROMIUM_SERVICE_HOST.test(r.host);
    const unexpected = server.requests.filter((r) => !visitedHosts.has(r.host) && !isBrowserOwn(r));
    expect(unexpected, 'requests to hosts neither visited nor contacted by Chromium without the extension').toEqual([]);
    expect(server.requests.filter((r) => visitedHosts.has(r.host) && r.method !== 'GET')).toEqual([]);
    const paths = new Set(server.requests.map((r) => `${r.host}${r.path}`));
    // Every page was fetched, except the listed site: the stop rule ends its navigation before any request.
    for (const url of urls.filter((u) => !new URL(u).hostname.endsWith(HOSTS.listed)))
      expect(paths).toContain(`${new URL(url).hostname}${new URL(url).pathname}`);
    expect(server.requests.filter((r) => r.host.endsWith(HOSTS.listed))).toEqual([]);
    // Chromium's own calls never carry a visited address in their path.
    for (const r of server.requests.filter(isBrowserOwn)) for (const host of visitedHosts) expect(r.path).not.toContain(host);

    const own = server.requests.filter(isBrowserOwn);
    console.log(
      `[privacy] browser saw ${seen.length} requests (${seen.filter((s) => s.url.startsWith(extOrigin)).length} extension files), ` +
        `${server.requests.length} reached the network: ${server.requests.length - own.length} to the visited pages, ` +
        `${own.length} Chromium's own (also without the extension): ${[...baselineHosts].sort().join(', ') || 'none'}`,
    );
  });

  it('control: a fetch from the extension service worker is caught by both records', async () => {
    const before = { seen: seen.length, server: server.requests.length };
    await h.worker.evaluate(() =>
      fetch('http://control-probe.invalid/ping').then(
        () => 0,
        () => 0,
      ),
    );
    await expect.poll(() => server.requests.slice(before.server).some((r) => r.host === 'control-probe.invalid'), { timeout: 5000 }).toBe(true);
    expect(seen.slice(before.seen).some((s) => s.url === 'http://control-probe.invalid/ping' && s.from === 'service worker')).toBe(true);
  });
});
