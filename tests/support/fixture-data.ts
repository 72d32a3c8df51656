/**
 * A small lexicon, small lists and hand-set weights for the engine's rule tests
 * (src/core/analyze-page.test.ts and others): what each rule needs, nothing more. The shipped data
 * (src/data) may change as it is researched; a rule test reads these instead, so editing the
 * shipped lexicon, lists or weights cannot break it. What the shipped data knows is tested in
 * src/core/shipped-lexicon.test.ts.
 *
 * The data has the shapes of the shipped files and passes the same schemas (fixture-engine.ts
 * runs them: an invalid fixture fails every test that uses it). Domains are made up; sources say so.
 */
import type { CommunityList } from '../../src/core/lists/community-list';

const FDA = ['drugs@fda'] as const;
const DEA = ['dea-schedules'] as const;

/** Shape of src/data/lexicon/drugs.json. */
export const fixtureDrugs = {
  about: 'Fixture for the engine rule tests: a few drugs of each kind the rules tell apart.',
  drugs: [
    // Cyrillic names (трамадол, клоназепам, the inflected виагру) are for the scanner's Cyrillic leetspeak tests.
    // Controlled (a DEA schedule): offers raise controlled-drug-offer.
    {
      id: 'oxycodone',
      class: 'opioid',
      schedule: 'II',
      names: ['oxycodone', 'oxycontin', 'percocet'],
      street: ['m30'],
      weak: [],
      misspellings: ['oxycodon'],
      sources: DEA,
    },
    { id: 'fentanyl', class: 'opioid', schedule: 'II', names: ['fentanyl'], street: [], weak: [], misspellings: [], sources: DEA },
    { id: 'tramadol', class: 'opioid', schedule: 'IV', names: ['tramadol', 'трамадол'], street: [], weak: [], misspellings: [], sources: DEA },
    {
      id: 'alprazolam',
      class: 'benzodiazepine',
      schedule: 'IV',
      names: ['alprazolam', 'xanax'],
      street: [],
      weak: ['bars'],
      misspellings: ['xanex'],
      sources: DEA,
    },
    { id: 'clonazepam', class: 'benzodiazepine', schedule: 'IV', names: ['clonazepam', 'клоназепам'], street: [], weak: [], misspellings: [], sources: DEA },
    { id: 'zolpidem', class: 'sedative', schedule: 'IV', names: ['zolpidem', 'ambien'], street: [], weak: [], misspellings: [], sources: DEA },
    { id: 'diazepam', class: 'benzodiazepine', schedule: 'IV', names: ['diazepam', 'valium'], street: [], weak: [], misspellings: [], sources: DEA },
    { id: 'amphetamine', class: 'stimulant', schedule: 'II', names: ['amphetamine', 'adderall'], street: [], weak: [], misspellings: [], sources: DEA },
    // Prescription-only, not controlled: offers raise rx-drug-offer.
    {
      id: 'sildenafil',
      class: 'ed',
      schedule: 'Rx',
      names: ['sildenafil', 'viagra', 'виагра', 'виагру'],
      street: [],
      weak: [],
      misspellings: [],
      sources: FDA,
    },
    { id: 'tadalafil', class: 'ed', schedule: 'Rx', names: ['tadalafil', 'cialis'], street: [], weak: [], misspellings: [], sources: FDA },
    { id: 'semaglutide', class: 'glp1', schedule: 'Rx', names: ['semaglutide', 'ozempic'], street: [], weak: [], misspellings: [], sources: FDA },
    { id: 'atorvastatin', class: 'cardiovascular', schedule: 'Rx', names: ['atorvastatin'], street: [], weak: [], misspellings: [], sources: FDA },
    { id: 'finasteride', class: 'hair-loss', schedule: 'Rx', names: ['finasteride', 'propecia'], street: [], weak: [], misspellings: [], sources: FDA },
    { id: 'isotretinoin', class: 'acne', schedule: 'Rx', names: ['isotretinoin', 'accutane'], street: [], weak: [], misspellings: [], sources: FDA },
    // Over the counter: never an offer.
    { id: 'acetaminophen', class: 'pain', schedule: 'OTC', names: ['acetaminophen', 'paracetamol'], street: [], weak: [], misspellings: [], sources: FDA },
    // Antidote and harm-reduction product: never an offer of what they counter.
    {
      id: 'naloxone',
      class: 'antidote',
      schedule: 'OTC',
      names: ['naloxone', 'narcan'],
      street: [],
      weak: [],
      misspellings: [],
      sources: FDA,
      counters: ['opioid'],
    },
    {
      id: 'fentanyl-test-strips',
      class: 'harm-reduction',
      schedule: 'OTC',
      names: ['fentanyl test strips', 'fentanyl test strip'],
      street: [],
      weak: [],
      misspellings: [],
      sources: ['samhsa'],
      counters: ['fentanyl', 'opioid'],
    },
  ],
};

