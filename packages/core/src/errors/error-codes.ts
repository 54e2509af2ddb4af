/**
 * The one table of error codes shared by core, the gateway and the client.
 *
 * Every expected failure in sanshe carries one of these codes. The `kind` groups codes
 * the way callers react to them: fix the input (`validation`), look elsewhere
 * (`not_found`), reload and retry (`conflict`), ask for rights (`forbidden`), or try
 * later (`unavailable`); `limit` refuses a request that asks for too much at once (make it
 * smaller) and `protocol` one that is not a well-formed GraphQL request. The gateway maps kinds
 * to GraphQL error types and HTTP statuses.
 *
 * The gateway sends no other code: `packages/graphql/test/error-codes.test.ts` fails when it
 * does, and the client's `ErrorCode` type is this table's keys (through the schema's enum).
 */
export const errorCodes = {
  VALIDATION_FAILED: { kind: 'validation', description: 'The input does not have the expected form.' },
  INVALID_DIVISION_CODE: {
    kind: 'validation',
    description:
      'Not a valid administrative division code (6, 9 or 12 digits, GB/T 2260 and statistical codes).',
  },
  INVALID_GRID_CODE: {
    kind: 'validation',
    description: 'A grid code is its community code followed by a local suffix of 1 to 6 digits.',
  },
  INVALID_USCC: {
    kind: 'validation',
    description: 'Not a valid unified social credit code (GB 32100-2015).',
  },
  INVALID_ORGANIZATION_CODE: {
    kind: 'validation',
    description: 'Not a valid organization code (GB 11714).',
  },
  INVALID_RESIDENT_ID: {
    kind: 'validation',
    description: 'Not a valid resident identity number (GB 11643).',
  },
  INVALID_MOBILE_PHONE: { kind: 'validation', description: 'Not a valid mainland China mobile number.' },
  INVALID_NAME: { kind: 'validation', description: 'A name must be 1 to 100 characters of text.' },
  INVALID_TEXT: {
    kind: 'validation',
    description:
      'Text holds a control character (other than tab, line feed and carriage return) or a lone surrogate.',
  },
  INVALID_DATE: { kind: 'validation', description: 'Not a valid calendar date (YYYY-MM-DD).' },
  INVALID_DATE_RANGE: { kind: 'validation', description: 'An end date lies before its start date.' },
  DATE_IN_FUTURE: {
    kind: 'validation',
    description: 'A date of something that happened (a registration, a pass, a change) lies after today.',
  },
  INVALID_NUMBER: { kind: 'validation', description: 'A number is out of its allowed range.' },
  INVALID_ID: { kind: 'validation', description: 'Not a valid global ID.' },
  INVALID_CURSOR: { kind: 'validation', description: 'Not a cursor this list produced.' },
  PAGE_SIZE_EXCEEDED: { kind: 'validation', description: 'A page asked for more items than allowed.' },
  INVALID_PAGINATION: {
    kind: 'validation',
    description: 'Pagination arguments do not fit together (first with before, last with after, negatives).',
  },
  CODE_OUTSIDE_DISTRICT: {
    kind: 'validation',
    description: 'A code does not belong to the district that owns the record (its first 6 digits differ).',
  },
  CODE_LEVEL_MISMATCH: {
    kind: 'validation',
    description: 'A code is of another level than the unit being created.',
  },
  PARENT_NOT_FOUND: { kind: 'not_found', description: 'The parent unit of a code does not exist.' },
  PARENT_RETIRED: {
    kind: 'conflict',
    description: 'The parent unit is retired, or not yet in force on the given date.',
  },
  NOT_FOUND: { kind: 'not_found', description: 'No record with that identity exists here.' },
  DISTRICT_NOT_SERVED: { kind: 'not_found', description: 'This gateway serves no district with that code.' },
  HAS_ACTIVE_CHILDREN: {
    kind: 'conflict',
    description: 'A unit cannot be retired while units below it are still in force.',
  },
  DUPLICATE_CODE: { kind: 'conflict', description: 'A unit with that code already exists.' },
  ALREADY_RETIRED: { kind: 'conflict', description: 'The unit is already retired.' },
  SUCCESSOR_INVALID: {
    kind: 'conflict',
    description: 'A successor must be an active unit of the same level, other than the unit itself.',
  },
  SUCCESSOR_IN_USE: {
    kind: 'conflict',
    description: 'A unit that takes over from another must stay in force past the handover date.',
  },
  VERSION_CONFLICT: {
    kind: 'conflict',
    description: 'The record changed since it was read; reload it and apply the change again.',
  },
  INVALID_CODE_LIST_VALUE: {
    kind: 'validation',
    description: 'A value is not one of its code list (category, domain, level, list, kind).',
  },
  USCC_REQUIRED: {
    kind: 'validation',
    description: 'A registered organization (登记) needs its unified social credit code.',
  },
  USCC_NOT_ALLOWED: {
    kind: 'validation',
    description: 'A filed community group (备案) has no legal personality and no unified social credit code.',
  },
  USCC_MISMATCH: {
    kind: 'validation',
    description:
      'The unified social credit code is not one issued by civil affairs for this legal form (positions 1 and 2).',
  },
  REASON_REQUIRED: {
    kind: 'validation',
    description: 'This action overrides a rule or corrects the record, and needs a written reason.',
  },
  PERSONAL_DATA_IN_PUBLIC_TEXT: {
    kind: 'validation',
    description: 'Text to be published contains what looks like an identity number or a phone number.',
  },
  DUPLICATE_USCC: {
    kind: 'conflict',
    description: 'An organization with that unified social credit code is already recorded.',
  },
  DUPLICATE_RECORD: {
    kind: 'conflict',
    description: 'The same record (person, certificate, membership) already exists.',
  },
  ORGANIZATION_INACTIVE: {
    kind: 'conflict',
    description: 'The organization is deregistered (or not yet registered on that date).',
  },
  NOT_A_HUB: {
    kind: 'conflict',
    description: 'Only a hub organization (枢纽型) can take member organizations.',
  },
  HUB_CYCLE: {
    kind: 'conflict',
    description: 'The membership would make a hub a member of itself, directly or through others.',
  },
  NOT_ELIGIBLE: {
    kind: 'conflict',
    description: 'The organization or worker does not meet the rule for this (see the message for which).',
  },
  POLICY_NOT_SET: {
    kind: 'conflict',
    description: 'The local policy this rule reads has no value in force for that unit and date.',
  },
  ALREADY_LISTED: { kind: 'conflict', description: 'The organization is already on that list.' },
  LISTING_EXEMPTED: {
    kind: 'conflict',
    description:
      'A written statement that the organization bears no direct responsibility exempts it from the list (社会组织信用信息管理办法 第十一条、第十五条): it is not listed.',
  },
  NOT_LISTED: { kind: 'conflict', description: 'The organization is not on that list.' },
  ALREADY_DECIDED: { kind: 'conflict', description: 'The procedure was already decided.' },
  REGISTRATION_DEADLINE_PASSED: {
    kind: 'conflict',
    description: 'A certificate is first registered within one year of passing the examination.',
  },
  ALREADY_REGISTERED: {
    kind: 'conflict',
    description: 'The certificate already has its first registration.',
  },
  NOT_REGISTERED: { kind: 'conflict', description: 'The certificate has no registration to renew.' },
  OUTSIDE_RENEWAL_WINDOW: {
    kind: 'conflict',
    description: 'A registration is renewed in the three months before it expires, not earlier or later.',
  },
  INSUFFICIENT_CE_HOURS: {
    kind: 'conflict',
    description: 'Not enough continuing-education hours in the period for a renewal.',
  },
  OVERLAPPING_POST: {
    kind: 'conflict',
    description: 'A worker holds at most one full-time post at a time.',
  },
  ALREADY_ENDED: { kind: 'conflict', description: 'The post, membership or listing has already ended.' },
  UNAUTHENTICATED: {
    kind: 'unauthenticated',
    description: 'The credentials are missing, invalid or expired.',
  },
  FORBIDDEN: { kind: 'forbidden', description: 'The caller may not do this.' },
  REVEAL_LIMIT_EXCEEDED: {
    kind: 'forbidden',
    description:
      'Too many personal identifiers unmasked by this caller in the last hour, or of this person in the last day (policy personal_data.reveal_limits); details.retryAfterSeconds says when to try again.',
  },
  PURPOSE_NOT_ALLOWED: {
    kind: 'forbidden',
    description:
      'Sensitive personal information is unmasked only for a purpose its category admits, explained in a note.',
  },
  INVALID_KEYRING: {
    kind: 'validation',
    description:
      'The personal-data keys are missing or malformed (32-byte AES keys in base64, a lookup key).',
  },
  ENCRYPTION_KEY_MISSING: {
    kind: 'unavailable',
    description: 'A stored personal value was sealed with a key that is not configured.',
  },
  DISTRICT_UNAVAILABLE: {
    kind: 'unavailable',
    description: 'A district could not be reached in time; its data is missing from the answer.',
  },
  DATABASE_IN_USE: {
    kind: 'unavailable',
    description:
      'An embedded database directory is already open in another process (one writer per directory).',
  },
  INTERNAL_SERVER_ERROR: { kind: 'internal', description: 'Unexpected error.' },
  UNIT_NOT_IN_FORCE: {
    kind: 'conflict',
    description:
      'The community or subdistrict named is retired, or not yet in force, on the date of the act.',
  },
  QUERY_TOO_DEEP: { kind: 'limit', description: 'The operation nests selections deeper than allowed.' },
  TOO_MANY_ALIASES: { kind: 'limit', description: 'The operation uses more aliases than allowed.' },
  TOO_MANY_TOKENS: { kind: 'limit', description: 'The document has more lexical tokens than allowed.' },
  TOO_MANY_DIRECTIVES: { kind: 'limit', description: 'The operation uses more directives than allowed.' },
  QUERY_TOO_COSTLY: {
    kind: 'limit',
    description:
      'The operation could read more rows than allowed (page sizes multiplied down nested pages, summed).',
  },
  BODY_TOO_LARGE: { kind: 'limit', description: 'The request body is larger than allowed (HTTP 413).' },
  PERSISTED_QUERY_NOT_FOUND: {
    kind: 'not_found',
    description: 'No persisted operation has that hash, or the request names none.',
  },
  PERSISTED_QUERY_ONLY: {
    kind: 'forbidden',
    description: 'This gateway executes persisted operations only; send the hash, not the document.',
  },
  GRAPHQL_PARSE_FAILED: { kind: 'protocol', description: 'The document is not valid GraphQL syntax.' },
  GRAPHQL_VALIDATION_FAILED: {
    kind: 'protocol',
    description: 'The document does not validate against the schema (unknown field, wrong argument type…).',
  },
  BAD_REQUEST: {
    kind: 'protocol',
    description:
      'The HTTP request is not a GraphQL request (no query, body not JSON, a mutation sent by GET, a missing CSRF header).',
  },
  OPERATION_RESOLUTION_FAILURE: {
    kind: 'protocol',
    description: 'The document has no operation of the given operationName, or several and none named.',
  },
} as const satisfies Record<string, { kind: ErrorKind; description: string }>;

export type ErrorKind =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'unavailable'
  | 'limit'
  | 'protocol'
  | 'internal';

export type ErrorCode = keyof typeof errorCodes;

export const errorCodeList = Object.keys(errorCodes) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value);
}

export function errorKindOf(code: ErrorCode): ErrorKind {
  return errorCodes[code].kind;
}
