import { browser } from 'wxt/browser';

/** browser.i18n.getMessage, falling back to the key so a missing string is visible in tests. */
export function translate(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key as never, substitutions as never) || key;
}

/** The languages in public/_locales; messages in any other UI language fall back to English (default_locale). */
const MESSAGE_LOCALES = ['en', 'es', 'hi'];

/**
 * The language the extension's messages are shown in. Not `@@ui_locale` alone: Chromium on Linux
 * reports "en_US" there even when it shows the Spanish or Hindi messages.
 */
export function messagesLanguage(): string {
  for (const candidate of [browser.i18n.getUILanguage?.(), browser.i18n.getMessage('@@ui_locale' as never)]) {
    const base = (candidate ?? '').split(/[-_]/)[0]!.toLowerCase();
    if (MESSAGE_LOCALES.includes(base)) return base;
  }
  return 'en';
}

/** Sets <html lang> and dir from the language the extension's messages are shown in. */
export function applyDocumentLanguage(): void {
  document.documentElement.lang = messagesLanguage();
  document.documentElement.dir = browser.i18n.getMessage('@@bidi_dir' as never) || 'ltr';
}
