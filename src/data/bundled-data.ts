/**
 * The data files RxRadar ships, as modules. The community list is plain text and is loaded by
 * each platform (Vite `?raw` import in the extension, the file system in Node): see
 * src/data/load-community-list-node.ts and entrypoints/background.
 */
import drugs from './lexicon/drugs.json';
import chemicals from './lexicon/precursors.json';
import phrasesDe from './lexicon/phrases/de.json';
import phrasesEn from './lexicon/phrases/en.json';
import phrasesEs from './lexicon/phrases/es.json';
import phrasesFr from './lexicon/phrases/fr.json';
import phrasesHi from './lexicon/phrases/hi.json';
import phrasesIt from './lexicon/phrases/it.json';
import phrasesPt from './lexicon/phrases/pt.json';
import phrasesRu from './lexicon/phrases/ru.json';
import phrasesTr from './lexicon/phrases/tr.json';
import phrasesVi from './lexicon/phrases/vi.json';
import authority from './lists/authority.json';
import knownPharmacies from './lists/known-pharmacies.json';
import weights from './scoring/weights.json';

/** One phrase file per language (src/data/lexicon/phrases/<lang>.json). */
export const PHRASE_FILES = [phrasesDe, phrasesEn, phrasesEs, phrasesFr, phrasesHi, phrasesIt, phrasesPt, phrasesRu, phrasesTr, phrasesVi];

export const bundledData = { drugs, chemicals, phrases: PHRASE_FILES, authority, knownPharmacies, weights };

export { COMMUNITY_LIST_META } from './community-list-meta';
