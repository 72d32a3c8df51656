/**
 * The verdict for one page: list matches for its host, signals from its text and links, the page
 * context, and the score that weighs them (model: src/core/scoring/README.md).
 */
import type { CompiledLexicon, LexiconEntry } from './lexicon/compile-lexicon';
import type { Chemical, Drug, Lexicon } from './lexicon/lexicon-schema';
import type { ListIndex } from './lists/list-index';
import { type NormalizedHost, normalizeHost } from './domain/normalize-host';
import { domainSignals, drugNamesForDomains } from './signals/domain-signals';
import { CONTEXTS, type ContextId, COUPON_OFFER_FACTOR, INFORMATIONAL_FACTOR } from './signals/page-context';
import { CHEMICAL_KIND_SIGNAL, RISK_PHRASE_GROUPS, SIGNALS, type SignalId, TRUST_PHRASE_GROUPS } from './signals/signal-catalog';
import { reversedRanges, shownReversed } from './text/bidi';
import { H_OBFUSCATED, H_QUOTED, type Hit, type ScanResult, scanText } from './text/scan-text';
import { levelFor, SCORE_MAX, type ScoringWeights, signalPoints } from './scoring/score';
import { applyLists, noHostVerdict } from './list-verdict';

export { verdictForUrl } from './list-verdict';
import type { Level, Reason, Verdict } from './verdict';

/** What the page is, from its markup (see src/extraction/page-structure.ts). */
export interface PageStructure {
  /** schema.org types from JSON-LD and microdata ('product', 'newsarticle'), and og:type as 'og:article'; lower case. */
  types: string[];
  /** <article> elements. */
  articles: number;
  /** An author byline (rel=author, itemprop=author, meta author, .byline). */
  byline: boolean;
  /** Scholarly metadata (citation_title, citation_doi). */
  citation: boolean;
  priceElements: number;
  /** Add-to-cart, buy-now and checkout controls, quantity fields. */
  cartControls: number;
  /** A file field (to upload a prescription). */
  fileUpload: boolean;
  /** Short texts naming what the page sells: product titles, product cards, price-table rows. */
  products: string[];
}

/** What the content script (or the CLI's HTML reader) collects from a page. */
export interface PageSnapshot {
  url: string;
  title?: string;
  /** Visible text, blocks separated by newlines (see src/extraction/visible-text.ts). */
  text: string;
  /** Absolute link targets on the page (bounded by the collector). */
  links?: readonly string[];
  /** The page's markup: absent when only text is known (a pasted text, an older content script). */
  structure?: PageStructure;
}

export interface AnalyzerDeps {
  lexicon: Lexicon;
  compiled: CompiledLexicon;
  lists: ListIndex;
  /** Derived from the lexicon once per engine (see analyzerDeps). */
  drugById: ReadonlyMap<string, Drug>;
  chemicalById: ReadonlyMap<string, Chemical>;
  domainDrugNames: readonly string[];
  /** Points per signal and the thresholds (src/data/scoring/weights.json). */
  weights: ScoringWeights;
}

/** Everything the analyser needs, with the lookups it would otherwise rebuild for every page. */
export function analyzerDeps(lexicon: Lexicon, compiled: CompiledLexicon, lists: ListIndex, weights: ScoringWeights): AnalyzerDeps {
  return {
    lexicon,
    compiled,
    lists,
    weights,
    drugById: new Map(lexicon.drugs.drugs.map((d) => [d.id, d])),
    chemicalById: new Map(lexicon.chemicals.chemicals.map((c) => [c.id, c])),
    domainDrugNames: drugNamesForDomains(lexicon),
  };
}

/** Words between a drug name and a buying cue ("buy", a price, "add to cart") for it to count as an offer. */
export const OFFER_WINDOW = 15;
/** Strong buying cues (prices, "add to cart") at distinct places that make a page a shop. */
export const MIN_STRONG_CUES = 2;
/** "Research use only" counts this share when the only products named are unapproved peptides (BPC-157), not medicines. */
const RESEARCH_PEPTIDE_FACTOR = 0.6;
/** Crypto payment and discreet shipping count this share on a page that names no medicine or chemical. */
const NO_MEDICINE_STYLE_FACTOR = 0.5;
/** A controlled-drug offer counts this much more for each further controlled drug offered, up to MAX_EXTRA_CONTROLLED_DRUGS. */
const EXTRA_CONTROLLED_DRUG = 1 / 6;
const MAX_EXTRA_CONTROLLED_DRUGS = 3;
/** Distinct affiliate-template cues that count (each one activation). */
const MAX_TEMPLATE_CUES = 3;
/** A crypto wallet address on the page counts this much more than a word about crypto payment. */
const WALLET_ADDRESS = 4 / 3;
const MAX_EVIDENCE = 3;
const MAX_EVIDENCE_CHARS = 120;

const MESSENGER_HOSTS =
  /^(wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com|web\.whatsapp\.com|t\.me|telegram\.me|telegram\.dog|signal\.me|wickr\.me|threema\.id)$/;

