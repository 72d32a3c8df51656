// @vitest-environment node
/**
 * The options page's researcher tools (Chromium), against the real background and the lists it
 * holds in force:
 * - pasted lines mixing a new domain, a URL that becomes its domain, an IP address, a line that is
 *   not a domain, a repeat, a domain on the bundled authority list and a known licensed pharmacy:
 *   each line's result and message, and the counts;
 * - an uploaded CSV (setInputFiles): read by its `domain` column, its `evidence` column kept;
 * - "Make list entries" refuses a missing source next to the field, then makes entries; the
 *   downloaded list file parses with EvidenceListFileSchema and holds exactly the new entries
 *   with the given source; the results CSV has every line, quoted;
 * - at most 500 rows are shown ("and N more"), the filter shows the rest;
 * - what the researcher typed and the results survive the page rendering again (a setting
 *   changed elsewhere on the page), and another section updating itself (a report queued
 *   elsewhere) does not take the focus;
 * - no axe violations with results and entries shown.
 */
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceListFileSchema } from '../../src/core/lists/bulk-input';
import { sampleReport } from '../support/sample-report';
import { screenshotPath } from './support/build';
import type { ChromiumHarness } from './support/chromium';
import { axe } from './support/axe';
import { sendFromPage, statusSays } from './support/family';
import { useChromiumSession } from './support/session';

const AUTHORITY = JSON.parse(readFileSync(new URL('../../src/data/lists/authority.json', import.meta.url), 'utf8')) as { entries: Array<{ entry: string }> };
const KNOWN = JSON.parse(readFileSync(new URL('../../src/data/lists/known-pharmacies.json', import.meta.url), 'utf8')) as {
  pharmacies: Array<{ domain: string }>;
};
const LISTED = AUTHORITY.entries.find((e) => !e.entry.includes('*'))!.entry;
const PHARMACY = KNOWN.pharmacies[0]!.domain;

const NEW_1 = 'rxradar-test-fresh-rogue-pills.com';
const NEW_2 = 'rxradar-test-second-rogue.net';

const PASTE = [
  '# pasted by a researcher', // line 1: skipped
  NEW_1, // 2
  `https://shop.${NEW_2}/oxycodone-30mg?ref=ad`, // 3
  '192.168.0.1', // 4
  'not a domain', // 5
  NEW_1.toUpperCase(), // 6: the same as line 2
  LISTED, // 7
  PHARMACY, // 8
].join('\n');

const SOURCE = 'Test research group: spam-trap survey, November 2026';
const SOURCE_URL = 'https://research.example.org/survey-2026';

