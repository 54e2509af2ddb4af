/**
 * The three standards' own JSON schemas, vendored in packages/core/standards/ (each SOURCE.md says
 * which files, how their `$ref`s resolve and what a validator must accept), compiled with Ajv in
 * strict mode, plus the codelist checks the schemas leave out. Tests only: the exports need no
 * validator at run time. Not a test file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

const standards = fileURLToPath(new URL('../../standards/', import.meta.url));
const require = createRequire(import.meta.url);
// CommonJS modules whose `module.exports` is also their `default`: `.default` is right either way.
const AjvDraft04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${standards}${path}`, 'utf8')) as Record<string, unknown>;
}

/** The values of the `Code` column of a vendored codelist CSV (quoted fields allowed). */
export function codelist(path: string): Set<string> {
  const [header, ...rows] = readFileSync(`${standards}${path}`, 'utf8').trim().split(/\r?\n/).map(csvFields);
  const column = header!.indexOf('Code');
  if (column < 0) throw new Error(`${path} has no Code column`);
  return new Set(rows.map((row) => row[column]!));
}

function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

export interface Validation {
  valid: boolean;
  /** Each problem as `<path>: <message>`, schema errors and codelist misses alike. */
  errors: string[];
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (error) =>
      `${error.instancePath || '/'}: ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`,
  );
}

function run(validate: ValidateFunction, data: unknown, extra: string[] = []): Validation {
  const valid = validate(data) as boolean;
  const errors = [...describe(validate.errors), ...extra];
  return { valid: valid && extra.length === 0, errors };
}

// ---------------------------------------------------------------------------------------------
// OCDS 1.1.5: draft-04, identifiers in `id`; the package refers to the release schema by its id.

let ocds: ValidateFunction | undefined;

