/**
 * @sanshe/core embedded in a plain Node program: no server, no GraphQL, one district's data in
 * an embedded PGlite database (a directory on disk, or memory).
 *
 * It records 虎丘区's hierarchy (district → subdistrict → community → grids), renames a community,
 * merges one grid into another, shows how bad input is refused, runs the validators, and reads
 * the units back with a drizzle relational query.
 *
 *   node dist/main.js                  # in memory, gone when the program ends
 *   node dist/main.js ./.sanshe/huqiu  # kept in that directory; a second run reuses it
 */
import { pathToFileURL } from 'node:url';
import {
  communities,
  computeOrganizationCodeCheck,
  computeResidentIdCheck,
  computeUsccCheck,
  createHierarchyService,
  type DistrictDatabase,
  type HierarchyService,
  isSansheError,
  maskMobilePhone,
  maskResidentId,
  openDistrictDatabase,
  parseMobilePhone,
  parseResidentId,
  parseUscc,
  unitWhere,
} from '@sanshe/core';

/** The district this program keeps: 苏州市虎丘区. Every code below starts with it. */
export const DISTRICT_CODE = '320505';
export const SUBDISTRICT_CODE = '320505001'; // 狮山街道
export const COMMUNITY_CODE = '320505001001'; // 狮山社区 → renamed 狮山新村社区
export const SECOND_COMMUNITY_CODE = '320505001002'; // 何山社区
export const GRID_CODES = ['320505001001' + '01', '320505001001' + '02', '320505001002' + '01'] as const;

export interface RunOptions {
  /**
   * A database you opened yourself (tests pass one from `createTestDistrictDatabase`, which
   * also runs on PostgreSQL). It must belong to district 320505. `run` migrates it but does
   * not close it.
   */
  database?: DistrictDatabase;
  /** Otherwise: keep the PGlite database in this directory. Without either: in memory. */
  dataDir?: string;
  /** Where each line of the report goes. Default: `console.log`. */
  log?: (line: string) => void;
}

/** A refused change: what was tried, and the typed error it got. */
export interface Refusal {
  attempt: string;
  code: string;
  path: readonly (string | number)[];
  message: string;
  /** Whether the database looked exactly the same afterwards. */
  unchanged: boolean;
}

export interface RunReport {
  /** Every line that was logged. */
  lines: string[];
  /** False when the data directory already held this program's units from an earlier run. */
  createdNow: boolean;
  refusals: Refusal[];
  validators: {
    uscc: { code: string; category: string; registeringAreaLevel: string };
    residentId: { masked: string; birthDate: string; sex: string };
    /** The code of the error a one-digit typo in that resident ID gives. */
    residentIdTypo: string;
    mobile: { e164: string; masked: string };
  };
  /** The communities in force today whose name contains 社区, with their grids in force. */
  communities: { code: string; name: string; version: number; grids: { code: string; name: string }[] }[];
}

export async function run(options: RunOptions = {}): Promise<RunReport> {
  const lines: string[] = [];
  const print = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => {
    lines.push(line);
    print(line);
  };

  // 1. Open the district's database. openDistrictDatabase is the one way in: PGlite in a
  //    directory or in memory, or PostgreSQL by URL or pool (`{ url }`), all with the same API.
  const database =
    options.database ??
    (await openDistrictDatabase(
      options.dataDir
        ? { dataDir: options.dataDir, districtCode: DISTRICT_CODE }
        : { memory: true, districtCode: DISTRICT_CODE },
    ));
  const ownsDatabase = options.database === undefined;
  try {
    // 2. Bring the schema up to date. Safe to call on every start: applied migrations are skipped.
    await database.migrate();
    log(`Opened district ${database.districtCode} on ${database.driver}, migrated.`);

    // 3. Every write goes through the hierarchy service: it validates, runs one transaction,
    //    and either applies whole or throws a SansheError.
    const hierarchy = createHierarchyService(database);
    const createdNow = await recordHierarchy(hierarchy, log);
    const refusals = await tryBadInput(database, hierarchy, log);
    const validators = useValidators(log);

    // 4. Read back with drizzle's relational queries. unitWhere turns the same filter the
    //    gateway offers (parent, kind, name, date) into a `where`; without `asOf` it keeps the
    //    units in force today, so the merged grid does not show up.
    const rows = await database.db.query.communities.findMany({
      where: unitWhere(database.districtCode, { parentCode: SUBDISTRICT_CODE, nameContains: '社区' }),
      orderBy: { code: 'asc' },
      with: { grids: { where: unitWhere(database.districtCode), orderBy: { code: 'asc' } } },
    });
    log(`Communities of ${SUBDISTRICT_CODE} named "…社区…", in force today:`);
    for (const row of rows) {
      const grids = row.grids.map((grid) => `${grid.code} ${grid.name}`).join(', ');
      log(`  ${row.code} ${row.name} (version ${row.version}); grids: ${grids || 'none'}`);
    }

    return {
      lines,
      createdNow,
      refusals,
      validators,
      communities: rows.map((row) => ({
        code: row.code,
        name: row.name,
        version: row.version,
        grids: row.grids.map((grid) => ({ code: grid.code, name: grid.name })),
      })),
    };
  } finally {
    // 5. Close what we opened (a PGlite directory must be closed to be flushed cleanly).
    if (ownsDatabase) await database.close();
  }
}

