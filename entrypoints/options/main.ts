import { browser } from 'wxt/browser';
import { communityListItem, readCommunityListEnabled, readTrustedSites, trustedSitesItem } from '../../src/extension/storage-items';
import { renderOptions } from '../../src/extension/ui/options-view';
import { applyDocumentLanguage, translate } from '../../src/extension/ui/page-i18n';

applyDocumentLanguage();
document.title = `RxRadar: ${translate('optionsTitle')}`;

void renderOptions(document.getElementById('app')!, {
  t: translate,
  trustedSites: readTrustedSites,
  removeTrusted: async (domain) => trustedSitesItem.setValue((await readTrustedSites()).filter((s) => s.domain !== domain)),
  communityEnabled: readCommunityListEnabled,
  setCommunityEnabled: (on) => communityListItem.setValue(on),
  incognitoAllowed: async () => {
    try {
      return await browser.extension.isAllowedIncognitoAccess();
    } catch {
      return null;
    }
  },
});