function ocdsValidator(): ValidateFunction {
  if (ocds) return ocds;
  const ajv = new AjvDraft04({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  for (const keyword of ['codelist', 'openCodelist', 'versionId', 'wholeListMerge', 'omitWhenMerged']) {
    ajv.addKeyword(keyword);
  }
  // OCDS writes `deprecated` as an object ({ description, deprecatedVersion }), an annotation.
  ajv.addKeyword({ keyword: 'deprecated', schemaType: 'object' });
  ajv.addSchema(readJson('ocds-1.1.5/schema/release-schema.json') as AnySchema);
  ocds = ajv.compile(readJson('ocds-1.1.5/schema/release-package-schema.json'));
  return ocds;
}

/** Codes of OCDS's open codelists this export uses: the schema accepts any string, the lists do not. */
const ocdsOpenCodelists = {
  partyRole: codelist('ocds-1.1.5/schema/codelists/partyRole.csv'),
  milestoneType: codelist('ocds-1.1.5/schema/codelists/milestoneType.csv'),
  documentType: codelist('ocds-1.1.5/schema/codelists/documentType.csv'),
  procurementCategory: codelist('ocds-1.1.5/schema/codelists/procurementCategory.csv'),
};

/** An OCDS release package against release-package-schema.json and the open codelists used. */
export function validateOcdsReleasePackage(data: unknown): Validation {
  const misses: string[] = [];
  const releases = (data as { releases?: Record<string, unknown>[] }).releases ?? [];
  releases.forEach((release, r) => {
    const parties = (release.parties as { roles?: string[] }[] | undefined) ?? [];
    parties.forEach((party, p) => {
      for (const role of party.roles ?? []) {
        if (!ocdsOpenCodelists.partyRole.has(role)) misses.push(`/releases/${r}/parties/${p}/roles: ${role}`);
      }
    });
    const category = (release.tender as { mainProcurementCategory?: string } | undefined)
      ?.mainProcurementCategory;
    if (category && !ocdsOpenCodelists.procurementCategory.has(category)) {
      misses.push(`/releases/${r}/tender/mainProcurementCategory: ${category}`);
    }
    const contracts = (release.contracts as Record<string, unknown>[] | undefined) ?? [];
    contracts.forEach((contract, c) => {
      for (const milestone of (contract.milestones as { type?: string }[] | undefined) ?? []) {
        if (milestone.type && !ocdsOpenCodelists.milestoneType.has(milestone.type)) {
          misses.push(`/releases/${r}/contracts/${c}/milestones: ${milestone.type}`);
        }
      }
      const implementation = contract.implementation as
        | { documents?: { documentType?: string }[] }
        | undefined;
      for (const document of implementation?.documents ?? []) {
        if (document.documentType && !ocdsOpenCodelists.documentType.has(document.documentType)) {
          misses.push(`/releases/${r}/contracts/${c}/implementation/documents: ${document.documentType}`);
        }
      }
    });
  });
  return run(ocdsValidator(), data, misses);
}

// ---------------------------------------------------------------------------------------------
// 360Giving 1.4.3: 2020-12, declared under the `http` URI; the package refers to the grant schema.

let giving: ValidateFunction | undefined;

function givingValidator(): ValidateFunction {
  if (giving) return giving;
  // strictRequired off: the grant's top-level `oneOf` lists required sets whose properties are
  // declared beside it, not inside each branch, which strict mode would refuse.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  for (const keyword of ['codelist', 'openCodelist', 'rollUp']) ajv.addKeyword(keyword);
  // The schemas say "$schema": "http://json-schema.org/draft/2020-12/schema" (http, not https):
  // the 2020-12 meta-schema and its vocabularies are registered under that spelling too, so the
  // schemas are checked against the real meta-schema instead of skipping the check.
  const metaSchemas = [
    'meta/core',
    'meta/applicator',
    'meta/unevaluated',
    'meta/validation',
    'meta/meta-data',
    'meta/format-annotation',
    'meta/content',
    'schema',
  ];
  for (const name of metaSchemas) {
    const schema = require(`ajv/dist/refs/json-schema-2020-12/${name}.json`) as { $id: string };
    ajv.addMetaSchema({ ...schema, $id: schema.$id.replace('https://', 'http://') });
  }
  ajv.addSchema(readJson('360giving-1.4.3/schema/360-giving-schema.json') as AnySchema);
  giving = ajv.compile(readJson('360giving-1.4.3/schema/360-giving-package-schema.json'));
  return giving;
}

/**
 * 360Giving's closed codelists the schema names but does not enforce (SOURCE.md): each code used
 * must be in its vendored CSV.
 */
export const givingClosedCodelists = {
  locationScope: codelist('360giving-1.4.3/codelists/locationScope.csv'),
  regrantType: codelist('360giving-1.4.3/codelists/regrantType.csv'),
  grantToIndividualsReason: codelist('360giving-1.4.3/codelists/grantToIndividualsReason.csv'),
  grantToIndividualsPurpose: codelist('360giving-1.4.3/codelists/grantToIndividualsPurpose.csv'),
};

/** A 360Giving package against 360-giving-package-schema.json and the closed codelists. */
export function validate360GivingPackage(data: unknown): Validation {
  const misses: string[] = [];
  const grants = (data as { grants?: Record<string, unknown>[] }).grants ?? [];
  grants.forEach((grant, g) => {
    const check = (code: unknown, list: Set<string>, path: string) => {
      if (code !== undefined && !list.has(code as string))
        misses.push(`/grants/${g}/${path}: ${String(code)}`);
    };
    check(grant.locationScope, givingClosedCodelists.locationScope, 'locationScope');
    check(grant.regrantType, givingClosedCodelists.regrantType, 'regrantType');
    const individuals = grant.toIndividualsDetails as Record<string, unknown> | undefined;
    check(
      individuals?.primaryGrantReason,
      givingClosedCodelists.grantToIndividualsReason,
      'primaryGrantReason',
    );
    for (const purpose of (individuals?.grantPurpose as string[] | undefined) ?? []) {
      check(purpose, givingClosedCodelists.grantToIndividualsPurpose, 'grantPurpose');
    }
  });
  return run(givingValidator(), data, misses);
}

// ---------------------------------------------------------------------------------------------
// HSDS 3.0: no $schema (2020-12 as HSDS's CI validates), compiled schemas with every $ref inlined.

let hsds: ValidateFunction | undefined;

/**
 * Every object schema closed (`additionalProperties: false`), as HSDS's own CI prepares the
 * schemas before validating (SOURCE.md): a misspelt field fails instead of passing unseen.
 */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // Annotations are data, not schemas: a `properties` inside an example stays as it is.
    copy[key] = key === 'example' || key === 'datapackage_metadata' ? value : closeObjects(value);
  }
  if (copy.properties && typeof copy.properties === 'object' && copy.additionalProperties === undefined) {
    copy.additionalProperties = false;
  }
  return copy;
}

function hsdsValidator(): ValidateFunction {
  if (hsds) return hsds;
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  for (const keyword of [
    'name',
    'path',
    'datapackage_metadata',
    'datapackage_type',
    'constraints',
    'example',
    'core',
    'tabular_required',
  ]) {
    ajv.addKeyword(keyword);
  }
  const organizationUrl =
    'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/organization.json';
  ajv.addSchema({
    ...(closeObjects(readJson('hsds-3.0/schema/compiled/organization.json')) as object),
    $id: organizationUrl,
  });
  // The API's page (openapi.json components.schemas.Page) whose contents are organizations.
  const openapi = readJson('hsds-3.0/schema/openapi.json') as {
    components: { schemas: { Page: { properties: Record<string, unknown> } } };
  };
  const page = openapi.components.schemas.Page;
  hsds = ajv.compile({
    type: 'object',
    properties: { ...page.properties, contents: { type: 'array', items: { $ref: organizationUrl } } },
    required: [...Object.keys(page.properties), 'contents'],
    additionalProperties: false,
  });
  return hsds;
}

/** An HSDS page of organizations against the API's Page and compiled/organization.json, closed. */
export function validateHsdsOrganizationPage(data: unknown): Validation {
  return run(hsdsValidator(), data);
}
