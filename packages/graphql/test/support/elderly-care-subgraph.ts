import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

/**
 * A second department's system, as a federation router would find it next to sanshe: the civil
 * affairs bureau's elderly-care stations (养老服务站), each in a community and possibly staffed
 * by a social worker, both of which it knows only by sanshe's global ids. It extends sanshe's
 * `Community` with the stations in it. Built the way any Apollo subgraph is (`@apollo/subgraph`),
 * served over real HTTP by Yoga.
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

const typeDefs = parse(/* GraphQL */ `
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
`);

export async function startElderlyCareSubgraph(stations: ElderlyCareStation[]): Promise<ElderlyCareSubgraph> {
  const schema = buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Query: { elderlyCareStations: () => stations },
      ElderlyCareStation: {
        __resolveReference: (reference: { id: string }) =>
          stations.find((station) => station.id === reference.id) ?? null,
        community: (station: ElderlyCareStation) => ({ __typename: 'Community', id: station.communityId }),
        caregiver: (station: ElderlyCareStation) =>
          station.caregiverId ? { __typename: 'SocialWorker', id: station.caregiverId } : null,
      },
      Community: {
        __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
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
