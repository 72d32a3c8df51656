import { browser } from 'wxt/browser';
import { blockedUrlFrom } from '../../src/extension/family/block-rules';
import { renderBlockPage, renderFramed } from '../../src/extension/ui/block-page-view';
import { askBackground } from '../../src/extension/ui/ask-background';
import { applyDocumentLanguage, translate } from '../../src/extension/ui/page-i18n';
import { sendUi } from '../../src/extension/ui/send-ui';

applyDocumentLanguage();
const root = document.getElementById('app')!;
const url = blockedUrlFrom(location);
/** How many history entries "Go back" steps over (the site's own page may stand before this one). */
const stepsBack = Math.min(Math.max(Number(new URLSearchParams(location.search).get('back')) || 1, 1), 2);

async function main(): Promise<void> {
  // Inside a frame (a site embedding RxRadar's page to get a click on it): nothing to read, nothing to press.
  if (window.top !== window) {
    document.title = 'RxRadar';
    renderFramed(root, translate);
    return;
  }
  if (!url) {
    document.title = `RxRadar: ${translate('blockTitle')}`;
    root.textContent = translate('blockTitle');
    return;
  }
  const info = await askBackground(() => sendUi({ type: 'get-block-info', url }));
  if (!info) {
    // No answer from the background after a few tries, or no family part: the page says only what it is.
    document.title = `RxRadar: ${translate('blockTitle')}`;
    root.textContent = translate('blockTitle');
    return;
  }
  document.title = `RxRadar: ${translate(info.mode === 'warn' ? 'warnTitle' : 'blockTitle')}`;
  renderBlockPage(root, url, info, {
    t: translate,
    send: sendUi,
    goBack: () => {
      if (history.length > stepsBack) history.go(-stepsBack);
      else location.replace('about:blank');
    },
    // Letting a site through, the background takes the tab there itself (no page script can stop
    // that); a second navigation from here would race it. This page opens the site only if it is
    // still showing a moment later (the background had no record of the tab, e.g. a new worker).
    open: (target) => void setTimeout(() => location.replace(target), 1000),
    report:
      info.mode === 'warn'
        ? async () => {
            const reply = await sendUi({ type: 'start-report-from-warning' });
            if (!reply?.ok) throw new Error('report not started');
          }
        : undefined,
  });
}

void main();
