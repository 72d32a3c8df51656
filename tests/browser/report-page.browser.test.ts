// @vitest-environment node
/**
 * "Report this site" (Chromium): the popup's button opens the report page for the tab; the page
 * shows the address, the verdict and a preview that is exactly the report saved, copied or sent;
 * the screenshot stays out unless ticked; without a report address there is no Send button; with
 * one, Send posts the report shown and the outcome is said in words.
 */
import { openPastWarning } from './support/family';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport, type Report } from '../../src/reports/report-schema';
import { axe } from './support/axe';
import { screenshotPath } from './support/build';
import { type ChromiumHarness, launchChromium } from './support/chromium';
import { type FixtureServer, startFixtureServer } from './support/fixture-server';
import { clickClosingPage, type FirefoxHarness, openPastWarningFirefox } from './support/firefox';
import { useFirefoxSession } from './support/session';
import { fixture, serveTestPages } from './support/test-pages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('report page (Chromium)', { timeout: 90_000 }, () => {
  let server: FixtureServer;
  let h: ChromiumHarness;
  let page: Page;
  beforeAll(async () => {
    server = await startFixtureServer();
    serveTestPages(server);
    // 127.0.0.1 is reached directly: the test's own report intake listens there.
    h = await launchChromium({ port: server.port, direct: ['127.0.0.1'] });
    page = await h.context.newPage();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  /** Opens `url`; a dangerous one past RxRadar's warning page, so the report's screenshot shows the site. */
  async function visit(url: string, badge: string) {
    if (badge === '!') await openPastWarning(page, h, url);
    else await page.goto(url);
    expect((await h.waitForBadge(page, badge)).text, url).toBe(badge);
    await page.waitForTimeout(300);
    // Past the warning, the site stays (a warning that came back would take the report's screenshot away).
    expect(page.url(), 'the tab after "Continue anyway"').toBe(url);
  }

  /** Popup → "Report this site…" → the report page the background opens, rendered. */
  async function openReport(): Promise<Page> {
    const popup = await h.openPopup(page);
    const button = popup.getByRole('button', { name: 'Report this site…' });
    expect(await button.count()).toBe(1);
    // The tests open the popup as a tab; the reported page must be the visible tab for its screenshot.
    await page.bringToFront();
    const [report] = await Promise.all([h.context.waitForEvent('page', { timeout: 15_000 }), button.click()]);
    await report.locator('section.page').waitFor({ timeout: 15_000 });
    expect(new URL(report.url()).pathname).toBe('/report.html');
    expect(new URL(report.url()).searchParams.get('draft')).toMatch(/.+/);
    if (!popup.isClosed()) await popup.close();
    await report.bringToFront();
    return report;
  }

  /**
   * Chromium lets the background capture the tab only with activeTab, which a real click on the
   * toolbar button grants and a test (which opens the popup as a tab) cannot. Where the draft has
   * no screenshot for that reason, the page must say so; then the test puts a real JPEG of the
   * page into the stored draft, as the background would have, and reloads the report page.
   */
  async function ensureScreenshot(report: Page): Promise<void> {
    if ((await report.locator('img.shot').count()) > 0) return;
    expect(await report.locator('.no-screenshot').textContent()).toBe('No screenshot could be taken of this page, so the report has no picture.');
    expect(await report.getByRole('checkbox').count()).toBe(0);
    const draftId = new URL(report.url()).searchParams.get('draft')!;
    const shot = `data:image/jpeg;base64,${(await page.screenshot({ type: 'jpeg', quality: 60 })).toString('base64')}`;
    await h.worker.evaluate(
      async ({ id, shot }) => {
        const { reportDrafts } = (await chrome.storage.session.get('reportDrafts')) as { reportDrafts: Record<string, object> };
        reportDrafts[id] = { ...reportDrafts[id], screenshot: shot, screenshotError: null };
        await chrome.storage.session.set({ reportDrafts });
      },
      { id: draftId, shot },
    );
    await report.reload();
    await report.locator('img.shot').waitFor({ timeout: 10_000 });
  }

  const previewText = (report: Page) =>
    report
      .locator('pre.preview')
      .textContent()
      .then((s) => s ?? '');

  async function saveFile(report: Page): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([report.waitForEvent('download'), report.getByRole('button', { name: 'Save as file' }).click()]);
    const path = await download.path();
    return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
  }

  it('danger page: preview = the saved file, no screenshot unless ticked, no Send without an address', async () => {
    const url = server.corpusPage(fixture('rogue-rxmeds-express24-catalogue'));
    await visit(url, '!');
    const report = await openReport();
    await ensureScreenshot(report);

    expect(await report.locator('h1').textContent()).toBe('Report this site');
    expect(await report.locator('.privacy').textContent()).toMatch(/^Nothing has been sent/);
    expect(await report.locator('dd.url').textContent()).toBe(url);
    expect(await report.locator('dd.domain').textContent()).toBe('rxmeds-express24.com');
    expect(await report.locator('dd.level').textContent()).toMatch(/^Danger: signs of an illegal online pharmacy/);
    const found = await report.locator('.reasons li').allTextContents();
    expect(found).toContain('Says you can buy without a prescription');
    // As in the popup, a dangerous page lists no points "in its favour" (rogue sites imitate them).
    expect(found).not.toContain('Requires a prescription');

    // A warned page: "Rogue pharmacy" is preselected; the radios are a labelled group.
    expect(await report.getByRole('group', { name: 'What kind of site is this?' }).count()).toBe(1);
    expect(await report.getByRole('radio', { name: 'Rogue pharmacy' }).isChecked()).toBe(true);

    // No report address: nothing can be sent from here, and the page says what to do instead.
    expect(await report.getByRole('button', { name: /^Send report/ }).count()).toBe(0);
    expect(await report.locator('section.actions').textContent()).toMatch(/nothing can be sent from here/);
    expect(await report.getByRole('button', { name: 'Set a report address in Settings' }).count()).toBe(1);

    // The screenshot is shown, its box unticked, and it is in neither the preview nor the file.
    const box = report.getByRole('checkbox', { name: 'Include a screenshot of the page' });
    expect(await box.isChecked()).toBe(false);
    const img = report.locator('img.shot');
    expect(await img.getAttribute('alt')).toMatch(/Screenshot of the reported page/);
    expect(await img.getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);
    expect(await img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(100);

    let preview = await previewText(report);
    const shown = JSON.parse(preview) as Report;
    expect(shown.screenshot).toBeUndefined();
    expect(preview).not.toMatch(/base64/);
    expect(shown.reportId).toMatch(UUID);
    expect(shown).toMatchObject({ url, domain: 'rxmeds-express24.com', category: 'rogue-pharmacy', note: '', verdict: { level: 'danger' } });
    expect(preview).toBe(`${JSON.stringify(shown, null, 2)}\n`);
    await report.screenshot({ path: screenshotPath('report-page-danger'), fullPage: true });
    expect(await axe(report)).toEqual([]);

    let file = await saveFile(report);
    expect(file.name).toBe(`rxradar-report-rxmeds-express24.com-${shown.time.slice(0, 10)}.json`);
    expect(file.text).toBe(preview);
    const parsed = parseReport(JSON.parse(file.text));
    expect(parsed.ok, parsed.ok ? '' : parsed.error).toBe(true);
    expect(await report.getByRole('status').filter({ hasText: 'Saved as' }).count()).toBe(1);

    // Every change rebuilds the report live; the id and time stay the same.
    const note = report.getByLabel('Your note (optional)');
    await note.fill('Sells oxycodone without a prescription. <b>not html</b>');
    expect(await report.locator('#note-count').textContent()).toBe('55 of 2000 characters');
    expect(await note.getAttribute('maxlength')).toBe('2000');
    await report.getByRole('radio', { name: 'False alarm' }).check();
    preview = await previewText(report);
    const changed = JSON.parse(preview) as Report;
    expect(changed).toMatchObject({
      reportId: shown.reportId,
      time: shown.time,
      category: 'false-alarm',
      note: 'Sells oxycodone without a prescription. <b>not html</b>',
    });
    expect(await report.locator('b').count()).toBe(0);

    // Ticked: the file carries the image; the preview shows a placeholder instead of the base64.
    await box.check();
    preview = await previewText(report);
    expect(preview).not.toMatch(/base64/);
    const withShot = JSON.parse(preview) as Report;
    expect(withShot.screenshot).toMatch(/^\[screenshot: \d+ characters of image data, shown above\]$/);
    file = await saveFile(report);
    const saved = JSON.parse(file.text) as Report;
    expect(saved.screenshot).toBe(await img.getAttribute('src'));
    expect(parseReport(saved).ok).toBe(true);
    expect({ ...saved, screenshot: withShot.screenshot }).toEqual(withShot);
    await report.screenshot({ path: screenshotPath('report-page-with-screenshot'), fullPage: true });

    // Unticked again: gone from the file again.
    await box.uncheck();
    file = await saveFile(report);
    expect(JSON.parse(file.text).screenshot).toBeUndefined();
    expect(file.text).toBe(await previewText(report));

    // Copy puts exactly the file text on the clipboard.
    await report.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => report.getByRole('status').textContent()).toMatch(/^Copied/);
    // Pasted into a scratch box (Chromium grants no clipboard-read to extension origins).
    await report.evaluate(() => {
      const scratch = document.createElement('textarea');
      scratch.id = 'scratch';
      document.body.append(scratch);
      scratch.focus();
    });
    await report.keyboard.press('ControlOrMeta+V');
    expect(await report.locator('#scratch').inputValue()).toBe(file.text);
    await report.close();
  });

  it('keyboard only: the category, the note, the screenshot box and Save are reachable with Tab and work with keys', async () => {
    await visit(server.corpusPage(fixture('rogue-rxmeds-express24-catalogue')), '!');
    const report = await openReport();
    await ensureScreenshot(report);
    const focused = () =>
      report.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        return e ? `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}:${e.textContent?.trim().slice(0, 30) ?? ''}` : '';
      });
    const seen: string[] = [];
    for (let i = 0; i < 20; i++) {
      await report.keyboard.press('Tab');
      seen.push(await focused());
    }
    expect(seen).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^input#category-rogue-pharmacy/),
        'textarea#note:',
        'input#include-screenshot:',
        expect.stringMatching(/^pre#preview/),
        'button:Save as file',
        'button:Copy',
      ]),
    );
    // Arrow keys move the radio choice; Space ticks the box.
    await report.focus('#category-rogue-pharmacy');
    await report.keyboard.press('ArrowDown');
    expect(await report.getByRole('radio', { name: 'Precursor chemical seller' }).isChecked()).toBe(true);
    expect((JSON.parse(await previewText(report)) as Report).category).toBe('precursor-seller');
    await report.focus('#include-screenshot');
    await report.keyboard.press('Space');
    expect(await report.getByRole('checkbox', { name: 'Include a screenshot of the page' }).isChecked()).toBe(true);
    // Focus is visible: a 3 px outline.
    expect(await report.evaluate(() => getComputedStyle(document.activeElement!).outlineWidth)).toBe('3px');
    await report.close();
  });

  it('no warning: nothing preselected, nothing can be saved until a category is chosen; the popup offers the button on every checked page', async () => {
    await visit(server.corpusPage(fixture('legit-cvs-refill')), '');
    const report = await openReport();
    expect(await report.locator('dd.level').textContent()).toBe('No warning signs found');
    for (const name of ['Rogue pharmacy', 'Precursor chemical seller', 'False alarm'])
      expect(await report.getByRole('radio', { name }).isChecked()).toBe(false);
    expect(await report.getByRole('button', { name: 'Save as file' }).isDisabled()).toBe(true);
    expect(await report.getByRole('button', { name: 'Copy' }).isDisabled()).toBe(true);
    expect(await report.locator('#choose-first').isVisible()).toBe(true);
    expect(await report.locator('pre.preview').isVisible()).toBe(false);
    await report.screenshot({ path: screenshotPath('report-page-none'), fullPage: true });
    expect(await axe(report)).toEqual([]);
    await report.getByRole('radio', { name: 'False alarm' }).check();
    expect(await report.getByRole('button', { name: 'Save as file' }).isEnabled()).toBe(true);
    expect(await report.locator('#choose-first').isVisible()).toBe(false);
    expect((JSON.parse(await previewText(report)) as Report).category).toBe('false-alarm');
    await report.close();

    await visit(server.corpusPage(fixture('caution-edpills-no-rx')), '?');
    const popup = await h.openPopup(page);
    expect(await popup.getByRole('button', { name: 'Report this site…' }).count()).toBe(1);
    await popup.screenshot({ path: screenshotPath('report-popup-caution'), fullPage: true });
    await popup.close();
  });

  it('a precursor seller is preselected as one', async () => {
    await visit(server.corpusPage(fixture('precursor-cnchem-pricelist')), '!');
    const report = await openReport();
    expect(await report.getByRole('radio', { name: 'Precursor chemical seller' }).isChecked()).toBe(true);
    expect((JSON.parse(await previewText(report)) as Report).category).toBe('precursor-seller');
    await report.close();
  });

  it('an unknown or expired draft: says so and offers to close', async () => {
    const report = await h.context.newPage();
    await report.goto(`chrome-extension://${h.extensionId}/report.html?draft=no-such-draft`);
    await report.locator('section.missing').waitFor({ timeout: 10_000 });
    expect(await report.locator('section.missing').textContent()).toMatch(/This report is no longer available/);
    expect(await report.locator('pre').count()).toBe(0);
    await report.screenshot({ path: screenshotPath('report-page-missing'), fullPage: true });
    expect(await axe(report)).toEqual([]);
    const closed = report.waitForEvent('close', { timeout: 5000 });
    // The click closes the page: Playwright may see the page go while it is still finishing the
    // click and report that alone as an error. The 'close' event is what proves the click worked.
    await report
      .getByRole('button', { name: 'Close this page' })
      .click()
      .catch((e: unknown) => {
        if (!/Target page, context or browser has been closed/.test(String(e))) throw e;
      });
    await closed;
  });

  describe('with a report address', () => {
    let intake: Server;
    let endpoint: string;
    const received: { body: string; headers: Record<string, unknown> }[] = [];
    beforeAll(async () => {
      intake = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString('utf8')));
        req.on('end', () => {
          received.push({ body, headers: req.headers });
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end('{"ok":true}');
        });
      });
      await new Promise<void>((r) => intake.listen(0, '127.0.0.1', r));
      endpoint = `http://127.0.0.1:${(intake.address() as AddressInfo).port}/v1/reports`;
    });
    afterAll(async () => {
      await new Promise((r) => intake.close(r));
    });

    it('Send posts exactly the report shown, says "Sent", lists it under "Your reports" and locks the form', async () => {
      const options = await h.openOptions();
      const set = await options.evaluate((url) => chrome.runtime.sendMessage({ type: 'update-settings', change: { reportEndpoint: url } }), endpoint);
      expect(set).toMatchObject({ ok: true });
      await options.close();

      await visit(server.corpusPage(fixture('rogue-rxmeds-express24-catalogue')), '!');
      const report = await openReport();
      const host = new URL(endpoint).host;
      expect(await report.locator('.privacy').textContent()).toBe(
        `Nothing has been sent. RxRadar sends this report only when you press Send, and only to ${host}.`,
      );
      expect(await report.getByRole('button', { name: 'Set a report address in Settings' }).count()).toBe(0);
      await report.getByLabel('Your note (optional)').fill('Seen in a spam email.');
      const shown = JSON.parse(await previewText(report)) as Report;
      await report.screenshot({ path: screenshotPath('report-page-endpoint'), fullPage: true });

      await report.getByRole('button', { name: `Send report to ${host}` }).click();
      await expect.poll(() => report.getByRole('status').first().textContent(), { timeout: 10_000 }).toBe(`Sent to ${host}. Thank you.`);
      expect(await report.locator('.privacy').textContent()).toBe(`Only this report goes to ${host}, exactly as shown below. Nothing else is sent.`);
      expect(received).toHaveLength(1);
      const sent = JSON.parse(received[0]!.body) as Report;
      expect(sent).toEqual(shown);
      expect(sent.screenshot).toBeUndefined();

      // One report id is sent once: the form is locked and Send is gone for good.
      expect(await report.getByRole('button', { name: `Send report to ${host}` }).isDisabled()).toBe(true);
      expect(await report.getByLabel('Your note (optional)').isDisabled()).toBe(true);
      const mine = report.locator(`ul.queue li[data-report-id="${shown.reportId}"]`);
      await expect.poll(() => mine.textContent(), { timeout: 5000 }).toMatch(/rxmeds-express24\.com.*Rogue pharmacy.*Sent at/);
      await report.screenshot({ path: screenshotPath('report-page-sent'), fullPage: true });
      expect(await axe(report)).toEqual([]);
      await report.close();
    });
  });
});

