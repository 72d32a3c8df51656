import { defineContentScript } from 'wxt/utils/define-content-script';
import { startPageWatcher } from '../src/extension/content/page-watcher';
import { SILENT_START } from '../src/extension/content/silent-start';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  ...SILENT_START,
  main(ctx) {
    startPageWatcher(ctx);
  },
});
