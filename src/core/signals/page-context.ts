/**
 * What kind of page this is, from cue phrases: a page that reports on, explains or warns about
 * drugs (news, encyclopedia, government, forum, harm reduction) is not an offer to sell them,
 * even when it quotes every red flag. See src/core/scoring/README.md.
 */
export type ContextId =
  | 'news'
  | 'encyclopedia'
  | 'government'
  | 'forum'
  | 'harm-reduction'
  | 'coupon'
  | 'otc'
  | 'chemical-catalogue'
  | 'crypto-exchange'
  | 'telehealth'
  | 'advice'
  | 'research'
  | 'reference-standard'
  | 'prescription-step'
  | 'structured-article';

export interface ContextSpec {
  /** Distinct cue phrases needed before the page counts as this kind. */
  minCues: number;
  /** Informational pages talk about drugs; their risk signals are discounted. */
  informational: boolean;
  label: string;
}

export const CONTEXTS: Record<ContextId, ContextSpec> = {
  news: { minCues: 5, informational: true, label: 'Reads like a news report' },
  encyclopedia: { minCues: 4, informational: true, label: 'Reads like an encyclopedia or reference article' },
  government: { minCues: 4, informational: true, label: 'Reads like a government or regulator page' },
  forum: { minCues: 4, informational: true, label: 'Reads like a discussion forum' },
  'harm-reduction': { minCues: 3, informational: true, label: 'Reads like a harm-reduction or treatment service' },
  coupon: { minCues: 3, informational: false, label: 'Reads like a prescription price-comparison or coupon site' },
  otc: { minCues: 2, informational: false, label: 'Sells over-the-counter products' },
  'chemical-catalogue': { minCues: 4, informational: false, label: 'Reads like a laboratory chemical catalogue' },
  'crypto-exchange': { minCues: 4, informational: false, label: 'Reads like a cryptocurrency exchange or wallet' },
  telehealth: { minCues: 3, informational: false, label: 'Reads like a telehealth service with clinician review' },
  advice: { minCues: 4, informational: true, label: 'Reads like health or safety advice' },
  research: { minCues: 4, informational: true, label: 'Reads like a research paper or study' },
  'reference-standard': { minCues: 3, informational: false, label: 'Reads like an analytical reference-standard supplier' },
  'prescription-step': { minCues: 1, informational: false, label: 'Asks for or checks a prescription' },
  /** Set from the page's markup, not from cue phrases (see analyze-page.ts, structureKind). */
  'structured-article': { minCues: Infinity, informational: true, label: 'Marked up as a news story, paper or drug monograph, with no shop' },
};

/** Share of risk points kept on an informational page. */
export const INFORMATIONAL_FACTOR = 0.2;
/** Share of drug-offer points kept on a price-comparison (coupon) page that requires prescriptions. */
export const COUPON_OFFER_FACTOR = 0.5;
