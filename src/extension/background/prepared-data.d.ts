/** Made at build time by scripts/build/prepared-data-plugin.ts. */
declare module 'virtual:rxradar-prepared-data' {
  import type { PreparedEngineData } from '../../core/engine';
  export const preparedData: PreparedEngineData;
  /** Extension path of the packed community list (a PackedHostTable file). */
  export const COMMUNITY_TABLE_PATH: string;
}
