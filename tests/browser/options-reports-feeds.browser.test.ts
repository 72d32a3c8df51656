// @vitest-environment node
/**
 * The options page's "Reports" and "List subscriptions" sections (Chromium), against the real
 * background:
 * - the report address: http://example.org is refused next to the field (nothing saved), an
 *   https:// address is saved and can be cleared;
 * - the outgoing queue, fed by a local intake server whose answer the test chooses: a refused
 *   report shows "Not sent: HTTP 404" with Try again and Remove; tried again against a busy server
 *   it waits with its next try, attempts and last error, and "Send now" appears; sent, it says
 *   when; Remove removes; a report added from elsewhere shows up by itself (storage.onChanged);
 * - subscriptions: an http:// address is refused, a local address that answers 404 is added
 *   ("never checked" or its error), "Check now" shows the error and that no list from it is in
 *   force, the same address twice is refused, Remove removes it;
 * - both sections sit inside the settings the parent's PIN locks; the researcher tools do not;
 * - no axe violations with a queue and a subscription shown.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleReport } from '../support/sample-report';
import { screenshotPath } from './support/build';
import { type ChromiumHarness, launchChromium } from './support/chromium';
import { axe } from './support/axe';
import { lockNow, PARENT_PIN, sendFromPage, setPin, statusSays } from './support/family';
import { type FixtureServer, startFixtureServer } from './support/fixture-server';

interface Intake {
  base: string;
  /** The HTTP status /intake answers with. */
  answer: number;
  posts: number;
  close(): Promise<void>;
}

