// @vitest-environment node
/**
 * "Report it to someone who can act" (Chromium and Firefox ESR): for an en-US, es-ES and hi-IN
 * browser the report page offers that country's channel first; "Open the form" opens the form's
 * address in a new tab and puts the text the form asks for on the clipboard; an e-mail channel is a
 * mailto: link with subject and body; a false alarm opens a prefilled issue on the project's
 * tracker (from package.json); "Your reports" says where each report went. Nothing is sent by
 * RxRadar: the agencies' pages opened here are the person's own navigation (every host name
 * resolves to the local fixture server).
 */
import { openPastWarning } from './support/family';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/reports/report-schema';
import { axe } from './support/axe';
import { ROOT, screenshotPath } from './support/build';
import { type ChromiumHarness, launchChromium } from './support/chromium';
import { clickClosingPage, type FirefoxHarness, launchFirefox, openPastWarningFirefox } from './support/firefox';
import { type FixtureServer, startFixtureServer } from './support/fixture-server';
import { fixture, serveTestPages } from './support/test-pages';

type Messages = Record<string, { message: string }>;
const messages = (lang: string): Messages => JSON.parse(readFileSync(`${ROOT}public/_locales/${lang}/messages.json`, 'utf8')) as Messages;
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { bugs: { url: string } };

const CHANNELS = JSON.parse(readFileSync(`${ROOT}src/data/channels/report-channels.json`, 'utf8')) as {
  channels: { kind: string; address: string; sourceUrl: string }[];
};
/** Every host a channel or the project's tracker lives on: none may be contacted until the person presses a button. */
const CHANNEL_HOSTS = new Set([
  ...CHANNELS.channels.flatMap((c) => [new URL(c.sourceUrl).host, ...(c.kind.startsWith('web') ? [new URL(c.address).host] : [])]),
  new URL(JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).bugs.url as string).host,
]);

const FDA_FORM = 'https://www.accessdata.fda.gov/scripts/email/oc/buyonline/english.cfm';
const ROGUE = 'rogue-rxmeds-express24-catalogue';
const DOMAIN = 'rxmeds-express24.com';

/**
 * The language whose messages the page shows, read from its channel heading: the browser's UI
 * language (Chromium's comes from the environment, Firefox ESR has only English) need not be the
 * language and region the channel is chosen from (navigator.languages).
 */
async function pageLang(report: { evaluate: (fn: () => string) => Promise<string> }): Promise<string> {
  const title = await report.evaluate(() => document.getElementById('channels-title')?.textContent ?? '');
  const lang = ['en', 'es', 'hi'].find((l) => messages(l).channelsTitle!.message === title);
  if (!lang) throw new Error(`channel heading in no known language: ${title}`);
  return lang;
}

/** What any channel's paste text must hold for the rogue fixture page. */
function expectPasteText(text: string, m: Messages, url: string): void {
  expect(text).toContain(`${m.channelTextSite!.message}: ${DOMAIN}\n`);
  expect(text).toContain(`${m.channelTextAddress!.message}: ${url}\n`);
  expect(text).toMatch(new RegExp(`${m.channelTextDate!.message}: \\d{4}-\\d{2}-\\d{2}\\n`));
  expect(text).toContain(`${m.channelTextFound!.message}:\n- `);
  // Quotes from the page, one line each.
  expect(text).toMatch(/^- .+: ".+"/m);
  expect(text.trimEnd().endsWith(m.channelTextFooter!.message)).toBe(true);
}

