/**
 * Rotating keys (personal-data/key-rotation.ts) on a seeded demo district: after a data-key
 * rotation every value opens with the new key alone and every keyed-hash lookup still finds its
 * row; after a lookup-key rotation the hashes are rewritten and lookups work with the new key.
 * And a dump of the database never holds an identifier in clear.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { and, eq, getTableName, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { planDemoDistrict, seedDemoDistrict } from '../../src/demo/index.js';
import { reporterPhoneColumns, reporterPhoneField } from '../../src/grid-events/index.js';
import {
  createPersonalDataKeyring,
  type PersonalDataKeyring,
  rotatePersonalDataKeys,
  sealedIdentifierTables,
} from '../../src/personal-data/index.js';
import { findPersonalData } from '../../src/personal-data/personal-data-scan.js';
import { identifierLookupHash, openIdentifier } from '../../src/personal-data/protected-value.js';
import { gridEvents, grids } from '../../src/schema/index.js';
import { createSocialWorkerService } from '../../src/social-workers/index.js';
import {
  createTestDistrictDatabase,
  snapshotDatabase,
  testDatabaseKind,
  testPostgresUrl,
} from '../../src/testing/index.js';
import { computeResidentIdCheck } from '../../src/validators/index.js';
import { createVolunteerService } from '../../src/volunteers/index.js';

const DISTRICT = '320505';
const key = () => randomBytes(32).toString('base64');
const k1 = key();
const k2 = key();
const lookup1 = key();
const lookup2 = key();

let base: DistrictDatabase;
const plan = planDemoDistrict({
  districtCode: DISTRICT,
  name: '虎丘区',
  seed: 7,
  scale: { subdistricts: 2, communitiesPerSubdistrict: 5 },
});
const canary = {
  residentId: `32050519900228002${computeResidentIdCheck('32050519900228002')}`,
  phone: '13987654321',
};
/** A hotline caller's number to call back, sealed on the grid event it reported. */
const callerPhone = '13812349876';
let callerEventId: number;

/** The caller's phone opens with the database's keyring, and its keyed hash is the one it computes. */
async function callerPhoneOf(database: DistrictDatabase): Promise<{ phone: string; hashCurrent: boolean }> {
  const [row] = await database.db
    .select({ sealed: gridEvents.reporterPhoneEncrypted, hash: gridEvents.reporterPhoneHash })
    .from(gridEvents)
    .where(and(eq(gridEvents.districtCode, DISTRICT), eq(gridEvents.id, callerEventId)));
  const phone = openIdentifier(database.personalData, DISTRICT, reporterPhoneField, row!.sealed!);
  return {
    phone,
    hashCurrent: identifierLookupHash(database.personalData, reporterPhoneField, phone) === row!.hash,
  };
}

