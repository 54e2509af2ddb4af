import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  type ExportStandard,
  exportDistrict,
  exportStandards,
  isExportStandard,
  isSansheError,
  parseDivisionCodeOfLevel,
} from '@sanshe/core';
import type { DatabaseLocation } from './database-location.js';
import { readDistrictsFile } from './districts-file.js';
import type { CliOptions } from './options.js';
import { prepareDistrictDatabase } from './prepare-district-database.js';
import { closestWord } from './suggest.js';
import { CliRefusal, UsageError } from './usage-error.js';

/**
 * `sanshe export ocds|360giving|hsds --district <code> [--out <file>]`: one district's service
 * chain in an open standard (四公开, docs/domain.md §6.8, §11), the same document the gateway
 * serves at `/exports/<standard>/<code>`: OCDS 1.1 for its purchases, 360Giving 1.4 for its
 * funding, HSDS 3.0 for its organizations and services. Public data only (@sanshe/core exports/).
 *
 * The district's database is the one `--database-url` names, `<data-dir>/<code>` (PGlite, which
 * must exist: an export never creates a database), or the one a districts file lists; a district
 * a districts file lists as remote is asked for its export over HTTP at its gateway. The document
 * goes to `--out` (an existing file only with `--force`) or standard output; one line on standard
 * error says what was written.
 */
export type ExportCommandOptions = Pick<
  CliOptions,
  'district' | 'dataDir' | 'databaseUrl' | 'districtsFile' | 'init' | 'force' | 'givenBy'
> & {
  /** The standard: the command's one argument. */
  argument: string | undefined;
  /** Where to write the document; standard output when undefined. */
  out: string | undefined;
};

/** Where the CLI writes: the document to `stdout`, what was done to `stderr`. */
export interface ExportOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** The settings every export of this installation shares; what is not set is left to the defaults. */
export interface ExportSettings {
  uriBase?: string;
  ocidPrefix?: string;
  grantIdPrefix?: string;
  publisher?: { name: string };
  license?: string;
}

/**
 * The export settings from the environment, the same for `sanshe export` and the gateway's
 * `/exports` (`CreateGatewayOptions.exports`):
 * - SANSHE_EXPORT_URI_BASE: the public URL the documents are published under (a package's own URI
 *   is `<base>/<standard>/<code>`); the gateway defaults to its own origin and `/exports`, the CLI
 *   to {@link placeholderUriBase};
 * - SANSHE_OCDS_PREFIX, SANSHE_360GIVING_PREFIX: the publisher's registered OCID and 360Giving
 *   prefixes; without them core's placeholders, registered to no one;
 * - SANSHE_EXPORT_PUBLISHER, SANSHE_EXPORT_LICENSE: who publishes (default: the district's name)
 *   and the canonical URL of the data's licence.
 */
export function exportSettingsFromEnvironment(env: NodeJS.ProcessEnv): ExportSettings {
  const value = (name: string) => (env[name] ? env[name] : undefined);
  const uriBase = value('SANSHE_EXPORT_URI_BASE');
  const ocidPrefix = value('SANSHE_OCDS_PREFIX');
  const grantIdPrefix = value('SANSHE_360GIVING_PREFIX');
  const publisher = value('SANSHE_EXPORT_PUBLISHER');
  const license = value('SANSHE_EXPORT_LICENSE');
  return {
    ...(uriBase ? { uriBase } : {}),
    ...(ocidPrefix ? { ocidPrefix } : {}),
    ...(grantIdPrefix ? { grantIdPrefix } : {}),
    ...(publisher ? { publisher: { name: publisher } } : {}),
    ...(license ? { license } : {}),
  };
}

/** Where a file written by the CLI says it is published when nobody said (`.invalid`, RFC 2606: nowhere). */
export const placeholderUriBase = 'https://sanshe.invalid/exports';

const help = 'sanshe export --help';

export async function exportCommand(
  options: ExportCommandOptions,
  env: NodeJS.ProcessEnv,
  output: ExportOutput = process,
): Promise<void> {
  const standard = exportStandardOf(options.argument);
  if (!options.district) throw new UsageError('export needs --district <code>', help);
  const code = parseDivisionCodeOfLevel(options.district, 'district');
  if (!code.success)
    throw new UsageError(`${options.givenBy.district ?? '--district'}: ${code.error.message}`, help);
  const districtCode = code.data.code;
  const out = options.out === undefined ? undefined : resolve(options.out);
  if (out !== undefined) checkOutFile(out, options.force);
  const settings = exportSettingsFromEnvironment(env);
  const target = exportTarget(options, districtCode);

  let text: string;
  let summary: string;
  if ('remoteUrl' in target) {
    ({ text, summary } = await remoteExport(target.remoteUrl, standard, districtCode));
  } else {
    const prepared = await prepareDistrictDatabase(target.location, districtCode, {
      init: options.init,
      seedDemo: false,
    });
    try {
      const document = await exportDistrict(prepared.database.db, standard, districtCode, {
        ...settings,
        uriBase: settings.uriBase ?? placeholderUriBase,
        publishedAt: new Date().toISOString(),
      }).catch((error: unknown) => {
        if (isSansheError(error)) throw new CliRefusal(`district ${districtCode}: ${error.message}`);
        throw error;
      });
      text = `${JSON.stringify(document, null, 2)}\n`;
      summary = describeDocument(standard, document);
    } finally {
      await prepared.database.close();
    }
  }
  if (out === undefined) output.stdout.write(text);
  else writeFileSync(out, text, { flag: options.force ? 'w' : 'wx' });
  output.stderr.write(
    `exported district ${districtCode} as ${exportStandards[standard]}: ${summary}, to ${out ?? 'standard output'}\n`,
  );
}

