import { type OrganizationFilter, SansheError } from '@sanshe/core';
import { builder } from '../../builder.js';
import { toUnitFilter } from '../hierarchy/unit-fields.js';
import {
  CreditListEnum,
  LegalStatusEnum,
  OrganizationCategoryEnum,
  OrganizationStatusEnum,
  ServiceDomainEnum,
} from './organization-enums.js';

export const OrganizationFilterInput = builder.inputType('SocialOrganizationFilter', {
  description: 'Narrows a list of social organizations. Every field is optional.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    parentCode: t.string({
      description: 'Rooted in this unit: a district (6), subdistrict (9) or community (12) code.',
    }),
    uscc: t.string({ description: 'Exactly this unified social credit code.' }),
    legalStatus: t.field({ type: LegalStatusEnum }),
    category: t.field({ type: OrganizationCategoryEnum }),
    serviceDomain: t.field({ type: ServiceDomainEnum }),
    status: t.field({ type: OrganizationStatusEnum }),
    minGrade: t.int({ description: 'Holding a valid grade of at least this many A (1–5).' }),
    onList: t.field({ type: CreditListEnum, description: 'On this credit list.' }),
    nameContains: t.string({ description: 'Case-insensitive part of the name.' }),
    on: t.field({ type: 'Date', description: 'The day grades and lists are read on (default today).' }),
  }),
});

export const OrganizationOrderEnum = builder.enumType('SocialOrganizationOrder', {
  description: 'The order of a list of organizations. Stable across districts.',
  values: {
    NAME: { value: 'name', description: 'By name, then by sortKey (the default).' },
    REGISTERED_ON: { value: 'registeredOn', description: 'By date of registration or filing, then sortKey.' },
  } as const,
});

export type OrganizationFilterArgs = {
  districtCode?: string | null;
  parentCode?: string | null;
  uscc?: string | null;
  legalStatus?: string | null;
  category?: string | null;
  serviceDomain?: string | null;
  status?: string | null;
  minGrade?: number | null;
  onList?: string | null;
  nameContains?: string | null;
  on?: string | null;
};

/** Check a filter's codes and bounds before they reach SQL. */
export function toOrganizationFilter(args: OrganizationFilterArgs | null | undefined): OrganizationFilter {
  if (!args) return {};
  const unit = toUnitFilter({
    districtCode: args.districtCode,
    parentCode: args.parentCode,
    nameContains: args.nameContains,
  });
  if (
    args.minGrade != null &&
    !(Number.isInteger(args.minGrade) && args.minGrade >= 1 && args.minGrade <= 5)
  ) {
    throw new SansheError('INVALID_NUMBER', 'minGrade is 1 to 5.', { path: ['filter', 'minGrade'] });
  }
  if (args.uscc != null && !/^[0-9A-Z]{18}$/.test(args.uscc)) {
    throw new SansheError('INVALID_USCC', 'uscc must be 18 characters of digits and capitals.', {
      path: ['filter', 'uscc'],
    });
  }
  return {
    parentCode: unit.parentCode ?? null,
    uscc: args.uscc ?? null,
    legalStatus: args.legalStatus ?? null,
    category: args.category ?? null,
    serviceDomain: args.serviceDomain ?? null,
    status: args.status ?? null,
    minGrade: args.minGrade ?? null,
    onList: args.onList ?? null,
    nameContains: unit.nameContains ?? null,
    on: args.on ?? null,
  };
}
