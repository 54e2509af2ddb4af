import { meetingForms, outcomeStates, participantKinds, topicSources } from '@sanshe/core';
import { builder } from '../../builder.js';
import { codeListEnum } from '../code-list-enum.js';

/** The code lists of consultation (协商议事, docs/domain.md §8), from core. */

export const MeetingFormEnum = codeListEnum(
  'MeetingForm',
  'The form of a consultation meeting: 议事会, 听证会, 恳谈会 or an open-space meeting.',
  meetingForms,
);

export const ParticipantKindEnum = codeListEnum(
  'ParticipantKind',
  'Who takes part in a consultation meeting, by kind (多方参与); people are counted, never named.',
  participantKinds,
);

export const TopicSourceEnum = codeListEnum(
  'TopicSource',
  'Where a topic a meeting took up came from: a grid event, a residents’ need or a residents’ proposal.',
  topicSources,
);

export const OutcomeStateEnum = codeListEnum(
  'OutcomeState',
  'How far an outcome has come: adopted (by more than half of the votes cast) → implemented (every task done) → reported back to the residents; or not adopted.',
  outcomeStates,
);

export type TaskOwnerKind = 'department' | 'organization' | 'community';

export const TaskOwnerKindEnum = builder.enumType('TaskOwnerKind', {
  description: 'Who carries a task of an outcome out.',
  values: {
    DEPARTMENT: { value: 'department', description: 'A department serving the community (职能部门).' },
    ORGANIZATION: { value: 'organization', description: 'A social organization (社会组织).' },
    COMMUNITY: { value: 'community', description: 'The community that held the meeting.' },
  } as const,
});
