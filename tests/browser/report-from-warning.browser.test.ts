// @vitest-environment node
/**
 * "Report this site…" on the full-page warning (Chromium): the report page opens next to the
 * tab, about the site the warning stands in for (its address and RxRadar's verdict), and says why
 * there is no screenshot: RxRadar stopped the site before it was shown. The saved report is valid.
 * The warning stays in its tab.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/reports/report-schema';
import { screenshotPath } from './support/build';
import type { ChromiumHarness } from './support/chromium';
import { isWarningPage, waitForWarningPage } from './support/family';
import type { FixtureServer } from './support/fixture-server';
import { useChromiumSession } from './support/session';
import { fixture } from './support/test-pages';

describe('report from the warning (Chromium)', { timeout: 60_000 }, () => {
  const session = useChromiumSession();
  let server: FixtureServer;
  let h: ChromiumHarness;
  let page: Page;
  beforeAll(() => {
    ({ server, h, page } = session);
  });

  it('opens the report page for the site the warning stands in for, without a screenshot of RxRadar’s own page', async () => {
    const url = server.corpusPage(fixture('rogue-rxmeds-express24-catalogue'));
    await page.bringToFront();
    await page.goto(url).catch(() => undefined);
    await waitForWarningPage(page, h.extensionId, url);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');

    const opened = h.context.waitForEvent('page');
    await page.getByRole('button', { name: /Report this site/ }).click();
    const report = await opened;
    await report.locator('section.page').waitFor({ timeout: 15_000 });
    expect(await report.locator('dd.url').textContent()).toBe(url);
    expect(await report.locator('img.shot').count()).toBe(0);
    expect(await report.getByRole('checkbox', { name: 'Include a screenshot of the page' }).count()).toBe(0);
    expect(await report.locator('.no-screenshot').textContent()).toBe(
      'No screenshot: RxRadar stopped this page before it was shown. The report has the address and the text RxRadar found.',
    );
    const preview = (await report.locator('pre.preview').textContent()) ?? '';
    expect(preview).not.toContain('"screenshot"');
    expect(preview).toContain('"level": "danger"');

    const [download] = await Promise.all([report.waitForEvent('download'), report.getByRole('button', { name: 'Save as file' }).click()]);
    const saved = parseReport(JSON.parse(readFileSync((await download.path())!, 'utf8')));
    expect(saved.ok).toBe(true);
    if (saved.ok) {
      expect(saved.report.url).toBe(url);
      expect(saved.report.screenshot ?? null).toBeNull();
    }
    await report.screenshot({ path: screenshotPath('report-from-warning'), fullPage: true });
    await report.close();

    // The warning is still in its tab.
    await page.bringToFront();
    expect(isWarningPage(page.url(), h.extensionId, url)).toBe(true);
  });

  it('the popup on the warning page reports the site too', async () => {
    const url = server.corpusPage(fixture('rogue-tiny-m30'));
    await page.goto(url).catch(() => undefined);
    await waitForWarningPage(page, h.extensionId, url);
    const popup = await h.openPopup(page);
    const opened = h.context.waitForEvent('page');
    await popup.getByRole('button', { name: /Report this site/ }).click();
    const report = await opened;
    await report.locator('section.page').waitFor({ timeout: 15_000 });
    expect(await report.locator('dd.url').textContent()).toBe(url);
    await report.close();
  });
});
