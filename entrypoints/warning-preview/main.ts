/**
 * An unlisted extension page (not in the manifest, not reachable by web pages) that shows the
 * caution banner exactly as the content script builds it, from a fixed sample verdict, in an OPEN
 * shadow root so accessibility checkers and screenshots can read it. The real banner on web pages
 * uses a closed shadow root. (Danger is RxRadar's own warning page, checked directly.)
 */
import type { Verdict } from '../../src/core/verdict';
import { applyDocumentLanguage, messagesLanguage, translate } from '../../src/extension/ui/page-i18n';
import { createPageWarning } from '../../src/extension/ui/page-warning';

const SAMPLE_CAUTION: Verdict = {
  url: 'https://edpills-direct.example/',
  host: 'edpills-direct.example',
  level: 'caution',
  score: 45,
  reasons: [{ id: 'no-prescription', label: 'Says you can buy without a prescription', kind: 'risk', weight: 40, evidence: ['No prescription required'] }],
};

applyDocumentLanguage();
const warning = createPageWarning(translate, { shadowMode: 'open', lang: messagesLanguage() });
warning.show(SAMPLE_CAUTION, 'banner');
document.documentElement.dataset.ready = 'banner';
