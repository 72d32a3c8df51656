import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';

/** Firefox add-on ID (also in the README, for policies.json). */
export const GECKO_ID = 'rxradar@rxradar.org';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  zip: {
    // The sources zip (for Firefox review) holds the project, not local output or test artefacts.
    excludeSources: ['test-results/**', 'tmp-eval/**', 'coverage/**', '.output/**'],
  },
  hooks: {
    // The content script runs on every page: it uses the browser's native API object instead of
    // the WebExtension polyfill (see src/extension/content/native-browser.ts).
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      const shim = fileURLToPath(new URL('./src/extension/content/native-browser.ts', import.meta.url));
      const existing = config.resolve?.alias;
      const list = Array.isArray(existing) ? existing : Object.entries(existing ?? {}).map(([find, replacement]) => ({ find, replacement: String(replacement) }));
      config.resolve = { ...config.resolve, alias: [{ find: /^wxt\/browser$/, replacement: shim }, ...list] };
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    icons: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png', 48: 'icons/icon-48.png', 96: 'icons/icon-96.png', 128: 'icons/icon-128.png' },
    action: { default_title: '__MSG_extName__', default_icon: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png' } },
    permissions: ['storage', 'tabs', 'webNavigation'],
    host_permissions: ['http://*/*', 'https://*/*'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