class EvidenceBook {
  /** How strongly each signal fired (1: fully); its points are its weight times this. */
  readonly activations = new Map<SignalId, number>();
  readonly evidence = new Map<SignalId, string[]>();

  add(id: SignalId, snippet: string, activation = 1): void {
    const clean = cleanEvidence(snippet);
    const list = this.evidence.get(id) ?? [];
    if (!this.evidence.has(id)) this.evidence.set(id, list);
    const prev = this.activations.get(id);
    this.activations.set(id, prev === undefined ? activation : Math.max(prev, activation));
    if (clean && list.length < MAX_EVIDENCE && !list.some((e) => e.toLowerCase() === clean.toLowerCase())) list.push(clean);
  }

  has(id: SignalId): boolean {
    return this.activations.has(id);
  }
}

/** What cleanEvidence would change: a split mark, whitespace other than single spaces between words. */
const UNCLEAN_EVIDENCE = /\u2063|[^\S ]|\s\s|^\s|\s$/;

function cleanEvidence(s: string): string {
  // Most snippets are already clean: one test instead of two replacements and a trim.
  const t = UNCLEAN_EVIDENCE.test(s)
    ? s
        .replace(/\u2063/g, '')
        .replace(/\s+/g, ' ')
        .trim()
    : s;
  return t.length > MAX_EVIDENCE_CHARS ? `${t.slice(0, MAX_EVIDENCE_CHARS - 1)}…` : t;
}

/** What the page says, before weighting: each signal's activation and evidence, and the page's context. */
export interface PageSignals {
  host: NormalizedHost;
  /**
   * How strongly each signal fired, after the context factors (1: fully; 0.2 of it on an
   * informational page, 0.25 for a no-prescription claim with no medicine named, more than 1 for
   * further controlled drugs). A signal's points are its weight times its activation, rounded.
   */
  activations: ReadonlyMap<SignalId, number>;
  evidence: ReadonlyMap<SignalId, readonly string[]>;
  contexts: ReadonlySet<ContextId>;
  informational: boolean;
  /** Reasons of kind 'context' that explain a discount. */
  adjustments: Reason[];
  /**
   * The text names a drug or a chemical of the lexicon, or says a risk or trust phrase (whether or
   * not it counted): what more of the page, or its markup, could turn into a signal.
   */
  mentions: boolean;
}

export function analyzePage(page: PageSnapshot, deps: AnalyzerDeps): Verdict {
  const signals = pageSignals(page, deps);
  if (!signals) return noHostVerdict(page.url);
  return scorePage(page.url, signals, deps);
}

/**
 * The text the analysis reads: the title, then the visible text. Joined, not concatenated: a
 * concatenation is a rope that every character read must walk through (the lexicon scan reads
 * each character), a join one flat string.
 */
export function pageText(page: PageSnapshot): string {
  return page.title ? [page.title, page.text].join('\n') : page.text;
}

