import { type OrganizationFilter, parseOrganizationFilter, SansheError } from '@sanshe/core';
import { builder } from '../../builder.js';
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

/** Core's check of a filter's codes and bounds (`parseOrganizationFilter`), thrown as a typed error. */
export function toOrganizationFilter(args: OrganizationFilterArgs | null | undefined): OrganizationFilter {
  const parsed = parseOrganizationFilter(args);
  if (!parsed.success) throw SansheError.fromIssue(parsed.error);
  return parsed.data;
}
