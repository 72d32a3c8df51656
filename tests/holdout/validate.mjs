#!/usr/bin/env node
// Structural check of the held-out corpus. It does NOT run the engine.
//   node tests/holdout/validate.mjs             -> checks, prints counts
//   node tests/holdout/validate.mjs --markdown  -> also prints the count tables for README.md
// Optional: RXRADAR_AUTHORITY_DOMAINS=/path/authority-domains.json to check that no
// danger/caution page uses a domain named by the FDA/DEA (positives must be invented).
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const LEVELS = ['danger', 'caution', 'none'];
const KEYS = ['url', 'file', 'expected', 'category', 'note'];
const errors = [];
const err = (m) => errors.push(m);

const lines = readFileSync(join(here, 'corpus.jsonl'), 'utf8').split('\n');
if (lines.at(-1) === '') lines.pop();
const entries = [];
lines.forEach((line, i) => {
  const n = i + 1;
  let o;
  try {
    o = JSON.parse(line);
  } catch (e) {
    err(`line ${n}: not JSON (${e.message})`);
    return;
  }
  for (const k of KEYS) if (typeof o[k] !== 'string' || !o[k].trim()) err(`line ${n}: missing/empty "${k}"`);
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) err(`line ${n}: unexpected key "${k}"`);
  if (!LEVELS.includes(o.expected)) err(`line ${n}: expected must be one of ${LEVELS.join('|')}`);
  try {
    const u = new URL(o.url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') err(`line ${n}: URL scheme ${u.protocol}`);
    if (!u.hostname.includes('.')) err(`line ${n}: URL host without a dot`);
  } catch {
    err(`line ${n}: URL does not parse: ${o.url}`);
  }
  if (typeof o.note === 'string' && o.note.includes('\n')) err(`line ${n}: note must be one line`);
  if (typeof o.file === 'string') {
    const p = join(here, o.file);
    if (!o.file.startsWith('pages/') || !existsSync(p)) err(`line ${n}: file missing: ${o.file}`);
    else {
      const size = statSync(p).size;
      if (size < 900 || size > 40 * 1024) err(`line ${n}: ${o.file} is ${size} bytes (want ~1-40 KB)`);
      const html = readFileSync(p, 'utf8');
      // self-contained: nothing the browser would fetch
      const ext = [
        [/<(img|script|iframe|embed|source|video|audio|input)\b[^>]*\ssrc\s*=/i, 'src='],
        [/<link\b[^>]*\shref\s*=/i, '<link href>'],
        [/url\s*\(/i, 'CSS url()'],
        [/@import/i, '@import'],
        [/\ssrcset\s*=/i, 'srcset'],
        [/<object\b/i, '<object>'],
      ];
      for (const [re, what] of ext) if (re.test(html)) err(`line ${n}: ${o.file} loads an external resource (${what})`);
      if (!/<title>[^<]+<\/title>/i.test(html)) err(`line ${n}: ${o.file} has no <title>`);
    }
  }
  entries.push(o);
});

const dup = (key) => {
  const seen = new Set();
  for (const e of entries) {
    if (seen.has(e[key])) err(`duplicate ${key}: ${e[key]}`);
    seen.add(e[key]);
  }
};
dup('url');
dup('file');

const listed = new Set(entries.map((e) => e.file));
for (const f of readdirSync(join(here, 'pages'))) if (!listed.has(`pages/${f}`)) err(`pages/${f} is not in corpus.jsonl`);

const authPath = process.env.RXRADAR_AUTHORITY_DOMAINS;
if (authPath) {
  const auth = new Set(JSON.parse(readFileSync(authPath, 'utf8')).domains.map((d) => d.domain.toLowerCase()));
  for (const e of entries) {
    if (e.expected === 'none') continue;
    const h = new URL(e.url).hostname.toLowerCase();
    for (const d of auth) if (h === d || h.endsWith(`.${d}`)) err(`${e.file}: positive uses authority-named domain ${d}`);
  }
}

const byLevel = Object.fromEntries(LEVELS.map((l) => [l, 0]));
const byCat = new Map();
for (const e of entries) {
  byLevel[e.expected] = (byLevel[e.expected] ?? 0) + 1;
  const k = `${e.expected}\t${e.category}`;
  byCat.set(k, (byCat.get(k) ?? 0) + 1);
}

console.log(`entries: ${entries.length}`);
for (const l of LEVELS) console.log(`  ${l}: ${byLevel[l]}`);
if (process.argv.includes('--markdown')) {
  console.log('\n| level | pages |\n|---|---|');
  for (const l of LEVELS) console.log(`| ${l} | ${byLevel[l]} |`);
  console.log(`| **total** | **${entries.length}** |`);
  console.log('\n| level | category | pages |\n|---|---|---|');
  for (const l of LEVELS) for (const [k, v] of [...byCat].filter(([k]) => k.startsWith(`${l}\t`)).sort()) console.log(`| ${l} | ${k.split('\t')[1]} | ${v} |`);
}
if (errors.length) {
  console.error(`\n${errors.length} problem(s):`);
  for (const m of errors) console.error(`  - ${m}`);
  process.exit(1);
}
console.log('OK');