/**
 * Record the district, one subdistrict, two communities and three grids; rename a community;
 * merge grid 02 into grid 01. Dates are given explicitly, as they would be when importing the
 * civil-affairs register; left out, they default to today in China.
 *
 * @returns false when an earlier run on the same data directory already did all this.
 */
async function recordHierarchy(hierarchy: HierarchyService, log: (line: string) => void): Promise<boolean> {
  // ensureDistrict is idempotent: it records the district once and returns the row after that.
  const district = await hierarchy.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  log(`District ${district.districtCode} ${district.name}, in force from ${district.effectiveFrom}.`);

  if (await hierarchy.findByCode(SUBDISTRICT_CODE)) {
    log('The units are already recorded (an earlier run used this data directory); reading them back.');
    return false;
  }

  const subdistrict = await hierarchy.createSubdistrict({
    code: SUBDISTRICT_CODE,
    name: '狮山街道',
    effectiveFrom: '2001-01-01',
  });
  // The kind follows from the code: subdistrict suffixes 001–099 are 街道, 100–199 镇, 200–399 乡.
  log(`Created subdistrict ${subdistrict.code} ${subdistrict.name} (kind ${subdistrict.kind}).`);

  const community = await hierarchy.createCommunity({
    code: COMMUNITY_CODE,
    name: '狮山社区',
    effectiveFrom: '2002-01-01',
    urbanRuralClass: '111', // 主城区
    residentPopulation: 8200,
    households: 3100,
    areaKm2: 1.6,
  });
  const second = await hierarchy.createCommunity({
    code: SECOND_COMMUNITY_CODE,
    name: '何山社区',
    effectiveFrom: '2002-01-01',
    urbanRuralClass: '111',
  });
  log(`Created communities ${community.code} ${community.name} and ${second.code} ${second.name}.`);

  const [gridA, gridB, gridC] = [
    await hierarchy.createGrid({ code: GRID_CODES[0], name: '狮山第一网格', effectiveFrom: '2015-01-01' }),
    await hierarchy.createGrid({ code: GRID_CODES[1], name: '狮山第二网格', effectiveFrom: '2015-01-01' }),
    await hierarchy.createGrid({ code: GRID_CODES[2], name: '何山第一网格', effectiveFrom: '2015-01-01' }),
  ];
  log(`Created grids ${gridA.code}, ${gridB.code}, ${gridC.code}.`);

  // A rename keeps the code and the id and moves the version on. Passing the version we read
  // makes it refuse (VERSION_CONFLICT) if someone else changed the community in between.
  const renamed = await hierarchy.renameUnit({
    level: 'community',
    id: community.id,
    name: '狮山新村社区',
    expectedVersion: community.version,
  });
  log(`Renamed ${renamed.code} to ${renamed.name} (version ${community.version} → ${renamed.version}).`);

  // Two grids are merged: grid 02 is retired and grid 01 takes over. The retired grid stays in
  // the database for history, with its successor; lists of units in force leave it out.
  const retired = await hierarchy.retireUnit({
    level: 'grid',
    id: gridB.id,
    retiredOn: '2024-07-01',
    successorId: gridA.id,
  });
  log(`Retired grid ${retired.code} from ${retired.retiredOn}; successor ${gridA.code}.`);
  return true;
}

/**
 * Bad input never half-applies: each attempt below throws a SansheError with a `code` (one of
 * the shared error codes) and a `path` (the input field at fault), and leaves the data as it was.
 */
