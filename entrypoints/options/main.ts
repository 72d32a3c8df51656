import { renderOptions } from '../../src/extension/ui/options-view';
import { applyDocumentLanguage, translate } from '../../src/extension/ui/page-i18n';
import { sendUi } from '../../src/extension/ui/send-ui';
import { watchLocalStorage } from '../../src/extension/ui/storage-watch';

applyDocumentLanguage();
document.title = `RxRadar: ${translate('optionsTitle')}`;

void renderOptions(document.getElementById('app')!, {
  t: translate,
  send: sendUi,
  trustedSites: () => sendUi({ type: 'get-trusted-sites' }),
  watch: watchLocalStorage,
});
