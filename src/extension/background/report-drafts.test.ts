import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type DraftDeps, createReportDrafts, STEP_ASIDE_MS } from './report-drafts';
import type { ReportDraft } from '../messages';
import { reportDraftsItem } from '../storage-items';

/** A tiny JPEG as captureVisibleTab returns it (passes the report schema's screenshot check). */
const SHOT = `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]).toString('base64')}`;
const PAGE = 'https://rogue-meds.example/shop';

function deps(over: Partial<DraftDeps> = {}): DraftDeps {
  return {
    verdictFor: () => null,
    endpoint: async () => ({ url: null, managed: false }),
    listVersions: () => ({ authority: '1', community: null, subscriptions: [] }) as unknown as ReturnType<DraftDeps['listVersions']>,
    beforeCapture: async () => undefined,
    afterCapture: async () => undefined,
    ...over,
  };
}

async function openPage(url = PAGE): Promise<number> {
  const tab = await fakeBrowser.tabs.create({ url, active: true });
  return tab.id!;
}

/** captureVisibleTab, as the promise form the background calls. */
const captureTab = () => vi.spyOn(fakeBrowser.tabs, 'captureVisibleTab') as unknown as MockInstance<(windowId: number, options: object) => Promise<string>>;
/** The one draft kept. */
const theDraft = async (): Promise<ReportDraft> => {
  const drafts = Object.values(((await reportDraftsItem.getValue()) ?? {}) as Record<string, ReportDraft>);
  expect(drafts).toHaveLength(1);
  return drafts[0]!;
};

const reportTabs = async () => (await fakeBrowser.tabs.query({})).filter((t) => t.url?.includes('/report.html?draft='));

describe('"Report this site": the draft and its screenshot', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'RxRadar', version: '0.1.0' });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('takes the screenshot once the warning has stepped aside, keeps it in the draft and opens the report page', async () => {
    const capture = captureTab().mockResolvedValue(SHOT);
    const tabId = await openPage();
    const reply = await createReportDrafts(deps()).start(tabId);
    expect(reply.ok).toBe(true);
    expect(capture).toHaveBeenCalledTimes(1);
    const draft = await theDraft();
    expect(draft).toMatchObject({ url: PAGE, screenshot: SHOT, screenshotError: null });
    expect(await reportTabs()).toHaveLength(1);
  });

  it('a page that never answers "step aside" (a hidden tab does not paint) does not keep the report page from opening', async () => {
    captureTab().mockResolvedValue(SHOT);
    const tabId = await openPage();
    const start = createReportDrafts(deps({ beforeCapture: () => new Promise<void>(() => undefined) })).start(tabId);
    await vi.advanceTimersByTimeAsync(STEP_ASIDE_MS);
    const reply = await start;
    expect(reply.ok).toBe(true);
    expect(await reportTabs()).toHaveLength(1);
  });

  it('when the person has switched to another tab meanwhile, no screenshot is kept: it would show that other tab', async () => {
    captureTab().mockResolvedValue(SHOT);
    const tabId = await openPage();
    const other = await fakeBrowser.tabs.create({ url: 'https://mail.example/inbox', active: false });
    const reply = await createReportDrafts(
      deps({
        beforeCapture: async () => {
          await fakeBrowser.tabs.update(other.id!, { active: true });
          await fakeBrowser.tabs.update(tabId, { active: false });
        },
      }),
    ).start(tabId);
    expect(reply.ok).toBe(true);
    const draft = await theDraft();
    expect(draft.screenshot).toBeNull();
    expect(draft.screenshotError).toBe('the page was not showing');
    expect(await reportTabs()).toHaveLength(1);
  });

  it('a screenshot that never comes does not keep the report page from opening either', async () => {
    captureTab().mockReturnValue(new Promise<string>(() => undefined));
    const tabId = await openPage();
    const start = createReportDrafts(deps()).start(tabId);
    await vi.advanceTimersByTimeAsync(10 * STEP_ASIDE_MS);
    const reply = await start;
    expect(reply.ok).toBe(true);
    const draft = await theDraft();
    expect(draft.screenshot).toBeNull();
    expect(await reportTabs()).toHaveLength(1);
  });
});