/** Every string value of a dump that looks like an ID or phone number (findPersonalData). */
function personalDataIn(dump: Record<string, unknown[]>): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key: string) => {
    // Keyed hashes are hex digests, and a USCC is an organization's public registration code:
    // digit runs in them are not people's numbers.
    if (key.endsWith('_hash') || key === 'uscc') return;
    if (typeof value === 'string') {
      for (const finding of findPersonalData(value)) found.push(`${key}: ${finding.masked}`);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(dump, '');
  return found;
}

function withKeyring(keyring: PersonalDataKeyring): DistrictDatabase {
  return { ...base, personalData: keyring };
}

async function everyWorkerFound(database: DistrictDatabase): Promise<number> {
  const service = createSocialWorkerService(database);
  let found = 0;
  for (const worker of plan.socialWorkers) {
    if ((await service.findByResidentId(worker.residentId))?.id === worker.id) found += 1;
  }
  return found;
}

async function everyValueOpens(database: DistrictDatabase): Promise<number> {
  const service = createSocialWorkerService(database);
  let opened = 0;
  for (const worker of plan.socialWorkers) {
    const revealed = await service.revealIdentifiers({
      workerId: worker.id,
      fields: ['residentId', 'mobilePhone'],
      purpose: 'IDENTITY_VERIFICATION',
    });
    if (revealed.residentId === worker.residentId && revealed.mobilePhone === worker.mobilePhone) opened += 1;
  }
  return opened;
}

/** Volunteers sealed in the same table shape (docs/domain.md §5.1): opened through their service. */
async function everyVolunteerOpens(database: DistrictDatabase): Promise<number> {
  const service = createVolunteerService(database);
  let opened = 0;
  for (const volunteer of plan.volunteers) {
    const revealed = await service.revealVolunteerIdentifiers({
      volunteerId: volunteer.id,
      fields: ['residentId', 'mobilePhone'],
      purpose: 'IDENTITY_VERIFICATION',
    });
    if (revealed.residentId === volunteer.residentId && revealed.mobilePhone === volunteer.mobilePhone) {
      opened += 1;
    }
  }
  return opened;
}

async function everyVolunteerFound(database: DistrictDatabase): Promise<number> {
  const service = createVolunteerService(database);
  let found = 0;
  for (const volunteer of plan.volunteers) {
    if ((await service.findVolunteerByResidentId(volunteer.residentId))?.id === volunteer.id) found += 1;
  }
  return found;
}

beforeAll(async () => {
  base = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const first = withKeyring(createPersonalDataKeyring({ keys: { k1 }, lookupKey: lookup1 }));
  await seedDemoDistrict(first, plan);
  await createSocialWorkerService(first).registerWorker({
    name: '金丝雀',
    residentId: canary.residentId,
    mobilePhone: canary.phone,
  });
  const [grid] = await first.db.select().from(grids).where(eq(grids.districtCode, DISTRICT)).limit(1);
  const [event] = await first.db
    .insert(gridEvents)
    .values({
      districtCode: DISTRICT,
      gridId: grid!.id,
      communityId: grid!.communityId,
      unitCode: grid!.code,
      categoryCode: 'E0502',
      urgency: 'routine',
      title: '占道经营',
      description: '热线来电：菜场门口占道经营',
      source: 'hotline',
      reportedBy: `demo-${DISTRICT}-hotline-12345`,
      reporterRole: 'SERVICE',
      reportedAt: '2026-03-02T09:00:00+08:00',
      state: 'collected',
      ...reporterPhoneColumns(first.personalData, DISTRICT, callerPhone),
    })
    .returning({ id: gridEvents.id });
  callerEventId = event!.id;
}, 120_000);

afterAll(async () => {
  await base?.close();
});

describe('a dump of the database', () => {
  it('holds no identifier in clear: not the canary, not one planned number', async () => {
    const dump = JSON.stringify(await snapshotDatabase(base));
    expect(dump).not.toContain(canary.residentId);
    expect(dump).not.toContain(canary.phone);
    expect(dump).not.toContain(callerPhone);
    expect(dump).not.toContain(canary.residentId.slice(4, 14));
    const leaked = plan.socialWorkers.filter(
      (w) => dump.includes(w.residentId) || (w.mobilePhone !== null && dump.includes(w.mobilePhone)),
    );
    expect(leaked).toEqual([]);
    // Nothing that even looks like an ID number or a mobile number.
    expect(personalDataIn(await snapshotDatabase(base))).toEqual([]);
  });
});

describe('the database’s own dump', () => {
  const hasPgDump = spawnSync('pg_dump', ['--version']).status === 0;
  it.runIf(testDatabaseKind() === 'postgres' && hasPgDump)(
    'pg_dump output holds no identifier in clear',
    async () => {
      const result = await base.db.execute(sql`select current_database() as name`);
      const name = (result as unknown as { rows: { name: string }[] }).rows[0]!.name;
      const url = new URL(testPostgresUrl()!);
      url.pathname = `/${name}`;
      const dump = spawnSync('pg_dump', ['--data-only', url.toString()], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      });
      expect(dump.status, dump.stderr).toBe(0);
      expect(dump.stdout).toContain('social_workers');
      expect(dump.stdout).not.toContain(canary.residentId);
      expect(dump.stdout).not.toContain(canary.phone);
    },
  );

  it.runIf(testDatabaseKind() === 'pglite')(
    'the PGlite data directory, byte for byte, holds no identifier in clear',
    async () => {
      const client = (base.db as unknown as { $client: { dumpDataDir(compression: 'none'): Promise<Blob> } })
        .$client;
      await base.db.execute(sql`checkpoint`);
      const bytes = Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer());
      expect(bytes.length).toBeGreaterThan(1_000_000);
      expect(bytes.includes(Buffer.from('金丝雀'))).toBe(true);
      expect(bytes.includes(Buffer.from(canary.residentId))).toBe(false);
      expect(bytes.includes(Buffer.from(canary.phone))).toBe(false);
    },
  );
});

