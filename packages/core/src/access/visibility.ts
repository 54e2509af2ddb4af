import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { communities } from '../schema/hierarchy.js';
import {
  organizationCommunities,
  organizationHubMemberships,
  socialOrganizations,
} from '../schema/organizations.js';
import { socialWorkerPosts } from '../schema/social-workers.js';
import type { Actor } from './actor.js';
import { type Reach, reachOf } from './jurisdiction.js';
import { always, type Columns, fromAlias, never, prefixPattern } from './sql-conditions.js';

/**
 * Which rows of the jurisdiction-bearing tables an actor may read, as SQL conditions to AND into
 * a query. Core's reads and the gateway's lists, relations and node lookups all use these, so a
 * row is visible by the same rule wherever it is reached from.
 *
 * The administrative hierarchy itself (districts, subdistricts, communities, grids: codes and
 * names, published as 统计用区划代码) is reference data, visible to everyone. What is narrowed:
 *
 * - an organization is visible to unit staff when it is rooted in, guided by, or serves a
 *   community of their unit; to an organization's staff when it is theirs or shares a hub with
 *   theirs; to a worker when the worker holds a post with it;
 * - a post is visible when it lies in the unit (its community, or its organization's base does);
 * - a worker is visible when one of its posts is visible, or it is the caller;
 * - a hub membership is visible when both organizations are.
 *
 * Records that belong to one organization or worker (credit records, grades, certificates …)
 * are visible with their owner. PUBLIC sees none of these rows: it reads the public credit
 * report, public disclosures and aggregate indicators.
 */

/** The organization (columns of the table or an alias of it) is rooted in or guided by the unit. */
function organizationLiesIn(
  org: Columns<'districtCode' | 'communityId' | 'guidingUnitCode'>,
  prefix: string,
  tag: string,
): SQL {
  const base = alias(communities, `vis_${tag}_base`);
  return sql`(${org.guidingUnitCode} like ${prefixPattern(prefix)} or exists (
    select 1 from ${fromAlias(communities, base)}
    where ${base.districtCode} = ${org.districtCode} and ${base.id} = ${org.communityId}
      and ${base.code} like ${prefixPattern(prefix)}))`;
}

/** The organization serves a community of the unit. */
function organizationServes(org: Columns<'districtCode' | 'id'>, prefix: string, tag: string): SQL {
  const served = alias(organizationCommunities, `vis_${tag}_served`);
  const community = alias(communities, `vis_${tag}_served_c`);
  return sql`exists (
    select 1 from ${fromAlias(organizationCommunities, served)}
    join ${fromAlias(communities, community)} on ${community.districtCode} = ${served.districtCode} and ${community.id} = ${served.communityId}
    where ${served.districtCode} = ${org.districtCode} and ${served.organizationId} = ${org.id}
      and ${community.code} like ${prefixPattern(prefix)})`;
}

/** The post lies in the unit: at one of its communities, or with an organization rooted there. */
function postLiesIn(
  post: Columns<'districtCode' | 'communityId' | 'organizationId'>,
  prefix: string,
  tag: string,
): SQL {
  const community = alias(communities, `vis_${tag}_post_c`);
  const employer = alias(socialOrganizations, `vis_${tag}_post_o`);
  return sql`(exists (
    select 1 from ${fromAlias(communities, community)}
    where ${community.districtCode} = ${post.districtCode} and ${community.id} = ${post.communityId}
      and ${community.code} like ${prefixPattern(prefix)})
  or exists (
    select 1 from ${fromAlias(socialOrganizations, employer)}
    where ${employer.districtCode} = ${post.districtCode} and ${employer.id} = ${post.organizationId}
      and ${organizationLiesIn(employer, prefix, `${tag}_post`)}))`;
}

/** Organizations linked to `organizationId` through a hub membership, either way. */
function sharesHubWith(org: Columns<'districtCode' | 'id'>, organizationId: number, tag: string): SQL {
  const link = alias(organizationHubMemberships, `vis_${tag}_hub`);
  return sql`exists (
    select 1 from ${fromAlias(organizationHubMemberships, link)}
    where ${link.districtCode} = ${org.districtCode}
      and ((${link.hubId} = ${organizationId} and ${link.memberId} = ${org.id})
        or (${link.memberId} = ${organizationId} and ${link.hubId} = ${org.id})))`;
}

