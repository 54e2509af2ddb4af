import { departmentKinds, inspectionFrequencies } from '@sanshe/core';
import { builder } from '../../builder.js';
import { codeListEnum } from '../code-list-enum.js';

/** The code lists of departments and their duties (core/src/grid-events/code-lists.ts), as GraphQL enums. */

export const DepartmentKindEnum = codeListEnum(
  'DepartmentKind',
  'What kind of body a department is: a functional department of the district, an office of a subdistrict, a public utility.',
  departmentKinds,
);

export const InspectionFrequencyEnum = codeListEnum(
  'InspectionFrequency',
  'How often an inspection item is patrolled in each grid.',
  inspectionFrequencies,
);

/** The level of the hierarchy a routing rule's area names (core's `RouteAreaLevel`). */
export const RouteAreaLevelEnum = builder.enumType('RouteAreaLevel', {
  description: 'The level of the hierarchy a routing rule’s area code names: the smaller, the more specific.',
  values: {
    DISTRICT: { value: 'district', description: 'The whole district (6 digits).' },
    SUBDISTRICT: { value: 'subdistrict', description: 'A subdistrict (9 digits).' },
    COMMUNITY: { value: 'community', description: 'A community (12 digits).' },
    GRID: { value: 'grid', description: 'A grid (its community’s code and a local suffix).' },
  } as const,
});

/** Which part of the category a rule names (core's `RouteExplanation.matchedBy`). */
export const RouteMatchEnum = builder.enumType('RouteMatch', {
  description: 'How the deciding rule matched the category asked about.',
  values: {
    CATEGORY: { value: 'category', description: 'The rule names the second-level category itself.' },
    PARENT_CATEGORY: {
      value: 'parent_category',
      description:
        'The rule names the category’s first-level class (no rule for the category itself applied).',
    },
  } as const,
});
