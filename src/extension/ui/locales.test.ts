/**
 * Lints the UI strings: English, Spanish and Hindi have the same keys and the same $1..$9
 * substitutions, every key the code asks for exists, and every reason the engine can give has a
 * translated label.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SIGNALS } from '../../core/signals/signal-catalog';
import { messageKey } from './reason-text';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const LANGS = ['en', 'es', 'hi'] as const;
const messages = Object.fromEntries(
  LANGS.map((l) => [l, JSON.parse(readFileSync(join(ROOT, 'public/_locales', l, 'messages.json'), 'utf8')) as Record<string, { message: string }>]),
) as Record<(typeof LANGS)[number], Record<string, { message: string }>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('UI strings', () => {
  it('every language has the same keys', () => {
    const en = Object.keys(messages.en).sort();
    for (const l of LANGS) expect(Object.keys(messages[l]).sort(), l).toEqual(en);
  });

  it('substitutions match across languages and no message is empty', () => {
    for (const [key, { message }] of Object.entries(messages.en)) {
      const subs = (m: string) => [...new Set(m.match(/\$[1-9]/g) ?? [])].sort();
      for (const l of LANGS) {
        expect(messages[l][key]!.message.trim(), `${l}:${key}`).not.toBe('');
        expect(subs(messages[l][key]!.message), `${l}:${key}`).toEqual(subs(message));
      }
    }
  });

  it('every key the code asks for exists', () => {
    const used = new Set<string>();
    for (const file of [...sourceFiles(join(ROOT, 'src/extension')), ...sourceFiles(join(ROOT, 'entrypoints'))]) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt(?:ranslate)?\(\s*'([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(40);
    for (const key of used) expect(messages.en, key).toHaveProperty(key);
  });

  it('every signal has a translated label', () => {
    for (const id of Object.keys(SIGNALS)) for (const l of LANGS) expect(messages[l], `${l}:${id}`).toHaveProperty(messageKey(id));
  });
});