describe('report page (Firefox ESR, MV2 build)', { timeout: 90_000 }, () => {
  const session = useFirefoxSession();
  let server: FixtureServer;
  let ff: FirefoxHarness;
  let page: FirefoxPage;
  beforeAll(() => {
    ({ server, ff, page } = session);
  });

  /** The report page the background opened (Firefox reports extension pages' URLs as about:blank to the driver: ask the page). */
  async function reportPage(before: Set<FirefoxPage>): Promise<FirefoxPage> {
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      for (const p of await ff.browser.pages()) {
        if (before.has(p)) continue;
        const href = await p.evaluate(() => location.href).catch(() => '');
        if (href.startsWith(`${ff.extensionOrigin}/report.html?draft=`)) return p;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the report page did not open');
  }

  it('popup → "Report this site…" opens the report page; its preview is a valid report; no Send without an address', async () => {
    const url = server.corpusPage(fixture('rogue-rxmeds-express24-catalogue'));
    await openPastWarningFirefox(page, ff, url);
    const tab = await ff.tabId(url);
    expect((await ff.waitForBadge(tab, '!')).text).toBe('!');
    const popup = await ff.browser.newPage();
    await ff.openExtensionPage(popup, `popup.html?tab=${tab}`, 'section.report-site button');
    await page.bringToFront();
    // The screenshot is of the tab showing when the report starts: wait until Firefox says the
    // site's tab is the one showing (on a loaded machine it can say so a while after the driver).
    await expect
      .poll(() =>
        ff.ext(
          async (id: number) =>
            (await (globalThis as unknown as { browser: { tabs: { get(i: number): Promise<{ active: boolean }> } } }).browser.tabs.get(id)).active,
          tab,
        ),
      )
      .toBe(true);
    const before = new Set(await ff.browser.pages());
    await clickClosingPage(popup, 'section.report-site button');
    const report = await reportPage(before);
    await report.waitForSelector('pre.preview', { timeout: 15_000 });
    expect(await report.$eval('h1', (e) => e.textContent)).toBe('Report this site');
    expect(await report.$eval('dd.url', (e) => e.textContent)).toBe(url);
    expect(await report.$eval('#category-rogue-pharmacy', (e) => (e as HTMLInputElement).checked)).toBe(true);
    const preview = await report.$eval('pre.preview', (e) => e.textContent ?? '');
    const parsed = parseReport(JSON.parse(preview));
    expect(parsed.ok, parsed.ok ? '' : parsed.error).toBe(true);
    expect(JSON.parse(preview).screenshot).toBeUndefined();
    expect(await report.$$eval('section.actions button', (bs) => bs.map((b) => b.textContent))).toEqual([
      'Set a report address in Settings',
      'Save as file',
      'Copy',
    ]);
    // Firefox captures the tab for real here: the image is shown (once the capture is in), its box unticked.
    await report.waitForSelector('img.shot', { timeout: 15_000 });
    expect(await report.$eval('img.shot', (e) => (e as HTMLImageElement).src)).toMatch(/^data:image\/jpeg;base64,/);
    expect(await report.$eval('#include-screenshot', (e) => (e as HTMLInputElement).checked)).toBe(false);
    await report.screenshot({ path: screenshotPath('report-page-firefox'), fullPage: true });
    await report.close();
    if (!popup.isClosed()) await popup.close();
  });
});
