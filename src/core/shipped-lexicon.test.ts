/**
 * DATA tests: what the shipped data (src/data: the lexicon's drug names in every language, the
 * phrase files, the weights) lets the engine and its scanner recognise on real-world pages: Spanish, Russian,
 * Hindi, Vietnamese, German, French, Italian, Portuguese and Turkish sellers and warnings, local
 * brand names, inflected names. They run on the shipped engine (testEngine), so editing the data
 * may break them, on purpose: a failure here says the data lost something it knew (or that a
 * test needs its page updated to the new data). How the engine's rules combine signals is tested
 * on a small fixture lexicon in analyze-page.test.ts and text/scan-text.test.ts, which data edits
 * cannot break.
 */
import { describe, expect, it } from 'vitest';
import { hitReader, structureWith } from '../../tests/support/engine-helpers';
import { bundledLexicon, testEngine } from '../../tests/support/test-engine';
import type { PageStructure } from './analyze-page';
import { H_HOMOGLYPH, H_MARKS, scanText } from './text/scan-text';
import type { Verdict } from './verdict';

const engine = testEngine();
const analyse = (text: string, url = 'https://shop.example-store.com/', links: string[] = []): Verdict => engine.analyzePage({ url, text, links });
const ids = (v: Verdict) => v.reasons.map((r) => r.id);
const reason = (v: Verdict, id: string) => v.reasons.find((r) => r.id === id);

const { compiled } = bundledLexicon();
/** Scanner hits as "kind:ref" with the exact text. */
const { found, keys } = hitReader(compiled);

describe('shipped lexicon: Spanish and English wordings', () => {
  it('Spanish rogue pages are recognised', () => {
    const v = analyse('Comprar oxicodona sin receta médica. Envío discreto. Pago con Bitcoin. Precio: 120 €', 'https://farmacia.example.es/');
    expect(v.level).toBe('danger');
  });

  it('Spanish: "Sin receta (OTC)" as a menu label is no claim', () => {
    const v = analyse('Farmacia Guadalajara\nMedicamentos\nSin receta (OTC)\nCon receta\nDermocosmética\nParacetamol 500 mg $35.00 Agregar al carrito');
    expect(ids(v)).not.toContain('no-prescription');
    const claim = analyse('Tramadol 50 mg sin receta, envío discreto. Precio $35.00');
    expect(ids(claim)).toContain('no-prescription');
  });

  it('English spam wording of the classic affiliate template', () => {
    const v = analyse(
      "Valium, Xanax, Ambien without a doctor's visit. No physical exam necessary. Shipped in plain packaging. Payment: Bitcoin, USDT. $3 per 10mg",
    );
    expect(ids(v)).toEqual(expect.arrayContaining(['no-prescription', 'stealth-shipping', 'crypto-payment']));
  });
});

