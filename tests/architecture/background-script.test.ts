/**
 * The background script is what a stopped worker parses before it can give a verdict (issue #15),
 * so nothing in it is there twice. Rolldown's constant inlining had copied tldts' 68 KB
 * public-suffix label text into each function that reads it (three copies, 205 KB); the build
 * turns that off for the background (wxt.config.ts). Reads the Chrome and Firefox builds
 * (`npm run build`, before vitest in `npm test`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ts from 'typescript';
import { copyBuild } from '../browser/support/build';

/** String literals at least this long are data; code would not repeat them on purpose. */
const LONG_LITERAL = 4096;

/** Every string literal and template literal without substitutions of at least `min` characters, by its text. */
export function longLiterals(code: string, min: number): Map<string, number> {
  const counts = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text.length >= min)
      counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('bundle.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS));
  return counts;
}

describe('longLiterals', () => {
  it('counts a long literal each time it is written, in any quotes', () => {
    const long = 'x'.repeat(20);
    const code = `var a="${long}";function f(){return \`${long}\`+'${long}'+"short"}`;
    expect([...longLiterals(code, 10)]).toEqual([[long, 3]]);
  });
  it('reads literals as the language does (quotes in regular expressions and templates are not literals)', () => {
    expect([...longLiterals('f("a")+g("b")+/"[^"]*"/.test(`"${x}"`)', 5)]).toEqual([]);
  });
});

describe.each(['chrome', 'firefox'] as const)('background script (%s build)', (browser) => {
  let build: Awaited<ReturnType<typeof copyBuild>>;
  let code: string;
  beforeAll(async () => {
    build = await copyBuild(browser);
    code = readFileSync(join(build.dir, 'background.js'), 'utf8');
  });
  afterAll(() => build?.remove());

  it('holds the public-suffix data (the check below would find it twice)', () => {
    expect([...longLiterals(code, LONG_LITERAL).keys()].some((text) => text.includes('blogspot'))).toBe(true);
  });

  it("asks for the engine's files before the rest of the script is evaluated (src/extension/background/early-data.ts)", () => {
    // The first fetch in the script is the early read, ahead of the public-suffix data and zod.
    const firstFetch = code.indexOf('fetch(');
    const suffixData = [...longLiterals(code, LONG_LITERAL).keys()].find((text) => text.includes('blogspot'))!;
    expect(firstFetch).toBeGreaterThan(0);
    expect(firstFetch).toBeLessThan(code.indexOf(suffixData.slice(0, 200)));
    expect(firstFetch).toBeLessThan(code.indexOf('$ZodType'));
  });

  it('holds no long string literal twice', () => {
    const twice = [...longLiterals(code, LONG_LITERAL)].filter(([, n]) => n > 1).map(([text, n]) => `${n}x ${text.length} chars: ${text.slice(0, 60)}`);
    expect(twice).toEqual([]);
  });
});
