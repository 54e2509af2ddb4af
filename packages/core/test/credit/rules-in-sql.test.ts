/**
 * The rules of a day that the gateway reads in SQL (a grade in force, a worker's certified level)
 * agree with their JavaScript form on every record and every day tried: the SQL reads the page in
 * one statement, the JavaScript answers an embedding caller holding the rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { currentGradeOf, currentGradeQuery } from '../../src/organizations/evaluation-rules.js';
import { organizationGrades } from '../../src/schema/tables.js';
import { addDays } from '../../src/services/dates.js';
import { certifiedLevelOn, certifiedLevelOnSQL } from '../../src/social-workers/certification.js';
import { createDemoTestDistrictDatabase } from '../../src/testing/index.js';

let database: DistrictDatabase;

beforeAll(async () => {
  database = await createDemoTestDistrictDatabase({
    plan: {
      districtCode: '320505',
      name: '虎丘区',
      seed: 1,
      scale: { subdistricts: 2, communitiesPerSubdistrict: 4 },
    },
  });
}, 120_000);

afterAll(async () => {
  await database?.close();
});

/** Days from 2014 to 2032, every 97 days: before, within and after every record's validity. */
const days = Array.from({ length: 72 }, (_, index) => addDays('2014-01-01', index * 97));

describe('rules of a day in SQL', () => {
  it('currentGradeQuery picks the grade currentGradeOf picks, with ties, overlaps and revocations', async () => {
    const { db, districtCode } = database;
    const organizations = await db.query.socialOrganizations.findMany({ columns: { id: true }, limit: 12 });
    expect(organizations.length).toBe(12);
    // Grades the rule must order: awarded the same day (the later id wins), overlapping, revoked
    // on the day the next is awarded, revoked the day after its award.
    const shapes = [
      ['2016-03-01', '2021-02-28', null],
      ['2016-03-01', '2021-02-28', '2019-06-30'],
      ['2019-06-30', '2024-06-29', null],
      ['2020-01-01', '2020-12-31', '2020-01-02'],
      ['2023-05-01', '2028-04-30', null],
      ['2023-05-01', '2028-04-30', null],
    ] as const;
    for (const [index, { id }] of organizations.entries()) {
      await db.insert(organizationGrades).values(
        shapes
          .filter((_, shape) => (index + shape) % 3 !== 0)
          .map(([awardedOn, validUntil, revokedOn], shape) => ({
            districtCode,
            organizationId: id,
            grade: 1 + ((index + shape) % 5),
            score: 600 + shape,
            awardedOn,
            validUntil,
            revokedOn,
            cutoffsSource: 'test',
          })),
      );
    }
    let held = 0;
    for (const { id } of organizations) {
      const grades = await db.query.organizationGrades.findMany({
        where: { districtCode, organizationId: id },
      });
      for (const day of days) {
        const organization = await db.query.socialOrganizations.findFirst({
          where: { districtCode, id },
          with: { grades: currentGradeQuery(day) },
        });
        const expected = currentGradeOf(grades, day);
        expect(organization!.grades[0]?.id ?? null, `${id} on ${day}`).toBe(expected?.id ?? null);
        if (expected) held += 1;
      }
    }
    expect(held).toBeGreaterThan(100);
  });

  it('certifiedLevelOnSQL answers the level certifiedLevelOn answers, for every worker', async () => {
    const { db } = database;
    const workers = await db.query.socialWorkers.findMany({
      columns: { districtCode: true, id: true },
      with: { certificates: { with: { registrations: true } } },
    });
    expect(workers.length).toBeGreaterThan(20);
    const levels = new Set<string | null>();
    for (const day of days.filter((_, index) => index % 3 === 0)) {
      // As the gateway reads it: an extra of a relational query (whose columns are qualified).
      const rows = await db.query.socialWorkers.findMany({
        columns: { id: true },
        extras: { level: (worker) => certifiedLevelOnSQL(worker, day) },
      });
      const inSql = new Map(rows.map((row) => [Number(row.id), row.level ?? null]));
      for (const worker of workers) {
        const expected = certifiedLevelOn(worker, day);
        expect(inSql.get(worker.id), `${worker.id} on ${day}`).toBe(expected);
        levels.add(expected);
      }
    }
    // Uncertified days and more than one level: the order of levels is really tried.
    expect(levels.has(null)).toBe(true);
    expect(levels.size).toBeGreaterThan(2);
  });
});
