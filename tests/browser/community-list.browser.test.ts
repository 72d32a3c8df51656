// @vitest-environment node
/**
 * The community list as the extension ships it (packed at build time, data/community-hosts.bin,
 * fetched by the background when it starts): a listed host and its subdomains get the community
 * verdict in the browser, as in the CLI (Chromium MV3 worker and Firefox MV2 background page).
 */
import type { Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../support/test-engine';
import type { ChromiumHarness } from './support/chromium';
import type { FirefoxHarness } from './support/firefox';
import type { FixtureServer } from './support/fixture-server';
import { useChromiumSession, useFirefoxSession } from './support/session';

/** On the community list only (not on the authority list, not a known pharmacy). */
const COMMUNITY_HOST = '275tablets.tk';
const BADGE: Record<string, string> = { danger: '!', caution: '?', none: '' };

describe('community list in Chromium', { timeout: 60_000 }, () => {
  const session = useChromiumSession();
  let server: FixtureServer;
  let h: ChromiumHarness;
  let page: Page;
  beforeAll(() => {
    ({ server, h, page } = session);
    for (const host of [COMMUNITY_HOST, `shop.${COMMUNITY_HOST}`, `not${COMMUNITY_HOST}`]) {
      server.page(host, '/', '<!doctype html><html><body><p>Welcome to our shop</p></body></html>');
    }
  });

  it('gives a community-listed host, and its subdomain, the verdict the CLI gives; a look-alike host is not listed', async () => {
    const expected = testEngine().checkUrl(`http://${COMMUNITY_HOST}/`);
    expect(expected.listMatch?.tier).toBe('community');
    expect(expected.level).not.toBe('none');
    for (const host of [COMMUNITY_HOST, `shop.${COMMUNITY_HOST}`]) {
      await page.goto(`http://${host}/`).catch(() => undefined);
      const badge = await h.waitForBadge(page, BADGE[expected.level]!, 15_000); // a shared 2-core machine can be slow
      expect(badge.text, host).toBe(BADGE[expected.level]);
    }
    const since = Date.now();
    await page.goto(`http://not${COMMUNITY_HOST}/`);
    await h.judged(page, { since });
    expect((await h.badge(page)).text).toBe('');
  });
});

describe('community list in Firefox', { timeout: 90_000 }, () => {
  const session = useFirefoxSession();
  let ff: FirefoxHarness;
  let page: FirefoxPage;
  beforeAll(() => {
    ({ ff, page } = session);
    session.server.page(COMMUNITY_HOST, '/', '<!doctype html><html><body><p>Welcome to our shop</p></body></html>');
  });

  it('gives a community-listed host the verdict the CLI gives', async () => {
    const expected = testEngine().checkUrl(`http://${COMMUNITY_HOST}/`);
    const url = `http://${COMMUNITY_HOST}/`;
    await page.goto(url).catch(() => undefined);
    const tab = await ff.tabId(url);
    expect((await ff.waitForBadge(tab, BADGE[expected.level]!, 15_000)).text).toBe(BADGE[expected.level]);
  });
});
