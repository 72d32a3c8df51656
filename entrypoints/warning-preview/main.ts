/**
 * An unlisted extension page (not in the manifest, not reachable by web pages) that shows the
 * in-page warning or the caution banner exactly as the content script builds them, from a fixed
 * sample verdict, in an OPEN shadow root so accessibility checkers and screenshots can read it.
 * The real warning on web pages uses a closed shadow root. ?show=warning (default) or ?show=banner.
 */
import type { Verdict } from '../../src/core/verdict';
import { applyDocumentLanguage, messagesLanguage, translate } from '../../src/extension/ui/page-i18n';
import { createPageWarning } from '../../src/extension/ui/page-warning';

const SAMPLE_DANGER: Verdict = {
  url: 'https://rxmeds-express24.example/',
  host: 'rxmeds-express24.example',
  level: 'danger',
  score: 100,
  listMatch: {
    tier: 'authority',
    entry: 'rxmeds-express24.example',
    host: 'rxmeds-express24.example',
    source: 'FDA warning letter (sample)',
    sourceUrl: 'https://www.fda.gov/inspections-compliance-enforcement-and-criminal-investigations/compliance-actions-and-activities/warning-letters',
    date: '2024-01-01',
    confidence: 'authority',
  },
  reasons: [
    { id: 'authority-list', label: 'Named by U.S. authorities', kind: 'list', weight: 100, evidence: ['rxmeds-express24.example'] },
    { id: 'no-prescription', label: 'Says you can buy without a prescription', kind: 'risk', weight: 40, evidence: ['No prescription needed'] },
    { id: 'controlled-drug-offer', label: 'Offers controlled drugs', kind: 'risk', weight: 45, evidence: ['Oxycodone', 'Xanax'] },
    { id: 'stealth-shipping', label: 'Promises stealth shipping', kind: 'risk', weight: 15, evidence: ['Stealth shipping'] },
  ],
};

const SAMPLE_CAUTION: Verdict = {
  url: 'https://edpills-direct.example/',
  host: 'edpills-direct.example',
  level: 'caution',
  score: 45,
  reasons: [{ id: 'no-prescription', label: 'Says you can buy without a prescription', kind: 'risk', weight: 40, evidence: ['No prescription required'] }],
};

applyDocumentLanguage();
const show = new URLSearchParams(location.search).get('show') === 'banner' ? 'banner' : 'warning';
const events: string[] = [];
(window as unknown as { rxPreviewEvents: string[] }).rxPreviewEvents = events;
const warning = createPageWarning(
  translate,
  { goBack: () => events.push('go-back'), continueAnyway: () => (events.push('continue-anyway'), warning.hide()) },
  { shadowMode: 'open', lang: messagesLanguage() },
);
warning.show(show === 'banner' ? SAMPLE_CAUTION : SAMPLE_DANGER, show);
document.documentElement.dataset.ready = show;