describe('shipped lexicon: a shop and a warning in each language', () => {
  it.each([
    ['pt', 'Comprar Tramadol 50mg sem receita. Envio discreto. Pagamento em Bitcoin. Preço: R$ 189,90. Adicionar ao carrinho'],
    ['fr', 'Acheter Tramadol 50mg sans ordonnance. Livraison discrète. Paiement en bitcoin. Prix : 79,00 €. Ajouter au panier'],
    ['de', 'Tramadol 50mg ohne Rezept kaufen. Diskreter Versand. Zahlung mit Bitcoin. Preis: 79,00 €. In den Warenkorb'],
    ['it', 'Acquista Tramadol 50mg senza ricetta. Spedizione discreta. Pagamento in bitcoin. Prezzo: € 69,00. Aggiungi al carrello'],
    ['ru', 'Купить Трамадол Tramadol 50mg без рецепта. Анонимная доставка. Оплата биткоином. Цена: 2 490 ₽. В корзину'],
    ['hi', 'Tramadol 50mg बिना पर्चे के खरीदें। गुप्त डिलीवरी। बिटकॉइन से भुगतान। कीमत: ₹ 450. कार्ट में जोड़ें'],
    ['tr', 'Tramadol 50mg reçetesiz satış. Gizli kargo. Bitcoin ile ödeme. Fiyat: 1.450 TL. Sepete ekle'],
    ['vi', 'Tramadol 50mg không cần đơn thuốc. Giao hàng kín đáo. Thanh toán bằng bitcoin. Giá bán: 350.000₫. Thêm vào giỏ hàng'],
  ])('a %s shop selling a controlled drug without a prescription is danger', (_lang, text) => {
    const v = analyse(text);
    expect(ids(v)).toEqual(expect.arrayContaining(['controlled-drug-offer', 'no-prescription', 'stealth-shipping', 'crypto-payment']));
    expect(v.level).toBe('danger');
  });

  it.each([
    ['pt', 'Vender Tramadol sem receita é ilegal. Nunca compre remédios sem receita em sites desconhecidos.'],
    ['fr', 'Acheter du Tramadol sans ordonnance sur internet est illégal et dangereux.'],
    ['de', 'Vorsicht: Tramadol ohne Rezept aus dem Internet ist oft gefälscht.'],
    ['it', 'Attenzione: il Tramadol venduto senza ricetta online è illegale.'],
    ['ru', 'Трамадол без рецепта в интернете продают мошенники, это незаконно.'],
    ['hi', 'बिना पर्चे के ट्रामाडोल खरीदना अवैध और खतरनाक है।'],
    ['tr', 'Tramadol reçetesiz satış yasadışı ve tehlikelidir.'],
    ['vi', 'Cảnh báo: bán Tramadol không cần đơn thuốc là bất hợp pháp.'],
  ])('a %s warning that mentions buying without a prescription is no claim', (_lang, text) => {
    expect(ids(analyse(text))).not.toContain('no-prescription');
  });
});

describe('shipped lexicon: Russian, Hindi and Vietnamese sellers (issue 9)', () => {
  it('Russian: a drug named only in Cyrillic, priced in roubles, shipped under a false label is danger', () => {
    const v = analyse('Клоназепам 2 мг №30 — 3 100 ₽. Без рецепта. В накладной указываем «косметика».');
    expect(reason(v, 'controlled-drug-offer')!.evidence).toContain('Клоназепам');
    expect(ids(v)).toEqual(expect.arrayContaining(['no-prescription', 'stealth-shipping']));
    expect(v.level).toBe('danger');
  });

  it('Russian: a name in the genitive is the drug ("упаковка трамадола"); a "codeine-free" syrup offers no codeine', () => {
    expect(reason(analyse('Упаковка трамадола 100 мг №20 — 2 500 ₽'), 'controlled-drug-offer')!.evidence).toContain('трамадола');
    expect(ids(analyse('Сироп от кашля без кодеина, 200 мл — 350 ₽. В корзину'))).not.toContain('controlled-drug-offer');
  });

  it('Russian: a dead-drop shop (клады) with a coin list is danger', () => {
    const v = analyse('Меф кристалл 1г — 2 900₽. Моментальные клады по городу, перезаклад по фото. Оплата BTC.');
    expect(ids(v)).toEqual(expect.arrayContaining(['controlled-drug-offer', 'dealer-language', 'crypto-payment']));
    expect(v.level).toBe('danger');
  });

  it('Russian: a price with its unit written on ("2900р") is a buying cue next to a disguised name', () => {
    const v = analyse('Тр@мадол 100 №20 — 2900р, писать в Telegram');
    expect(ids(v)).toEqual(expect.arrayContaining(['obfuscated-drug-name', 'controlled-drug-offer']));
  });

  it('Hindi: "prescription not needed", secret packing and gift-card payment on a priced strip is danger', () => {
    const v = analyse('Zolpidem 10mg — ₹1,200 प्रति स्ट्रिप ✔ प्रिस्क्रिप्शन नहीं चाहिए ✔ गुप्त पैकिंग ✔ गिफ़्ट कार्ड से पेमेंट');
    expect(ids(v)).toEqual(expect.arrayContaining(['controlled-drug-offer', 'no-prescription', 'stealth-shipping', 'untraceable-payment']));
    expect(v.level).toBe('danger');
  });

  it('Vietnamese: prices in "tr", scratch-card payment and "text only, no calls" add up', () => {
    const v = analyse('Xanax 1mg — 30 viên 1tr8. Thanh toán bằng thẻ cào Viettel. Không nghe máy, chỉ nhắn tin. Giao kín đáo.');
    expect(ids(v)).toEqual(expect.arrayContaining(['controlled-drug-offer', 'untraceable-payment', 'dealer-language', 'stealth-shipping']));
    expect(v.level).toBe('danger');
  });

  it('Vietnamese: no medical checks: a prescription medicine sold with "no tests needed" adds up to danger', () => {
    const v = analyse('Roaccutane 20mg hộp 30 viên 450.000₫. Thêm vào giỏ hàng. Không cần đơn. Không cần xét nghiệm máu.');
    expect(reason(v, 'no-medical-checks')!.evidence).toContain('Không cần xét nghiệm máu');
    expect(v.level).toBe('danger');
  });

  it('Vietnamese: no medical checks: said of no prescription medicine, or in a warning, it is no claim', () => {
    expect(ids(analyse('Bộ kit thử đường huyết tại nhà 120.000₫ – không cần xét nghiệm máu ở phòng khám'))).not.toContain('no-medical-checks');
    expect(ids(analyse('Cảnh báo: mua Roaccutane 450.000₫ không cần xét nghiệm là nguy hiểm.'))).not.toContain('no-medical-checks');
  });

  it('Hindi: a trust phrase inside a risk claim is part of the claim: "no drug licence needed" is no licence', () => {
    const v = analyse('Tramadol 100mg ₹900 प्रति स्ट्रिप। ड्रग लाइसेंस की ज़रूरत नहीं, बिना बिल सप्लाई।');
    expect(ids(v)).toContain('dealer-language');
    expect(ids(v)).not.toContain('licensed-pharmacist');
    expect(ids(analyse('श्री मेडिकल स्टोर, ड्रग लाइसेंस नं. 20B-1234, Tramadol केवल पर्चे पर'))).toContain('licensed-pharmacist');
  });

  it('Vietnamese: a hospital page on dependence that describes buying without a prescription stays quiet', () => {
    const v = analyse(
      'Khoa Sức khỏe Tâm thần. Lệ thuộc thuốc ngủ và thuốc giảm đau: nhiều người dùng Xanax, tramadol kéo dài.\nDấu hiệu: hội chứng cai khi ngưng; mua thuốc không cần đơn qua mạng.\nĐiều trị: giảm liều từ từ, tư vấn tâm lý.',
      'https://benhvien.example.vn/',
    );
    expect(v.level).toBe('none');
  });
});

