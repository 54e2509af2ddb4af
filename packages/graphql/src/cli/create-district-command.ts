import { join } from 'node:path';
import { createHierarchyService } from '@sanshe/core';
import { parsePublicName } from '@sanshe/core/validators';
import pg from 'pg';
import {
  administratorTokenSigning,
  describeIssuedToken,
  issueAdministratorToken,
} from './administrator-token.js';
import { databaseNameOf } from './database-errors.js';
import { type DatabaseLocation, describeLocation } from './database-location.js';
import { checkDatabaseName } from './district-targets.js';
import type { CliOptions } from './options.js';
import { personalDataKeyringFromEnv } from './personal-data-keys.js';
import { prepareDistrictDatabase, withDatabaseContext } from './prepare-district-database.js';
import { CliRefusal, UsageError } from './usage-error.js';

/**
 * `sanshe create-district`: a real district from nothing. The token is signed (and checked
 * against the gateway's own verification) before anything is created, so a key problem leaves
 * no half-made district behind. The token goes to standard output, everything else to standard
 * error, so `TOKEN=$(sanshe create-district …)` works.
 */
export async function createDistrictCommand(options: CliOptions, env: NodeJS.ProcessEnv): Promise<void> {
  const help = 'sanshe create-district --help';
  const code = options.district;
  if (!code) throw new UsageError('create-district needs --district <code>', help);
  if (options.name === undefined)
    throw new UsageError('create-district needs --name <name>, e.g. --name 虎丘区', help);
  const name = parsePublicName(options.name);
  if (!name.success) throw new UsageError(`--name: ${name.error.message}`, help);
  const subject = options.subject ?? `district-admin-${code}`;
  const signing = administratorTokenSigning(env, 'create-district');
  const issued = signing.kind === 'sign' ? await issueAdministratorToken(signing, code, subject) : undefined;
  const location: DatabaseLocation = options.databaseUrl
    ? { url: options.databaseUrl }
    : { dataDir: join(options.dataDir, code) };
  if ('url' in location) checkDatabaseName(location.url, options.init);
  const where = describeLocation(location);

  const created =
    'url' in location ? await withDatabaseContext(where, () => createDatabaseIfMissing(location.url)) : false;
  const prepared = await prepareDistrictDatabase(location, code, {
    personalData: personalDataKeyringFromEnv(env),
    init: options.init,
    seedDemo: false,
  });
  try {
    if (prepared.recorded) {
      throw new CliRefusal(
        `${where} already records district ${prepared.recorded.code} (${prepared.recorded.name})`,
        `to let an administrator in, issue a token: sanshe issue-token --district ${code}`,
      );
    }
    const district = await withDatabaseContext(where, () =>
      createHierarchyService(prepared.database).ensureDistrict({ name: name.data }),
    );
    console.error(
      `created district ${district.districtCode} ${district.name} (in force from ${district.effectiveFrom}) in the ${where}${created ? ', a new database' : ''}, migrated`,
    );
  } finally {
    await prepared.database.close();
  }
  if (issued) {
    for (const line of describeIssuedToken(issued)) console.error(line);
    process.stdout.write(`${issued.token}\n`);
  } else if (signing.kind === 'elsewhere') {
    console.error(`no token issued: ${signing.why}:`);
    console.error(
      `  ${JSON.stringify({ iss: signing.verification.issuer, aud: signing.verification.audience, sub: subject, role: 'DISTRICT_ADMIN', district: code })}`,
    );
  }
}

/**
 * Create the database a URL names when the server says it does not exist (3D000), connecting
 * to the server's maintenance database to do so. Returns whether it was created.
 */
async function createDatabaseIfMissing(url: string): Promise<boolean> {
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return false;
  } catch (error) {
    if ((error as { code?: unknown }).code !== '3D000') throw error;
  } finally {
    await probe.end().catch(() => {});
  }
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    await admin.query(`create database "${databaseNameOf(url).replaceAll('"', '""')}"`);
    return true;
  } finally {
    await admin.end();
  }
}
