import type { Level } from '../core/verdict';

/**
 * The toolbar badge contract (browser tests rely on it): danger → "!" on red, caution → "?" on
 * amber, none → empty. The title says the verdict in words.
 */
export interface Badge {
  text: '' | '!' | '?';
  color: string;
  title: string;
}

export const BADGE_RED = '#C62828';
export const BADGE_AMBER = '#F2A900';
export const BADGE_NEUTRAL = '#5F6368';

export type Translate = (key: string, substitutions?: string | string[]) => string;

export function badgeFor(level: Level | 'unchecked', host: string, t: Translate): Badge {
  switch (level) {
    case 'danger':
      return { text: '!', color: BADGE_RED, title: t('badgeDanger', host) };
    case 'caution':
      return { text: '?', color: BADGE_AMBER, title: t('badgeCaution', host) };
    case 'none':
      return { text: '', color: BADGE_NEUTRAL, title: host ? t('badgeNone', host) : t('badgeUnchecked') };
    default:
      return { text: '', color: BADGE_NEUTRAL, title: t('badgeUnchecked') };
  }
}