describe('shipped lexicon: German, Spanish, French, Italian, Portuguese and Turkish markets (issue 9)', () => {
  const structure = structureWith;
  const page = (text: string, s?: PageStructure, url = 'https://shop.example-store.com/') => engine.analyzePage({ url, text, structure: s });

  it('coin tickers in a payment line are crypto payment', () => {
    const v = page('Tramadol 100 mg – 20 Stück 80 €. Bezahlung: Überweisung, XMR oder Monero.');
    expect(reason(v, 'crypto-payment')!.evidence).toEqual(expect.arrayContaining(['XMR', 'Monero']));
  });

  it('"no prescription is required" is a claim, not a prescription requirement, in Spanish, German and Portuguese', () => {
    for (const text of [
      'Finasterida 1 mg 28 comprimidos 19 €. No se requiere receta previa.',
      'Finasterid 1 mg 28 Tabletten 19 €. Kein vorheriges Rezept erforderlich.',
      'Finasterida 1 mg 28 comprimidos R$ 49. Não é necessária receita prévia.',
    ]) {
      const v = page(text);
      expect(ids(v), text).toContain('no-prescription');
      expect(ids(v), text).not.toContain('prescription-required');
    }
  });

  it('local brand names are offers of the medicine they name', () => {
    const v = page('Skenan LP 30 mg, Substitol 200 mg et Venvanse 50 mg – 8 € la gélule, envoi par lettre suivie. Paiement Paysafecard.');
    expect(reason(v, 'controlled-drug-offer')!.evidence).toEqual(expect.arrayContaining(['Skenan', 'Substitol']));
    expect(ids(v)).toContain('untraceable-payment');
  });

  it('Italian and Turkish classified ads with messenger-only contact are danger', () => {
    expect(page('Vendo Tavor 2,5 mg e Xanax 0,5 mg, 15 € a scatola. Niente ricetta. Solo su WhatsApp, spedisco in busta anonima.').level).toBe('danger');
    expect(page('Wegovy kalem, kutusu açılmadı, 4.200 TL. Reçete gerekmez. Ödeme Papara. Sadece WhatsApp: 0555 111 22 33').level).toBe('danger');
  });

  it('a harm-reduction service handing out naloxone "sans ordonnance" stays quiet', () => {
    const v = page(
      'Notre CAARUD accueille les usagers de drogues sans jugement. Matériel stérile, dépistage, orientation vers un traitement de substitution. ' +
        "En cas de surdose d'héroïne ou de méthadone, la naloxone sauve des vies. Kits remis gratuitement sans ordonnance.",
    );
    expect(v.level).toBe('none');
  });

  it('a Brazilian pharmacy that retains the controlled-drug prescription form is not flagged', () => {
    const v = page(
      'Clonazepam 2 mg 30 comprimidos R$ 21,90 Adicionar ao carrinho. Medicamento tarja preta: a venda exige a Notificação de Receita, ' +
        'retida pelo farmacêutico responsável. Pedidos sem receita válida são cancelados.',
      structure({ cartControls: 1, products: ['Clonazepam 2 mg 30 comprimidos R$ 21,90'] }),
    );
    expect(v.level).toBe('none');
  });

  it('a consumer warning about fake pharmacies in German is not a pharmacy', () => {
    const v = page(
      'Fake-Apotheken im Netz: Online-Betrug mit Abnehmspritzen. Betroffene berichten von Shops, die Ozempic ohne Rezept anbieten und nur Paysafecard nehmen. ' +
        'Was tun, wenn Sie schon bezahlt haben? Anzeige erstatten und die Bank informieren. Mehr zu Internetbetrug auf unserer Seite.',
    );
    expect(v.level).toBe('none');
  });
});

