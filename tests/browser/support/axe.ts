/**
 * axe-core on a page (WCAG 2.x A/AA plus best practices). Extension pages forbid inline scripts
 * (CSP), so axe goes in through the DevTools protocol (page.evaluate).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

/** Runs axe on the page (WCAG 2.x A/AA plus best practices); returns the violations. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  // Extension pages forbid inline scripts (CSP), so axe goes in through the DevTools protocol.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[]; passes: unknown[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return {
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      })),
      passes: r.passes.length,
    };
  });
  expect(result.passes, 'axe ran its checks').toBeGreaterThan(10);
  return result.violations;
}