/** The page's signals and their activations (null when the address has no host). */
export function pageSignals(page: PageSnapshot, deps: AnalyzerDeps): PageSignals | null {
  const host = normalizeHost(page.url);
  if (!host) return null;

  const text = pageText(page);
  const scan = scanText(text, deps.compiled);
  const { entries } = deps.compiled;
  const book = new EvidenceBook();
  // Text inside a right-to-left override is shown reversed ("\u202Eenodocyxo" reads "oxycodone"):
  // such runs are read again as shown, and their hits quote what the reader sees.
  const shownText = new Map<Hit, string>();
  const reversed = reversedRanges(text);
  if (reversed.length > 0) readReversed(text, reversed, scan, deps.compiled, shownText);
  const slice = (h: Hit) => shownText.get(h) ?? text.slice(h.start, h.end);

  // Page context: distinct cue phrases per context, and what the markup says the page is.
  const cueCounts = new Map<string, number>();
  for (const e of scan.entriesHit) {
    if (entries[e]!.kind === 'context' && scan.entryCounts[e]! > 0) {
      const ref = entries[e]!.ref;
      cueCounts.set(ref, (cueCounts.get(ref) ?? 0) + 1);
    }
  }
  const contexts = new Set<ContextId>();
  for (const [id, spec] of Object.entries(CONTEXTS) as Array<[ContextId, (typeof CONTEXTS)[ContextId]]>) {
    if ((cueCounts.get(id) ?? 0) >= spec.minCues) contexts.add(id);
  }
  const structure = page.structure;
  const marked = structureKind(structure);
  if (marked === 'article') contexts.add('structured-article');
  // Where the page offers something for sale, by word position. Strong cues (a price, "add to
  // cart") mark a shop; weak ones ("buy", "pills", "shipping") count only on a page that is one.
  const strongWords: number[] = [];
  const weakWords: number[] = [];
  const adWords: number[] = [];
  let cartInText = false;
  for (const h of scan.hits) {
    const e = entries[h.entry]!;
    if (e.kind === 'commerce') {
      (e.ref === 'strong' ? strongWords : weakWords).push(h.word);
      if (!cartInText && e.words.some((w) => CART_WORDS.has(w))) cartInText = true;
    } else if (e.kind === 'risk' && e.ref === 'drug-advert') adWords.push(h.word);
  }
  const strongCues = mergeSorted(strongWords, scan.prices);
  const sellingPage = new Set(strongCues).size >= MIN_STRONG_CUES || marked === 'shop';
  const nearSale = (word: number) => nearest(strongCues, word) <= OFFER_WINDOW || (sellingPage && nearest(weakWords, word) <= OFFER_WINDOW);
  /** A shop: a cart or checkout control, product markup, or "add to cart" in the text. */
  const shop = marked === 'shop' || (structure?.cartControls ?? 0) > 0 || cartInText;

  // A government site's own page is informational unless it is selling (a hacked page is).
  if (isGovernmentHost(host) && !sellingPage) contexts.add('government');
  const informational = [...contexts].some((c) => CONTEXTS[c].informational);

  // Drugs and chemicals.
  const drugMeta = deps.drugById;
  const chemMeta = deps.chemicalById;
  const drugsNamed = new Set<string>();
  const chemicalsNamed = new Set<string>();
  for (const h of scan.hits) {
    const e = entries[h.entry]!;
    if (e.kind === 'drug' && e.variant !== 'weak') drugsNamed.add(e.ref);
    else if (e.kind === 'chemical' && e.variant !== 'weak') chemicalsNamed.add(e.ref);
  }
  // Antidotes and harm-reduction products (naloxone, test strips) are never an offer of what they
  // counter: a drug named in the same sentence as, or within a few words of, its counter is not offered.
  const counterHits = countersOf(scan.hits, entries, drugMeta);
  const countered = (h: Hit, targets: readonly string[]) => counterHits.length > 0 && isCountered(counterHits, h, targets);
  // Sentences that name an over-the-counter product or an antidote, and those that name a medicine.
  const otcSentences = new Set<number>();
  const medicineSentences = new Set<number>();
  const medicinesNamed = new Set<string>();
  const medicineWords: number[] = [];
  for (const h of scan.hits) {
    const e = entries[h.entry]!;
    if (e.kind !== 'drug' || (e.variant === 'weak' && !drugsNamed.has(e.ref))) continue;
    const drug = drugMeta.get(e.ref)!;
    if (isMedicine(drug)) {
      medicineSentences.add(h.sentence);
      medicineWords.push(h.word);
      medicinesNamed.add(drug.id);
    } else otcSentences.add(h.sentence);
  }

  const controlledOffered = new Set<string>();
  const rxOffered = new Set<string>();
  const advertised = new Set<string>();
  const chemicalHits: Hit[] = [];
  const offer = (drug: Drug, snippet: string) => {
    if (isControlled(drug.schedule)) {
      controlledOffered.add(drug.id);
      book.add('controlled-drug-offer', snippet);
    } else {
      rxOffered.add(drug.id);
      book.add('rx-drug-offer', snippet);
    }
  };
  for (const h of scan.hits) {
    const e = entries[h.entry]!;
    if (e.kind === 'chemical') {
      if (e.variant === 'weak' && !chemicalsNamed.has(e.ref)) continue;
      chemicalHits.push(h);
      if (h.flags & H_OBFUSCATED) book.add('obfuscated-drug-name', slice(h));
      continue;
    }
    if (e.kind !== 'drug') continue;
    if (e.variant === 'weak' && !drugsNamed.has(e.ref)) continue;
    const drug = drugMeta.get(e.ref)!;
    if (h.flags & H_OBFUSCATED || inRanges(reversed, h.start)) book.add('obfuscated-drug-name', slice(h));
    else if (e.variant === 'misspelling') book.add('misspelled-drug-name', slice(h));
    if (!isMedicine(drug) || countered(h, [drug.id, drug.class])) continue;
    if (nearSale(h.word)) offer(drug, slice(h));
    else if (!informational && nearest(adWords, h.word) <= OFFER_WINDOW) {
      advertised.add(drug.id);
      offer(drug, slice(h));
    }
  }
  // Products of the page (titles, cards with a price or a cart control, price-table rows) are
  // offers wherever they stand, when the page itself names them.
  let perPillRow: string | null = null;
  if (structure && structure.products.length > 0) {
    const productText = structure.products.join('\n');
    const productScan = scanText(productText, deps.compiled);
    const productCounters = countersOf(productScan.hits, entries, drugMeta);
    for (const h of productScan.hits) {
      const e = entries[h.entry]!;
      if (e.kind !== 'drug' || e.variant === 'weak' || !drugsNamed.has(e.ref)) continue;
      const drug = drugMeta.get(e.ref)!;
      if (!isMedicine(drug)) continue;
      if (productCounters.some((c) => c.sentence === h.sentence && (c.targets.has(drug.id) || c.targets.has(drug.class)))) continue;
      offer(drug, productText.slice(h.start, h.end));
    }
    perPillRow = structure.products.find((p) => PILL_COUNT.test(p) && (PER_PILL.test(p) || (p.match(PRICES_IN_ROW)?.length ?? 0) >= 2)) ?? null;
  }
  if (controlledOffered.size > 1) {
    book.activations.set('controlled-drug-offer', 1 + Math.min(MAX_EXTRA_CONTROLLED_DRUGS, controlledOffered.size - 1) * EXTRA_CONTROLLED_DRUG);
  }
  const anyDrug = medicinesNamed.size > 0 || chemicalHits.length > 0;

  // Claims in the page's own words. Quoted claims on a page that sells nothing are reported
  // speech ("sites that promise 'no prescription needed'"), not claims. "No prescription needed"
  // said of an over-the-counter product or an antidote (naloxone) is true, not a claim.
  const labels = labelEvidence(scan.hits, deps.compiled);
  // A trust phrase inside a risk claim is part of that claim: "ड्रग लाइसेंस ज़रूरी नहीं" (no drug
  // licence needed) is no licence, as "no prescription required" is no prescription step.
  const riskHits = scan.hits.filter((h) => entries[h.entry]!.kind === 'risk');
  const insideRiskClaim = (h: Hit) => riskHits.some((r) => r.start <= h.start && h.end <= r.end && r !== h);
  for (const h of scan.hits) {
    const e = entries[h.entry]!;
    if (e.kind !== 'risk' && e.kind !== 'trust') continue;
    if (e.kind === 'trust' && insideRiskClaim(h)) continue;
    if (e.kind === 'risk' && h.flags & H_QUOTED && (informational || !sellingPage)) continue;
    if (e.kind === 'risk' && e.negatable && isCategoryLabel(text, h, labels)) continue;
    if (e.ref === 'no-prescription' && otcSentences.has(h.sentence) && !medicineSentences.has(h.sentence)) continue;
    // A category label, "Joint supplements (no prescription)", is a claim only about a medicine named just before it.
    if (e.ref === 'no-prescription' && inParentheses(text, h.start, h.end) && !medicineWords.some((w) => w < h.word && h.word - w <= LABEL_WORDS)) continue;
    const id = e.kind === 'risk' ? RISK_PHRASE_GROUPS[e.ref]?.signal : TRUST_PHRASE_GROUPS[e.ref];
    if (id === undefined || !(id in SIGNALS)) continue;
    book.add(id, slice(h));
  }
  for (const handle of messengerHandles(text)) book.add('messenger-contact', handle);
  for (const number of messengerNumbers(text)) book.add('messenger-contact', number);
  for (const w of scan.wallets) book.add('crypto-payment', `${w.kind.toUpperCase()} address ${w.text}`, WALLET_ADDRESS);
  for (const link of page.links ?? []) {
    const linkHost = hostOf(link);
    if (linkHost && MESSENGER_HOSTS.test(linkHost)) book.add('messenger-contact', link);
  }
  for (const s of domainSignals(host, deps.domainDrugNames)) book.add(s.id, s.evidence, s.activation);

  // Chemicals and pressing equipment count as an offer when sold: near a buying cue, or with
  // smuggling-style selling on a page that is not informational (a drug-checking service mails
  // test strips "discreetly").
  const sellingStyle = book.has('stealth-shipping') || book.has('crypto-payment') || book.has('crypto-only') || book.has('messenger-contact');
  for (const h of chemicalHits) {
    const chem = chemMeta.get(entries[h.entry]!.ref)!;
    if (!nearSale(h.word) && !(sellingStyle && !informational)) continue;
    if (countered(h, [chem.id, chem.kind])) continue;
    book.add(CHEMICAL_KIND_SIGNAL[chem.kind], slice(h));
  }

  // Signals whose meaning depends on the rest of the page.
  const adjustments: Reason[] = [];
  const scale = (id: SignalId, factor: number, why: string) => {
    const a = book.activations.get(id);
    if (a === undefined) return;
    book.activations.set(id, a * factor);
    adjustments.push({ id: `${id}-adjusted`, label: why, kind: 'context', weight: 0, evidence: [] });
  };
  // Analytical reference standards sold only to DEA registrants: their catalogues and
  // related-products lists name every controlled drug and precursor, and sell none to the public.
  if (contexts.has('reference-standard') && book.has('dea-registration-required')) {
    for (const id of ['controlled-drug-offer', 'precursor-offer', 'nitazene-offer', 'xylazine-offer'] as const) {
      scale(id, 0, 'Analytical reference standards sold only to DEA registrants: listed substances are not offered to the public');
    }
  }
  if (!anyDrug) {
    scale('no-prescription', 0.25, 'No prescription medicine is named, so "no prescription" claims count for little (over-the-counter goods)');
    // A shop of ordinary goods may take Bitcoin and pack discreetly.
    for (const id of ['stealth-shipping', 'crypto-payment', 'crypto-only'] as const) {
      scale(id, NO_MEDICINE_STYLE_FACTOR, 'No medicine or chemical is named: crypto payment and discreet shipping count for half');
    }
  }
  // A news story, paper or monograph by its markup: the drugs it names are not its products.
  if (contexts.has('structured-article')) {
    for (const id of [
      'controlled-drug-offer',
      'rx-drug-offer',
      'precursor-offer',
      'nitazene-offer',
      'xylazine-offer',
      'per-pill-pricing',
      'affiliate-template',
    ] as const) {
      scale(id, 0, 'Marked up as a news story, paper or monograph: the drugs it names are not offers');
    }
  }
  const medicineClasses = new Set([...medicinesNamed].map((id) => drugMeta.get(id)!.class));
  if (medicinesNamed.size === 0) {
    scale('research-use-only', 0, '"Research use only" without any medicine named is normal for laboratory suppliers');
  } else if ([...medicineClasses].every((c) => c === 'peptide')) {
    scale('research-use-only', RESEARCH_PEPTIDE_FACTOR, 'Only unapproved research peptides are named (no approved medicine or controlled drug)');
  }
  if (chemicalHits.length === 0) book.activations.delete('dea-registration-required');
  if (contexts.has('crypto-exchange') && !anyDrug) {
    book.activations.delete('crypto-payment');
    book.activations.delete('crypto-only');
  }
  if (contexts.has('coupon') && book.has('prescription-required')) {
    scale('controlled-drug-offer', COUPON_OFFER_FACTOR, 'Price-comparison page that requires prescriptions: listed drug prices count for less');
    scale('rx-drug-offer', COUPON_OFFER_FACTOR, 'Price-comparison page that requires prescriptions: listed drug prices count for less');
  }

  // The rogue-pharmacy shape: prescription medicines (not research peptides) in a shopping cart
  // with no prescription step anywhere, priced per pill, in the affiliate template, or advertised
  // by "click here" with no shop at all.
  const medicinesOffered = [...controlledOffered, ...rxOffered].filter((id) => drugMeta.get(id)!.class !== 'peptide');
  const prescriptionStep =
    book.has('prescription-required') ||
    book.has('licensed-pharmacist') ||
    book.has('insurance') ||
    contexts.has('telehealth') ||
    contexts.has('coupon') ||
    contexts.has('prescription-step') ||
    contexts.has('reference-standard') ||
    structure?.fileUpload === true;
  if (medicinesOffered.length > 0 && shop && !prescriptionStep && !informational && !book.has('no-prescription')) {
    const names = medicinesOffered
      .slice(0, 3)
      .map((id) => drugMeta.get(id)!.names[0])
      .join(', ');
    book.add('no-prescription-step', `${names}: sold into a cart, no prescription asked for`);
  }
  if (medicinesOffered.length > 0) {
    if (perPillRow !== null) book.add('per-pill-pricing', perPillRow);
    const templateCues = countDistinct(scan, entries, 'risk', 'affiliate-template');
    if (templateCues > 0) book.activations.set('affiliate-template', Math.min(MAX_TEMPLATE_CUES, templateCues));
  } else {
    book.activations.delete('per-pill-pricing');
    book.activations.delete('affiliate-template');
    // "No blood test needed" said of no prescription medicine on sale (a test kit, a clinic) is no claim.
    book.activations.delete('no-medical-checks');
  }
  if (advertised.size === 0 || shop) book.activations.delete('drug-advert');

  // Informational pages: every risk signal counts at INFORMATIONAL_FACTOR.
  const factor = informational ? INFORMATIONAL_FACTOR : 1;
  if (factor !== 1) for (const [id, a] of book.activations) if (SIGNALS[id].kind === 'risk') book.activations.set(id, a * factor);
  const mentions =
    drugsNamed.size > 0 || chemicalsNamed.size > 0 || scan.hits.some((h) => entries[h.entry]!.kind === 'risk' || entries[h.entry]!.kind === 'trust');
  return { host, activations: book.activations, evidence: book.evidence, contexts, informational, adjustments, mentions };
}