function exportStandardOf(argument: string | undefined): ExportStandard {
  const known = Object.keys(exportStandards);
  if (argument === undefined) throw new UsageError(`export needs a standard: ${known.join(', ')}`, help);
  if (isExportStandard(argument)) return argument;
  const guess = closestWord(argument, known);
  throw new UsageError(
    `there is no export "${argument}"${guess ? ` (did you mean ${guess}?)` : ''}; the exports are ${known.join(', ')}`,
    help,
  );
}

/** Refuse, before any database is opened, a file that would be lost or a folder that is not there. */
function checkOutFile(out: string, force: boolean): void {
  if (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory()) {
    throw new CliRefusal(`cannot write ${out}: the folder ${dirname(out)} does not exist`);
  }
  if (existsSync(out) && !force) {
    throw new CliRefusal(`${out} exists`, 'pass --force to replace it, or choose another --out');
  }
}

type ExportTarget = { location: DatabaseLocation } | { remoteUrl: string };

/** The district's database (or its gateway), from the flags alone. */
function exportTarget(options: ExportCommandOptions, districtCode: string): ExportTarget {
  if (options.districtsFile) {
    if (options.databaseUrl) {
      throw new UsageError(
        `${options.givenBy.districts ?? '--districts'} says where the district is: drop ${options.givenBy['database-url'] ?? '--database-url'}`,
        help,
      );
    }
    const file = readDistrictsFile(options.districtsFile);
    const district = file.districts.find((entry) => entry.code === districtCode);
    if (!district) {
      throw new UsageError(
        `districts file ${options.districtsFile} does not list district ${districtCode}`,
        help,
      );
    }
    if ('remote' in district) return { remoteUrl: district.remote.url };
    return {
      location:
        'dataDir' in district.local
          ? existingDataDir(
              resolve(dirname(resolve(options.districtsFile)), district.local.dataDir),
              districtCode,
            )
          : { url: district.local.databaseUrl },
    };
  }
  if (options.databaseUrl) return { location: { url: options.databaseUrl } };
  return { location: existingDataDir(join(options.dataDir, districtCode), districtCode) };
}

function existingDataDir(dataDir: string, districtCode: string): DatabaseLocation {
  if (!existsSync(dataDir)) {
    throw new CliRefusal(
      `there is no database of district ${districtCode} at ${dataDir}`,
      'give the --data-dir that holds it, or --database-url, or --districts',
    );
  }
  return { dataDir };
}

/** A remote district's export, asked of its own gateway (public data: no token). */
async function remoteExport(
  url: string,
  standard: ExportStandard,
  districtCode: string,
): Promise<{ text: string; summary: string }> {
  const endpoint = `${url.replace(/\/+$/, '')}/exports/${standard}/${districtCode}`;
  let response: Response;
  try {
    response = await fetch(endpoint, { signal: AbortSignal.timeout(120_000) });
  } catch (error) {
    throw new CliRefusal(
      `the gateway of district ${districtCode} did not answer at ${endpoint}: ${(error as Error).message}`,
    );
  }
  const body = await response.text();
  if (!response.ok) {
    let reason = `HTTP ${response.status}`;
    try {
      const error = (JSON.parse(body) as { errors?: { message?: string; extensions?: { code?: string } }[] })
        .errors?.[0];
      if (error) reason = `${error.extensions?.code ?? reason}: ${error.message ?? ''}`;
    } catch {
      // Not JSON: the status says it.
    }
    throw new CliRefusal(`the gateway of district ${districtCode} refused the export (${reason})`);
  }
  const document = JSON.parse(body) as object;
  return { text: `${JSON.stringify(document, null, 2)}\n`, summary: describeDocument(standard, document) };
}

/** What a document holds, in a few words: its records counted. */
function describeDocument(standard: ExportStandard, document: object): string {
  switch (standard) {
    case 'ocds':
      return `${(document as { releases: unknown[] }).releases.length} releases`;
    case '360giving':
      return `${(document as { grants: unknown[] }).grants.length} grants`;
    case 'hsds': {
      const contents = (document as { contents: { services: unknown[] }[] }).contents;
      return `${contents.length} organizations, ${contents.reduce((sum, org) => sum + org.services.length, 0)} services`;
    }
  }
}
