/**
 * WXT's content-script context announces each script's start so that an older copy of the script
 * (left in the page by an extension update) stops: a DOM event on `document` and, unless told not
 * to, a `window.postMessage` whose data names the extension's id. Any script of the page hears a
 * posted message, so every site could tell that RxRadar is installed (and which id it has). The
 * post is turned off here (the DOM event alone stops older copies); RxRadar's content scripts run
 * at document_start, so the DOM event fires before any script of the page exists to hear it.
 *
 * `noScriptStartedPostMessage` is read by WXT 0.21's ContentScriptContext from the definition's
 * options but is not in its published type, hence this typed constant spread into the definitions.
 * tests/browser/warning.browser.test.ts ("no page hears from RxRadar") holds both points.
 */
export const SILENT_START = { noScriptStartedPostMessage: true } as Record<string, unknown>;