/**
 * The verdict on a first read of a long page (the beginning of its text, without its markup) when
 * that settles it: the text mentions no drug, chemical, risk or trust phrase and fires no signal,
 * so neither the rest of the text nor the markup is needed (an ordinary shop, a news front page,
 * documentation). Null when the page must be read whole.
 */
export function firstReadVerdict(page: PageSnapshot, deps: AnalyzerDeps): Verdict | null {
  const signals = pageSignals(page, deps);
  if (!signals) return noHostVerdict(page.url);
  if (signals.mentions || signals.activations.size > 0) return null;
  return scorePage(page.url, signals, deps);
}

/** The verdict from a page's signals: points are weight times activation, then the thresholds and the lists. */
export function scorePage(url: string, signals: PageSignals, deps: AnalyzerDeps): Verdict {
  const { host, contexts, informational, adjustments } = signals;
  const { weights, thresholds } = deps.weights;
  const reasons: Reason[] = [];
  let score = 0;
  for (const [id, activation] of signals.activations) {
    const spec = SIGNALS[id];
    const applied = signalPoints(weights[id], activation);
    if (applied === 0) continue;
    score += applied;
    reasons.push({ id, label: spec.label, kind: spec.kind, weight: applied, evidence: [...(signals.evidence.get(id) ?? [])] });
  }
  reasons.sort((a, b) => b.weight - a.weight);
  for (const c of contexts) {
    reasons.push({
      id: `context-${c}`,
      label: CONTEXTS[c].informational ? `${CONTEXTS[c].label}: risk signals count at ${Math.round(INFORMATIONAL_FACTOR * 100)}%` : CONTEXTS[c].label,
      kind: 'context',
      weight: 0,
      evidence: [],
    });
  }
  reasons.push(...adjustments.filter((a, i) => adjustments.findIndex((b) => b.label === a.label) === i));

  score = Math.max(0, Math.min(SCORE_MAX, score));
  let level: Level = levelFor(score, thresholds);
  if (isGovernmentHost(host) && level === 'danger') level = 'caution';
  // Page evidence can refute a noisy community-list entry: a page that reads as news, reference or
  // a service, or that shows more trust than risk, is not raised to caution by that list alone.
  const refutesCommunity = informational || (score === 0 && reasons.some((r) => r.kind === 'trust'));
  return applyLists(url, host, level, score, reasons, deps.lists.lookup(host), refutesCommunity);
}

