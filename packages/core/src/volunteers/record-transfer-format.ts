import { createHash } from 'node:crypto';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { canonicalJson } from '../ledger/request-hash.js';
import { parseIsoDate } from '../validators/text.js';
import { parseInstant } from './volunteer-rules.js';

/**
 * The transfer format of a volunteer's record (转移接续, docs/domain.md §5.4):
 * `format: "sanshe.volunteer-record"`, `version: 1`, described by the JSON Schema
 * `packages/core/schemas/volunteer-record-v1.schema.json` (draft 2020-12, shipped with the
 * package). Core checks a document by hand, rule for rule as the schema does (core carries no
 * schema validator at run time; the tests hold the two together with Ajv), then what a schema
 * cannot say: the check character of the ID number, that a service ends after it starts and lasts
 * at least its minutes, one origin per service, the total and the digest.
 */

export const volunteerRecordFormat = 'sanshe.volunteer-record';
export const volunteerRecordVersion = 1;
/** This system's name in origin refs: `sanshe:<district>:<local id>`. */
export const sansheSystem = 'sanshe';

export interface VolunteerRecordService {
  /** `<system>:<district>:<local id>` of the record where it was first kept. */
  originRef: string;
  content: string;
  place: string;
  /** ISO 8601 with an offset. */
  startedAt: string;
  endedAt: string;
  minutes: number;
  /** The unit that certified it where it was served. */
  certifierName: string;
}

export interface VolunteerRecordTraining {
  title: string;
  issuer: string;
  occurredOn: string;
  minutes?: number | null;
}

export interface VolunteerRecordCommendation {
  title: string;
  issuer: string;
  occurredOn: string;
}

export interface VolunteerRecordEvaluation {
  title: string;
  issuer: string;
  occurredOn: string;
  rating: 'excellent' | 'good' | 'fair' | 'poor';
}

export interface VolunteerRecordDocument {
  format: typeof volunteerRecordFormat;
  version: typeof volunteerRecordVersion;
  exportedAt: string;
  exportedBy: { system: string; districtCode: string; districtName: string; actor: string; purpose: string };
  person: {
    name: string;
    /** The resident ID number in clear: what identifies the person in every system. */
    residentId: string;
    registeredOn: string;
    realNameVerifiedOn?: string | null;
    guardian?: { name: string; relation: string; consentOn: string } | null;
  };
  services: VolunteerRecordService[];
  training: VolunteerRecordTraining[];
  commendations: VolunteerRecordCommendation[];
  evaluations: VolunteerRecordEvaluation[];
  totalMinutes: number;
  digest: string;
}

/** SHA-256 (hex) of the document's canonical JSON without its `digest` member. */
export function volunteerRecordDigest(
  record: Omit<VolunteerRecordDocument, 'digest'> & { digest?: unknown },
): string {
  const { digest: _digest, ...body } = record;
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

/** The origin ref of a record kept here. */
export function originRefOf(districtCode: string, id: number): string {
  return `${sansheSystem}:${districtCode}:${id}`;
}

const originRefPattern = /^[a-z0-9][a-z0-9.-]{0,39}:[0-9A-Za-z._-]{1,39}:[0-9A-Za-z._-]{1,39}$/;
const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const exportedAtPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const residentIdPattern = /^[1-9][0-9]{16}[0-9X]$/;
const ratings = ['excellent', 'good', 'fair', 'poor'] as const;

function invalid(path: FieldPath, message: string): never {
  throw new SansheError('VALIDATION_FAILED', message, { path });
}

function describe(path: FieldPath): string {
  return path.length <= 2 ? 'The record' : path.slice(2).join('.');
}

type Shape = Record<string, unknown>;

/** An object with exactly these members (optional ones may be absent), as `additionalProperties: false`. */
function object(
  value: unknown,
  path: FieldPath,
  required: readonly string[],
  optional: readonly string[] = [],
): Shape {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalid(path, `${describe(path)} must be an object.`);
  const shape = value as Shape;
  for (const key of Object.keys(shape)) {
    if (!required.includes(key) && !optional.includes(key))
      invalid([...path, key], `${describe([...path, key])} is not part of the format.`);
  }
  for (const key of required) {
    if (!Object.hasOwn(shape, key)) invalid([...path, key], `${describe([...path, key])} is required.`);
  }
  return shape;
}

function text(value: unknown, path: FieldPath, maxLength: number, pattern?: RegExp): string {
  if (typeof value !== 'string') invalid(path, `${describe(path)} must be a string.`);
  const length = Array.from(value).length;
  if (length < 1 || length > maxLength)
    invalid(path, `${describe(path)} must have 1 to ${maxLength} characters.`);
  // What people read is one line of printable text, as everywhere in sanshe.
  if (/[\p{Cc}\p{Cs}]/u.test(value)) invalid(path, `${describe(path)} must not contain control characters.`);
  if (pattern && !pattern.test(value))
    invalid(path, `${describe(path)} does not have the form ${pattern.source}.`);
  return value;
}

function integer(value: unknown, path: FieldPath, minimum: number, maximum: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > maximum) {
    invalid(path, `${describe(path)} must be an integer from ${minimum} to ${maximum}.`);
  }
  return value;
}

