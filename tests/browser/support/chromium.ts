/**
 * Debian's Chromium with the built extension loaded (playwright-core, no browser download).
 * Every host name resolves to the local fixture server.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';

export const CHROME_EXTENSION_DIR = fileURLToPath(new URL('../../../.output/chrome-mv3', import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ChromiumHarness {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** Badge text and title of the tab showing `page`. */
  badge(page: Page): Promise<{ text: string; title: string; color: number[] }>;
  tabId(page: Page): Promise<number>;
  close(): Promise<void>;
}

export async function launchChromium(opts: { port: number; lang?: string; extraArgs?: string[] }): Promise<ChromiumHarness> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  if (!existsSync(join(CHROME_EXTENSION_DIR, 'manifest.json'))) throw new Error(`No built extension at ${CHROME_EXTENSION_DIR}: run npm run build`);
  const userDir = mkdtempSync(join(tmpdir(), 'rxradar-chromium-'));
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    locale: opts.lang,
    args: [
      `--disable-extensions-except=${CHROME_EXTENSION_DIR}`,
      `--load-extension=${CHROME_EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      `--host-resolver-rules=MAP * 127.0.0.1:${opts.port}`,
      ...(opts.lang ? [`--lang=${opts.lang}`] : []),
      ...(opts.extraArgs ?? []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;

  const tabId = async (page: Page): Promise<number> => {
    const url = page.url();
    const id = await worker.evaluate(async (u) => {
      const tabs = await chrome.tabs.query({});
      return tabs.find((t) => t.url === u || t.pendingUrl === u)?.id ?? -1;
    }, url);
    if (id < 0) throw new Error(`no tab for ${url}`);
    return id;
  };

  return {
    context,
    worker,
    extensionId,
    tabId,
    async badge(page) {
      const id = await tabId(page);
      return worker.evaluate(async (tab) => ({
        text: await chrome.action.getBadgeText({ tabId: tab }),
        title: await chrome.action.getTitle({ tabId: tab }),
        color: await chrome.action.getBadgeBackgroundColor({ tabId: tab }),
      }), id);
    },
    async close() {
      await context.close();
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}
