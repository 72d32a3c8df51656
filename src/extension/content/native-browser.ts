/**
 * `wxt/browser` for the content script build only (see the vite:build:extendConfig hook in
 * wxt.config.ts): the browser's own extension API object instead of the ~10 KB WebExtension
 * polyfill. The content script runs on every page, so its size matters, and the calls it makes
 * (runtime.sendMessage, runtime.onMessage, runtime.id, i18n.getMessage) return promises or values
 * natively in Chrome MV3 and Firefox alike. Background, popup and options keep the polyfill.
 */
import type { browser as polyfilled } from 'wxt/browser';

type Api = typeof polyfilled;
const g = globalThis as unknown as { browser?: Api; chrome: Api };

export const browser: Api = g.browser?.runtime?.id ? g.browser : g.chrome;
