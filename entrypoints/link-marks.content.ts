import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { LinkCheckReply } from '../src/extension/background/link-check';
import { LINK_MARKS_SUMMARY, startLinkMarks } from '../src/extension/content/link-marks';
import { SILENT_START } from '../src/extension/content/silent-start';

/**
 * Marks links to flagged pharmacies (search results, webmail, forums): see
 * src/extension/content/link-marks.ts. Injected at document_start, before any script of the page
 * can listen (see silent-start.ts), and starts reading links once the document is parsed.
 */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  ...SILENT_START,
  main(ctx) {
    const start = () => {
      if (ctx.isInvalid) return;
      const marks = startLinkMarks(document, {
        send: (hosts) => browser.runtime.sendMessage({ type: 'link-hosts', hosts }) as Promise<LinkCheckReply | null | undefined>,
      });
      const onMessage = (message: unknown) =>
        (message as { type?: string } | null)?.type === LINK_MARKS_SUMMARY ? Promise.resolve(marks.summary()) : undefined;
      browser.runtime.onMessage.addListener(onMessage);
      ctx.onInvalidated(() => {
        marks.stop();
        browser.runtime.onMessage.removeListener(onMessage);
      });
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
    else start();
  },
});
