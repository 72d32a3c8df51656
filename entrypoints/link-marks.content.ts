import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { SendContent } from '../src/extension/messages';
import { LINK_MARKS_SUMMARY, startLinkMarks } from '../src/extension/content/link-marks';
import { SILENT_START } from '../src/extension/content/silent-start';

/**
 * Marks links to flagged pharmacies (search results, webmail, forums): see
 * src/extension/content/link-marks.ts. Injected at document_start, before any script of the page
 * can listen (see silent-start.ts), and starts reading links once the document is parsed.
 */
/** The protocol's one meeting with the untyped channel (messages.ts: ContentReplies). */
const sendContent: SendContent = (m) => browser.runtime.sendMessage(m);

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  ...SILENT_START,
  main(ctx) {
    const start = () => {
      if (ctx.isInvalid) return;
      const marks = startLinkMarks(document, {
        send: (hosts) => sendContent({ type: 'link-hosts', hosts }),
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
