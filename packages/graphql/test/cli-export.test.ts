/**
 * `sanshe export ocds|360giving|hsds --district <code> [--out <file>]`: the document is written
 * to the file (or standard output), valid against its standard's schema, the same one the
 * gateway serves; what it refuses, it refuses before opening anything (a missing data directory
 * stays missing, an existing file stays as it was). Through the command's function in this
 * process, and through the real binary when it is built.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDistrictDatabase } from '@sanshe/core';
import { planDemoDistrict, seedDemoDistrict } from '@sanshe/core/demo';
import { createTestDistrictDatabase, testPostgresUrl } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  validate360GivingPackage,
  validateHsdsOrganizationPage,
  validateOcdsReleasePackage,
} from '../../core/test/exports/standard-validators.js';
import { type ExportCommandOptions, exportCommand } from '../src/cli/export-command.js';
import { CliRefusal, UsageError } from '../src/cli/usage-error.js';
import { createLocalDistrictSource, type ListeningGateway } from '../src/index.js';
import { writeDistrictsFile } from './support/gateway-client.js';
import { serveDistrict } from './support/remote-districts.js';
import { runSanshe, sansheBuilt } from './support/sanshe-process.js';
import { scratchDatabases } from './support/scratch-databases.js';

const DISTRICT = '320505';
const dir = mkdtempSync(join(tmpdir(), 'sanshe-cli-export-'));
const dataDir = join(dir, 'data');
const scale = { subdistricts: 2, communitiesPerSubdistrict: 3, gridsPerCommunity: 1 };
const serverUrl = testPostgresUrl();
const scratch = scratchDatabases(serverUrl);
let remoteDistrict: ListeningGateway | undefined;

const env = {
  SANSHE_OCDS_PREFIX: 'ocds-a1b2c3',
  SANSHE_EXPORT_URI_BASE: 'https://open.huqiu.example/exports',
};

beforeAll(async () => {
  // A demo district in a PGlite data directory, as `sanshe seed --district 320505` leaves it.
  const database = await openDistrictDatabase({ dataDir: join(dataDir, DISTRICT), districtCode: DISTRICT });
  await database.migrate();
  await seedDemoDistrict(
    database,
    planDemoDistrict({ districtCode: DISTRICT, name: '虎丘区', seed: 1, scale }),
  );
  await database.close();
});

afterAll(async () => {
  await remoteDistrict?.close();
  rmSync(dir, { recursive: true, force: true });
});

function options(overrides: Partial<ExportCommandOptions>): ExportCommandOptions {
  return {
    argument: 'ocds',
    district: DISTRICT,
    dataDir,
    databaseUrl: undefined,
    districtsFile: undefined,
    out: undefined,
    init: false,
    force: false,
    givenBy: {},
    ...overrides,
  };
}

function captured() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    output: {
      stdout: { write: (text: string) => stdout.push(text) },
      stderr: { write: (text: string) => stderr.push(text) },
    },
    stdout: () => stdout.join(''),
    stderr: () => stderr.join(''),
  };
}

async function refusal(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

describe('sanshe export, in process', () => {
  it('writes each standard to --out, valid against its schema, and says what it wrote', async () => {
    for (const [standard, validate] of [
      ['ocds', validateOcdsReleasePackage],
      ['360giving', validate360GivingPackage],
      ['hsds', validateHsdsOrganizationPage],
    ] as const) {
      const out = join(dir, `${standard}.json`);
      const io = captured();
      await exportCommand(options({ argument: standard, out }), env, io.output);
      const document = JSON.parse(readFileSync(out, 'utf8'));
      const empty = standard === '360giving' && document.grants.length === 0;
      if (!empty) expect(validate(document).errors, standard).toEqual([]);
      expect(io.stdout()).toBe('');
      expect(io.stderr()).toMatch(
        new RegExp(
          `^exported district ${DISTRICT} as .+: \\d+ \\w+.*, to ${out.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}\\n$`,
        ),
      );
    }
    const ocds = JSON.parse(readFileSync(join(dir, 'ocds.json'), 'utf8'));
    expect(ocds.uri).toBe(`https://open.huqiu.example/exports/ocds/${DISTRICT}`);
    for (const release of ocds.releases) expect(release.ocid).toMatch(/^ocds-a1b2c3-320505-\d+$/);
  });

  it('writes to standard output without --out', async () => {
    const io = captured();
    await exportCommand(options({ argument: 'hsds' }), {}, io.output);
    const page = JSON.parse(io.stdout());
    expect(validateHsdsOrganizationPage(page).errors).toEqual([]);
    expect(io.stderr()).toMatch(/organizations, \d+ services, to standard output\n$/);
  });

  it('refuses a missing or unknown standard and a missing district, as usage errors', async () => {
    const missing = await refusal(() =>
      exportCommand(options({ argument: undefined }), env, captured().output),
    );
    expect(missing).toBeInstanceOf(UsageError);
    expect(missing.message).toBe('export needs a standard: ocds, 360giving, hsds');
    const typo = await refusal(() => exportCommand(options({ argument: 'ocsd' }), env, captured().output));
    expect(typo.message).toBe(
      'there is no export "ocsd" (did you mean ocds?); the exports are ocds, 360giving, hsds',
    );
    const noDistrict = await refusal(() =>
      exportCommand(options({ district: undefined }), env, captured().output),
    );
    expect(noDistrict.message).toBe('export needs --district <code>');
  });

  it('refuses a district with no database at the data directory, and creates none', async () => {
    const error = await refusal(() => exportCommand(options({ district: '320506' }), env, captured().output));
    expect(error).toBeInstanceOf(CliRefusal);
    expect(error.message).toBe(`there is no database of district 320506 at ${join(dataDir, '320506')}`);
    expect(existsSync(join(dataDir, '320506'))).toBe(false);
  });

  it('keeps an existing --out file unless --force, and replaces it with --force', async () => {
    const out = join(dir, 'kept.json');
    writeFileSync(out, 'before');
    const error = await refusal(() => exportCommand(options({ out }), env, captured().output));
    expect([error.constructor, error.message]).toEqual([CliRefusal, `${out} exists`]);
    expect(readFileSync(out, 'utf8')).toBe('before');
    await exportCommand(options({ out, force: true }), env, captured().output);
    expect(validateOcdsReleasePackage(JSON.parse(readFileSync(out, 'utf8'))).valid).toBe(true);
  });

  it('asks a district a districts file lists as remote at its gateway', async () => {
    const database = await createTestDistrictDatabase({ districtCode: DISTRICT });
    await seedDemoDistrict(
      database,
      planDemoDistrict({ districtCode: DISTRICT, name: '虎丘区', seed: 1, scale }),
    );
    const source = createLocalDistrictSource(database);
    remoteDistrict = await serveDistrict(source, { exports: { ocidPrefix: 'ocds-d4e5f6' } });
    const file = writeDistrictsFile(dir, 'city.json', {
      districts: [{ code: DISTRICT, remote: { url: remoteDistrict.origin } }],
    });
    const io = captured();
    await exportCommand(options({ dataDir: join(dir, 'unused'), districtsFile: file }), env, io.output);
    const ocds = JSON.parse(io.stdout());
    // The district's gateway built it, with its own settings.
    expect(ocds.uri).toBe(`${remoteDistrict.origin}/exports/ocds/${DISTRICT}`);
    expect(validateOcdsReleasePackage(ocds).errors).toEqual([]);
    const notListed = await refusal(() =>
      exportCommand(options({ district: '320508', districtsFile: file }), env, captured().output),
    );
    expect(notListed.message).toBe(`districts file ${file} does not list district 320508`);
    await remoteDistrict.close();
    remoteDistrict = undefined;
    await source.close();
  });

  it.runIf(serverUrl)('exports from the PostgreSQL database --database-url names', async () => {
    const name = await scratch.create('cli_export');
    const database = await openDistrictDatabase({ url: scratch.url(name), districtCode: DISTRICT });
    await database.migrate();
    await seedDemoDistrict(
      database,
      planDemoDistrict({ districtCode: DISTRICT, name: '虎丘区', seed: 1, scale }),
    );
    await database.close();
    const io = captured();
    await exportCommand(options({ argument: 'hsds', databaseUrl: scratch.url(name) }), env, io.output);
    expect(validateHsdsOrganizationPage(JSON.parse(io.stdout())).errors).toEqual([]);
  });
});

describe.runIf(existsSync(sansheBuilt))('sanshe export, the real binary', () => {
  it('writes the file and exits 0; a mistyped standard exits 2 with the fix', async () => {
    const out = join(dir, 'binary-ocds.json');
    const run = await runSanshe(
      ['export', 'ocds', '--district', DISTRICT, '--data-dir', dataDir, '--out', out],
      env,
    );
    expect(run.stderr).toMatch(
      /^exported district 320505 as Open Contracting Data Standard 1\.1 release package/,
    );
    expect(run.code).toBe(0);
    expect(validateOcdsReleasePackage(JSON.parse(readFileSync(out, 'utf8'))).errors).toEqual([]);

    const typo = await runSanshe(['export', 'ocsd', '--district', DISTRICT, '--data-dir', dataDir]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      'sanshe: unknown standard "ocsd" (did you mean ocds?): one of ocds, 360giving, hsds; sanshe export --help lists the flags\n',
    );
  });

  it('documents itself: sanshe export --help', async () => {
    const help = await runSanshe(['export', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^sanshe export: write a district's service chain as OCDS, 360Giving or HSDS/,
    );
    expect(help.stdout).toContain('Usage: sanshe export <standard> [flags]');
    expect(help.stdout).toContain('--out <file>');
    expect(help.stdout).toContain('SANSHE_OCDS_PREFIX');
  });
});
