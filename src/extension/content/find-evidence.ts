/**
 * "Show on page": finds evidence text in the page's visible text nodes and returns a Range over
 * it. Matching ignores case, whitespace runs and invisible characters, and works across element
 * boundaries ("Xa<span>nax</span>"), so the exact evidence the engine quoted can be located.
 */
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/;
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'RXRADAR-SHIELD', 'RXRADAR-HIGHLIGHT']);

function normalizeChar(c: string): string {
  return /\s/.test(c) ? ' ' : c.toLowerCase();
}

export function findEvidenceRange(doc: Document, evidence: string): Range | null {
  const needle: string[] = [];
  for (const c of evidence.replace(/\s+/g, ' ').trim()) if (!INVISIBLE.test(c)) needle.push(normalizeChar(c));
  if (needle.length === 0 || !doc.body) return null;

  // Flatten visible text nodes into one normalised character stream with a map back to nodes.
  const chars: string[] = [];
  const nodes: Text[] = [];
  const offsets: number[] = [];
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      let p = node.parentElement;
      while (p) {
        if (SKIP.has(p.tagName)) return NodeFilter.FILTER_REJECT;
        p = p.parentElement;
      }
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  let lastSpace = true;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const data = n.data;
    for (let i = 0; i < data.length; i++) {
      const c = data[i]!;
      if (INVISIBLE.test(c)) continue;
      const nc = normalizeChar(c);
      if (nc === ' ' && lastSpace) continue;
      lastSpace = nc === ' ';
      chars.push(nc);
      nodes.push(n);
      offsets.push(i);
    }
  }
  const hay = chars.join('');
  const at = hay.indexOf(needle.join(''));
  if (at < 0) return null;
  const end = at + needle.length - 1;
  const range = doc.createRange();
  range.setStart(nodes[at]!, offsets[at]!);
  range.setEnd(nodes[end]!, offsets[end]! + 1);
  return range;
}
