import { browser } from 'wxt/browser';

/** browser.i18n.getMessage, falling back to the key so a missing string is visible in tests. */
export function translate(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key as never, substitutions as never) || key;
}

/** Sets <html lang> and dir from the UI language the browser chose for the extension. */
export function applyDocumentLanguage(): void {
  const lang = browser.i18n.getMessage('@@ui_locale' as never).replace('_', '-') || 'en';
  document.documentElement.lang = lang;
  document.documentElement.dir = browser.i18n.getMessage('@@bidi_dir' as never) || 'ltr';
}
