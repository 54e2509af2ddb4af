import { builder } from '../../builder.js';

export const SubdistrictKindEnum = builder.enumType('SubdistrictKind', {
  description:
    'From the 9-digit code: 街道 (001–099), 镇 (100–199), 乡 (200–399) or a township-level unit (400–599).',
  values: {
    SUBDISTRICT: { value: 'subdistrict', description: '街道' },
    TOWN: { value: 'town', description: '镇' },
    TOWNSHIP: { value: 'township', description: '乡' },
    QUASI_TOWNSHIP: {
      value: 'quasi_township',
      description:
        '类似乡级单位: a unit combining government and enterprise, such as a development zone or a farm (400–599).',
    },
  } as const,
});

export const CommunityKindEnum = builder.enumType('CommunityKind', {
  description: 'From the 12-digit code: 社区/居委会 (001–199) or 村/村委会 (200–399).',
  values: {
    COMMUNITY: { value: 'community', description: '社区 (居民委员会)' },
    VILLAGE: { value: 'village', description: '村 (村民委员会)' },
  } as const,
});

export const UnitOrderEnum = builder.enumType('UnitOrder', {
  description: 'The order of a list of units. Both are stable across districts.',
  values: {
    CODE: { value: 'code', description: 'By division code (the default).' },
    NAME: { value: 'name', description: 'By name, then code.' },
  } as const,
});

export const UnitFilterInput = builder.inputType('UnitFilter', {
  description: 'Narrows a list of administrative units. Without asOf, units in force today are listed.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    parentCode: t.string({
      description: 'Only units under this unit: a district (6), subdistrict (9) or community (12) code.',
    }),
    nameContains: t.string({ description: 'Case-insensitive part of the name.' }),
    asOf: t.field({
      type: 'Date',
      description: 'Units in force on this date, including since-retired ones.',
    }),
    includeRetired: t.boolean({ description: 'Also list retired units (ignored with asOf).' }),
  }),
});

export const SubdistrictFilterInput = builder.inputType('SubdistrictFilter', {
  description: 'Narrows a list of subdistricts.',
  fields: (t) => ({
    districtCode: t.string(),
    parentCode: t.string({ description: 'A district code (6 digits).' }),
    kind: t.field({ type: SubdistrictKindEnum }),
    nameContains: t.string(),
    asOf: t.field({ type: 'Date' }),
    includeRetired: t.boolean(),
  }),
});

export const CommunityFilterInput = builder.inputType('CommunityFilter', {
  description: 'Narrows a list of communities and villages.',
  fields: (t) => ({
    districtCode: t.string(),
    parentCode: t.string({ description: 'A district (6) or subdistrict (9) code.' }),
    kind: t.field({ type: CommunityKindEnum }),
    nameContains: t.string(),
    asOf: t.field({ type: 'Date' }),
    includeRetired: t.boolean(),
  }),
});