function date(value: unknown, path: FieldPath): string {
  const parsed = parseIsoDate(value, { path });
  if (!parsed.success) invalid(path, `${describe(path)} must be a calendar date YYYY-MM-DD.`);
  return parsed.data;
}

function timestamp(value: unknown, path: FieldPath, pattern = timestampPattern): string {
  const fault = () => invalid(path, `${describe(path)} must be an ISO 8601 date and time with an offset.`);
  if (typeof value !== 'string' || !pattern.test(value)) fault();
  try {
    // The one reader of instants in the volunteers area: a day that does not exist is refused.
    parseInstant(value, path);
  } catch {
    fault();
  }
  return value as string;
}

function array(value: unknown, path: FieldPath, maxItems: number): unknown[] {
  if (!Array.isArray(value)) invalid(path, `${describe(path)} must be an array.`);
  if (value.length > maxItems) invalid(path, `${describe(path)} holds at most ${maxItems} entries.`);
  return value;
}

function nullable<T>(value: unknown, parse: (value: unknown) => T): T | null {
  return value === null || value === undefined ? null : parse(value);
}

/**
 * A transfer document, checked as the JSON Schema does and then for what the schema cannot say;
 * the first fault is VALIDATION_FAILED at its path under `path` (e.g. `input.record.services.3.minutes`).
 *
 * @throws {SansheError} VALIDATION_FAILED
 */
