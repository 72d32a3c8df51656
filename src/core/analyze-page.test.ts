/**
 * The engine's RULES: how signals combine (offer, not mention; negation; list precedence; trust
 * signals; page contexts; activations and points). They run on the fixture engine
 * (tests/support/fixture-data.ts: a small lexicon, small lists and hand-set weights), so editing
 * the shipped data cannot break them; page texts are written against that fixture. What the
 * shipped data knows (names and phrases in each language) is tested in shipped-lexicon.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { FIXTURE_KNOWN_PHARMACY, fixtureCommunity } from '../../tests/support/fixture-data';
import { structureWith } from '../../tests/support/engine-helpers';
import { fixtureEngine, fixtureWeights } from '../../tests/support/fixture-engine';
import type { PageStructure } from './analyze-page';
import type { Verdict } from './verdict';

const engine = fixtureEngine();
const { weights, thresholds } = fixtureWeights;
const analyse = (text: string, url = 'https://shop.example-store.com/', links: string[] = []): Verdict => engine.analyzePage({ url, text, links });
const ids = (v: Verdict) => v.reasons.map((r) => r.id);
const reason = (v: Verdict, id: string) => v.reasons.find((r) => r.id === id);

describe('analyzePage: rogue shops', () => {
  it('a controlled drug offered without a prescription is danger, with evidence', () => {
    const v = analyse('Buy Oxycodone 30mg online. No prescription needed! Price: $250 for 60 pills. Add to cart');
    expect(v.level).toBe('danger');
    expect(reason(v, 'controlled-drug-offer')!.evidence).toContain('Oxycodone');
    expect(reason(v, 'no-prescription')!.evidence).toContain('No prescription needed');
    expect(v.score).toBeGreaterThanOrEqual(thresholds.danger);
  });

  it('crypto, messenger and stealth shipping add up', () => {
    const v = analyse(
      'Xanax bars 2mg - order now. We accept Bitcoin only. Stealth shipping worldwide. Contact us on WhatsApp.',
      'https://benzo-store.example.net/',
    );
    expect(v.level).toBe('danger');
    expect(ids(v)).toEqual(expect.arrayContaining(['controlled-drug-offer', 'crypto-only', 'stealth-shipping', 'messenger-contact']));
  });

  it('wallet addresses and messenger links are evidence', () => {
    const v = analyse('Percocet 10/325 price $9 per pill. Send BTC to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', undefined, ['https://wa.me/15551234567']);
    expect(reason(v, 'crypto-payment')!.evidence.some((e) => /^BTC address bc1q/.test(e))).toBe(true);
    expect(reason(v, 'messenger-contact')!.evidence).toEqual(['https://wa.me/15551234567']);
    expect(v.level).toBe('danger');
  });

  it('obfuscated drug names are a strong signal with the exact text as evidence', () => {
    const v = analyse('Order 0xyc0d0ne and X\u200Banax today, best price $3');
    expect(reason(v, 'obfuscated-drug-name')!.evidence).toEqual(['0xyc0d0ne', 'X\u200Banax']);
    expect(v.level).toBe('danger');
  });

  it('precursors offered with stealth shipping are danger', () => {
    const v = analyse('Hot sale 1-boc-4-piperidone CAS 79099-07-3, 100% stealth delivery to Mexico, MOQ 1kg, price per kg on request');
    expect(v.level).toBe('danger');
    expect(reason(v, 'precursor-offer')!.evidence).toEqual(expect.arrayContaining(['1-boc-4-piperidone', '79099-07-3']));
  });

  it('GLP-1 sold as research chemicals is flagged', () => {
    const v = analyse('Semaglutide 5mg vial $89. Research use only, not for human consumption. Pay with crypto. Add to cart.');
    expect(ids(v)).toEqual(expect.arrayContaining(['rx-drug-offer', 'research-use-only', 'crypto-payment']));
    expect(v.level).toBe('danger');
  });

  it('a drug name in the domain is a signal', () => {
    const v = analyse('Welcome', 'https://www.buy-xanax-noprescription.com/');
    expect(reason(analyse('Welcome', 'https://buy-xanax.example.com/'), 'suspicious-domain')).toBeUndefined(); // only the site's own name counts
    // A drug name and a no-prescription word together count 1.75 times the weight (DRUG_AND_NO_RX_DOMAIN).
    expect(reason(v, 'suspicious-domain')!.weight).toBe(Math.round(weights['suspicious-domain'] * 1.75));
    expect(reason(analyse('Welcome', 'https://www.buy-xanax-online.com/'), 'suspicious-domain')!.weight).toBe(weights['suspicious-domain']);
  });
});

describe('analyzePage: hard negatives', () => {
  it('health advice that names drugs and warns about rogue sites is not flagged', () => {
    const v = analyse(
      [
        'Taking opioids safely after surgery: patient information',
        'Do not take sleeping pills or anxiety medicines such as alprazolam (Xanax) unless your doctor approves.',
        'Never buy pain pills online. Pills sold without a prescription, from websites that promise "no prescription needed" or "discreet packaging", are often counterfeit.',
        'Ask your pharmacist about side effects. If you have questions, talk to your doctor.',
      ].join('\n'),
      'https://www.example-hospital.org/patients/opioids',
    );
    expect(v.level).toBe('none');
    // Claims in quotation marks on a page that sells nothing are reported speech.
    expect(ids(v)).not.toContain('stealth-shipping');
  });

  it('drug names near weak buying words ("pills", "pay") on a page that sells nothing are not offers', () => {
    const v = analyse('In some resorts street stalls sell oxycodone and Xanax pills to tourists who pay cash.', 'https://www.example-travel.com/advice');
    expect(ids(v)).not.toContain('controlled-drug-offer');
  });

  it('a news story quoting every red flag is not flagged', () => {
    const v = analyse(
      [
        'Feds seize 200 pharmacy domains in Operation Meltdown',
        'By Staff Reporter. Published Feb 4, 2026. Updated Feb 5, 2026.',
        'Federal prosecutors said the India-based network sold oxycodone and Xanax, advertising "no prescription needed" and "stealth shipping", and customers could buy pills paid in bitcoin.',
        'The indictment says counterfeit pills contained fentanyl, according to the U.S. Attorney. Authorities arrested two people; officials told reporters the investigation continues.',
        'Related stories. Share this article.',
      ].join('\n'),
      'https://www.example-news.com/2026/02/04/meltdown',
    );
    expect(v.level).toBe('none');
    expect(ids(v)).toContain('context-news');
  });

  it('an over-the-counter shop saying "no prescription needed" is not flagged', () => {
    const v = analyse('Naloxone nasal spray, over the counter, no prescription needed. Price $44.99. Add to cart. Free shipping.');
    expect(v.level).toBe('none');
    // An over-the-counter medicine is never an offer.
    const otc = analyse('Paracetamol 500 mg, 100 tablets $4.99. Add to cart. No prescription needed.');
    expect(ids(otc)).not.toContain('rx-drug-offer');
    expect(otc.level).toBe('none');
  });

  it('a pharmacy that requires prescriptions is not flagged', () => {
    const v = analyse(
      'Oxycodone 5 mg tablets. Prescription required: upload your prescription. Talk to a licensed pharmacist. We accept insurance and Medicare. Price with insurance: $12. Add to cart.',
      'https://www.example-pharmacy.com/',
    );
    expect(v.level).toBe('none');
    expect(ids(v)).toEqual(expect.arrayContaining(['prescription-required', 'licensed-pharmacist', 'insurance']));
  });

  it('negated claims do not count', () => {
    const v = analyse('We never sell medicines without a prescription. Buy vitamins. Price $5.');
    expect(ids(v)).not.toContain('no-prescription');
  });

  it('a chemical catalogue that sells to DEA registrants only is not flagged', () => {
    const v = analyse(
      '4-Piperidone hydrochloride monohydrate, CAS 40064-34-4. Assay 98%. SDS. Certificate of Analysis. Molecular weight 153.61. DEA List I chemical: DEA registration required. Price $120. Add to cart. For research use only.',
      'https://www.example-chem.com/product/4-piperidone',
    );
    expect(v.level).toBe('none');
    expect(ids(v)).toContain('dea-registration-required');
  });

  it('a .pharmacy site is trusted', () => {
    const v = analyse('Sildenafil tablets. Buy now. Price $20.', 'https://www.example-drugstore.pharmacy/');
    expect(ids(v)).toContain('dot-pharmacy');
    expect(v.level).toBe('none');
  });

  it('a government host is never more than caution', () => {
    // A hacked page selling pills on a government host: still only a caution.
    const hacked = analyse(
      'Buy oxycodone 30mg $250, no prescription needed, bitcoin only, stealth shipping. Price $9 per pill. Add to cart',
      'https://hacked.example.gov/page',
    );
    expect(hacked.level).toBe('caution');
    // The agency's own warning page, which sells nothing, is informational.
    const warning = analyse('Sites that sell oxycodone without a prescription and take bitcoin are illegal. Report them.', 'https://www.example.gov/safety');
    expect(warning.level).toBe('none');
    expect(ids(warning)).toContain('context-government');
  });
});

describe('analyzePage: lists', () => {
  it('an authority-listed domain is danger with its source, even with a harmless page', () => {
    const v = analyse('Welcome to our store', 'https://www.named-by-fda.com/');
    expect(v.level).toBe('danger');
    expect(v.listMatch).toMatchObject({ tier: 'authority', entry: 'named-by-fda.com' });
    expect(v.listMatch!.source).toMatch(/FDA/);
    expect(v.reasons[0]!.id).toBe('authority-list');
  });

  it('an authority pattern matches other TLDs of a named network', () => {
    expect(engine.checkUrl('https://pillnetwork.example-free.ru/').level).toBe('none');
    expect(engine.checkUrl('https://shop.pillnetwork.co.uk/').listMatch?.entry).toBe('pillnetwork.*');
  });

  it('the authority list wins over the community list', () => {
    // named-by-fda.com is on both fixture lists.
    const v = engine.checkUrl('https://named-by-fda.com/');
    expect(v.level).toBe('danger');
    expect(v.listMatch?.tier).toBe('authority');
  });

  it('a community-listed domain alone is at most caution', () => {
    const v = analyse('Welcome', 'https://community-listed.ru/');
    expect(v.level).toBe('caution');
    expect(v.listMatch?.tier).toBe('community');
  });

  it('a known pharmacy on the community list is not flagged', () => {
    const v = analyse('Oxycodone tablets, price $30, add to cart', `https://www.${FIXTURE_KNOWN_PHARMACY}/`);
    expect(fixtureCommunity.hosts).toContain(FIXTURE_KNOWN_PHARMACY);
    expect(v.level).toBe('none');
    expect(v.listMatch).toBeUndefined();
    expect(ids(v)).toEqual(['known-pharmacy']);
  });

  it('unusable URLs give an empty verdict', () => {
    expect(engine.checkUrl('not a url').level).toBe('none');
    expect(engine.checkUrl('not a url').host).toBe('');
  });
});

describe('analyzePage: signed list feeds', () => {
  it('a domain on a subscribed feed is danger, named as the feed, even with a harmless page', () => {
    const withFeed = fixtureEngine({
      community: null,
      feeds: [
        {
          name: 'Researchers',
          url: 'https://feeds.example.org/list.json',
          entries: [
            {
              entry: 'new-rogue-pills.com',
              source: 'Report reviewed by a maintainer',
              sourceUrl: 'https://example.org/evidence',
              date: '2026-11-20',
              confidence: 'authority',
            },
          ],
        },
      ],
    });
    const v = withFeed.analyzePage({ url: 'https://www.new-rogue-pills.com/', text: 'Welcome' });
    expect(v.level).toBe('danger');
    expect(v.listMatch).toMatchObject({ tier: 'feed', entry: 'new-rogue-pills.com' });
    expect(v.reasons[0]!.id).toBe('feed-list');
    expect(v.reasons[0]!.label).toMatch(/^On a signed list RxRadar subscribes to/);
  });
});

describe('analyzePage: labels, handles, reversed text', () => {
  it('"No prescription (OTC)" as a menu label is no claim (the Spanish "Sin receta (OTC)" is in shipped-lexicon.test.ts)', () => {
    const v = analyse('Example Pharmacy\nMedicines\nNo prescription (OTC)\nWith prescription\nSkin care\nParacetamol 500 mg $35.00 Add to cart');
    expect(ids(v)).not.toContain('no-prescription');
    const claim = analyse('Tramadol 50 mg no prescription, discreet shipping. Price $35.00');
    expect(ids(claim)).toContain('no-prescription');
  });

  it('a Telegram handle in the text is messenger contact', () => {
    const v = analyse('Oxycodone 30mg $25 per pill. Order: Telegram @rxplug_247');
    expect(reason(v, 'messenger-contact')!.evidence).toEqual(['Telegram @rxplug_247']);
    expect(ids(analyse('Write to support@example.com about your order'))).not.toContain('messenger-contact');
  });

  it('a drug name hidden by a right-to-left override is read as shown, and is obfuscation', () => {
    const v = analyse('Buy \u202eenodocyxO\u202c 30mg, $25 per pill, add to cart');
    expect(reason(v, 'obfuscated-drug-name')!.evidence).toEqual(['Oxycodone']);
    expect(ids(v)).toContain('controlled-drug-offer');
  });
});

describe('analyzePage: offer, not mention (issue 9)', () => {
  const structure = structureWith;
  const page = (text: string, s?: PageStructure, url = 'https://shop.example-store.com/') => engine.analyzePage({ url, text, structure: s });

  it('a controlled drug sold into a cart with no prescription step anywhere is danger, even with no claim', () => {
    const v = page(
      'Oxycodone 30mg tablets\n30 tablets $105.00 Qty Add to cart\n90 tablets $279.00 Qty Add to cart',
      structure({ cartControls: 2, products: ['Oxycodone 30mg tablets'] }),
    );
    expect(ids(v)).toEqual(expect.arrayContaining(['controlled-drug-offer', 'no-prescription-step']));
    expect(v.level).toBe('danger');
  });

  it('a prescription medicine priced per pill in a cart with no prescription step is flagged; with the affiliate template it is danger', () => {
    // With the fixture weights the bare page is caution (5 + 35 + 15 = 55); the template's two cues add 2 × 10.
    const text = 'Generic Viagra (sildenafil)\n100mg x 10 pills $1.99 per pill $19.95 Add to cart\n100mg x 30 pills $1.49 per pill $44.70 Add to cart';
    const s = structure({ cartControls: 2, products: ['100mg x 10 pills $1.99 per pill $19.95'] });
    const v = page(text, s);
    expect(ids(v)).toEqual(expect.arrayContaining(['rx-drug-offer', 'no-prescription-step', 'per-pill-pricing']));
    expect(v.level).toBe('caution');
    const template = page(`${text}\nBestsellers\nFree airmail shipping on all orders`, s);
    expect(ids(template)).toContain('affiliate-template');
    expect(template.level).toBe('danger');
  });

  it('the same cart with a prescription step is not flagged for it', () => {
    const text = 'Atorvastatin 20mg\n30 tablets $9.99 Add to cart\nUpload your prescription at checkout; our pharmacist will verify it.';
    const v = page(text, structure({ cartControls: 1, fileUpload: true, products: ['Atorvastatin 20mg 30 tablets $9.99'] }));
    expect(ids(v)).not.toContain('no-prescription-step');
    expect(v.level).toBe('none');
    // A file field (to upload a prescription) is a prescription step on its own.
    const bare = 'Atorvastatin 20mg\n30 tablets $9.99 Add to cart';
    const products = ['Atorvastatin 20mg 30 tablets $9.99'];
    expect(ids(page(bare, structure({ cartControls: 1, fileUpload: true, products })))).not.toContain('no-prescription-step');
    expect(ids(page(bare, structure({ cartControls: 1, fileUpload: false, products })))).toContain('no-prescription-step');
  });

  it('a product of the page is offered wherever it stands, not only next to a buying word', () => {
    const text = `Our range\n${'Quality medicines for every need. '.repeat(20)}\nTramadol 100mg`;
    const noMarkup = page(text);
    const marked = page(text, structure({ types: ['product'], products: ['Tramadol 100mg'] }));
    expect(ids(noMarkup)).not.toContain('controlled-drug-offer');
    expect(reason(marked, 'controlled-drug-offer')!.evidence).toContain('Tramadol');
  });

  it('naloxone is never an offer of the opioids it reverses, and "no prescription needed" is true of it', () => {
    const v = page(
      'Naloxone HCl nasal spray 4 mg $39.99 Add to cart\nReverses fentanyl, heroin and oxycodone overdoses. No prescription needed: naloxone is sold over the counter.',
      structure({ types: ['product'], cartControls: 1, products: ['Naloxone HCl nasal spray 4 mg', 'Naloxone $39.99 reverses fentanyl overdoses'] }),
    );
    expect(ids(v)).not.toContain('controlled-drug-offer');
    expect(ids(v)).not.toContain('no-prescription');
    expect(v.level).toBe('none');
  });

  it('fentanyl test strips are not an offer of fentanyl', () => {
    const v = page('Fentanyl test strips, 10 pack $12.00 Add to cart. Discreet shipping.');
    expect(ids(v)).not.toContain('controlled-drug-offer');
    expect(v.level).toBe('none');
  });

  it('a news story marked up as one offers nothing it names, though it quotes prices and "buy"', () => {
    const text = 'Police seize 4-AP sold online. The site offered 4-AP at $600 per kg; buyers could order oxycodone and pay in Bitcoin with stealth shipping.';
    const v = page(text, structure({ types: ['newsarticle'], articles: 1, byline: true }), 'https://news.example.com/story');
    expect(ids(v)).not.toContain('precursor-offer');
    expect(ids(v)).not.toContain('controlled-drug-offer');
    expect(ids(v)).toContain('context-structured-article');
    expect(v.level).toBe('none');
  });

  it('a shop cannot pass as news: product markup or a cart wins over article markup', () => {
    const v = page('Buy Xanax 2mg no prescription needed, $3 per pill, add to cart', structure({ types: ['newsarticle', 'product'], cartControls: 1 }));
    expect(ids(v)).not.toContain('context-structured-article');
    expect(v.level).toBe('danger');
  });

  it('a reference-standard supplier selling to DEA registrants only offers nothing to the public', () => {
    const v = page(
      'Fentanyl-d5 certified reference material, 100 µg/mL in methanol. ISO 17034. Forensic use. Sold only to DEA registrants.\n' +
        'Related products: Protonitazene CRM $310.00 Add to cart; 4-ANPP CRM $198.00 Add to cart; Oxycodone CRM $150 Add to cart',
      structure({ cartControls: 3, products: ['Protonitazene CRM $310.00', '4-ANPP CRM $198.00', 'Oxycodone CRM $150'] }),
    );
    expect(v.level).toBe('none');
  });

  it('recognises rogue-pharmacy spam that sells by "click here" with no shop', () => {
    const v = page(
      'Get Propecia, Valtrex and Zyban without a doctor visit. No physical exam necessary! Free online consultation.\nShipped in plain packaging. Click here to order Viagra: http://x.example/',
    );
    expect(ids(v)).toEqual(expect.arrayContaining(['rx-drug-offer', 'drug-advert', 'no-prescription']));
    expect(v.level).toBe('danger');
  });

  it('xylazine powder sold with stealth shipping is danger; pill presses alone are not', () => {
    expect(page('Xylazine HCl powder 99%, price $450 per kg. Stealth shipping.').level).toBe('danger');
    expect(page('TDP-5 tablet press machine, price $1,250, add to cart').level).toBe('none');
    expect(page('M30 punch and die set, price $180 per set').level).toBe('danger');
  });

  it('a category label "(no prescription)" is not a claim, a medicine "(no prescription)" is', () => {
    expect(ids(page('Tramadol 50mg (Rx, C-IV) $12 add to cart. Prescription required. Joint supplements (no prescription)'))).not.toContain('no-prescription');
    expect(ids(page('Tramadol 50mg (no prescription) $12 add to cart'))).toContain('no-prescription');
    expect(ids(page('Tramadol 50mg (Rx) $12 add to cart. Prescription required.\nFish oil 60 caps $9 (supplement, no prescription)'))).not.toContain(
      'no-prescription',
    );
    expect(ids(page('Tramadol 50mg $12 (overnight, no prescription) add to cart'))).toContain('no-prescription');
  });

  it('a shop of ordinary goods that takes Bitcoin and packs discreetly stays quiet', () => {
    expect(page('Sneakers $240 add to cart. We accept Bitcoin. Discreet packaging, worldwide shipping.').level).toBe('none');
  });
});

describe('analyzePage: claims that depend on what is sold (issue 9; the Vietnamese and Hindi pages are in shipped-lexicon.test.ts)', () => {
  it('no medical checks: a prescription medicine sold with "no blood test needed" adds up to danger', () => {
    const v = analyse('Isotretinoin 20mg, box of 30, $45. Add to cart. No prescription needed. No blood test needed.');
    expect(reason(v, 'no-medical-checks')!.evidence).toContain('No blood test needed');
    expect(v.level).toBe('danger');
  });

  it('no medical checks: said of no prescription medicine, or in a warning, it is no claim', () => {
    expect(ids(analyse('Home blood sugar test kit $12 - no blood test needed at the clinic'))).not.toContain('no-medical-checks');
    expect(ids(analyse('Warning: buying Isotretinoin at $45 with no blood test needed is dangerous.'))).not.toContain('no-medical-checks');
    // The same sale, said plainly, is a claim.
    expect(ids(analyse('Buying Isotretinoin at $45 with no blood test needed.'))).toContain('no-medical-checks');
  });

  it('a trust phrase inside a risk claim is part of the claim: "no pharmacy license needed" is no license', () => {
    const v = analyse('Tramadol 100mg $9 per strip. No pharmacy license needed, supply without invoice.');
    expect(ids(v)).toContain('dealer-language');
    expect(ids(v)).not.toContain('licensed-pharmacist');
    expect(ids(analyse('Example Medical Store, pharmacy license 20B-1234, Tramadol only on prescription'))).toContain('licensed-pharmacist');
  });
});

describe('analyzePage: phone numbers and price tables (issue 9)', () => {
  const structure = structureWith;
  const page = (text: string, s?: PageStructure, url = 'https://shop.example-store.com/') => engine.analyzePage({ url, text, structure: s });

  it('a messenger named before a phone number is messenger contact; a short number is not', () => {
    const v = page('Diazepam 10 mg, 30 Tabletten 45 €. Bestellungen: WhatsApp +49 151 2345 6789');
    expect(reason(v, 'messenger-contact')!.evidence[0]).toMatch(/^WhatsApp \+49 151 2345 6789/);
    expect(ids(page('Diazepam 10 mg, 30 Tabletten 45 €. Signal 5 dB'))).not.toContain('messenger-contact');
  });

  it('price-table rows in other languages count pills and prices', () => {
    // The pill words and currencies of each language are code (PILL_COUNT, PRICES_IN_ROW in analyze-page.ts), not data.
    const de = page('Sildenafil 100 mg', structure({ cartControls: 1, products: ['Sildenafil 100 mg – 60 Tabletten 48,00 € (0,80 € pro Tablette)'] }));
    expect(ids(de)).toContain('per-pill-pricing');
    const tr = page('Tadalafil 20 mg', structure({ cartControls: 1, products: ['Tadalafil 20 mg · 30 kapsül 900 TL · 90 kapsül 2.400 TL'] }));
    expect(ids(tr)).toContain('per-pill-pricing');
    const one = page('Tadalafil 20 mg', structure({ cartControls: 1, products: ['Tadalafil 20 mg · 30 kapsül 900 TL'] }));
    expect(ids(one)).not.toContain('per-pill-pricing');
  });
});

describe('pageSignals: activations before weighting', () => {
  const act = (text: string, url = 'https://shop.example-store.com/') => engine.pageSignals({ url, text })!.activations;
  it('a plain offer fires at 1; each further controlled drug adds 1/6, up to 1/2', () => {
    expect(act('Buy Oxycodone 30mg online. Price: $250. Add to cart. $9 each').get('controlled-drug-offer')).toBe(1);
    const two = act('Buy Oxycodone 30mg and Xanax 2mg online. Price: $250. Add to cart. $9 each').get('controlled-drug-offer')!;
    expect(two).toBeCloseTo(1 + 1 / 6, 12);
    const three = act('Buy Oxycodone, Xanax and Adderall online. Price: $250. Add to cart. $9 each').get('controlled-drug-offer')!;
    expect(three).toBeCloseTo(1 + 2 / 6, 12);
    const four = act('Buy Oxycodone, Xanax, Adderall and Valium online. Price: $250. Add to cart. $9 each').get('controlled-drug-offer')!;
    expect(four).toBeCloseTo(1.5, 12);
    const five = act('Buy Oxycodone, Xanax, Adderall, Valium and Tramadol online. Price: $250. Add to cart. $9 each').get('controlled-drug-offer')!;
    expect(five).toBeCloseTo(1.5, 12);
    // Two names of one drug (Percocet is oxycodone in the fixture) are one drug.
    expect(act('Buy Oxycodone and Percocet online. Price: $250. Add to cart. $9 each').get('controlled-drug-offer')).toBe(1);
  });

  it('"no prescription" with no medicine named fires at 0.25', () => {
    expect(act('Vitamin gummies, no prescription needed. Price: $12. Add to cart').get('no-prescription')).toBe(0.25);
  });

  it('on an informational page every risk signal fires at 0.2 of its strength, trust signals in full', () => {
    const text =
      'News report. Reporter: Jane Doe. Published 3 June. According to police, the investigation found the suspects ' +
      'sold oxycodone with no prescription needed and stealth shipping. Officials said the arrest followed a press release. ' +
      'Prescription required at licensed pharmacies.';
    const signals = engine.pageSignals({ url: 'https://news.example.org/story', text })!;
    if (!signals.informational) throw new Error('the test page should read as news');
    expect(signals.activations.get('no-prescription')).toBeCloseTo(0.2, 12);
    expect(signals.activations.get('stealth-shipping')).toBeCloseTo(0.2, 12);
    expect(signals.activations.get('prescription-required')).toBe(1);
    for (const [id, a] of signals.activations) {
      if (id === 'prescription-required') expect(a).toBe(1);
      else expect(a, id).toBeLessThanOrEqual(0.2 + 1e-12);
    }
  });

  it("the verdict's score and reason points are weight × activation, rounded and clamped", () => {
    for (const text of [
      'Buy Oxycodone 30mg and Xanax 2mg online. No prescription needed! Price: $250. Add to cart. Bitcoin only.',
      'Vitamin gummies, no prescription needed. Pay with Bitcoin, discreet packaging. Price: $12. Add to cart',
      'Sildenafil 100mg $0.89 per pill. Prescription required. Licensed pharmacist. Add to cart',
    ]) {
      const page = { url: 'https://shop.example-store.com/', text };
      const signals = engine.pageSignals(page)!;
      const v = engine.analyzePage(page);
      let sum = 0;
      for (const [id, a] of signals.activations) {
        const points = Math.round(weights[id] * a);
        sum += points;
        if (points !== 0) expect(reason(v, id)!.weight, id).toBe(points);
      }
      expect(v.score).toBe(Math.max(0, Math.min(100, sum)));
      expect(signals.activations.size, text).toBeGreaterThan(1);
    }
  });
});

describe('pageSignals: rules a mutation run found untested', () => {
  const act = (text: string, url = 'https://shop.example-store.com/') => engine.pageSignals({ url, text })!.activations;

  it('a medicine advertised by "click here" with no shop is a drug advert; on a shop the same words are not', () => {
    expect(act('Oxycodone 30mg for you. Click here to order.').get('drug-advert')).toBe(1);
    // A shop by its markup (a cart control), the text the same.
    const onShop = engine.pageSignals({
      url: 'https://shop.example-store.com/',
      text: 'Oxycodone 30mg for you. Click here to order.',
      structure: structureWith({ cartControls: 1 }),
    });
    expect(onShop!.activations.has('drug-advert')).toBe(false);
    expect(act('Garden chairs for you. Click here to order.').has('drug-advert')).toBe(false);
  });

  it('"DEA registrants only" counts only where a listed chemical is named', () => {
    expect(act('4-ANPP reference standard, 10 mg. Sold to DEA registrants only.').get('dea-registration-required')).toBe(1);
    expect(act('Laboratory glassware and balances. Sold to DEA registrants only.').has('dea-registration-required')).toBe(false);
  });

  it('"research use only" counts only where a medicine is named', () => {
    expect(act('Semaglutide 5 mg vial, $120. Research use only. Add to cart').get('research-use-only')).toBe(1);
    expect(act('Buffer solution 500 ml, $12. Research use only. Add to cart').get('research-use-only') ?? 0).toBe(0);
  });

  it('a wallet address is stronger evidence of crypto payment than the word (4/3)', () => {
    const offer = 'Oxycodone 30mg, $9 a pill.';
    expect(act(`${offer} Send payment to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq`).get('crypto-payment')).toBeCloseTo(4 / 3, 12);
    expect(act(`${offer} We accept bitcoin`).get('crypto-payment')).toBe(1);
  });

  it('a messenger before a phone number is contact from 8 digits on', () => {
    expect(act('Orders by WhatsApp: 1234 5678').get('messenger-contact')).toBe(1);
    expect(act('Orders by WhatsApp: 1234 567').has('messenger-contact')).toBe(false);
  });

  it('affiliate-template cues count once each, at most 3, and only where a medicine is offered', () => {
    const offer = 'Buy Sildenafil 100mg online. Price: $90. Add to cart.';
    expect(act(`${offer} Bestsellers. Free airmail shipping.`).get('affiliate-template')).toBe(2);
    expect(act(`${offer} Bestsellers. Bestsellers. Free airmail shipping. Top sellers. Reorder discount.`).get('affiliate-template')).toBe(3);
    expect(act('Garden chairs. Price: $90. Add to cart. Bestsellers. Free airmail shipping.').has('affiliate-template')).toBe(false);
  });
});