describe('shipped lexicon: "don\'t" lists and clinic pages (issue 9, burned blind pages)', () => {
  it('a consumer checklist whose cross-marked items quote what fake shops say is advice, not an offer', () => {
    const v = analyse(
      'So erkennen Sie unseriöse Anbieter. ✅ Impressum mit Apotheker ✅ Rezeptpflichtiges nur gegen Rezept\n❌ „Oxycodon ohne Rezept“, „Xanax sofort lieferbar“\n❌ Zahlung nur per Paysafecard\nHaben Sie bei einem Fake-Shop bestellt? Wenden Sie sich an Ihre Bank und erstatten Sie Anzeige.',
      'https://verbraucher.example.de/medikamente-online',
    );
    expect(v.level).toBe('none');
  });

  it('a hospital pain-clinic page in Hindi with a "don\'t" list and OPD hours is not a shop', () => {
    const v = analyse(
      'दर्द निवारक दवाओं का सुरक्षित उपयोग। ट्रामाडोल डॉक्टर द्वारा बताई ख़ुराक में ही लें।\n✘ बिना पर्चे ऑनलाइन न मँगवाएँ\nOPD: सोमवार, अपॉइंटमेंट: 0522-000-0000',
      'https://hospital.example.in/pain-clinic',
    );
    expect(v.level).toBe('none');
  });
});

