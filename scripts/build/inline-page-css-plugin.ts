/**
 * Build step (a Vite plugin, used by wxt.config.ts): each extension page (popup, warning page,
 * options, report) gets its own style sheet inline, in a <style> in its <head>, instead of a
 * <link> to a separate file. Fetching an extension's file goes through the browser process: the
 * popup's first paint waited about 20 ms for its 3 KB of CSS (measured against the same page with
 * the sheet inline). The pages' content security policy restricts scripts, not styles.
 *
 * The sheet's file is then left out of the package when no page links it any more.
 */
import type { Plugin } from 'vite';

/** `<link rel="stylesheet" ... href="/assets/x.css">` as Vite writes it into a built page. */
const STYLESHEET_LINK = /<link rel="stylesheet"(?: crossorigin)? href="\/?([^"]+\.css)">/g;

export function inlinePageCssPlugin(): Plugin {
  const inlined = new Set<string>();
  const stillLinked = new Set<string>();
  return {
    name: 'rxradar-inline-page-css',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        return html.replace(STYLESHEET_LINK, (tag: string, file: string) => {
          const asset = bundle[file];
          if (asset?.type !== 'asset' || typeof asset.source !== 'string' || asset.source.includes('</')) {
            stillLinked.add(file);
            return tag;
          }
          inlined.add(file);
          return `<style>${asset.source}</style>`;
        });
      },
    },
    generateBundle(_options, bundle) {
      for (const file of inlined) if (!stillLinked.has(file)) delete bundle[file];
    },
  };
}
