/**
 * Lints the report channel list: the schema, sorted and unique ids, https sources and web
 * addresses, and for every channel its public source, what it asks for and when it was checked.
 */
import { describe, expect, it } from 'vitest';
import { rankChannels } from '../../reports/report-channels';
import { ReportChannelFileSchema } from '../../reports/report-channels-schema';
import channelsJson from './report-channels.json';

const file = ReportChannelFileSchema.parse(channelsJson);
const ids = file.channels.map((c) => c.id);

describe('report-channels.json', () => {
  it('parses with ReportChannelFileSchema', () => {
    expect(ReportChannelFileSchema.safeParse(channelsJson).error?.issues).toBeUndefined();
  });

  it('ids are sorted and unique', () => {
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('says in `about` how the addresses were checked', () => {
    expect(file.about).toMatch(/checked against the agencies' published pages/);
    expect(file.about).toMatch(/not fetched live/);
  });

  it.each(file.channels.map((c) => [c.id, c]))('%s: https source, address fits its kind, says what it asks for, checked no later than the file', (_id, c) => {
    expect(new URL(c.sourceUrl).protocol).toBe('https:');
    if (c.kind === 'web-form' || c.kind === 'web-page') expect(new URL(c.address).protocol).toBe('https:');
    if (c.kind === 'e-mail') expect(c.address).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/);
    expect(c.asks.length).toBeGreaterThan(0);
    for (const a of c.asks) expect(a.trim()).toBe(a);
    expect(c.categories.length).toBeGreaterThan(0);
    expect(new Set(c.categories).size).toBe(c.categories.length);
    expect(c.checked <= file.updated).toBe(true);
    expect(c.checked >= '2020-01-01').toBe(true);
  });

  it('a web-page entry (the agency page, not the form itself) says why in its note', () => {
    for (const c of file.channels.filter((x) => x.kind === 'web-page')) expect(c.note, c.id).toBeTruthy();
  });

  it('covers the agencies the project promises: FDA (sales and MedWatch), NABP, LegitScript, MHRA, Health Canada, TGA, CDSCO, the EU list, AEMPS, INFARMED, ANSM, BfArM, AIFA, DEA', () => {
    for (const id of [
      'fda-buyonline',
      'fda-medwatch',
      'nabp',
      'legitscript',
      'mhra-casereferrals',
      'mhra-yellowcard',
      'health-canada',
      'tga-au',
      'cdsco-in',
      'ema-national-authorities',
      'aemps-es',
      'infarmed-pt',
      'ansm-signalement',
      'bfarm-de',
      'aifa-it',
      'dea-tips',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('every region with a channel has one for rogue pharmacies, and a precursor seller in the U.S. goes to the DEA', () => {
    const regions = new Set(file.channels.flatMap((c) => c.regions));
    for (const region of regions) {
      if (region === '*') continue;
      expect(
        file.channels.some((c) => c.regions.includes(region) && c.categories.includes('rogue-pharmacy')),
        region,
      ).toBe(true);
    }
    expect(rankChannels(file.channels, 'precursor-seller', { language: 'en', region: 'US' })[0]!.id).toBe('dea-tips');
  });
});
