import { renderOptions } from '../../src/extension/ui/options-view';
import { applyDocumentLanguage, translate } from '../../src/extension/ui/page-i18n';
import { sendUi } from '../../src/extension/ui/send-ui';

applyDocumentLanguage();
document.title = `RxRadar: ${translate('optionsTitle')}`;

void renderOptions(document.getElementById('app')!, {
  t: translate,
  send: sendUi,
  trustedSites: () => sendUi({ type: 'get-trusted-sites' }),
});