export function parseVolunteerRecord(
  value: unknown,
  path: FieldPath = ['input', 'record'],
): VolunteerRecordDocument {
  const root = object(value, path, [
    'format',
    'version',
    'exportedAt',
    'exportedBy',
    'person',
    'services',
    'training',
    'commendations',
    'evaluations',
    'totalMinutes',
    'digest',
  ]);
  if (root.format !== volunteerRecordFormat)
    invalid([...path, 'format'], `The format must be "${volunteerRecordFormat}".`);
  if (root.version !== volunteerRecordVersion) {
    invalid(
      [...path, 'version'],
      `This system reads version ${volunteerRecordVersion} of ${volunteerRecordFormat}.`,
    );
  }
  const exportedAt = timestamp(root.exportedAt, [...path, 'exportedAt'], exportedAtPattern);
  const byPath = [...path, 'exportedBy'];
  const by = object(root.exportedBy, byPath, ['system', 'districtCode', 'districtName', 'actor', 'purpose']);
  const exportedBy = {
    system: text(by.system, [...byPath, 'system'], 40, /^[a-z0-9][a-z0-9.-]{0,39}$/),
    districtCode: text(by.districtCode, [...byPath, 'districtCode'], 39, /^[0-9A-Za-z._-]{1,39}$/),
    districtName: text(by.districtName, [...byPath, 'districtName'], 200),
    actor: text(by.actor, [...byPath, 'actor'], 100),
    purpose: text(by.purpose, [...byPath, 'purpose'], 40, /^[A-Z][A-Z_]{0,39}$/),
  };

  const personPath = [...path, 'person'];
  const p = object(
    root.person,
    personPath,
    ['name', 'residentId', 'registeredOn'],
    ['realNameVerifiedOn', 'guardian'],
  );
  const guardianPath = [...personPath, 'guardian'];
  const person: VolunteerRecordDocument['person'] = {
    name: text(p.name, [...personPath, 'name'], 100),
    residentId: text(p.residentId, [...personPath, 'residentId'], 18, residentIdPattern),
    registeredOn: date(p.registeredOn, [...personPath, 'registeredOn']),
    realNameVerifiedOn: nullable(p.realNameVerifiedOn, (v) => date(v, [...personPath, 'realNameVerifiedOn'])),
    guardian: nullable(p.guardian, (v) => {
      const g = object(v, guardianPath, ['name', 'relation', 'consentOn']);
      return {
        name: text(g.name, [...guardianPath, 'name'], 100),
        relation: text(g.relation, [...guardianPath, 'relation'], 16),
        consentOn: date(g.consentOn, [...guardianPath, 'consentOn']),
      };
    }),
  };

  const origins = new Set<string>();
  const services = array(root.services, [...path, 'services'], 20_000).map((entry, index) => {
    const at = [...path, 'services', index];
    const s = object(entry, at, [
      'originRef',
      'content',
      'place',
      'startedAt',
      'endedAt',
      'minutes',
      'certifierName',
    ]);
    const service: VolunteerRecordService = {
      originRef: text(s.originRef, [...at, 'originRef'], 120, originRefPattern),
      content: text(s.content, [...at, 'content'], 500),
      place: text(s.place, [...at, 'place'], 200),
      startedAt: timestamp(s.startedAt, [...at, 'startedAt']),
      endedAt: timestamp(s.endedAt, [...at, 'endedAt']),
      minutes: integer(s.minutes, [...at, 'minutes'], 1, 1440),
      certifierName: text(s.certifierName, [...at, 'certifierName'], 200),
    };
    const span = (Date.parse(service.endedAt) - Date.parse(service.startedAt)) / 60_000;
    if (span <= 0) invalid([...at, 'endedAt'], `${describe([...at, 'endedAt'])} must lie after the start.`);
    if (service.minutes > span)
      invalid([...at, 'minutes'], `${describe([...at, 'minutes'])} exceeds the time from start to end.`);
    if (origins.has(service.originRef))
      invalid([...at, 'originRef'], `Origin ${service.originRef} appears twice in the record.`);
    origins.add(service.originRef);
    return service;
  });

  const itemBase = (
    entry: unknown,
    at: FieldPath,
    extra: readonly string[],
    required: readonly string[] = [],
  ) => {
    const item = object(entry, at, ['title', 'issuer', 'occurredOn', ...required], extra);
    return {
      item,
      base: {
        title: text(item.title, [...at, 'title'], 200),
        issuer: text(item.issuer, [...at, 'issuer'], 200),
        occurredOn: date(item.occurredOn, [...at, 'occurredOn']),
      },
    };
  };
  const training = array(root.training, [...path, 'training'], 5000).map((entry, index) => {
    const at = [...path, 'training', index];
    const { item, base } = itemBase(entry, at, ['minutes']);
    return { ...base, minutes: nullable(item.minutes, (v) => integer(v, [...at, 'minutes'], 1, 14_400)) };
  });
  const commendations = array(root.commendations, [...path, 'commendations'], 5000).map(
    (entry, index) => itemBase(entry, [...path, 'commendations', index], []).base,
  );
  const evaluations = array(root.evaluations, [...path, 'evaluations'], 5000).map((entry, index) => {
    const at = [...path, 'evaluations', index];
    const { item, base } = itemBase(entry, at, [], ['rating']);
    if (!ratings.includes(item.rating as (typeof ratings)[number])) {
      invalid([...at, 'rating'], `${describe([...at, 'rating'])} must be one of ${ratings.join(', ')}.`);
    }
    return { ...base, rating: item.rating as VolunteerRecordEvaluation['rating'] };
  });

  const totalMinutes = integer(root.totalMinutes, [...path, 'totalMinutes'], 0, Number.MAX_SAFE_INTEGER);
  if (totalMinutes !== services.reduce((sum, service) => sum + service.minutes, 0)) {
    invalid([...path, 'totalMinutes'], 'totalMinutes is not the sum of the services’ minutes.');
  }
  const digest = text(root.digest, [...path, 'digest'], 64, /^[0-9a-f]{64}$/);
  // The digest covers the document as it was sent (every member, in canonical form).
  if (volunteerRecordDigest(root as unknown as VolunteerRecordDocument) !== digest) {
    invalid(
      [...path, 'digest'],
      'The digest does not match the record: it was changed or damaged on the way.',
    );
  }
  return {
    format: volunteerRecordFormat,
    version: volunteerRecordVersion,
    exportedAt,
    exportedBy,
    person,
    services,
    training,
    commendations,
    evaluations,
    totalMinutes,
    digest,
  };
}
