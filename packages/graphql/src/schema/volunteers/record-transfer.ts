import {
  createVolunteerRecordTransfer,
  SansheError,
  type VolunteerRecordDocument,
  type VolunteerRecordImport,
  volunteerRecordFormat,
  volunteerRecordVersion,
} from '@sanshe/core';
import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { encodeGlobalId } from '../../global-id.js';
import { defineMutation } from '../../mutation-field.js';
import { visibleLocalIdOf } from '../local-id.js';
import { assertOwnDistrict, byInputDivisionCode, byInputGlobalId } from '../mutation-routes.js';
import { UnmaskPurposeEnum } from '../personal-data/personal-data.js';

/**
 * Records that move with the person (转移接续, docs/domain.md §5.4) in the API. Both are
 * mutations: the export discloses the resident ID number in clear, so it writes the
 * personal-data access log and the audit log, which no query (a GET, a retried or prefetched
 * read) may do; the import writes records. The record travels as the text of its JSON document
 * (`sanshe.volunteer-record`, version 1, JSON Schema `@sanshe/core/schemas/volunteer-record-v1.schema.json`),
 * byte for byte what a file of it holds; a request body is at most 100 kB, a few hundred services.
 */

function transferOf(ctx: DistrictContext) {
  return createVolunteerRecordTransfer(ctx.district, { actor: ctx.actor });
}

const VolunteerRecordExportRef = builder
  .objectRef<{ document: VolunteerRecordDocument; districtCode: string; volunteerId: number }>(
    'VolunteerRecordExport',
  )
  .implement({
    description: `A volunteer's record in the transfer format ${volunteerRecordFormat}, version ${volunteerRecordVersion}.`,
    fields: (t) => ({
      volunteerId: t.id({ resolve: (row) => encodeGlobalId('Volunteer', row.districtCode, row.volunteerId) }),
      record: t.string({
        description:
          'The JSON document (personal data: it carries the resident ID number in clear). Import it elsewhere as it is.',
        resolve: (row) => JSON.stringify(row.document),
      }),
      digest: t.string({ resolve: (row) => row.document.digest }),
      totalMinutes: t.int({ resolve: (row) => row.document.totalMinutes }),
      serviceCount: t.int({ resolve: (row) => row.document.services.length }),
      fileName: t.string({
        description: 'A name to save it under.',
        resolve: (row) => `volunteer-record-${row.districtCode}-${row.volunteerId}.json`,
      }),
    }),
  });

const ExportInput = builder.inputType('ExportVolunteerRecordInput', {
  fields: (t) => ({
    volunteerId: t.id({ required: true }),
    purpose: t.field({
      type: UnmaskPurposeEnum,
      required: true,
      description:
        'Why the record (and so the ID number) leaves. A volunteer exports its own as DATA_SUBJECT_REQUEST.',
    }),
    purposeNote: t.string({
      description: 'Why, in words (required for a child’s record; at most 500 characters).',
    }),
  }),
});

defineMutation('exportVolunteerRecord', {
  type: VolunteerRecordExportRef,
  description:
    'Export a volunteer’s record (person, services in force, training, commendations, evaluations) to move it to another district or system. A disclosure of personal data: for staff of the volunteer’s home unit with a purpose, or the volunteer itself; logged in the personal-data access log and audited.',
  input: ExportInput,
  route: byInputGlobalId('volunteerId'),
  resolve: async (input, ctx) => {
    const volunteerId = await visibleLocalIdOf(ctx, String(input.volunteerId), 'Volunteer', [
      'input',
      'volunteerId',
    ]);
    const document = await transferOf(ctx).exportRecord({
      volunteerId,
      purpose: input.purpose,
      purposeNote: input.purposeNote ?? null,
    });
    return { document, districtCode: ctx.district.districtCode, volunteerId };
  },
});

const VolunteerRecordImportRef = builder
  .objectRef<VolunteerRecordImport & { districtCode: string }>('VolunteerRecordImport')
  .implement({
    description: 'What an import did: importing the same record again adds nothing.',
    fields: (t) => ({
      volunteerId: t.id({ resolve: (row) => encodeGlobalId('Volunteer', row.districtCode, row.volunteerId) }),
      registered: t.exposeBoolean('registered', {
        description: 'Whether the person was registered here by it.',
      }),
      imported: t.exposeInt('imported', { description: 'Services added.' }),
      alreadyPresent: t.exposeInt('alreadyPresent', {
        description: 'Services already here from the same origin.',
      }),
      minutesAdded: t.exposeInt('minutesAdded'),
      itemsImported: t.exposeInt('itemsImported', {
        description: 'Training, commendations and evaluations added.',
      }),
      itemsAlreadyPresent: t.exposeInt('itemsAlreadyPresent'),
    }),
  });

const ImportInput = builder.inputType('ImportVolunteerRecordInput', {
  fields: (t) => ({
    districtCode: t.string({ required: true, description: 'The district that takes the record in.' }),
    homeCommunityId: t.id({
      required: true,
      description: 'Where the person is registered, if not registered here yet.',
    }),
    record: t.string({
      required: true,
      description: `The JSON document (${volunteerRecordFormat}, version ${volunteerRecordVersion}).`,
    }),
  }),
});

defineMutation('importVolunteerRecord', {
  type: VolunteerRecordImportRef,
  description:
    'Import a volunteer’s record from another district or system: all or nothing. A service already here from the same origin with the same content is skipped; one with other content, or overlapping a service in force here, refuses the import with IMPORT_CONFLICT naming the records.',
  input: ImportInput,
  route: byInputDivisionCode('districtCode'),
  resolve: async (input, ctx) => {
    assertOwnDistrict(input.districtCode, ctx);
    const homeCommunityId = await visibleLocalIdOf(ctx, String(input.homeCommunityId), 'Community', [
      'input',
      'homeCommunityId',
    ]);
    let record: unknown;
    try {
      record = JSON.parse(input.record);
    } catch {
      throw new SansheError('VALIDATION_FAILED', 'The record is not a JSON document.', {
        path: ['input', 'record'],
      });
    }
    const result = await transferOf(ctx).importRecord({ record, homeCommunityId });
    return { ...result, districtCode: ctx.district.districtCode };
  },
});