describe('researcher tools on the options page (Chromium)', { timeout: 90_000 }, () => {
  const session = useChromiumSession();
  let h: ChromiumHarness;
  let options: Page;
  beforeAll(async () => {
    ({ h } = session);
    options = await h.openOptions();
    await options.locator('#tools-title').waitFor();
  });
  afterAll(async () => {
    await options?.close();
  });

  const rows = () =>
    options.locator('#tools-table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
  const toolsStatus = () => options.locator('#tools-status').textContent();

  async function check() {
    await options.getByRole('button', { name: 'Check', exact: true }).click();
    await expect.poll(toolsStatus, { timeout: 15_000 }).toMatch(/^Lines checked: \d+\. New entries: \d+\.$/);
  }

  async function saveDownload(click: () => Promise<void>): Promise<{ name: string; text: string }> {
    const [download] = (await Promise.all([options.waitForEvent('download'), click()])) as [Download, void];
    const path = await download.path();
    return { name: download.suggestedFilename(), text: readFileSync(path!, 'utf8') };
  }

  it('pasted lines: each line says what it became, with counts', async () => {
    const input = options.getByLabel('Domains or web addresses, one a line (or CSV with a domain column)');
    await input.fill(PASTE);
    await check();
    expect(await toolsStatus()).toBe('Lines checked: 7. New entries: 2.');
    expect(await options.locator('ul.counts li').allTextContents()).toEqual([
      'New: 2',
      'Duplicates: 1',
      'Already listed: 1',
      'Known licensed pharmacies (refused): 1',
      'Invalid: 2',
    ]);
    expect(await options.locator('#tools-results').textContent()).toContain('Read as plain text, one item a line.');
    expect(await options.locator('#tools-table caption').textContent()).toBe('Results, line by line');
    expect(await options.locator('#tools-table thead th').allTextContents()).toEqual(['Line', 'Input', 'Result', 'Details']);
    const r = await rows();
    expect(r.map((row) => row.slice(0, 3))).toEqual([
      ['2', NEW_1, 'New'],
      ['3', `https://shop.${NEW_2}/oxycodone-30mg?ref=ad`, 'New'],
      ['4', '192.168.0.1', 'Invalid: an IP address'],
      ['5', 'not a domain', 'Invalid: not a domain'],
      ['6', NEW_1.toUpperCase(), 'Duplicate'],
      ['7', LISTED, 'Already listed'],
      ['8', PHARMACY, 'Known licensed pharmacy (refused)'],
    ]);
    expect(r.map((row) => row[3])).toEqual([
      `New entry ${NEW_1}`,
      `New entry ${NEW_2}`,
      'an IP address, not a domain',
      'contains spaces: put one domain or URL on each line',
      `Duplicate of line 2 (${NEW_1})`,
      `Listed as ${LISTED} on the U.S. authority list`,
      `${PHARMACY} is a known licensed pharmacy and cannot be listed`,
    ]);
    // Filter: the new ones only, then the rest.
    await options.getByLabel('Show', { exact: true }).selectOption('new');
    expect((await rows()).map((row) => row[0])).toEqual(['2', '3']);
    await options.getByLabel('Show', { exact: true }).selectOption('problems');
    expect((await rows()).map((row) => row[0])).toEqual(['4', '5', '6', '7', '8']);
    await options.getByLabel('Show', { exact: true }).selectOption('all');
    await options.locator('section.tools').screenshot({ path: screenshotPath('options-tools-results') });
  });

  it('the results CSV has every line, quoted where needed', async () => {
    const { name, text } = await saveDownload(() => options.getByRole('button', { name: 'Download results as CSV' }).click());
    expect(name).toMatch(/^rxradar-check-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('line,input,status,entry,message');
    expect(lines).toHaveLength(8);
    expect(lines[1]).toBe(`2,${NEW_1},new,${NEW_1},new entry ${NEW_1}`);
    expect(lines[3]).toBe('4,192.168.0.1,invalid,,"an IP address, not a domain"');
    expect(lines[5]).toBe(`6,${NEW_1.toUpperCase()},duplicate,${NEW_1},duplicate of line 2 (${NEW_1})`);
  });

  it('"Make list entries" says what is missing next to the field, then makes the entries; the list file is in the project format', async () => {
    const exportBox = options.locator('.tools-export-box');
    expect(await exportBox.isVisible()).toBe(true);
    expect(await exportBox.textContent()).toContain('npm run -s cli -- list add');
    expect(await exportBox.textContent()).toContain('npm run -s cli -- list validate');
    // Today is the default date.
    expect(await options.getByLabel('Date of the source').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    await options.getByRole('button', { name: 'Make list entries' }).click();
    const alert = options.locator('#tools-export-problems [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Source: say who names the sites');
    expect(await alert.textContent()).toContain('Source address: must be the http(s) address of the public source.');
    expect(await options.locator('#tools-source').getAttribute('aria-invalid')).toBe('true');
    expect(await options.evaluate(() => document.activeElement?.id)).toBe('tools-source');
    expect(await options.locator('#tools-entries').isVisible()).toBe(false);

    await options.getByLabel('Source', { exact: true }).fill(SOURCE);
    await options.getByLabel('Source address (https://)').fill(SOURCE_URL);
    await options.getByLabel('Confidence').selectOption('corroborated');
    await options.getByLabel('Evidence (optional)').fill('https://archive.example.org/survey-2026\n\nquote: "no prescription needed"');
    await options.getByRole('button', { name: 'Make list entries' }).click();
    await expect.poll(toolsStatus).toBe('List entries made: 2.');
    expect(await options.locator('#tools-export-problems').textContent()).toBe('');
    const entriesText = await options.getByLabel(/^List entries \(one a line/).inputValue();
    const madeEntries = entriesText.split(',\n').map((l) => JSON.parse(l.trim()) as { entry: string; source: string; evidence: string[] });
    expect(madeEntries.map((e) => e.entry)).toEqual([NEW_1, NEW_2]);
    expect(madeEntries[0]!.evidence).toEqual(['https://archive.example.org/survey-2026', 'quote: "no prescription needed"']);
    expect(await options.getByLabel(/^List entries \(one a line/).getAttribute('readonly')).not.toBeNull();

    const { name, text } = await saveDownload(() => options.getByRole('button', { name: 'Download list file' }).click());
    expect(name).toMatch(/^rxradar-list-\d{4}-\d{2}-\d{2}\.json$/);
    const file = EvidenceListFileSchema.parse(JSON.parse(text));
    expect(file.entries.map((e) => e.entry)).toEqual([NEW_1, NEW_2]);
    for (const e of file.entries) {
      expect(e.source).toBe(SOURCE);
      expect(e.sourceUrl).toBe(SOURCE_URL);
      expect(e.confidence).toBe('corroborated');
    }
    expect(file.name).toBe('Researcher list');
    await statusSaysTools(options, `List file downloaded: ${name}`);

    // Copy: the entries as shown.
    await h.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `chrome-extension://${h.extensionId}` }).catch(() => undefined);
    await options.getByRole('button', { name: 'Copy entries' }).click();
    await expect.poll(toolsStatus).toMatch(/^(Entries copied\.|Could not copy: the entries are selected, copy them with Ctrl\+C\.)$/);
    if ((await toolsStatus()) === 'Entries copied.') {
      // Pasted into a scratch box: the clipboard holds the entries as shown.
      await options.evaluate(() => {
        const box = document.createElement('textarea');
        box.id = 'paste-probe';
        document.body.append(box);
        box.focus();
      });
      await options.keyboard.press('Control+V');
      expect(await options.locator('#paste-probe').inputValue()).toBe(entriesText);
      await options.evaluate(() => document.getElementById('paste-probe')?.remove());
    }

    // Changing who says so hides entries made from the old details.
    await options.getByLabel('Source', { exact: true }).fill(`${SOURCE} (revised)`);
    expect(await options.locator('#tools-entries').isVisible()).toBe(false);
    expect(await axe(options)).toEqual([]);
  });

  it('an uploaded CSV is read by its domain column, with its evidence column', async () => {
    const csv = [
      'domain,evidence',
      'rxradar-test-csv-one.com,https://web.archive.org/web/2026/rxradar-test-csv-one.com',
      '"https://www.rxradar-test-csv-two.org/buy-now","seen in spam, twice"',
      `${PHARMACY},`,
      '"broken,',
    ].join('\n');
    await options.getByLabel('Or choose a file (.txt or .csv)').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    expect(await options.locator('#tools-file-note').textContent()).toBe('The file leads.csv is checked instead of the text box.');
    await check();
    expect(await options.locator('#tools-results').textContent()).toContain('Read as CSV, column "domain".');
    const r = await rows();
    expect(r.map((row) => row.slice(0, 3))).toEqual([
      ['2', 'rxradar-test-csv-one.com', 'New'],
      ['3', 'https://www.rxradar-test-csv-two.org/buy-now', 'New'],
      ['4', PHARMACY, 'Known licensed pharmacy (refused)'],
      ['5', 'broken,', 'Invalid: CSV cannot be read'],
    ]);
    expect(r[3]![3]).toMatch(/never closed/);

    await options.getByLabel('Source', { exact: true }).fill(SOURCE);
    await options.getByRole('button', { name: 'Make list entries' }).click();
    await expect.poll(toolsStatus).toBe('List entries made: 2.');
    const { text } = await saveDownload(() => options.getByRole('button', { name: 'Download list file' }).click());
    const file = EvidenceListFileSchema.parse(JSON.parse(text));
    expect(file.entries.map((e) => [e.entry, e.source, e.evidence])).toEqual([
      [
        'rxradar-test-csv-one.com',
        SOURCE,
        ['https://archive.example.org/survey-2026', 'quote: "no prescription needed"', 'https://web.archive.org/web/2026/rxradar-test-csv-one.com'],
      ],
      ['rxradar-test-csv-two.org', SOURCE, ['https://archive.example.org/survey-2026', 'quote: "no prescription needed"', 'seen in spam, twice']],
    ]);

    // Back to the text box.
    await options.getByRole('button', { name: 'Use the text box instead' }).click();
    expect(await options.evaluate(() => (document.getElementById('tools-file') as HTMLInputElement).files?.length)).toBe(0);
    expect(await options.evaluate(() => document.activeElement?.id)).toBe('tools-file');
  });

  it('at most 500 rows are shown, the rest counted; the filter still finds every problem', async () => {
    const many = Array.from({ length: 620 }, (_, i) => `rxradar-test-bulk-${i}.com`);
    many.splice(600, 0, 'not a domain either');
    await options.getByLabel('Domains or web addresses, one a line (or CSV with a domain column)').fill(many.join('\n'));
    await check();
    expect(await toolsStatus()).toBe('Lines checked: 621. New entries: 620.');
    expect(await options.locator('#tools-table tbody tr').count()).toBe(500);
    expect(await options.locator('#tools-results .more').textContent()).toBe('… and 121 more lines (the CSV download has them all).');
    await options.getByLabel('Show', { exact: true }).selectOption('problems');
    expect(await rows()).toEqual([['601', 'not a domain either', 'Invalid: not a domain', 'contains spaces: put one domain or URL on each line']]);
    await options.getByLabel('Show', { exact: true }).selectOption('all');
  });

  it('what the researcher typed survives the page rendering again, and a section updating itself (the report queue) leaves the focus alone', async () => {
    const input = options.locator('#tools-input');
    await input.fill(PASTE);
    await check();
    await input.focus();
    await options.keyboard.press('End');
    await options.keyboard.type('\nrxradar-test-typing');
    // A setting changed elsewhere on the page: the whole page renders again.
    await options.getByRole('checkbox', { name: /community blocklist/ }).uncheck();
    await statusSays(options, 'Community list turned off.');
    expect(await input.inputValue()).toBe(`${PASTE}\nrxradar-test-typing`);
    expect(await options.locator('#tools-table tbody tr').count()).toBe(7);
    await options.getByRole('checkbox', { name: /community blocklist/ }).check();
    await statusSays(options, 'Community list turned on.');

    // Typing while another section updates itself (a report queued elsewhere shows up in the
    // queue by itself, through storage.onChanged): focus and text stay. The report address is the
    // fixture server's (every host resolves to it; it speaks no TLS): the report stays queued.
    await options.getByLabel('Report address (https://)').fill('https://intake.example.org/reports');
    await options.getByRole('button', { name: 'Save', exact: true }).click();
    await statusSays(options, 'Report address saved.');
    await input.focus();
    await options.keyboard.type('-more');
    const queued = sampleReport({ reportId: 'a1b2c3d4-0000-4000-8000-00000000000a', url: 'https://shop.typing-example.com/', domain: 'typing-example.com' });
    expect(await sendFromPage(options, { type: 'submit-report', report: queued })).toMatchObject({ ok: true });
    await expect.poll(() => options.locator('#report-queue').textContent()).toContain('typing-example.com');
    await options.keyboard.type('-still');
    expect(await options.evaluate(() => document.activeElement?.id)).toBe('tools-input');
    expect(await input.inputValue()).toBe(`${PASTE}\nrxradar-test-typing-more-still`);
    await options.screenshot({ path: screenshotPath('options-tools-page'), fullPage: true });
  });
});

async function statusSaysTools(options: Page, text: string): Promise<void> {
  await expect.poll(() => options.locator('#tools-status').textContent()).toBe(text);
}