const LIST_I = ['dea-federal-register'] as const;

/** Shape of src/data/lexicon/precursors.json: one chemical or tool of each kind. */
export const fixtureChemicals = {
  about: 'Fixture for the engine rule tests: one chemical or tool of each kind (precursor, nitazene, adulterant, pill press, imprint die).',
  chemicals: [
    { id: '4-piperidone', kind: 'precursor', control: 'DEA List I', names: ['4-piperidone'], weak: [], misspellings: [], cas: ['40064-34-4'], sources: LIST_I },
    {
      id: 'boc-4-piperidone',
      kind: 'precursor',
      control: 'DEA List I',
      names: ['1-boc-4-piperidone'],
      weak: [],
      misspellings: [],
      cas: ['79099-07-3'],
      sources: LIST_I,
    },
    {
      id: '4-ap',
      kind: 'precursor',
      control: 'DEA List I',
      names: ['4-ap', '4-anilinopiperidine', '4-(phenylamino)piperidine'],
      weak: [],
      misspellings: [],
      cas: ['23056-29-3'],
      sources: LIST_I,
    },
    {
      id: 'anpp',
      kind: 'precursor',
      control: 'DEA Schedule II immediate precursor',
      names: ['anpp', '4-anpp'],
      weak: [],
      misspellings: [],
      cas: [],
      sources: LIST_I,
    },
    { id: 'protonitazene', kind: 'nitazene', control: 'DEA Schedule I', names: ['protonitazene'], weak: ['proto'], misspellings: [], cas: [], sources: LIST_I },
    {
      id: 'xylazine',
      kind: 'adulterant',
      control: 'Veterinary prescription drug',
      names: ['xylazine', 'xylazine hcl'],
      weak: [],
      misspellings: [],
      cas: [],
      sources: ['fda-warning-letters'],
    },
    {
      id: 'tablet-press',
      kind: 'pill-press',
      control: 'DEA reporting (21 CFR 1310)',
      names: ['tablet press', 'tdp-5'],
      weak: [],
      misspellings: [],
      cas: [],
      sources: LIST_I,
    },
    {
      id: 'imprint-die',
      kind: 'imprint-die',
      control: '21 U.S.C. 843(a)(5)',
      names: ['m30 punch and die'],
      weak: [],
      misspellings: [],
      cas: [],
      sources: ['doj-indictments'],
    },
  ],
};

/** Shape of src/data/lexicon/phrases/<lang>.json: a few English phrases per group the rule tests use. */
export const fixturePhrasesEn = {
  language: 'en',
  about: 'Fixture for the engine rule tests.',
  fillers: ['a', 'an', 'the', 'is', 'your', 'our', 'valid', 'doctor', 's'],
  negators: ['never', 'not', 'dont', 't', 'beware', 'fake', 'illegal', 'counterfeit', 'warning', 'dangerous'],
  risk: {
    'no-prescription': [
      'no prescription',
      'no prescription needed',
      'no prescription required',
      'without prescription',
      'without a doctor visit',
      'no physical exam necessary',
    ],
    'no-medical-checks': ['no blood test needed'],
    'crypto-payment': ['bitcoin', 'btc', 'send btc', 'we accept bitcoin', 'pay with crypto'],
    'crypto-only': ['bitcoin only'],
    'untraceable-payment': ['gift card payment'],
    'stealth-shipping': ['stealth shipping', 'stealth delivery', 'discreet shipping', 'discreet packaging', 'shipped in plain packaging'],
    'messenger-contact': ['contact us on whatsapp'],
    'research-use-only': ['research use only', 'not for human consumption'],
    'dealer-language': ['no pharmacy license needed', 'serious buyers only'],
    'overnight-no-rx': ['worldwide shipping'],
    'affiliate-template': ['bestsellers', 'free airmail shipping', 'top sellers', 'reorder discount'],
    'per-pill-pricing': ['per pill'],
    'drug-advert': ['click here'],
  },
  trust: {
    'prescription-required': ['prescription required'],
    'licensed-pharmacist': ['licensed pharmacist', 'pharmacy license'],
    insurance: ['insurance', 'medicare'],
    'dea-registration-required': ['dea registration required', 'dea registrants'],
  },
  commerce: {
    strong: ['add to cart', 'buy now', 'order now', 'price', 'per pill', 'per kg', 'moq', 'qty'],
    weak: ['buy', 'order', 'pay', 'pills', 'tablets', 'shipping'],
  },
  contexts: {
    news: ['according to', 'arrested', 'authorities', 'by staff', 'indictment', 'investigation', 'officials', 'police', 'prosecutors', 'published', 'reporter'],
    advice: ['patient information', 'side effects', 'ask your pharmacist', 'talk to your doctor', 'safely'],
    'harm-reduction': ['naloxone', 'overdose', 'harm reduction'],
    otc: ['otc', 'over the counter'],
    'chemical-catalogue': ['assay', 'certificate of analysis', 'molecular weight', 'sds'],
    'reference-standard': ['certified reference material', 'in methanol', 'iso 17034', 'forensic use'],
    'prescription-step': ['upload your prescription'],
  },
};