describe.each([
  ['en-US', 'fda-buyonline'],
  ['es-ES', 'aemps-es'],
  ['hi-IN', 'cdsco-in'],
])('report channels, %s browser (Chromium)', { timeout: 120_000 }, (locale, firstChannel) => {
  let server: FixtureServer;
  let h: ChromiumHarness;
  let page: Page;
  beforeAll(async () => {
    server = await startFixtureServer();
    serveTestPages(server);
    h = await launchChromium({ port: server.port, lang: locale });
    page = await h.context.newPage();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  async function openReport(url: string, badge: string): Promise<Page> {
    if (badge === '!') await openPastWarning(page, h, url);
    else await page.goto(url);
    expect((await h.waitForBadge(page, badge)).text).toBe(badge);
    const popup = await h.openPopup(page);
    await page.bringToFront();
    const [report] = await Promise.all([h.context.waitForEvent('page', { timeout: 15_000 }), popup.locator('section.report-site button').click()]);
    await report.locator('section.channels').waitFor({ timeout: 15_000 });
    if (!popup.isClosed()) await popup.close();
    await report.bringToFront();
    return report;
  }

  /** Tab addresses as the browser has them (a failed https load keeps its address). */
  const tabUrls = () => h.worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.pendingUrl || t.url || ''));

  async function pasted(report: Page): Promise<string> {
    await report.bringToFront();
    await report.evaluate(() => {
      document.getElementById('scratch')?.remove();
      const scratch = document.createElement('textarea');
      scratch.id = 'scratch';
      document.body.append(scratch);
      scratch.focus();
    });
    await report.keyboard.press('ControlOrMeta+V');
    const value = await report.locator('#scratch').inputValue();
    await report.evaluate(() => document.getElementById('scratch')?.remove());
    return value;
  }

  it(`offers ${firstChannel} first, with its source, what it asks for and the text to paste`, async () => {
    const url = server.corpusPage(fixture(ROGUE));
    const report = await openReport(url, '!');
    const lang = await pageLang(report);
    const m = messages(lang);
    await report.screenshot({ path: screenshotPath(`report-channels-${locale}`), fullPage: true });
    await report.locator('section.channels').screenshot({ path: screenshotPath(`report-channels-section-${locale}`) });
    expect(await report.locator('#channel').inputValue()).toBe(firstChannel);
    expect(await report.getByLabel(m.channelSelectLabel!.message).count()).toBe(1);
    // Every channel can be picked.
    expect(await report.locator('#channel option').count()).toBeGreaterThan(15);
    const details = (await report.locator('dl.channel-details').textContent()) ?? '';
    expect(details).toContain(m.channelAsks!.message);
    expect(await report.locator('dl.channel-details a').getAttribute('href')).toMatch(/^https:\/\//);
    const text = (await report.locator('pre.channel-text').textContent()) ?? '';
    expectPasteText(text, m, url);
    // Page text stays text.
    expect(await report.locator('section.channels b, section.channels script').count()).toBe(0);
    // Nothing went to any channel: RxRadar only prepares; the person opens and sends.
    expect(server.requests.filter((r) => CHANNEL_HOSTS.has(r.host))).toEqual([]);
    expect(await axe(report)).toEqual([]);

    if (firstChannel === 'cdsco-in') {
      // An e-mail channel: a mailto: link with subject and body.
      const href = (await report.locator('#channel-mail').getAttribute('href')) ?? '';
      expect(href.startsWith('mailto:dci@nic.in?subject=')).toBe(true);
      const q = new URLSearchParams(href.slice(href.indexOf('?') + 1));
      expect(q.get('subject')).toBe(m.channelMailSubjectRogue!.message.replace('$1', DOMAIN));
      expect(q.get('body')).toBe(text);
    }
    await report.close();
  });

  if (locale !== 'en-US') return;

  it('"Open the form" opens the FDA form in a new tab, puts the text on the clipboard and lists it under "Your reports"', async () => {
    const url = server.corpusPage(fixture(ROGUE));
    const report = await openReport(url, '!');
    const m = messages('en');
    const text = (await report.locator('pre.channel-text').textContent()) ?? '';
    expect(server.requests.filter((r) => CHANNEL_HOSTS.has(r.host))).toEqual([]);
    const [form] = await Promise.all([
      h.context.waitForEvent('page', { timeout: 10_000 }),
      report.getByRole('button', { name: m.channelOpenForm!.message }).click(),
    ]);
    await expect.poll(tabUrls, { timeout: 10_000 }).toContain(FDA_FORM);
    // Opening the form is the person's own navigation: only then does the FDA's host appear.
    await expect
      .poll(() => server.requests.filter((r) => CHANNEL_HOSTS.has(r.host)).map((r) => r.host), { timeout: 10_000 })
      .toContain('www.accessdata.fda.gov');
    expect(await report.locator('.channel-status').textContent()).toBe(
      m.channelOpened!.message.replace('$1', 'FDA (U.S.): report illegal online sales of medical products'),
    );
    await form.close();
    expect(await pasted(report)).toBe(text);
    expectPasteText(text, m, url);
    expect(text).toContain('Says you can buy without a prescription');
    const shown = JSON.parse((await report.locator('pre.preview').textContent()) ?? '') as Report;
    const mine = report.locator(`li.handoff[data-report-id="${shown.reportId}"][data-channel="fda-buyonline"]`);
    await expect
      .poll(() => mine.textContent(), { timeout: 5000 })
      .toMatch(/rxmeds-express24\.com.*Rogue pharmacy.*Taken to FDA \(U\.S\.\): report illegal online sales of medical products on /);
    await report.locator('section.channels').scrollIntoViewIfNeeded();
    await report.screenshot({ path: screenshotPath('report-channels-opened'), fullPage: true });
    await report.locator('section.channels').screenshot({ path: screenshotPath('report-channels-section-opened') });
    await report.locator('section.your-reports').screenshot({ path: screenshotPath('report-channels-your-reports') });

    // Another channel can be picked: the UK MHRA takes e-mail, so its button is a mailto: link.
    await report.locator('#channel').selectOption('mhra-casereferrals');
    const href = (await report.getByRole('link', { name: m.channelWriteEmail!.message.replace('$1', 'casereferrals@mhra.gov.uk') }).getAttribute('href')) ?? '';
    expect(href.startsWith('mailto:casereferrals@mhra.gov.uk?subject=')).toBe(true);
    const q = new URLSearchParams(href.slice(href.indexOf('?') + 1));
    expect(q.get('subject')).toBe(`Suspected illegal online pharmacy: ${DOMAIN}`);
    expect(q.get('body')).toBe(text);

    // The list survives a reload (kept on the device).
    await report.reload();
    await report.locator('li.handoff[data-channel="fda-buyonline"]').waitFor({ timeout: 10_000 });
    await report.close();
  });

  it('a precursor seller goes to the DEA tip form first', async () => {
    const report = await openReport(server.corpusPage(fixture('precursor-cnchem-pricelist')), '!');
    expect(await report.getByRole('radio', { name: 'Precursor chemical seller' }).isChecked()).toBe(true);
    expect(await report.locator('#channel').inputValue()).toBe('dea-tips');
    await report.close();
  });

  it('a false alarm opens a prefilled issue on the project tracker from package.json, with exactly the report previewed', async () => {
    // A small page: the whole report must fit in the issue link's body.
    const report = await openReport(server.corpusPage(fixture('rogue-tiny-m30')), '!');
    await report.getByRole('radio', { name: 'False alarm' }).check();
    expect(await report.locator('.channel-picker').isVisible()).toBe(false);
    const preview = (await report.locator('pre.preview').textContent()) ?? '';
    const tracker = pkg.bugs.url;
    const [issue] = await Promise.all([
      h.context.waitForEvent('page', { timeout: 10_000 }),
      report.getByRole('button', { name: `Open an issue on ${new URL(tracker).host}` }).click(),
    ]);
    let opened = '';
    await expect
      .poll(
        async () => {
          opened = (await tabUrls()).find((u) => u.startsWith(`${tracker}/new?`)) ?? '';
          return opened;
        },
        { timeout: 10_000 },
      )
      .not.toBe('');
    await issue.close();
    const q = new URL(opened).searchParams;
    expect(q.get('title')).toBe('False alarm: pillsnoscript.net');
    const body = q.get('body') ?? '';
    expect(body).toContain(`\`\`\`json\n${preview}\`\`\``);
    expect(body).toBe((await report.locator('pre.issue-text').textContent()) ?? '');
    expect(await pasted(report)).toBe(body);
    await report.screenshot({ path: screenshotPath('report-channels-false-alarm'), fullPage: true });
    await report.close();
  });
});

describe.each([
  ['en-US', 'fda-buyonline'],
  ['es-ES', 'aemps-es'],
  ['hi-IN', 'cdsco-in'],
])('report channels, %s browser (Firefox ESR)', { timeout: 120_000 }, (locale, firstChannel) => {
  let server: FixtureServer;
  let ff: FirefoxHarness;
  let page: FirefoxPage;
  beforeAll(async () => {
    server = await startFixtureServer();
    serveTestPages(server);
    ff = await launchFirefox({ port: server.port, prefs: { 'intl.accept_languages': `${locale}, ${locale.slice(0, 2)}` } });
    page = await ff.browser.newPage();
  }, 90_000);
  afterAll(async () => {
    await ff?.close();
    await server?.close();
  });

  const tabUrls = () =>
    ff.ext(
      async () =>
        (await (globalThis as unknown as { browser: { tabs: { query(q: object): Promise<Array<{ url?: string }>> } } }).browser.tabs.query({})).map(
          (t) => t.url ?? '',
        ),
      null,
    );

  async function openReport(url: string): Promise<FirefoxPage> {
    await openPastWarningFirefox(page, ff, url);
    const tab = await ff.tabId(url);
    expect((await ff.waitForBadge(tab, '!')).text).toBe('!');
    const popup = await ff.browser.newPage();
    await ff.openExtensionPage(popup, `popup.html?tab=${tab}`, 'section.report-site button');
    await page.bringToFront();
    const before = new Set(await ff.browser.pages());
    await clickClosingPage(popup, 'section.report-site button');
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      for (const p of await ff.browser.pages()) {
        if (before.has(p)) continue;
        const href = await p.evaluate(() => location.href).catch(() => '');
        if (href.startsWith(`${ff.extensionOrigin}/report.html?draft=`)) {
          await p.waitForSelector('pre.channel-text', { timeout: 15_000 });
          if (!popup.isClosed()) await popup.close();
          return p;
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the report page did not open');
  }

  it(`offers ${firstChannel} first; its button opens the channel with the text on the clipboard`, async () => {
    const url = server.corpusPage(fixture(ROGUE));
    const report = await openReport(url);
    expect(await report.evaluate(() => navigator.language)).toBe(locale);
    expect(await report.$eval('#channel', (e) => (e as HTMLSelectElement).value)).toBe(firstChannel);
    const m = messages(await pageLang(report));
    const text = await report.$eval('pre.channel-text', (e) => e.textContent ?? '');
    expectPasteText(text, m, url);
    await report.screenshot({ path: screenshotPath(`report-channels-firefox-${locale}`), fullPage: true });

    if (firstChannel === 'cdsco-in') {
      const href = await report.$eval('#channel-mail', (e) => e.getAttribute('href') ?? '');
      expect(href.startsWith('mailto:dci@nic.in?subject=')).toBe(true);
      const q = new URLSearchParams(href.slice(href.indexOf('?') + 1));
      expect(q.get('subject')).toBe(m.channelMailSubjectRogue!.message.replace('$1', DOMAIN));
      expect(q.get('body')).toBe(text);
      await report.close();
      return;
    }

    const address = firstChannel === 'fda-buyonline' ? FDA_FORM : 'https://www.aemps.gob.es/';
    await report.click('#channel-open');
    await expect.poll(tabUrls, { timeout: 10_000 }).toContain(address);
    await expect.poll(() => report.$eval('.channel-status', (e) => e.textContent ?? ''), { timeout: 5000 }).toMatch(/\S/);
    // What the clipboard holds, pasted into a box on the report page.
    await report.bringToFront();
    await report.evaluate(() => {
      const scratch = document.createElement('textarea');
      scratch.id = 'scratch';
      document.body.append(scratch);
      scratch.focus();
    });
    await report.keyboard.down('Control');
    await report.keyboard.press('v');
    await report.keyboard.up('Control');
    expect(await report.$eval('#scratch', (e) => (e as HTMLTextAreaElement).value)).toBe(text);
    const shown = JSON.parse(await report.$eval('pre.preview', (e) => e.textContent ?? '')) as Report;
    await report.waitForSelector(`li.handoff[data-report-id="${shown.reportId}"][data-channel="${firstChannel}"]`, { timeout: 5000 });
    await report.close();
  });
});
