import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';

/**
 * A second department's system, as a federation router would find it next to sanshe: the civil
 * affairs bureau's elderly-care stations (养老服务站), each in a community and possibly staffed
 * by a social worker, both of which it knows only by sanshe's global ids. It extends sanshe's
 * `Community` with the stations in it. Written by hand from the Federation 2 subgraph spec, as a
 * department without sanshe's code would (its SDL as text, `_entities` and `_service` as plain
 * resolvers), and served over real HTTP by Yoga.
 */
export interface ElderlyCareStation {
  id: string;
  name: string;
  beds: number;
  communityId: string;
  caregiverId: string | null;
}

export interface ElderlyCareSubgraph {
  url: string;
  close(): Promise<void>;
}

/** What `_service { sdl }` answers: the department's own types, as a router composes them. */
const subgraphSdl = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  "养老服务站: an elderly-care station run or funded by the civil affairs bureau."
  type ElderlyCareStation @key(fields: "id") {
    id: ID!
    name: String!
    beds: Int!
    community: Community!
    caregiver: SocialWorker
  }

  type Community @key(fields: "id") {
    id: ID!
    elderlyCareStations: [ElderlyCareStation!]!
  }

  type SocialWorker @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type Query {
    elderlyCareStations: [ElderlyCareStation!]!
  }
`;

/** What the spec adds for the router: executed, not part of the SDL above. */
const federationTypeDefs = /* GraphQL */ `
  directive @link(url: String!, import: [String!]) repeatable on SCHEMA
  directive @key(fields: String!, resolvable: Boolean = true) repeatable on OBJECT
  scalar _Any
  union _Entity = ElderlyCareStation | Community
  type _Service {
    sdl: String
  }
  extend type Query {
    _entities(representations: [_Any!]!): [_Entity]!
    _service: _Service!
  }
`;

type Representation = { __typename?: unknown; id?: unknown };

/** The entity a representation names, tagged with its type for `_Entity`; null when unknown. */
function resolveReference(representation: Representation, stations: readonly ElderlyCareStation[]) {
  if (typeof representation.id !== 'string') return null;
  if (representation.__typename === 'ElderlyCareStation') {
    const station = stations.find((candidate) => candidate.id === representation.id);
    return station ? { __typename: 'ElderlyCareStation', ...station } : null;
  }
  // Every sanshe community may have stations here: none is a valid answer.
  if (representation.__typename === 'Community') return { __typename: 'Community', id: representation.id };
  return null;
}

export async function startElderlyCareSubgraph(stations: ElderlyCareStation[]): Promise<ElderlyCareSubgraph> {
  const schema = createSchema({
    typeDefs: [subgraphSdl, federationTypeDefs],
    resolvers: {
      Query: {
        elderlyCareStations: () => stations,
        _service: () => ({ sdl: subgraphSdl }),
        _entities: (_root: unknown, args: { representations: Representation[] }) =>
          args.representations.map((representation) => resolveReference(representation, stations)),
      },
      _Entity: { __resolveType: (entity: { __typename: string }) => entity.__typename },
      ElderlyCareStation: {
        community: (station: ElderlyCareStation) => ({ __typename: 'Community', id: station.communityId }),
        caregiver: (station: ElderlyCareStation) =>
          station.caregiverId ? { __typename: 'SocialWorker', id: station.caregiverId } : null,
      },
      Community: {
        elderlyCareStations: (community: { id: string }) =>
          stations.filter((station) => station.communityId === community.id),
      },
    },
  });
  const subgraph: ElderlyCareSubgraph = { url: '', close: async () => {} };
  const yoga = createYoga({ schema, logging: false });
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  subgraph.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  subgraph.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return subgraph;
}