/** Words between a medicine's name and a parenthesised "(no prescription)" for it to be said of that medicine. */
const LABEL_WORDS = 6;

/** Characters a parenthesised label may hold around the phrase: "(supplement, no prescription)". */
const LABEL_PAREN_CHARS = 40;

/** The text between start and end stands in parentheses on its line: "(no prescription)", "(supplement, no prescription)". */
function inParentheses(text: string, start: number, end: number): boolean {
  let i = start - 1;
  while (i >= 0 && start - i <= LABEL_PAREN_CHARS && text.charCodeAt(i) !== 40) {
    const c = text.charCodeAt(i);
    if (c === 41 || c === 10) return false;
    i--;
  }
  if (i < 0 || text.charCodeAt(i) !== 40) return false;
  let j = end;
  while (j < text.length && j - end <= LABEL_PAREN_CHARS && text.charCodeAt(j) !== 41) {
    const c = text.charCodeAt(j);
    if (c === 40 || c === 10) return false;
    j++;
  }
  return text.charCodeAt(j) === 41;
}

/** Words of buying cues that only a shop's cart or checkout says. */
const CART_WORDS = new Set(['cart', 'basket', 'checkout', 'bag', 'carrito']);
/**
 * A price-table row that counts pills ("90 pills", "30 Tabletten", "30 kapsül", "28 cápsulas"): the
 * pill words of the languages the phrase files cover.
 */