export type OrganizationVisibilityColumns = Columns<
  'districtCode' | 'id' | 'communityId' | 'guidingUnitCode'
>;

function organizationCondition(reach: Reach, org: OrganizationVisibilityColumns, tag: string): SQL {
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return always;
    case 'unit':
      return sql`(${organizationLiesIn(org, reach.prefix, tag)} or ${organizationServes(org, reach.prefix, tag)})`;
    case 'organization':
      return sql`(${org.id} = ${reach.organizationId} or ${sharesHubWith(org, reach.organizationId, tag)})`;
    case 'worker': {
      const post = alias(socialWorkerPosts, `vis_${tag}_own_post`);
      return sql`exists (
        select 1 from ${fromAlias(socialWorkerPosts, post)}
        where ${post.districtCode} = ${org.districtCode} and ${post.organizationId} = ${org.id}
          and ${post.workerId} = ${reach.workerId})`;
    }
    case 'volunteer':
    case 'resident':
    case 'nothing':
      return never;
  }
}

/** The social organizations (table or alias) the actor may read in `districtCode`. */
export function visibleOrganizations(
  actor: Actor,
  districtCode: string,
  org: OrganizationVisibilityColumns,
): SQL {
  return organizationCondition(reachOf(actor, districtCode), org, 'org');
}

export type PostVisibilityColumns = Columns<'districtCode' | 'workerId' | 'communityId' | 'organizationId'>;

function postCondition(reach: Reach, post: PostVisibilityColumns, tag: string): SQL {
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return always;
    case 'unit':
      return postLiesIn(post, reach.prefix, tag);
    case 'organization':
      return sql`${post.organizationId} = ${reach.organizationId}`;
    case 'worker':
      return sql`${post.workerId} = ${reach.workerId}`;
    case 'volunteer':
    case 'resident':
    case 'nothing':
      return never;
  }
}

/** The social workers' posts (table or alias) the actor may read. */
export function visiblePosts(actor: Actor, districtCode: string, post: PostVisibilityColumns): SQL {
  return postCondition(reachOf(actor, districtCode), post, 'post');
}

/** The social workers (table or alias) the actor may read: through a visible post, or itself. */
export function visibleWorkers(
  actor: Actor,
  districtCode: string,
  worker: Columns<'districtCode' | 'id'>,
): SQL {
  const reach = reachOf(actor, districtCode);
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return always;
    case 'worker':
      return sql`${worker.id} = ${reach.workerId}`;
    case 'resident':
    case 'nothing':
      return never;
    default: {
      const post = alias(socialWorkerPosts, 'vis_worker_post');
      return sql`exists (
        select 1 from ${fromAlias(socialWorkerPosts, post)}
        where ${post.districtCode} = ${worker.districtCode} and ${post.workerId} = ${worker.id}
          and ${postCondition(reach, post, 'worker')})`;
    }
  }
}

/** The hub memberships (table or alias) the actor may read: both organizations are visible. */
export function visibleHubMemberships(
  actor: Actor,
  districtCode: string,
  membership: Columns<'districtCode' | 'hubId' | 'memberId'>,
): SQL {
  const reach = reachOf(actor, districtCode);
  if (reach.kind === 'everything' || reach.kind === 'district') return always;
  if (reach.kind === 'nothing') return never;
  const hub = alias(socialOrganizations, 'vis_membership_hub');
  const member = alias(socialOrganizations, 'vis_membership_member');
  return sql`(exists (
    select 1 from ${fromAlias(socialOrganizations, hub)}
    where ${hub.districtCode} = ${membership.districtCode} and ${hub.id} = ${membership.hubId}
      and ${organizationCondition(reach, hub, 'hub')})
  and exists (
    select 1 from ${fromAlias(socialOrganizations, member)}
    where ${member.districtCode} = ${membership.districtCode} and ${member.id} = ${membership.memberId}
      and ${organizationCondition(reach, member, 'member')}))`;
}

/** Whether the actor sees every row of the district (no filter needed). */
export function seesWholeDistrict(actor: Actor, districtCode: string): boolean {
  const kind = reachOf(actor, districtCode).kind;
  return kind === 'everything' || kind === 'district';
}
