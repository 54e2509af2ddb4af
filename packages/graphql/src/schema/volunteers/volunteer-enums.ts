import {
  certifierKinds,
  engagementRoles,
  guardianRelations,
  recordItemKinds,
  teamRoles,
  volunteerRatings,
  volunteerSkills,
} from '@sanshe/core';
import { codeListEnum } from '../code-list-enum.js';

/** The code lists of volunteers (core/src/volunteers/code-lists.ts), as GraphQL enums. */

export const VolunteerSkillEnum = codeListEnum(
  'VolunteerSkill',
  'What a volunteer can do (志愿服务类别).',
  volunteerSkills,
);

export const VolunteerTeamRoleEnum = codeListEnum(
  'VolunteerTeamRole',
  'A volunteer’s place in a team.',
  teamRoles,
);

export const VolunteerEngagementRoleEnum = codeListEnum(
  'VolunteerEngagementRole',
  'What a volunteer serves with beyond a team: a grid, a project, a community or an organization.',
  engagementRoles,
);

export const GuardianRelationEnum = codeListEnum(
  'GuardianRelation',
  'Who consented for a volunteer under 18 (志愿服务条例 第十五条).',
  guardianRelations,
);

export const VolunteerCertifierKindEnum = codeListEnum(
  'VolunteerCertifierKind',
  'Who certified a service record (谁组织谁记录、谁记录谁证明).',
  certifierKinds,
);

export const VolunteerRecordItemKindEnum = codeListEnum(
  'VolunteerRecordItemKind',
  'Training, commendation or evaluation (民政部令第67号 第八条).',
  recordItemKinds,
);

export const VolunteerRatingEnum = codeListEnum(
  'VolunteerRating',
  'An evaluation’s rating.',
  volunteerRatings,
);
