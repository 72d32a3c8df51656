/**
 * The only place the background touches browser APIs that differ between Chrome (MV3) and
 * Firefox (MV2): the toolbar action and tab messaging. Everything else gets these as functions.
 */
import { browser } from 'wxt/browser';
import type { Badge } from '../badge';
import type { TabMessage } from '../messages';

type ActionApi = typeof browser.action;

export function actionApi(): ActionApi {
  // Firefox MV2 has browserAction, Chrome MV3 has action; their badge calls are the same.
  return (browser.action ?? (browser as unknown as { browserAction: ActionApi }).browserAction) as ActionApi;
}

export async function setBadge(tabId: number, badge: Badge): Promise<void> {
  const action = actionApi();
  try {
    await Promise.all([
      action.setBadgeText({ tabId, text: badge.text }),
      action.setBadgeBackgroundColor({ tabId, color: badge.color }),
      action.setTitle({ tabId, title: badge.title }),
    ]);
  } catch {
    // The tab is gone or not ours to badge (a closed or prerendered tab): nothing to show.
  }
}

export async function sendToTab(tabId: number, message: TabMessage): Promise<void> {
  await browser.tabs.sendMessage(tabId, message, { frameId: 0 });
}

export function translate(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key as never, substitutions as never) || '';
}
