/**
 * "Report this site": a draft for the report page, made when the user asks for it. The screenshot
 * of the visible tab is taken at that moment (as the browser's own feedback form does), kept only
 * in session storage, and goes into a report only if the user ticks "Include a screenshot" on the
 * report page. Nothing here sends anything.
 */
import { browser } from 'wxt/browser';
import type { Verdict } from '../../core/verdict';
import { reportDomain } from '../../reports/build-report';
import { MAX_SCREENSHOT_CHARS, ScreenshotSchema } from '../../reports/report-schema';
import { blockedUrlFrom } from '../family/block-rules';
import { type ReportDraft, STOPPED_BEFORE_SHOWN } from '../messages';
import { BLOCK_PAGE } from './block-rules-adapter';
import { reportDraftsItem } from '../storage-items';

/** Drafts older than this are forgotten (the report page says so). */
const DRAFT_TTL_MS = 6 * 60 * 60_000;
/** Session storage holds 10 MB in Chrome; a screenshot is up to ~2.8 MB (usually far less). */
const MAX_DRAFTS = 3;
/**
 * How long the tab's warning gets to step aside before the screenshot (it answers after the page
 * has painted without it), and the screenshot to come. A page that does not answer (a tab that is
 * not showing does not paint) or a capture that never ends must not keep the report page from
 * opening: the draft then has no screenshot.
 */
export const STEP_ASIDE_MS = 1000;
const CAPTURE_MS = 5 * STEP_ASIDE_MS;
const NOT_SHOWING = 'the page was not showing';

/** `work`'s result, or `fallback` once `ms` have passed without one. */
function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export interface DraftDeps {
  verdictFor: (tabId: number) => Verdict | null;
  /** Where reports would go now, and whether the administrator set it. */
  endpoint: () => Promise<{ url: string | null; managed: boolean }>;
  listVersions: () => ReportDraft['listVersions'];
  /** Asks the tab's warning to step aside while the screenshot is taken (resolves when it has)... */
  beforeCapture?: (tabId: number) => Promise<void>;
  /** ...and to come back. */
  afterCapture?: (tabId: number) => Promise<void>;
}

/** Whether the tab is still the one its window shows, at the same address. */
async function stillShowing(tab: { id?: number; windowId?: number; url?: string }): Promise<boolean> {
  const now = await browser.tabs.get(tab.id!).catch(() => null);
  return now !== null && now.active && now.windowId === tab.windowId && now.url === tab.url;
}

async function capture(windowId: number): Promise<{ screenshot: string | null; screenshotError: string | null }> {
  try {
    for (const quality of [70, 40]) {
      const shot = await browser.tabs.captureVisibleTab(windowId, { format: 'jpeg', quality });
      if (shot.length > MAX_SCREENSHOT_CHARS) continue;
      // Checked once, here, as a report's screenshot: the report page then checks the rest of the
      // report on each change without it.
      const checked = ScreenshotSchema.safeParse(shot);
      return checked.success
        ? { screenshot: shot, screenshotError: null }
        : { screenshot: null, screenshotError: `the page image ${checked.error.issues[0]?.message ?? 'is not usable'}` };
    }
    return { screenshot: null, screenshotError: 'the page image was too large' };
  } catch (err) {
    return { screenshot: null, screenshotError: err instanceof Error ? err.message : String(err) };
  }
}

export function createReportDrafts(deps: DraftDeps) {
  async function readDrafts(): Promise<Record<string, ReportDraft>> {
    const all = ((await reportDraftsItem.getValue()) ?? {}) as Record<string, ReportDraft>;
    const now = Date.now();
    return Object.fromEntries(Object.entries(all).filter(([, d]) => d && typeof d === 'object' && now - d.createdAt < DRAFT_TTL_MS));
  }

  return {
    /**
     * A draft for what the tab shows. When RxRadar's warning page stands in for a site, the report
     * is about that site (from the warning page's address), with no screenshot: the site was
     * never shown.
     */
    async start(tabId: number): Promise<{ ok: true; draftId: string } | { ok: false; error: string }> {
      const tab = await browser.tabs.get(tabId).catch(() => null);
      const stoodInFor = tab?.url?.startsWith(browser.runtime.getURL(`/${BLOCK_PAGE}`)) ? blockedUrlFrom(new URL(tab.url)) : null;
      const url = stoodInFor ?? tab?.url;
      if (!tab || !url || !/^https?:\/\//.test(url)) return { ok: false, error: 'not-a-web-page' };
      let shot: { screenshot: string | null; screenshotError: string | null } = {
        screenshot: null,
        screenshotError: url === stoodInFor ? STOPPED_BEFORE_SHOWN : NOT_SHOWING,
      };
      if (url !== stoodInFor && tab.active && tab.windowId !== undefined) {
        try {
          await within(deps.beforeCapture?.(tabId).catch(() => undefined) ?? Promise.resolve(), STEP_ASIDE_MS, undefined);
          // The browser captures whatever tab the window shows: only this one's image is kept.
          if (await stillShowing(tab)) {
            shot = await within(capture(tab.windowId), CAPTURE_MS, { screenshot: null, screenshotError: 'the page image took too long' });
            if (shot.screenshot !== null && !(await stillShowing(tab))) shot = { screenshot: null, screenshotError: NOT_SHOWING };
          }
        } finally {
          void deps.afterCapture?.(tabId).catch(() => undefined);
        }
      }
      const endpoint = await deps.endpoint();
      const draft: ReportDraft = {
        draftId: crypto.randomUUID(),
        tabId,
        url,
        domain: reportDomain(url),
        verdict: deps.verdictFor(tabId),
        ...shot,
        extensionVersion: browser.runtime.getManifest().version,
        listVersions: deps.listVersions(),
        endpoint: endpoint.url,
        endpointManaged: endpoint.managed,
        createdAt: Date.now(),
      };
      const drafts = Object.values(await readDrafts())
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, MAX_DRAFTS - 1);
      const store = (list: ReportDraft[]) => reportDraftsItem.setValue(Object.fromEntries(list.map((d) => [d.draftId, d])));
      // Over the storage quota: older drafts go first, then this draft's screenshot.
      await store([draft, ...drafts]).catch(() =>
        store([draft]).catch(() => {
          draft.screenshot = null;
          draft.screenshotError = 'the page image was too large to keep';
          return store([draft]);
        }),
      );
      await browser.tabs.create({
        url: browser.runtime.getURL(`/report.html?draft=${draft.draftId}`),
        index: tab.index + 1,
        openerTabId: tabId,
        windowId: tab.windowId,
      });
      return { ok: true, draftId: draft.draftId };
    },

    /** The draft, with the report address as it is now (it may have been set since). */
    async draft(draftId: string): Promise<ReportDraft | null> {
      const d = (await readDrafts())[draftId];
      if (!d) return null;
      const endpoint = await deps.endpoint();
      return { ...d, domain: reportDomain(d.url), endpoint: endpoint.url, endpointManaged: endpoint.managed };
    },
  };
}