async function tryBadInput(
  database: DistrictDatabase,
  hierarchy: HierarchyService,
  log: (line: string) => void,
): Promise<Refusal[]> {
  const community = await hierarchy.findByCode(COMMUNITY_CODE);
  if (!community) throw new Error(`community ${COMMUNITY_CODE} is missing`);
  const attempts: [string, () => Promise<unknown>][] = [
    [
      'a community under a subdistrict that does not exist',
      () => hierarchy.createCommunity({ code: '320505009001', name: '不存在的社区' }),
    ],
    [
      'a community code that is already taken',
      () => hierarchy.createCommunity({ code: COMMUNITY_CODE, name: '重复社区' }),
    ],
    [
      'a negative resident population',
      () => hierarchy.createCommunity({ code: '320505001003', name: '新社区', residentPopulation: -5 }),
    ],
    [
      'a code of another district',
      () => hierarchy.createCommunity({ code: '320506001001', name: '吴中的社区' }),
    ],
    [
      'retiring a community whose grids are still in force',
      () => hierarchy.retireUnit({ level: 'community', id: community.unit.id, retiredOn: '2025-01-01' }),
    ],
    [
      'a rename based on a stale version',
      () =>
        hierarchy.renameUnit({ level: 'community', id: community.unit.id, name: '旧名', expectedVersion: 1 }),
    ],
  ];

  const refusals: Refusal[] = [];
  log('Bad input is refused with a typed error and changes nothing:');
  for (const [attempt, change] of attempts) {
    const before = await fingerprint(database);
    try {
      await change();
      throw new Error(`expected "${attempt}" to be refused`);
    } catch (error) {
      // Anything that is not a SansheError is a bug or an outage: let it propagate.
      if (!isSansheError(error)) throw error;
      const unchanged = (await fingerprint(database)) === before;
      refusals.push({ attempt, code: error.code, path: error.path, message: error.message, unchanged });
      log(`  ${attempt}: ${error.code} at ${error.path.join('.')} (${error.kind}); unchanged: ${unchanged}`);
    }
  }
  return refusals;
}

/** A fingerprint of the communities table: how many rows, and every row's version. */
async function fingerprint(database: DistrictDatabase): Promise<string> {
  const rows = await database.db
    .select({ id: communities.id, version: communities.version })
    .from(communities);
  return rows
    .map((row) => `${row.id}@${row.version}`)
    .sort()
    .join(',');
}

/**
 * The validators are pure functions returning `{ success, data }` or `{ success, error }`
 * (the zod shape); they never throw for bad input. The services use them; so can forms.
 */
function useValidators(log: (line: string) => void): RunReport['validators'] {
  // A unified social credit code for a social association (5 = civil affairs, 1 = 社会团体)
  // registered in 虎丘区, built from its parts: the embedded organization code carries its own
  // check character, and the 18th character checks the whole.
  const organizationBody = 'MA1X2Y3K';
  const first17 = `51${DISTRICT_CODE}${organizationBody}${computeOrganizationCodeCheck(organizationBody)}`;
  const uscc = parseUscc(first17 + computeUsccCheck(first17));
  if (!uscc.success) throw new Error(uscc.error.message);
  log(
    `USCC ${uscc.data.code}: ${uscc.data.category}, registered at ${uscc.data.registeringAreaLevel} level.`,
  );

  // A resident ID: area + birth date + sequence (odd = male) + ISO 7064 check character.
  const id17 = `${DISTRICT_CODE}19850312123`;
  const residentId = parseResidentId(id17 + computeResidentIdCheck(id17));
  if (!residentId.success) throw new Error(residentId.error.message);
  // Personal data is shown masked by default.
  const masked = maskResidentId(residentId.data.number);
  log(`Resident ID ${masked}: born ${residentId.data.birthDate}, ${residentId.data.sex}.`);

  // One wrong digit is caught by the check character.
  const typo = parseResidentId(`${id17.slice(0, 16)}4${computeResidentIdCheck(id17)}`);
  const residentIdTypo = typo.success ? 'accepted' : typo.error.code;
  log(`The same ID with one digit wrong: ${residentIdTypo}.`);

  // Mobile numbers are accepted as people write them and stored as 11 digits (+ E.164).
  const phone = parseMobilePhone('+86 138-1234-5678');
  if (!phone.success) throw new Error(phone.error.message);
  const maskedPhone = maskMobilePhone(phone.data.number);
  log(`Mobile ${maskedPhone}: stored as 11 digits and in E.164 form (+86…).`);

  return {
    uscc: {
      code: uscc.data.code,
      category: uscc.data.category,
      registeringAreaLevel: uscc.data.registeringAreaLevel,
    },
    residentId: { masked, birthDate: residentId.data.birthDate, sex: residentId.data.sex },
    residentIdTypo,
    mobile: { e164: phone.data.e164, masked: maskedPhone },
  };
}

// Run when started directly (`node dist/main.js [dataDir]`), not when imported by the test.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run({ dataDir: process.argv[2] }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
