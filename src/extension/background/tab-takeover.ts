/**
 * When RxRadar's page may take a tab, and when it may give the tab back. Pure: the background
 * reads the tab (`tabs.get`) and acts on the answer; tests drive it with plain objects.
 */

/** What the browser says of a tab: where it is, and where it is going if a navigation is under way. */
export interface TabPlace {
  url?: string;
  pendingUrl?: string;
}

/**
 * Whether RxRadar's page should take `tab` for a danger verdict on `url`, and how far "Go back"
 * must then go. `stoppedUrl`: the tab's last top-level navigation that ended in an error (a listed
 * site the stop rule ended: Firefox keeps showing the page before it). `isOurPageFor(u)`: `u` is
 * RxRadar's page for `url`.
 *
 * One rule: a tab on its way somewhere is taken only if it is on its way to `url` (a verdict that
 * arrives after the person moved on must not undo their navigation); a tab at rest is taken if it
 * shows `url`, or ended on the stop rule for it. A tab that shows, or is about to show, RxRadar's
 * page for `url` is left as it is.
 */
export function takeTab(
  tab: TabPlace | null,
  url: string,
  stoppedUrl: string | undefined,
  isOurPageFor: (u: string | undefined) => boolean,
): { stepsBack: 1 | 2 } | null {
  if (!tab || isOurPageFor(tab.url) || isOurPageFor(tab.pendingUrl)) return null;
  const onItsWay = tab.pendingUrl !== undefined && tab.pendingUrl !== '';
  const take = onItsWay ? tab.pendingUrl === url : tab.url === url || stoppedUrl === url;
  if (!take) return null;
  // When the site's page had opened, it stays in the history before RxRadar's page.
  return { stepsBack: tab.url === url ? 2 : 1 };
}

/**
 * Whether a tab showing RxRadar's page for `url` should be sent on to the site (the verdict was
 * lifted: trusted, a pass). Only a tab on RxRadar's page for `url`, not already on its way there.
 */
export function releaseTab(tab: TabPlace | null, url: string, isOurPageFor: (u: string | undefined) => boolean): boolean {
  return !!tab && isOurPageFor(tab.url) && tab.pendingUrl !== url;
}
