import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { LinkCheckReply } from '../src/extension/background/link-check';
import { LINK_MARKS_SUMMARY, startLinkMarks } from '../src/extension/content/link-marks';

/** Marks links to flagged pharmacies (search results, webmail, forums): see src/extension/content/link-marks.ts. */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    const marks = startLinkMarks(document, {
      send: (hosts) => browser.runtime.sendMessage({ type: 'link-hosts', hosts }) as Promise<LinkCheckReply | null | undefined>,
      t: (key, subs) => browser.i18n.getMessage(key as never, subs as never),
    });
    const onMessage = (message: unknown) => ((message as { type?: string } | null)?.type === LINK_MARKS_SUMMARY ? Promise.resolve(marks.summary()) : undefined);
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => {
      marks.stop();
      browser.runtime.onMessage.removeListener(onMessage);
    });
  },
});
