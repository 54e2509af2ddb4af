// Runs the city-federation example: four real processes (three districts and a city) on
// loopback HTTP. Needs the built @sanshe/graphql (npm test builds first).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CityReport, run, sansheBin } from '../src/main.js';

const built = existsSync(join(dirname(sansheBin), '..', 'dist', 'cli', 'main.js'));

describe.runIf(built)('the city-federation example', () => {
  let report: CityReport;

  it('starts three district gateways and a city over them', async () => {
    report = await run({ log: () => {} });
    expect(report.districts.map((d) => d.code)).toEqual(['320505', '320506', '320508']);
    expect(new Set([report.city, ...report.districts.map((d) => d.origin)]).size).toBe(4);
  }, 240_000);

  it('counts the city as the sum of its districts', () => {
    const perDistrict = Object.values(report.communitiesPerDistrict);
    expect(perDistrict.every((count) => count > 0)).toBe(true);
    expect(report.communitiesInCity).toBe(perDistrict.reduce((a, b) => a + b, 0));
  });

  it('adds an indicator up from numerators and denominators over all three districts', () => {
    expect(report.indicator.districts).toEqual(['320505', '320506', '320508']);
    expect(report.indicator.value).toBeCloseTo(
      (report.indicator.numerator / report.indicator.denominator) * 10_000,
      9,
    );
  });

  it('answers without the district that went down, and names it', () => {
    expect(report.afterOneDistrictDown.errors).toEqual([
      { code: 'DISTRICT_UNAVAILABLE', district: '320506' },
    ]);
    expect(report.afterOneDistrictDown.communities).toBe(
      report.communitiesInCity - report.communitiesPerDistrict['320506']!,
    );
  });
});