const PILL_COUNT =
  /\b\d+\s*(pills?|tablets?|tabs|caps(ules)?|pillen|tabletten|tbl|kapseln|pastillas|tabletas|comprimidos|cápsulas|capsulas|pílulas|pilulas|cps|compresse|pillole|capsule|comprimés|comprimes|pilules|gélules|gelules|kapsül|kapsul|tablet)(?![\p{L}])/iu;
/** A row that prices the pack and each pill ("90 pills $80.10 $0.89", "30 kapsül 1.290 TL – 90 kapsül 3.490 TL"), or says "per pill". */
const PRICES_IN_ROW = /[$€£₹¥₽₺₫]\s?\d|\d\s?(€|₽|₺|₫|usd|eur|tl|chf|mxn|brl)(?![\p{L}])|(?<![\p{L}])(r\$|chf|mxn)\s?\d/giu;
const PER_PILL =
  /(?<![\p{L}])((per|\/)\s?(pill|tablet|tab|cap(sule)?)|pro (pille|tablette|kapsel)|por (pastilla|tableta|comprimido|pílula|pilula)|a (pillola|compressa)|par (pilule|comprimé|comprime|gélule|gelule)|tablet başına)(?![\p{L}])/iu;
const CONTROLLED = /^(I{1,3}|IV|V|II-V)$/;

function isControlled(schedule: string): boolean {
  return CONTROLLED.test(schedule);
}

/** A medicine that is only sold legally with a prescription, or not at all (not OTC, not an antidote or harm-reduction product). */
function isMedicine(drug: Drug): boolean {
  return drug.schedule !== 'OTC' && drug.counters === undefined;
}

