// @vitest-environment node
/**
 * The community list as the extension ships it (packed at build time, data/community-hosts.bin,
 * fetched by the worker when it starts): a listed host and its subdomains get the community
 * verdict in the browser, as in the CLI, also right after a cold start of the worker.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../support/test-engine';
import type { ChromiumHarness } from './support/chromium';
import type { FixtureServer } from './support/fixture-server';
import { useChromiumSession } from './support/session';

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
      const badge = await h.waitForBadge(page, BADGE[expected.level]!);
      expect(badge.text, host).toBe(BADGE[expected.level]);
    }
    await page.goto(`http://not${COMMUNITY_HOST}/`);
    await page.waitForTimeout(500);
    expect((await h.badge(page)).text).toBe('');
  });
});
