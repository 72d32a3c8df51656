/**
 * Every signal RxRadar can report, with its plain-language label. Their weights in points are
 * data, fitted on the training corpus: src/data/scoring/weights.json (the scoring model, and why
 * each weight is what it is: src/core/scoring/README.md).
 */
export type SignalKind = 'risk' | 'trust';

export interface SignalSpec {
  /** Risk signals add points, trust signals take them away (their weights are negative). */
  kind: SignalKind;
  label: string;
  /** Who names this as a red flag (shown in the popup and the docs). */
  basis: string;
}

export const SIGNALS = {
  'controlled-drug-offer': {
    kind: 'risk',
    label: 'Offers controlled drugs (opioids, benzodiazepines, stimulants) for sale online',
    basis: 'FDA: no one may sell opioids online in the U.S. without the required registrations',
  },
  'rx-drug-offer': {
    kind: 'risk',
    label: 'Sells prescription-only medicines',
    basis: 'Prescription medicines need a prescription (FDA BeSafeRx)',
  },
  'precursor-offer': {
    kind: 'risk',
    label: 'Offers fentanyl precursor chemicals (DEA List I / Schedule II)',
    basis: 'DEA controls these chemicals; DOJ cases describe this kind of listing',
  },
  'nitazene-offer': {
    kind: 'risk',
    label: 'Offers nitazene opioids (Schedule I, stronger than fentanyl)',
    basis: 'DEA Schedule I',
  },
  'xylazine-offer': {
    kind: 'risk',
    label: 'Offers xylazine ("tranq"), an animal sedative cut into street fentanyl',
    basis: 'ONDCP 2023: fentanyl adulterated with xylazine is an emerging threat; DEA public safety alert',
  },
  'imprint-die-offer': {
    kind: 'risk',
    label: "Sells dies that press a real medicine's imprint (M30, Xanax bars) onto counterfeit pills",
    basis: "21 U.S.C. 843(a)(5): tools to imprint another maker's mark on pills; DOJ pill-press cases",
  },
  'pill-press-offer': {
    kind: 'risk',
    label: 'Sells pill presses or tablet dies',
    basis: 'DEA: tableting machines are regulated (21 CFR 1310) and used to press counterfeit pills',
  },
  'no-prescription-step': {
    kind: 'risk',
    label: 'Sells prescription medicines into a shopping cart with no prescription step anywhere on the page',
    basis: 'FDA BeSafeRx and NABP: a pharmacy that does not ask for a prescription is not a legal pharmacy',
  },
  'per-pill-pricing': {
    kind: 'risk',
    label: 'Prices prescription medicines per pill, as rogue pharmacy templates do',
    basis: 'Rogue-pharmacy affiliate networks (e.g. "Canadian pharmacy" spam; Levchenko et al. 2011)',
  },
  'affiliate-template': {
    kind: 'risk',
    label: 'Uses the rogue pharmacy template ("bestsellers", "free airmail", "bonus pills", "free online consultation")',
    basis: 'Rogue-pharmacy affiliate networks (Levchenko et al. 2011; McCoy et al. 2012); NABP Rogue Rx reports',
  },
  'drug-advert': {
    kind: 'risk',
    label: 'Advertises prescription drugs with a "click here" link instead of a pharmacy',
    basis: 'FDA and FTC on pharmacy spam: drugs sold by e-mail and posted adverts',
  },
  'no-medical-checks': {
    kind: 'risk',
    label: 'Says a prescription medicine needs no medical examination or tests (blood, liver, pregnancy tests)',
    basis:
      "FDA: isotretinoin (iPLEDGE), GLP-1 and antibiotic treatment need a clinician's examination and monitoring; skipping them is how unlicensed sellers pitch",
  },
  'no-prescription': {
    kind: 'risk',
    label: 'Says you can buy without a prescription',
    basis: 'FDA BeSafeRx, DEA, NABP: the first sign of an illegal online pharmacy',
  },
  'crypto-only': {
    kind: 'risk',
    label: 'Takes only cryptocurrency',
    basis: 'Consumer-protection guidance (secondary source); FDA-warned CoinRX network',
  },
  'crypto-payment': {
    kind: 'risk',
    label: 'Asks for payment in cryptocurrency',
    basis: 'Consumer-protection guidance (secondary source)',
  },
  'untraceable-payment': {
    kind: 'risk',
    label: 'Asks for hard-to-trace payment (money transfer, gift cards, Zelle, Cash App)',
    basis: 'Consumer-protection guidance (secondary source)',
  },
  'stealth-shipping': {
    kind: 'risk',
    label: 'Promises "stealth" or discreet shipping, or reshipping if customs seize it',
    basis: 'DOJ precursor cases; consumer-protection guidance (secondary source)',
  },
  'messenger-contact': {
    kind: 'risk',
    label: 'Takes orders over WhatsApp, Telegram, Wickr or Signal',
    basis: 'Consumer-protection guidance (secondary source)',
  },
  'research-use-only': {
    kind: 'risk',
    label: 'Sells medicines as "research use only" or "not for human consumption"',
    basis: 'FDA warnings on unapproved GLP-1 "research" products',
  },
  'obfuscated-drug-name': {
    kind: 'risk',
    label: 'Disguises drug names to get past filters',
    basis: 'Spam and rogue-pharmacy research (e.g. 113 spellings of "Viagra")',
  },
  'misspelled-drug-name': {
    kind: 'risk',
    label: 'Uses misspelled drug names',
    basis: 'Spam and rogue-pharmacy research',
  },
  'suspicious-domain': {
    kind: 'risk',
    label: 'The web address itself advertises drugs or imitates a known pharmacy',
    basis: 'FDA- and DEA-named rogue domains (e.g. yellowxanaxbarsforsale.com)',
  },
  'dealer-language': {
    kind: 'risk',
    label: 'Talks like a street dealer ("all kinds of meds available", "serious buyers only")',
    basis: 'DEA on drug sales through social media and messengers',
  },
  'bonus-pills': {
    kind: 'risk',
    label: 'Advertises free "bonus" pills or extreme discounts',
    basis: 'FDA BeSafeRx and DEA: prices far below market',
  },
  'worldwide-shipping': {
    kind: 'risk',
    label: 'Ships prescription medicines worldwide or overnight',
    basis: 'DEA 2024 alert: ships from abroad',
  },
  'fake-legitimacy': {
    kind: 'risk',
    label: 'Claims to be "FDA approved", U.S.-based or Canadian without proof',
    basis: 'DEA 2024 alert; NABP on "Canadian pharmacy" networks',
  },
  'dot-pharmacy': {
    kind: 'trust',
    label: 'Uses a .pharmacy address, which only NABP-verified pharmacies can get',
    basis: 'NABP controls the .pharmacy domain',
  },
  'prescription-required': {
    kind: 'trust',
    label: 'Requires a prescription',
    basis: 'FDA BeSafeRx: a safe pharmacy requires a valid prescription',
  },
  'licensed-pharmacist': {
    kind: 'trust',
    label: 'Names a licensed pharmacist or pharmacy regulator',
    basis: 'FDA BeSafeRx: a safe pharmacy has a licensed pharmacist to answer questions',
  },
  insurance: {
    kind: 'trust',
    label: 'Works with health insurance',
    basis: 'Rogue pharmacies do not bill insurers',
  },
  'dea-registration-required': {
    kind: 'trust',
    label: 'Sells regulated chemicals only to DEA-registered buyers',
    basis: 'DEA List I rules for chemical distributors',
  },
} as const satisfies Record<string, SignalSpec>;

