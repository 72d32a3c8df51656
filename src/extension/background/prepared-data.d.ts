/** Made at build time by scripts/build/prepared-data-plugin.ts. */
declare module 'virtual:rxradar-prepared-data' {
  import type { PreparedLists } from '../../core/engine';
  export const preparedLists: PreparedLists;
  /** Extension path of the packed community list (a PackedHostTable file). */
  export const COMMUNITY_TABLE_PATH: string;
  /** Extension path of the validated lexicon and the JSON half of its compiled index (core/engine.ts: ShippedLexicon). */
  export const LEXICON_PATH: string;
  /** Extension path of the compiled index's typed arrays (core/lexicon/packed-index.ts). */
  export const LEXICON_INDEX_PATH: string;
}

/** Made at build time by scripts/build/prepared-data-plugin.ts: the official report channels, validated. */
declare module 'virtual:rxradar-report-channels' {
  import type { ReportChannelFile } from '../../reports/report-channels-schema';
  export const reportChannels: ReportChannelFile;
}