/** Where the markup says what the page is: a shop (product markup, a cart), an article (news, paper, monograph), or neither. */
export function structureKind(s: PageStructure | undefined): 'shop' | 'article' | null {
  if (!s) return null;
  if (s.types.some((t) => SHOP_TYPES.has(t))) return 'shop';
  if (s.cartControls > 0) return null;
  if (s.citation || s.types.some((t) => ARTICLE_TYPES.has(t))) return 'article';
  return null;
}
const SHOP_TYPES = new Set(['product', 'offer', 'aggregateoffer', 'individualproduct', 'productgroup', 'store', 'pharmacy']);
/** schema.org types of news, papers, reports and drug monographs (a Drug without offers is a monograph). */
const ARTICLE_TYPES = new Set([
  'newsarticle',
  'reportagenewsarticle',
  'analysisnewsarticle',
  'backgroundnewsarticle',
  'scholarlyarticle',
  'medicalscholarlyarticle',
  'medicalwebpage',
  'drug',
  'report',
  'governmentorganization',
]);

interface CounterHit {
  word: number;
  sentence: number;
  /** Drug ids, drug classes, chemical ids or chemical kinds the product works against. */
  targets: ReadonlySet<string>;
}

const COUNTER_TARGETS = new WeakMap<readonly string[], ReadonlySet<string>>();
function counterTargets(counters: readonly string[]): ReadonlySet<string> {
  let set = COUNTER_TARGETS.get(counters);
  if (!set) COUNTER_TARGETS.set(counters, (set = new Set(counters)));
  return set;
}

function countersOf(hits: readonly Hit[], entries: CompiledLexicon['entries'], drugs: ReadonlyMap<string, Drug>): CounterHit[] {
  const out: CounterHit[] = [];
  for (const h of hits) {
    const e = entries[h.entry]!;
    if (e.kind !== 'drug' || e.variant === 'weak') continue;
    const counters = drugs.get(e.ref)!.counters;
    if (counters) out.push({ word: h.word, sentence: h.sentence, targets: counterTargets(counters) });
  }
  return out;
}

/**
 * A counter product (naloxone, test strips) against one of `targets` in the hit's sentence or
 * within OFFER_WINDOW words of it. Counter hits are in text order: a binary search finds the
 * nearby ones, so a page full of both costs no more than a page of either.
 */
function isCountered(counters: readonly CounterHit[], h: Hit, targets: readonly string[]): boolean {
  let lo = 0;
  let hi = counters.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (counters[mid]!.word < h.word - OFFER_WINDOW && counters[mid]!.sentence < h.sentence) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < counters.length; i++) {
    const c = counters[i]!;
    if (c.word > h.word + OFFER_WINDOW && c.sentence > h.sentence) break;
    if ((c.sentence === h.sentence || Math.abs(c.word - h.word) <= OFFER_WINDOW) && targets.some((t) => c.targets.has(t))) return true;
  }
  return false;
}

/** Distinct phrases of one group of entries of this kind that the page says (each entry counted once). */
function countDistinct(scan: ScanResult, entries: CompiledLexicon['entries'], kind: LexiconEntry['kind'], group: string): number {
  let n = 0;
  for (const e of scan.entriesHit) if (scan.entryCounts[e]! > 0 && entries[e]!.kind === kind && entries[e]!.ref === group) n++;
  return n;
}

function isGovernmentHost(h: NormalizedHost): boolean {
  return !!h.suffix && /(^|\.)(gov|mil|gob|gouv|nhs\.uk)$|^gov\.|^gob\./.test(h.suffix);
}

function hostOf(link: string): string | null {
  try {
    return new URL(link).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Scans each reversed run as it is shown and adds its hits, placed on the run in the page text. */
function readReversed(text: string, ranges: Array<[number, number]>, scan: ScanResult, lex: CompiledLexicon, shownText: Map<Hit, string>): void {
  for (const [a, b] of ranges) {
    const shown = shownReversed(text, a, b);
    const sub = scanText(shown, lex);
    if (sub.hits.length === 0) continue;
    // The run's word position: that of the last hit before it (hits come in text order).
    let word = 0;
    for (const h of scan.hits) if (h.start < a) word = Math.max(word, h.word);
    for (const h of sub.hits) {
      const placed: Hit = { ...h, start: a, end: b, word: word + 1 + h.word, sentence: -1 - h.sentence };
      shownText.set(placed, shown.slice(h.start, h.end));
      scan.hits.push(placed);
      scan.entryCounts[h.entry]! += 1;
      scan.entriesHit.add(h.entry);
    }
  }
}

function inRanges(ranges: Array<[number, number]>, at: number): boolean {
  return ranges.some(([s, e]) => at >= s && at < e);
}

const LABEL_MAX_WORDS = 4;

interface LabelEvidence {
  /** Sorted starts of drug and chemical names, and of over-the-counter cues. */
  names: number[];
  otc: number[];
  rxRequiredOnPage: boolean;
}

function labelEvidence(hits: readonly Hit[], lex: CompiledLexicon): LabelEvidence {
  const names: number[] = [];
  const otc: number[] = [];
  let rxRequiredOnPage = false;
  for (const h of hits) {
    const e = lex.entries[h.entry]!;
    if (e.kind === 'drug' || e.kind === 'chemical') names.push(h.start);
    else if (e.kind === 'context' && e.ref === 'otc') otc.push(h.start);
    else if (e.kind === 'trust' && e.ref === 'prescription-required') rxRequiredOnPage = true;
  }
  return { names: names.sort((a, b) => a - b), otc: otc.sort((a, b) => a - b), rxRequiredOnPage };
}

/** Some value of a sorted array in [lo, hi). */
function anyIn(sorted: number[], lo: number, hi: number): boolean {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (sorted[mid]! < lo) a = mid + 1;
    else b = mid;
  }
  return a < sorted.length && sorted[a]! < hi;
}

/**
 * A no-prescription phrase that is a category label, not a claim: a short line of its own
 * ("Sin receta (OTC)", "Medicamentos sin receta") that names no drug, with an over-the-counter
 * cue on the same line or a prescription requirement elsewhere on the page (a licensed
 * pharmacy's menu: "Con receta | Sin receta").
 */
function isCategoryLabel(text: string, h: Hit, labels: LabelEvidence): boolean {
  const lineStart = text.lastIndexOf('\n', h.start) + 1;
  let lineEnd = text.indexOf('\n', h.end);
  if (lineEnd < 0) lineEnd = text.length;
  if (lineEnd - lineStart > 80) return false;
  const words = text
    .slice(lineStart, lineEnd)
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean).length;
  if (words > LABEL_MAX_WORDS || anyIn(labels.names, lineStart, lineEnd)) return false;
  return labels.rxRequiredOnPage || anyIn(labels.otc, lineStart, lineEnd);
}

