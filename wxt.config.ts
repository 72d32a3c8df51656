import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import { inlinePageCssPlugin } from './scripts/build/inline-page-css-plugin';
import { preparedDataPlugin } from './scripts/build/prepared-data-plugin';

/** Firefox add-on ID (also in the README, for policies.json). */
export const GECKO_ID = 'rxradar@rxradar.org';

/**
 * Chrome: the public half of the key that fixes the extension's ID, so browser policy
 * (ExtensionInstallForcelist, 3rdparty settings) can name it: dffcionfnnpjfmpmjjbncllinpbhajig. Only the public key is in
 * the manifest; the ID follows from it.
 */
export const CHROME_EXTENSION_ID = 'dffcionfnnpjfmpmjjbncllinpbhajig';
const CHROME_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAt8FA6yViE05Rv5FgGwezjR7y/a26cuZg3skYzm1TuiY/a0iiegFXA++tOmPBThZ8eL/hfzgl+dWMdhNIpH7bO51xIx1GgKPpPGOKqCcBg4WrINZNYitKsDVnqmDMGVCfbbHHsL61J8RxftPs1s1IzjEM5r2kqlufbDe9BeLwwPabBvrCgXwjrot3nMrDxOWLGw6TkNt+1lFd9VYM77L3fhDw6jEFaOMP9556ox/7XXa7xoSgofLRycRLnf6rBRLzV2Ff/AEXYlkb/Xm+vElNGKWLxZWSs2oxVbyF78OQJHo9/ly75SKugNFwi7LEbqJ4hpVYOBA0Ku2UIjRdi0cYnQIDAQAB';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // The engine's data, prepared at build time in the form the engine uses.
  vite: () => ({ plugins: [preparedDataPlugin(), inlinePageCssPlugin()], build: { sourcemap: process.env.RXRADAR_SOURCEMAP === '1' } }),
  zip: {
    // The sources zip (for Firefox review) holds the project, not local output or test artefacts.
    excludeSources: ['test-results/**', 'tmp-eval/**', 'coverage/**', '.output/**'],
    // The warning-preview page is for the accessibility test of the caution banner: built, so the
    // browser tests can open it, but not shipped in the store packages.
    exclude: ['warning-preview.html', 'chunks/warning-preview-*.js'],
  },
  hooks: {
    // The content script runs on every page: it uses the browser's native API object instead of
    // the WebExtension polyfill (see src/extension/content/native-browser.ts).
    'vite:build:extendConfig': (entrypoints, config) => {
      if (entrypoints.some((e) => e.type === 'background')) {
        // Rolldown's constant inlining copies a module-level string into every function that
        // reads it: tldts's 68 KB public-suffix label text was in background.js three times
        // (205 KB). Elsewhere it is kept: it saves the content script a few bytes.
        config.build = { ...config.build, rolldownOptions: { ...config.build?.rolldownOptions, optimization: { inlineConst: false } } };
      }
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      const shim = fileURLToPath(new URL('./src/extension/content/native-browser.ts', import.meta.url));
      const existing = config.resolve?.alias;
      const list = Array.isArray(existing)
        ? existing
        : Object.entries(existing ?? {}).map(([find, replacement]) => ({ find, replacement: String(replacement) }));
      config.resolve = { ...config.resolve, alias: [{ find: /^wxt\/browser$/, replacement: shim }, ...list] };
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    icons: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png', 48: 'icons/icon-48.png', 96: 'icons/icon-96.png', 128: 'icons/icon-128.png' },
    action: { default_title: '__MSG_extName__', default_icon: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png' } },
    // alarms: feed refresh and report retries. unlimitedStorage: feed lists and queued reports
    // with screenshots can pass storage.local's 10 MB. activeTab: the screenshot of a report.
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'activeTab', 'tabs', 'webNavigation', 'declarativeNetRequestWithHostAccess'],
    // Every web page is checked. <all_urls> rather than http://*/* + https://*/* (the same access
    // and the same install prompt for web pages) because tabs.captureVisibleTab, for a report's
    // screenshot, accepts nothing narrower outside a toolbar click (activeTab).
    host_permissions: ['<all_urls>'],
    // No web_accessible_resources: no site can load, probe (to learn that RxRadar is installed) or
    // frame any page of RxRadar's. Listed sites are stopped by declarativeNetRequest and the
    // background puts RxRadar's page in the tab (tabs.update needs no web access).
    // No site may put RxRadar's pages in a frame (to hide them, or to get a click on them).
    content_security_policy:
      browser === 'firefox'
        ? "script-src 'self'; object-src 'self'; frame-ancestors 'none'"
        : { extension_pages: "script-src 'self'; object-src 'self'; frame-ancestors 'none'" },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '140.0',
              // Nothing leaves the browser unless the user sends a report: then Firefox asks for
              // consent to send the page address (and, with a screenshot, the page's content).
              data_collection_permissions: { required: ['none'], optional: ['browsingActivity', 'websiteContent'] },
            },
          },
        }
      : {
          key: CHROME_PUBLIC_KEY,
          // Browser policy for families and schools (Firefox reads policies.json "3rdparty" instead).
          storage: { managed_schema: 'managed_schema.json' },
        }),
  }),
});
