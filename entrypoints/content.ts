import { defineContentScript } from 'wxt/utils/define-content-script';
import { startPageWatcher } from '../src/extension/content/page-watcher';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  main(ctx) {
    startPageWatcher(ctx);
  },
});
