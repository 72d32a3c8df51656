import { browser } from 'wxt/browser';
import { blockedUrlFrom } from '../../src/extension/family/block-rules';
import type { BlockInfo, UiMessage } from '../../src/extension/messages';
import { renderBlockPage } from '../../src/extension/ui/block-page-view';
import { applyDocumentLanguage, translate } from '../../src/extension/ui/page-i18n';

applyDocumentLanguage();
document.title = `RxRadar: ${translate('blockTitle')}`;
const root = document.getElementById('app')!;
const url = blockedUrlFrom(location);

async function main(): Promise<void> {
  if (!url) {
    root.textContent = translate('blockTitle');
    return;
  }
  const info = (await browser.runtime.sendMessage({ type: 'get-block-info', url } satisfies UiMessage)) as BlockInfo;
  renderBlockPage(root, url, info, {
    t: translate,
    send: (m) => browser.runtime.sendMessage(m),
    goBack: () => {
      if (history.length > 1) history.back();
      else location.replace('about:blank');
    },
    open: (target) => location.replace(target),
  });
}

void main();
