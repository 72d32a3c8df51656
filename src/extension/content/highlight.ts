/**
 * Highlights a Range without touching the page's DOM structure: an outline box drawn in our own
 * shadow root, positioned over the range and scrolled into view.
 */
const TAG = 'rxradar-highlight';

export function highlightRange(doc: Document, range: Range): void {
  doc.querySelectorAll(TAG).forEach((e) => e.remove());
  const target = range.startContainer.parentElement;
  target?.scrollIntoView({ block: 'center', behavior: 'instant' as ScrollBehavior });
  const host = doc.createElement(TAG);
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent =
    ':host{all:initial}.box{position:fixed;border:3px solid #c62828;border-radius:4px;background:rgba(255,213,79,.35);pointer-events:none;z-index:2147483646;box-shadow:0 0 0 4px rgba(198,40,40,.25)}';
  shadow.append(style);
  for (const rect of Array.from(range.getClientRects())) {
    const box = doc.createElement('div');
    box.className = 'box';
    box.style.left = `${rect.left - 3}px`;
    box.style.top = `${rect.top - 3}px`;
    box.style.width = `${rect.width + 6}px`;
    box.style.height = `${rect.height + 6}px`;
    shadow.append(box);
  }
  host.setAttribute('style', 'all:initial!important;position:fixed!important;inset:0!important;pointer-events:none!important;z-index:2147483646!important');
  doc.documentElement.append(host);
  const clear = () => {
    host.remove();
    removeEventListener('scroll', clear);
  };
  setTimeout(() => addEventListener('scroll', clear, { once: true, passive: true }), 300);
  setTimeout(clear, 8000);
}
