/**
 * The usual browser-test session: the fixture server with the test pages, Chromium with the
 * built extension, and one open page; set up before the file's tests and torn down after.
 */
import type { Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { afterAll, beforeAll } from 'vitest';
import { type ChromiumHarness, launchChromium } from './chromium';
import { type FirefoxHarness, launchFirefox } from './firefox';
import { type FixtureServer, startFixtureServer } from './fixture-server';
import { serveTestPages } from './test-pages';

export interface ChromiumSession {
  server: FixtureServer;
  h: ChromiumHarness;
  page: Page;
}

export function useChromiumSession(): ChromiumSession {
  const session = {} as ChromiumSession;
  beforeAll(async () => {
    session.server = await startFixtureServer();
    serveTestPages(session.server);
    session.h = await launchChromium({ port: session.server.port });
    session.page = await session.h.context.newPage();
  }, 60_000);
  afterAll(async () => {
    await session.h?.close();
    await session.server?.close();
  });
  return session;
}

export interface FirefoxSession {
  server: FixtureServer;
  ff: FirefoxHarness;
  page: FirefoxPage;
}

/** The same for Firefox ESR (puppeteer-core) with the MV2 build. */
export function useFirefoxSession(): FirefoxSession {
  const session = {} as FirefoxSession;
  beforeAll(async () => {
    session.server = await startFixtureServer();
    serveTestPages(session.server);
    session.ff = await launchFirefox({ port: session.server.port });
    session.page = await session.ff.browser.newPage();
  }, 90_000);
  afterAll(async () => {
    await session.ff?.close();
    await session.server?.close();
  });
  return session;
}