describe('shipped lexicon: the scanner reads the names and phrases the data lists', () => {
  it('recognises listed misspellings', () => {
    for (const word of ['xanex', 'zanax', 'adderal', 'percoset']) {
      const hit = found(`buy ${word}`).find((h) => h.key.startsWith('drug:'));
      expect(hit?.variant, word).toBe('misspelling');
    }
  });

  it('reads correct local spellings as names, not misspellings', () => {
    // German Oxycodon, Morphin, Methadon; Italian and Portuguese fentanil; German Semaglutid.
    for (const [word, drug] of [
      ['Oxycodon', 'oxycodone'],
      ['Morphin', 'morphine'],
      ['Methadon', 'methadone'],
      ['fentanil', 'fentanyl'],
      ['Semaglutid', 'semaglutide'],
    ]) {
      const hit = found(`kaufen ${word}`).find((h) => h.key === `drug:${drug}`);
      expect(hit?.variant, word).toBe('name');
    }
  });

  it('does not flag all-Cyrillic words or ordinary text as homoglyph tricks', () => {
    expect(found('Москва аптека').some((h) => h.flags & H_HOMOGLYPH)).toBe(false);
    expect(keys('The oxygen bar opened on Main Street')).not.toContain('drug:oxycodone');
  });

  it('reads a Spanish claim in a warning sentence as negated', () => {
    expect(keys('Cualquier web que ofrezca medicamentos sin receta es ilegal.')).not.toContain('risk:no-prescription');
  });

  it('recognises Spanish core phrases', () => {
    expect(keys('Compra oxicodona sin receta médica')).toEqual(expect.arrayContaining(['risk:no-prescription', 'drug:oxycodone']));
    expect(keys('Envío discreto a toda España')).toContain('risk:stealth-shipping');
    expect(keys('Pago con Bitcoin')).toContain('risk:crypto-payment');
  });

  it('finds nitazenes', () => {
    expect(keys('isotonitazene powder')).toContain('chemical:isotonitazene');
    expect(keys('sold as N-pyrrolidino etonitazene')).toContain('chemical:etonitazepyne');
    expect(keys('xylazine hcl powder, tranq')).toEqual(['chemical:xylazine', 'chemical:xylazine']);
  });

  it('does not take decomposed accents for obfuscation', () => {
    const hit = found('Compra oxicodona sin rece\u0301ta').find((h) => h.key === 'risk:no-prescription');
    expect(hit).toBeDefined();
    expect(hit!.flags & H_MARKS).toBe(0);
  });

  it('reads Cyrillic and Devanagari words as words', () => {
    expect(keys('Трамадол без рецепта')).toContain('risk:no-prescription');
    expect(keys('बिना पर्चे के दवा खरीदें')).toContain('risk:no-prescription');
    expect(keys('không cần đơn thuốc')).toContain('risk:no-prescription');
  });

  it('a negation inside the claim itself is part of it; one outside it negates', () => {
    expect(keys('Рецепт не нужен! Быстрая доставка')).toContain('risk:no-prescription');
    expect(keys('Мы не продаём лекарства без рецепта.')).not.toContain('risk:no-prescription');
    expect(keys('Không cần đơn thuốc, giao hàng nhanh')).toContain('risk:no-prescription');
    expect(keys('Cảnh báo: thuốc bán không cần đơn thuốc trên mạng')).not.toContain('risk:no-prescription');
    // Ordinary words of one language are not negators in another: "pas cher" is "cheap".
    expect(keys('Tramadol pas cher, sans ordonnance')).toContain('risk:no-prescription');
  });

  it('a cross mark heads a "don\'t" item: its claims are negated; a tick mark\'s are not', () => {
    expect(keys('❌ „Viagra ohne Rezept“, „Tilidin ohne Arzt“')).not.toContain('risk:no-prescription');
    expect(keys('✘ न करें · ऑनलाइन/WhatsApp से बिना पर्चे न मँगवाएँ')).not.toContain('risk:no-prescription');
    expect(keys('✅ Viagra ohne Rezept ✅ diskreter Versand')).toContain('risk:no-prescription');
    expect(keys('❌ Never buy from shops like these ✅ Tramadol without prescription')).toContain('risk:no-prescription');
  });

  it('a check-list mark starts a statement of its own: the negation of one item does not cancel the next', () => {
    const r = scanText('✔ प्रिस्क्रिप्शन नहीं चाहिए ✔ पेट खराब नहीं होता', compiled);
    expect(r.hits.some((h) => compiled.entries[h.entry]!.ref === 'no-prescription')).toBe(true);
    expect(keys('✅ Рецепт не нужен ✅ Никогда не опаздываем')).toContain('risk:no-prescription');
    // Within one statement a warning word still negates the claim.
    expect(keys('✔ Никогда не покупайте без рецепта')).not.toContain('risk:no-prescription');
  });

  it('a Devanagari danda ends a sentence', () => {
    const r = scanText('नकली दवा खतरनाक है। बिना पर्चे के दवा खरीदें', compiled);
    expect(r.hits.some((h) => compiled.entries[h.entry]!.ref === 'no-prescription')).toBe(true);
  });
});
