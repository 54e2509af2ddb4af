import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { consultationMeetings, meetingOutcomes } from '../schema/consultation.js';
import { communities } from '../schema/hierarchy.js';
import type { Actor } from './actor.js';
import { reachOf } from './jurisdiction.js';
import { always, type Columns, fromAlias, never, prefixPattern } from './sql-conditions.js';

/**
 * Who may read the records of consultation (协商议事, docs/domain.md §8, §14), as SQL conditions
 * like access/visibility.ts.
 *
 * - Meetings, their participants (counted by kind, never named), topics and outcomes are the
 *   public record of a community's self-governance: the 2015 opinion on community consultation
 *   (《关于加强城乡社区协商的意见》) asks that outcomes and how they are carried out be made public
 *   to the residents. They are visible to every caller, PUBLIC included, and every text in them
 *   is checked as published text (no personal data). They need no condition here.
 * - Tasks are the work of the offices that carry an outcome out, with their due days and results:
 *   visible to district-wide roles (administrators, department staff, evaluators, a district's
 *   services), to subdistrict and community staff and grid workers whose unit holds the meeting's
 *   community, and to the staff of the organization that owns a task. Department staff reach the
 *   whole district in sanshe (jurisdiction.ts), so they read every task as they read every event;
 *   only the owning department's staff may complete one (consultation/outcome-tasks.ts). Workers,
 *   volunteers, residents and PUBLIC read no task: what they follow is the outcome's state and
 *   the report back.
 */

export type OutcomeTaskVisibilityColumns = Columns<'districtCode' | 'outcomeId' | 'organizationId'>;

/** The tasks (table or alias) the actor may read in `districtCode`. */
export function visibleOutcomeTasks(
  actor: Actor,
  districtCode: string,
  task: OutcomeTaskVisibilityColumns,
): SQL {
  const reach = reachOf(actor, districtCode);
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return always;
    case 'unit': {
      const outcome = alias(meetingOutcomes, 'cvis_task_outcome');
      const meeting = alias(consultationMeetings, 'cvis_task_meeting');
      const community = alias(communities, 'cvis_task_community');
      return sql`exists (select 1 from ${fromAlias(meetingOutcomes, outcome)}
        join ${fromAlias(consultationMeetings, meeting)} on ${meeting.districtCode} = ${outcome.districtCode} and ${meeting.id} = ${outcome.meetingId}
        join ${fromAlias(communities, community)} on ${community.districtCode} = ${meeting.districtCode} and ${community.id} = ${meeting.communityId}
        where ${outcome.districtCode} = ${task.districtCode} and ${outcome.id} = ${task.outcomeId}
          and ${community.code} like ${prefixPattern(reach.prefix)})`;
    }
    case 'organization':
      return sql`${task.organizationId} = ${reach.organizationId}`;
    case 'worker':
    case 'volunteer':
    case 'resident':
    case 'nothing':
      return never;
  }
}
