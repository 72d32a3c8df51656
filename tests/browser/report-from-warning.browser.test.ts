// @vitest-environment node
/**
 * "Report this site…" on the full-page warning (Chromium): the report page opens next to the
 * tab, with a screenshot of the page itself (the warning steps aside while it is taken and comes
 * back after), left out of the report unless ticked; ticked, the saved report carries it as a
 * valid JPEG.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/reports/report-schema';
import { screenshotPath } from './support/build';
import type { ChromiumHarness } from './support/chromium';
import type { FixtureServer } from './support/fixture-server';
import { useChromiumSession } from './support/session';
import { clickAx, warningDialog } from './support/shield';
import { fixture } from './support/test-pages';

describe('report from the warning (Chromium)', { timeout: 60_000 }, () => {
  const session = useChromiumSession();
  let server: FixtureServer;
  let h: ChromiumHarness;
  let page: Page;
  beforeAll(() => {
    ({ server, h, page } = session);
  });

  it('opens the report page with a screenshot of the page, not of the warning; the warning comes back', async () => {
    const url = server.corpusPage(fixture('rogue-rxmeds-express24-catalogue'));
    await page.bringToFront();
    await page.goto(url);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');
    await expect.poll(async () => (await warningDialog(page)) !== null, { timeout: 10_000 }).toBe(true);

    const opened = h.context.waitForEvent('page');
    await clickAx(page, 'button', /Report this site/);
    const report = await opened;
    await report.locator('section.page').waitFor({ timeout: 15_000 });
    expect(await report.locator('dd.url').textContent()).toBe(url);

    // The screenshot is there, shown, and not in the report until ticked.
    const img = report.locator('img.shot');
    const draftId = new URL(report.url()).searchParams.get('draft');
    const draft = await report.evaluate((id) => chrome.runtime.sendMessage({ type: 'get-report-draft', draftId: id }), draftId);
    expect((draft as { screenshotError: string | null }).screenshotError).toBeNull();
    await img.waitFor({ timeout: 10_000 });
    const src = (await img.getAttribute('src')) ?? '';
    expect(src).toMatch(/^data:image\/jpeg;base64,/);
    const box = report.getByRole('checkbox', { name: 'Include a screenshot of the page' });
    expect(await box.isChecked()).toBe(false);
    expect(await report.locator('pre.preview').textContent()).not.toContain('"screenshot"');

    // The picture is of the page: the warning's red title is not in it. Compare with what the
    // page looks like (the fixture's own heading colour, no warning backdrop) by sampling pixels.
    const sample = await report.evaluate(async (data) => {
      const im = new Image();
      im.src = data;
      await im.decode();
      const c = document.createElement('canvas');
      c.width = im.naturalWidth;
      c.height = im.naturalHeight;
      const g = c.getContext('2d')!;
      g.drawImage(im, 0, 0);
      const px = g.getImageData(0, 0, c.width, c.height).data;
      // The warning's backdrop is a pale pink (#fff5f5-ish) over the whole viewport: count pink pixels.
      let pink = 0;
      for (let i = 0; i < px.length; i += 4 * 97) if (px[i]! > 240 && px[i + 1]! > 230 && px[i + 1]! < 248 && px[i + 2]! > 230 && px[i + 2]! < 248) pink++;
      return { width: c.width, height: c.height, pinkShare: pink / (px.length / (4 * 97)) };
    }, src);
    expect(sample.width).toBeGreaterThan(300);
    expect(sample.pinkShare).toBeLessThan(0.3);

    await box.check();
    const [download] = await Promise.all([report.waitForEvent('download'), report.getByRole('button', { name: 'Save as file' }).click()]);
    const saved = parseReport(JSON.parse(readFileSync((await download.path())!, 'utf8')));
    expect(saved.ok).toBe(true);
    if (saved.ok) expect(saved.report.screenshot).toBe(src);
    await report.screenshot({ path: screenshotPath('report-from-warning'), fullPage: true });
    await report.close();

    // Back on the page, the warning is in place again.
    await page.bringToFront();
    await expect.poll(async () => (await warningDialog(page)) !== null, { timeout: 5000 }).toBe(true);
  });
});