const SOURCE_URL = 'https://example.org/fixture-source';

/** Shape of src/data/lists/authority.json: one domain and one pattern, each with its source. */
export const fixtureAuthority = {
  name: 'Fixture authority list',
  description: 'Made-up domains for the engine rule tests.',
  updated: '2026-01-01',
  entries: [
    {
      entry: 'named-by-fda.com',
      source: 'FDA warning letter (made up for the engine tests)',
      sourceUrl: SOURCE_URL,
      date: '2026-01-01',
      confidence: 'authority',
    },
    {
      entry: 'pillnetwork.*',
      source: 'Network named in FDA warning letters (made up for the engine tests)',
      sourceUrl: SOURCE_URL,
      date: '2026-01-01',
      confidence: 'corroborated',
    },
  ],
};

/** A licensed pharmacy that the fixture community list also names (community lists are noisy). */
export const FIXTURE_KNOWN_PHARMACY = 'licensed-pharmacy.com';

/** Shape of src/data/lists/known-pharmacies.json. */
export const fixtureKnownPharmacies = {
  description: 'Fixture for the engine rule tests.',
  updated: '2026-01-01',
  pharmacies: [{ domain: FIXTURE_KNOWN_PHARMACY, name: 'Licensed Pharmacy', country: 'US', source: 'State-licensed pharmacy (made up for the engine tests)' }],
};

/** A community list: a rogue host, a host the authority list names too, and the known pharmacy. */
export const fixtureCommunity: CommunityList = {
  name: 'Fixture community list',
  source: 'A community blocklist (made up for the engine tests)',
  sourceUrl: SOURCE_URL,
  date: '2026-01-01',
  hosts: ['community-listed.ru', 'named-by-fda.com', FIXTURE_KNOWN_PHARMACY],
};

/**
 * Shape of src/data/scoring/weights.json: round hand-set numbers, not the fitted ones. Chosen so
 * that one claim alone stays below caution or just reaches it, and the rogue combinations reach
 * danger; a test that needs a number reads it from here.
 */
export const fixtureWeightsFile = {
  thresholds: { danger: 60, caution: 45 },
  weights: {
    'controlled-drug-offer': 45,
    'rx-drug-offer': 5,
    'precursor-offer': 50,
    'nitazene-offer': 60,
    'xylazine-offer': 35,
    'imprint-die-offer': 60,
    'pill-press-offer': 20,
    'no-prescription-step': 35,
    'per-pill-pricing': 15,
    'affiliate-template': 10,
    'drug-advert': 15,
    'no-medical-checks': 30,
    'no-prescription': 40,
    'crypto-only': 25,
    'crypto-payment': 20,
    'untraceable-payment': 20,
    'stealth-shipping': 35,
    'messenger-contact': 25,
    'research-use-only': 30,
    'obfuscated-drug-name': 35,
    'misspelled-drug-name': 10,
    'suspicious-domain': 20,
    'dealer-language': 15,
    'bonus-pills': 10,
    'worldwide-shipping': 5,
    'fake-legitimacy': 5,
    'dot-pharmacy': -60,
    'prescription-required': -30,
    'licensed-pharmacist': -20,
    insurance: -10,
    'dea-registration-required': -40,
  },
  fit: { method: 'hand-set for the engine rule tests (not fitted)', command: 'none', date: '2026-01-01' },
};