describe('rotating keys', () => {
  it('covers every sealed column the database holds', async () => {
    const result = await base.db.execute(
      sql`select table_name, column_name from information_schema.columns
          where table_schema = current_schema() and column_name like '%\_encrypted' order by 1, 2`,
    );
    const inDatabase = (
      result as unknown as { rows: { table_name: string; column_name: string }[] }
    ).rows.map((row) => `${row.table_name}.${row.column_name}`);
    const rotated = sealedIdentifierTables
      .flatMap((table) =>
        table.columns.map((column) => `${getTableName(table.table)}.${column.encrypted.name}`),
      )
      .sort();
    expect(inDatabase.length).toBeGreaterThanOrEqual(5);
    expect(rotated).toEqual(inDatabase);
  });

  it('a new data key: every value resealed, opens with the new key alone, every lookup finds its row', async () => {
    expect(plan.socialWorkers.length).toBeGreaterThan(20);
    const both = withKeyring(
      createPersonalDataKeyring({ keys: { k1, k2 }, currentKeyId: 'k2', lookupKey: lookup1 }),
    );
    // Resealing a caller's phone is not a change of its event: live queues hear nothing.
    const announced: string[] = [];
    const stopListening = await base.listen('sanshe_grid_events', (payload) => announced.push(payload));
    const report = await rotatePersonalDataKeys(both);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stopListening();
    expect(announced).toEqual([]);
    // Every person's identifiers: the workers', the canary's two, the volunteers', and the
    // caller's phone on its grid event; every grid event's row is examined.
    expect(plan.volunteers.length).toBeGreaterThan(0);
    const people = [...plan.socialWorkers, ...plan.volunteers];
    const values = people.length + people.filter((person) => person.mobilePhone).length + 2 + 1;
    const [events] = (
      (await base.db.execute(sql`select count(*)::int as n from grid_events`)) as unknown as {
        rows: { n: number }[];
      }
    ).rows;
    expect(report).toMatchObject({
      currentKeyId: 'k2',
      valuesByKeyBefore: { k1: values },
      valuesResealed: values,
      hashesRewritten: 0,
      rowsExamined: people.length + 1 + events!.n,
    });
    const onlyNew = withKeyring(createPersonalDataKeyring({ keys: { k2 }, lookupKey: lookup1 }));
    expect(await everyValueOpens(onlyNew)).toBe(plan.socialWorkers.length);
    expect(await everyWorkerFound(onlyNew)).toBe(plan.socialWorkers.length);
    expect(await everyVolunteerOpens(onlyNew)).toBe(plan.volunteers.length);
    expect(await callerPhoneOf(onlyNew)).toEqual({ phone: callerPhone, hashCurrent: true });
    // The old key alone opens nothing any more.
    const onlyOld = withKeyring(createPersonalDataKeyring({ keys: { k1 }, lookupKey: lookup1 }));
    await expect(everyValueOpens(onlyOld)).rejects.toMatchObject({ code: 'ENCRYPTION_KEY_MISSING' });
    // A second run finds nothing to do.
    expect((await rotatePersonalDataKeys(onlyNew)).valuesResealed).toBe(0);
  }, 120_000);

  it('a new lookup key: hashes rewritten, lookups work with the new key and not the old', async () => {
    const newLookup = withKeyring(createPersonalDataKeyring({ keys: { k2 }, lookupKey: lookup2 }));
    const report = await rotatePersonalDataKeys(newLookup);
    expect(report.valuesResealed).toBe(0);
    expect(report.hashesRewritten).toBeGreaterThan(plan.socialWorkers.length);
    expect(await everyWorkerFound(newLookup)).toBe(plan.socialWorkers.length);
    expect(await everyVolunteerFound(newLookup)).toBe(plan.volunteers.length);
    expect(await callerPhoneOf(newLookup)).toEqual({ phone: callerPhone, hashCurrent: true });
    const oldLookup = withKeyring(createPersonalDataKeyring({ keys: { k2 }, lookupKey: lookup1 }));
    expect(await everyWorkerFound(oldLookup)).toBe(0);
  }, 120_000);
});