export type SignalId = keyof typeof SIGNALS;

/** The signal a chemical or equipment offer raises, by its kind in precursors.json. */
export const CHEMICAL_KIND_SIGNAL = {
  precursor: 'precursor-offer',
  nitazene: 'nitazene-offer',
  adulterant: 'xylazine-offer',
  'pill-press': 'pill-press-offer',
  'imprint-die': 'imprint-die-offer',
} as const satisfies Record<string, SignalId>;

/** A risk phrase group of the lexicon files (src/data/lexicon/phrases/*.json) and the signal it feeds. */
export interface RiskPhraseGroup {
  signal: SignalId;
  /** Not a claim in a sentence that also negates or warns ("we never sell without a prescription"). */
  negatable: boolean;
}

/** Every risk phrase group a lexicon file may use. */
export const RISK_PHRASE_GROUPS: Record<string, RiskPhraseGroup> = {
  'affiliate-template': { signal: 'affiliate-template', negatable: false },
  'bonus-pills': { signal: 'bonus-pills', negatable: false },
  'crypto-only': { signal: 'crypto-only', negatable: false },
  'crypto-payment': { signal: 'crypto-payment', negatable: false },
  'dealer-language': { signal: 'dealer-language', negatable: false },
  'drug-advert': { signal: 'drug-advert', negatable: false },
  'fake-legitimacy': { signal: 'fake-legitimacy', negatable: false },
  'messenger-contact': { signal: 'messenger-contact', negatable: false },
  'no-medical-checks': { signal: 'no-medical-checks', negatable: true },
  'no-prescription': { signal: 'no-prescription', negatable: true },
  'overnight-no-rx': { signal: 'worldwide-shipping', negatable: false },
  'per-pill-pricing': { signal: 'per-pill-pricing', negatable: false },
  'research-use-only': { signal: 'research-use-only', negatable: false },
  'stealth-shipping': { signal: 'stealth-shipping', negatable: false },
  'untraceable-payment': { signal: 'untraceable-payment', negatable: false },
};

/** Every trust phrase group a lexicon file may use, and the signal it feeds. */
export const TRUST_PHRASE_GROUPS: Record<string, SignalId> = {
  'dea-registration-required': 'dea-registration-required',
  insurance: 'insurance',
  'licensed-pharmacist': 'licensed-pharmacist',
  'prescription-required': 'prescription-required',
};
