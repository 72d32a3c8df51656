import { browser } from 'wxt/browser';
import { readTrustedSites } from '../../src/extension/storage-items';
import { renderOptions } from '../../src/extension/ui/options-view';
import { applyDocumentLanguage, translate } from '../../src/extension/ui/page-i18n';

applyDocumentLanguage();
document.title = `RxRadar: ${translate('optionsTitle')}`;

void renderOptions(document.getElementById('app')!, {
  t: translate,
  send: (m) => browser.runtime.sendMessage(m),
  trustedSites: readTrustedSites,
});