/** An intake server on 127.0.0.1: POST /intake answers `answer`; every other path 404. */
async function startIntake(): Promise<Intake> {
  const intake = { answer: 404, posts: 0 } as Intake;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/intake') {
        intake.posts++;
        res.writeHead(intake.answer, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  intake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  intake.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return intake;
}

describe('options: reports and list subscriptions (Chromium)', { timeout: 90_000 }, () => {
  let server: FixtureServer;
  let h: ChromiumHarness;
  let options: Page;
  let intake: Intake;
  beforeAll(async () => {
    server = await startFixtureServer();
    intake = await startIntake();
    // 127.0.0.1 reached directly: the test's own intake server (every other host goes to the fixture server).
    h = await launchChromium({ port: server.port, direct: ['127.0.0.1'] });
    options = await h.openOptions();
    await options.locator('#reports-title').waitFor();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await intake?.close();
    await server?.close();
  });

  const settings = async () =>
    ((await sendFromPage(options, { type: 'get-protection-state' })) as { settings: { reportEndpoint: string | null; feedSubscriptions: string[] } }).settings;
  const focusedId = () => options.evaluate(() => document.activeElement?.id ?? '');
  const queueItems = () => options.locator('#report-queue li.queue-item');
  const addressField = () => options.getByLabel('Report address (https://)');

  it('the report address: http:// refused next to the field, https:// saved, then cleared', async () => {
    const section = options.locator('section.reports');
    expect(await section.textContent()).toContain(
      'A report is sent only when you press Send on it, and only to this address. Without an address you can still save or copy a report.',
    );
    expect(await options.locator('#report-queue').textContent()).toBe('No reports waiting or sent.');

    await addressField().fill('http://example.org/intake');
    await options.getByRole('button', { name: 'Save', exact: true }).click();
    const problem = options.locator('#report-endpoint-problem');
    await expect.poll(() => problem.textContent()).toBe('The address must start with https:// (plain http:// only for localhost or 127.0.0.1).');
    expect(await addressField().getAttribute('aria-invalid')).toBe('true');
    expect(await addressField().getAttribute('aria-describedby')).toContain('report-endpoint-problem');
    expect(await focusedId()).toBe('report-endpoint');
    expect((await settings()).reportEndpoint).toBeNull();

    // The background refuses it too, sent without the page's check.
    expect(await sendFromPage(options, { type: 'update-settings', change: { reportEndpoint: 'http://example.org/intake' } })).toBeNull();
    expect((await settings()).reportEndpoint).toBeNull();

    await addressField().fill('https://reports.example.org/intake');
    expect(await problem.isHidden()).toBe(true);
    await options.getByRole('button', { name: 'Save', exact: true }).click();
    await statusSays(options, 'Report address saved.');
    expect((await settings()).reportEndpoint).toBe('https://reports.example.org/intake');
    expect(await addressField().inputValue()).toBe('https://reports.example.org/intake');

    await options.getByRole('button', { name: 'Clear', exact: true }).click();
    await statusSays(options, 'Report address cleared. Reports can still be saved or copied.');
    expect((await settings()).reportEndpoint).toBeNull();
    expect(await addressField().inputValue()).toBe('');
    expect(await focusedId()).toBe('report-endpoint');
    expect(await options.getByRole('button', { name: 'Clear', exact: true }).count()).toBe(0);
  });

  it('the queue: failed, tried again and waiting, sent now, removed; added from elsewhere shows up by itself', async () => {
    await addressField().fill(`${intake.base}/intake`);
    await options.getByRole('button', { name: 'Save', exact: true }).click();
    await statusSays(options, 'Report address saved.');

    // A report submitted (as the report page does); the server refuses it: failed, shown as the queue in storage changes.
    intake.answer = 404;
    const first = sampleReport({
      reportId: 'a1b2c3d4-0000-4000-8000-000000000001',
      url: 'https://shop.rogue-one-example.com/pills',
      domain: 'rogue-one-example.com',
    });
    expect(await sendFromPage(options, { type: 'submit-report', report: first })).toMatchObject({ ok: true });
    await expect.poll(() => queueItems().count(), { timeout: 10_000 }).toBe(1);
    const item = queueItems().first();
    await expect.poll(() => item.locator('.queue-status').textContent(), { timeout: 10_000 }).toBe('Not sent: HTTP 404');
    expect(await item.locator('.domain').textContent()).toBe('rogue-one-example.com');
    expect(await item.locator('.category').textContent()).toBe('Rogue pharmacy');
    expect(await item.locator('.when').textContent()).toMatch(/^made .+/);
    expect(await item.getByRole('button').allTextContents()).toEqual(['Try again', 'Remove']);
    expect(await options.getByRole('button', { name: 'Try again rogue-one-example.com' }).count()).toBe(1);

    // Tried again while the server is busy: waiting, with its next try, attempts and last error.
    intake.answer = 503;
    await options.getByRole('button', { name: 'Try again rogue-one-example.com' }).click();
    await expect
      .poll(() => item.locator('.queue-status').textContent(), { timeout: 10_000 })
      .toMatch(/^Waiting to be sent; next try at .+\. Tries so far: \d+\. Last problem: HTTP 503$/);
    expect(await item.getByRole('button').allTextContents()).toEqual(['Remove']);
    expect(await options.locator('#queue-status').textContent()).toBe('The report is queued again.');
    const sendNow = options.getByRole('button', { name: 'Send now' });
    expect(await sendNow.count()).toBe(1);
    // Keyboard focus stayed in the queue (the button used is gone).
    expect(await options.evaluate(() => document.getElementById('report-queue')?.contains(document.activeElement) ?? false)).toBe(true);
    expect(await axe(options)).toEqual([]);
    await options.locator('section.reports').screenshot({ path: screenshotPath('options-reports-queue') });

    // Sent now: the server accepts it.
    intake.answer = 201;
    await sendNow.click();
    await expect.poll(() => item.locator('.queue-status').textContent(), { timeout: 10_000 }).toMatch(/^Sent at .+/);
    await expect.poll(() => options.locator('#queue-status').textContent()).toBe('Waiting reports sent, or queued again with the reason.');
    expect(await item.getByRole('button').count()).toBe(0);
    expect(await options.getByRole('button', { name: 'Send now' }).count()).toBe(0);

    // Another one, refused, then removed.
    intake.answer = 404;
    const second = sampleReport({
      reportId: 'a1b2c3d4-0000-4000-8000-000000000002',
      url: 'https://precursor-two-example.net/',
      domain: 'precursor-two-example.net',
      category: 'precursor-seller',
    });
    expect(await sendFromPage(options, { type: 'submit-report', report: second })).toMatchObject({ ok: true });
    const remove = options.getByRole('button', { name: 'Remove precursor-two-example.net' });
    await remove.waitFor({ timeout: 10_000 });
    expect(await options.locator('#report-queue').textContent()).toContain('Precursor chemical seller');
    await remove.click();
    await expect.poll(() => options.locator('#queue-status').textContent()).toBe('Report removed.');
    await expect.poll(() => options.locator('#report-queue').textContent()).not.toContain('precursor-two-example.net');
    expect(await queueItems().count()).toBe(1);
    expect(intake.posts).toBeGreaterThanOrEqual(4);
  });

  it('subscriptions: refused, added, checked (error, nothing in force), refused twice, removed', async () => {
    const list = options.locator('#feed-list');
    expect(await list.textContent()).toBe('No subscriptions yet.');
    expect(await options.locator('section.feeds').textContent()).toContain('Only the list is downloaded: nothing about your browsing is sent.');
    const field = options.getByLabel('Add a list address (https://)');
    const problem = options.locator('#feed-add-problem');

    await field.fill('http://example.org/feed.json');
    await options.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => problem.textContent()).toBe('The address must start with https:// (plain http:// only for localhost or 127.0.0.1).');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect((await settings()).feedSubscriptions).toEqual([]);

    const feedUrl = `${intake.base}/missing-feed.json`;
    await field.fill(feedUrl);
    await options.getByRole('button', { name: 'Add', exact: true }).click();
    await statusSays(options, `Subscription added: ${feedUrl}. Press Check now to download it.`);
    expect((await settings()).feedSubscriptions).toEqual([feedUrl]);
    expect(await list.locator('.url').allTextContents()).toEqual([feedUrl]);
    expect(await list.locator('.feed-status').textContent()).toMatch(/^Status: (never checked yet|error: .+)$/);
    expect(await options.getByRole('button', { name: `Remove ${feedUrl}` }).count()).toBe(1);

    await options.getByRole('button', { name: 'Check now' }).click();
    await expect.poll(() => options.locator('#feeds-status').textContent(), { timeout: 40_000 }).toBe('Subscriptions checked: 1.');
    expect(await list.locator('.feed-status').textContent()).toMatch(/^Status: error: .*404.* — no list from this subscription is in force yet$/);
    expect(await list.textContent()).toContain('Entries in force: 0');
    expect(await list.textContent()).not.toContain('Last checked: never');
    expect(await list.textContent()).toContain('Last success: never');
    expect(await focusedId()).toBe('feeds-check');
    expect(await axe(options)).toEqual([]);
    await options.locator('section.feeds').screenshot({ path: screenshotPath('options-feeds') });

    await field.fill(feedUrl);
    await options.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => problem.textContent()).toBe('You already follow this list.');

    await options.getByRole('button', { name: `Remove ${feedUrl}` }).click();
    await statusSays(options, `Subscription removed: ${feedUrl}`);
    expect((await settings()).feedSubscriptions).toEqual([]);
    expect(await list.textContent()).toBe('No subscriptions yet.');
    expect(await focusedId()).toBe('feeds-title');
  });

  it('the PIN lock covers both sections, not the researcher tools', async () => {
    await setPin(options, PARENT_PIN);
    await lockNow(options);
    for (const id of ['report-endpoint', 'feed-add-url', 'feeds-check', 'feed-add']) {
      expect(await options.locator(`#${id}`).isDisabled(), id).toBe(true);
    }
    expect(await options.locator('#tools-input').isDisabled()).toBe(false);
    expect(await axe(options)).toEqual([]);
    await options.screenshot({ path: screenshotPath('options-locked-reports-feeds'), fullPage: true });
  });
});