const MESSENGER_BEFORE_HANDLE = /(?:telegram+|телеграм+|tg|whatsapp|wickr(?:\s*me)?|signal|threema|session|zalo)\s*(?:id|me)?\s*[:：\-–—]?\s*$/i;
const MAX_HANDLE_CHECKS = 2_000;

/** "Telegram @rxplug", "TG: @meds24", "Wickr: @dealer": a messenger handle in the text. */
function messengerHandles(text: string): string[] {
  const out: string[] = [];
  let at = text.indexOf('@');
  for (let n = 0; at >= 0 && n < MAX_HANDLE_CHECKS && out.length < 3; n++) {
    const next = text.charCodeAt(at + 1);
    const handleChar = (next >= 48 && next <= 57) || ((next | 32) >= 97 && (next | 32) <= 122) || next === 95;
    if (handleChar) {
      const before = text.slice(Math.max(0, at - 24), at);
      const m = MESSENGER_BEFORE_HANDLE.exec(before);
      if (m) {
        let end = at + 1;
        while (end < text.length && end - at < 40 && /[A-Za-z0-9_.]/.test(text[end]!)) end++;
        out.push(text.slice(at - m[0].length, end));
      }
    }
    at = text.indexOf('@', at + 1);
  }
  return out;
}

/**
 * "WhatsApp: 0532 000 18 18", "WhatsApp (45) 90000-1219", "chama no Zap: (11) 9 0000-3317": a
 * messenger named right before a phone number (at least 8 digits) is an order channel, as a
 * wa.me link is.
 */
const MESSENGER_BEFORE_NUMBER = String.raw`(?:whats\s?app|zap|telegram|signal|viber|threema)\s*(?:[:：\-–—]|\b(?:nr|no|number|número|numero|nummer|numara)\b\.?)?\s*`;
const MESSENGER_NUMBER = new RegExp(String.raw`(?<![\p{L}\p{N}])${MESSENGER_BEFORE_NUMBER}(\+?\(?\d[\d ().\-]{6,20}\d)`, 'giu');
/**
 * What every match of MESSENGER_NUMBER starts with, without its look-behind: a look-behind in front
 * keeps the regular expression engine from skipping ahead to where a messenger's name could
 * start, so on most pages, which name no messenger before a digit, this quicker test settles it.
 */
const MESSENGER_NUMBER_START = new RegExp(String.raw`${MESSENGER_BEFORE_NUMBER}\+?\(?\d`, 'iu');
const MIN_PHONE_DIGITS = 8;

function messengerNumbers(text: string): string[] {
  const out: string[] = [];
  if (!MESSENGER_NUMBER_START.test(text)) return out;
  MESSENGER_NUMBER.lastIndex = 0;
  for (let m = MESSENGER_NUMBER.exec(text); m !== null && out.length < 3; m = MESSENGER_NUMBER.exec(text)) {
    const digits = m[1]!.replace(/\D/g, '').length;
    if (digits >= MIN_PHONE_DIGITS && digits <= 15) out.push(m[0]);
  }
  return out;
}

function mergeSorted(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/** Distance from `word` to the nearest value in a sorted array (Infinity if empty). */
function nearest(sorted: number[], word: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < word) lo = mid + 1;
    else hi = mid;
  }
  let best = Infinity;
  if (lo < sorted.length) best = sorted[lo]! - word;
  if (lo > 0) best = Math.min(best, word - sorted[lo - 1]!);
  return best;
}
