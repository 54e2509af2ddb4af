import { type GraphQLSchema, lexicographicSortSchema } from 'graphql';
import { builder } from '../builder.js';
import { districtEntities } from './federation/entity-reference.js';
import { federationSpecUrl } from './federation/federation-spec.js';
import { toSubgraphSchema } from './federation/subgraph-schema.js';
import { printSubgraphSdl } from './federation/subgraph-sdl.js';
import './scalars.js';
import './error-types.js';
import './hierarchy/district.js';
import './hierarchy/subdistrict.js';
import './hierarchy/community.js';
import './hierarchy/grid.js';
import './hierarchy/unit-connections.js';
import './hierarchy/unit-lookups.js';
import './hierarchy/unit-mutations.js';
import './organizations/status-changes.js';
import './organizations/credit-records.js';
import './organizations/disclosures.js';
import './organizations/hub-memberships.js';
import './organizations/public-credit-report.js';
import './indicators/indicators.js';
import './policies/policies.js';
import './organizations/social-organization.js';
import './social-workers/social-worker.js';
import './personal-data/personal-data.js';
import './service-chain/funds.js';
import './service-chain/needs.js';
import './service-chain/projects.js';
import './service-chain/purchases.js';
import './service-chain/delivery.js';
import './service-chain/evaluations.js';
import './service-chain/disclosure.js';
import './volunteers/volunteer.js';
import './volunteers/teams.js';
import './volunteers/service-records.js';
import './volunteers/certificates.js';
import './volunteers/record-transfer.js';
import './time-bank/time-bank.js';
import './departments/department-nodes.js';
import './departments/departments.js';
import './grid-plan/grid-plan-nodes.js';
import './grid-plan/grid-plan.js';
import './calendar/calendar.js';
import './grid-events/grid-event-nodes.js';
import './grid-events/grid-events.js';
import './grid-events/event-queue.js';
import './summons/summonses.js';
import './grid-assessment/grid-assessment.js';
import './grid-assessment/city-grid-assessment.js';
import './consultation/consultation.js';

builder.queryType({ description: 'Read the administrative hierarchy and everything attached to it.' });
builder.mutationType({ description: 'Change records; expected failures come back as typed union members.' });

let schema: GraphQLSchema | undefined;

/**
 * The schema as one district answers it: every resolver reads the single district database in
 * its context. The gateway serves the same types, routing and merging across districts.
 */
export function districtSchema(): GraphQLSchema {
  schema ??= lexicographicSortSchema(builder.toSchema());
  return schema;
}

let subgraph: GraphQLSchema | undefined;

/**
 * The district schema as an Apollo Federation 2 subgraph: the same types and root fields, plus
 * `_service { sdl }` and `_entities(representations:)` for the entities `Community`,
 * `SocialOrganization` and `SocialWorker` (`@key(fields: "id")`, schema/federation). Districts
 * execute this superset, so a gateway can delegate either root fields or entity lookups to them;
 * users see `districtSchema()` at `/graphql` and this one only at `/subgraph`.
 */
export function districtSubgraphSchema(): GraphQLSchema {
  subgraph ??= toSubgraphSchema(districtSchema(), { entities: districtEntities, federationSpecUrl });
  return subgraph;
}

/** What `_service { sdl }` answers: the subgraph's SDL with its federation directives. */
export function subgraphSdl(): string {
  return printSubgraphSdl(districtSubgraphSchema());
}
