/** Styles of the in-page warning (inside its shadow root, so the page's CSS cannot reach it). */
export const WARNING_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
dialog.warning { position: fixed; inset: 0; width: 100vw; height: 100vh; max-width: none; max-height: none; margin: 0; padding: 24px;
  border: 0; background: #fff8f6; color: #1f1f1f; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Devanagari", sans-serif;
  overflow: auto; display: flex; align-items: flex-start; justify-content: center; }
dialog.warning::backdrop { background: #fff8f6; }
.box { max-width: 640px; width: 100%; margin-top: 6vh; background: #fff; border: 1px solid #e6c9c4; border-top: 8px solid #b3261e;
  border-radius: 12px; padding: 28px 32px; box-shadow: 0 8px 32px rgba(60, 0, 0, 0.12); }
.brand { margin: 0 0 8px; font-size: 13px; font-weight: 700; letter-spacing: .06em; text-transform: uppercase; color: #8c1d18; }
h1 { margin: 0 0 12px; font-size: 26px; line-height: 1.25; color: #8c1d18; }
h2 { margin: 20px 0 8px; font-size: 16px; }
.lead { margin: 0 0 8px; font-size: 17px; }
.risk { margin: 0; color: #3c3c3c; }
.reasons { margin: 0; padding-left: 20px; }
.reasons li { margin: 6px 0; }
.label { font-weight: 600; }
.evidence { display: block; color: #4a4a4a; font-style: italic; overflow-wrap: anywhere; }
a { color: #0b57d0; }
.actions { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; margin-top: 24px; }
button { font: inherit; cursor: pointer; border-radius: 8px; }
button.primary { background: #1a73e8; color: #fff; border: 0; padding: 12px 28px; font-weight: 700; font-size: 17px; }
button.primary:hover { background: #1765cc; }
button.quiet { background: none; border: 0; color: #5f2120; text-decoration: underline; padding: 8px 4px; font-size: 14px; }
button:focus-visible, a:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.help { margin: 20px 0 0; font-size: 14px; color: #3c3c3c; }
.report { margin: 12px 0 0; font-size: 14px; }
button.link { background: none; border: 0; color: #0b57d0; text-decoration: underline; padding: 4px 0; font-size: 14px; }
.banner { display: flex; gap: 12px; align-items: center; justify-content: space-between; padding: 10px 16px; background: #fff4d6;
  border-bottom: 2px solid #b06000; color: #1f1f1f; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Devanagari", sans-serif;
  box-shadow: 0 2px 8px rgba(0,0,0,.15); }
.banner p { margin: 0; }
.banner .hint { color: #4a4a4a; }
.banner .close { background: #fff; border: 1px solid #8a5a00; color: #5c3d00; padding: 6px 14px; }
mark.rx-highlight { background: #ffe082; }
`;
