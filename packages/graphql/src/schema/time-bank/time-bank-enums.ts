import {
  catalogueItemKinds,
  familyRelations,
  timeBankAccountKinds,
  timeBankEntryKinds,
  transferReasons,
} from '@sanshe/core';
import { codeListEnum } from '../code-list-enum.js';

/** The time bank's code lists (core's time-bank/code-lists.ts) as GraphQL enums. */
export const TimeBankAccountKindEnum = codeListEnum(
  'TimeBankAccountKind',
  'What a time-bank account is: a volunteer’s, a pool, or the bank’s own side.',
  timeBankAccountKinds,
);
export const TimeBankEntryKindEnum = codeListEnum(
  'TimeBankEntryKind',
  'What moved points or minutes.',
  timeBankEntryKinds,
);
export const CatalogueItemKindEnum = codeListEnum(
  'CatalogueItemKind',
  'Whether a catalogue item is a service or goods.',
  catalogueItemKinds,
);
export const TransferReasonEnum = codeListEnum(
  'TransferReason',
  'Why points are transferred.',
  transferReasons,
);
export const FamilyRelationEnum = codeListEnum(
  'FamilyRelation',
  'The relation a family transfer declares.',
  Object.fromEntries(familyRelations.map((relation) => [relation, relation])) as Record<
    (typeof familyRelations)[number],
    string
  >,
);
