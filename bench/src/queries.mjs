/**
 * The queries users run, each written three ways that must give the same answer: the sanshe
 * GraphQL document, the PostGraphile document over the same tables (its own schema, generated
 * from the database), and the hand-written SQL an expert would send with `pg` (the floor: one
 * statement, JSON built in the database). Each answer is mapped to one canonical shape, and the
 * benchmark refuses to time a query whose answers differ.
 */
import { decodeGlobalId } from '@sanshe/graphql';

const localId = (globalId) => decodeGlobalId(globalId).localId;
const text = (value) => (value == null ? null : String(value));
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** @typedef {{ districtCode: string, communityCode: string, subdistrictCode: string, organizationId: string, organizationGlobalId: string, search: string }} Fixture */

export const queries = [
  {
    name: 'community page',
    description: 'a community, its first 10 organizations (with their count), 5 posts each with the worker',
    sanshe: {
      document: `query($code: String!) { community(code: $code) { code name
        socialOrganizations(first: 10) { totalCount nodes { id name
          posts(first: 5) { nodes { title worker { id name } } } } } } }`,
      variables: (f) => ({ code: f.communityCode }),
      canonical: ({ community: c }) => ({
        code: c.code,
        name: c.name,
        total: c.socialOrganizations.totalCount,
        organizations: c.socialOrganizations.nodes.map((o) => ({
          id: localId(o.id),
          name: o.name,
          posts: o.posts.nodes.map((p) => ({
            title: p.title,
            worker: { id: localId(p.worker.id), name: p.worker.name },
          })),
        })),
      }),
    },
    postgraphile: {
      document: `query($d: String!, $code: String!) { communityByDistrictCodeAndCode(districtCode: $d, code: $code) {
        code name
        socialOrganizationsByDistrictCodeAndCommunityId(first: 10, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount
          nodes { rowId name
            socialWorkerPostsByDistrictCodeAndOrganizationId(first: 5, orderBy: [STARTS_ON_ASC, ROW_ID_ASC]) {
              nodes { title socialWorkerByDistrictCodeAndWorkerId { rowId name } } } } } } }`,
      variables: (f) => ({ d: f.districtCode, code: f.communityCode }),
      canonical: ({ communityByDistrictCodeAndCode: c }) => ({
        code: c.code,
        name: c.name,
        total: c.socialOrganizationsByDistrictCodeAndCommunityId.totalCount,
        organizations: c.socialOrganizationsByDistrictCodeAndCommunityId.nodes.map((o) => ({
          id: text(o.rowId),
          name: o.name,
          posts: o.socialWorkerPostsByDistrictCodeAndOrganizationId.nodes.map((p) => ({
            title: p.title,
            worker: {
              id: text(p.socialWorkerByDistrictCodeAndWorkerId.rowId),
              name: p.socialWorkerByDistrictCodeAndWorkerId.name,
            },
          })),
        })),
      }),
    },
    sql: {
      text: `select c.code, c.name,
        (select count(*) from social_organizations o where o.district_code = c.district_code and o.community_id = c.id)::int as total,
        coalesce((select json_agg(json_build_object('id', o.id::text, 'name', o.name, 'posts', (
            select coalesce(json_agg(json_build_object('title', p.title, 'worker', json_build_object('id', w.id::text, 'name', w.name))
                                     order by p.starts_on, p.id), '[]')
            from (select * from social_worker_posts p where p.district_code = o.district_code and p.organization_id = o.id
                  order by p.starts_on, p.id limit 5) p
            join social_workers w on w.district_code = p.district_code and w.id = p.worker_id)) order by o.name, o.id)
          from (select * from social_organizations o where o.district_code = c.district_code and o.community_id = c.id
                order by o.name, o.id limit 10) o), '[]') as organizations
        from communities c where c.district_code = $1 and c.code = $2`,
      params: (f) => [f.districtCode, f.communityCode],
      canonical: ([row]) => row,
    },
  },
  {
    name: 'list with search',
    description: 'the first 20 organizations whose name contains a word, by name',
    sanshe: {
      document: `query($text: String!) { socialOrganizations(first: 20, filter: { nameContains: $text }) { nodes { id name } } }`,
      variables: (f) => ({ text: f.search }),
      canonical: ({ socialOrganizations: list }) =>
        list.nodes.map((o) => ({ id: localId(o.id), name: o.name })),
    },
    postgraphile: {
      document: `query($text: String!) { allSocialOrganizations(first: 20, orderBy: [NAME_ASC, ROW_ID_ASC],
        filter: { name: { includesInsensitive: $text } }) { nodes { rowId name } } }`,
      variables: (f) => ({ text: f.search }),
      canonical: ({ allSocialOrganizations: list }) =>
        list.nodes.map((o) => ({ id: text(o.rowId), name: o.name })),
    },
    sql: {
      // Ordered by the table's columns: a bare id would name the text output column.
      text: `select o.id::text as id, o.name from social_organizations o
        where o.district_code = $1 and o.name ilike '%' || $2 || '%' order by o.name, o.id limit 20`,
      params: (f) => [f.districtCode, f.search],
      canonical: (rows) => rows,
    },
  },
  {
    name: 'node lookup',
    description: 'one organization by its id, with its community',
    sanshe: {
      document: `query($id: ID!) { node(id: $id) { ... on SocialOrganization { id name community { code name } } } }`,
      variables: (f) => ({ id: f.organizationGlobalId }),
      canonical: ({ node: o }) => ({ id: localId(o.id), name: o.name, community: o.community }),
    },
    postgraphile: {
      document: `query($d: String!, $id: BigInt!) { socialOrganizationByDistrictCodeAndRowId(districtCode: $d, rowId: $id) {
        rowId name communityByDistrictCodeAndCommunityId { code name } } }`,
      variables: (f) => ({ d: f.districtCode, id: f.organizationId }),
      canonical: ({ socialOrganizationByDistrictCodeAndRowId: o }) => ({
        id: text(o.rowId),
        name: o.name,
        community: o.communityByDistrictCodeAndCommunityId,
      }),
    },
    sql: {
      text: `select o.id::text as id, o.name, case when c.id is null then null else json_build_object('code', c.code, 'name', c.name) end as community
        from social_organizations o left join communities c on c.district_code = o.district_code and c.id = o.community_id
        where o.district_code = $1 and o.id = $2`,
      params: (f) => [f.districtCode, f.organizationId],
      canonical: ([row]) => row,
    },
    core: {
      // What an embedding application writes: the organization, then its community.
      run: async (services, f) => {
        const organization = await services.organizations.getOrganization(Number(f.organizationId));
        const community = await services.hierarchy.getUnit('community', organization.communityId);
        return { organization, community };
      },
      canonical: ({ organization, community }) => ({
        id: String(organization.id),
        name: organization.name,
        community: community ? { code: community.code, name: community.name } : null,
      }),
    },
  },
  {
    name: 'deep nested',
    description: 'a subdistrict → 10 communities in force → 5 organizations each → 3 posts each → worker',
    sanshe: {
      document: `query($code: String!) { subdistrict(code: $code) { name communities(first: 10) { nodes { code name
        socialOrganizations(first: 5) { nodes { name posts(first: 3) { nodes { title worker { name } } } } } } } } }`,
      variables: (f) => ({ code: f.subdistrictCode }),
      canonical: ({ subdistrict: s }) => ({
        name: s.name,
        communities: s.communities.nodes.map((c) => ({
          code: c.code,
          name: c.name,
          organizations: c.socialOrganizations.nodes.map((o) => ({
            name: o.name,
            posts: o.posts.nodes.map((p) => ({ title: p.title, worker: p.worker.name })),
          })),
        })),
      }),
    },
    postgraphile: {
      document: `query($d: String!, $code: String!, $today: Date!) { subdistrictByDistrictCodeAndCode(districtCode: $d, code: $code) { name
        communitiesByDistrictCodeAndSubdistrictId(first: 10, orderBy: [CODE_ASC, ROW_ID_ASC],
          filter: { or: [{ retiredOn: { isNull: true } }, { retiredOn: { greaterThan: $today } }] }) { nodes { code name
          socialOrganizationsByDistrictCodeAndCommunityId(first: 5, orderBy: [NAME_ASC, ROW_ID_ASC]) { nodes { name
            socialWorkerPostsByDistrictCodeAndOrganizationId(first: 3, orderBy: [STARTS_ON_ASC, ROW_ID_ASC]) {
              nodes { title socialWorkerByDistrictCodeAndWorkerId { name } } } } } } } } }`,
      variables: (f) => ({ d: f.districtCode, code: f.subdistrictCode, today: today() }),
      canonical: ({ subdistrictByDistrictCodeAndCode: s }) => ({
        name: s.name,
        communities: s.communitiesByDistrictCodeAndSubdistrictId.nodes.map((c) => ({
          code: c.code,
          name: c.name,
          organizations: c.socialOrganizationsByDistrictCodeAndCommunityId.nodes.map((o) => ({
            name: o.name,
            posts: o.socialWorkerPostsByDistrictCodeAndOrganizationId.nodes.map((p) => ({
              title: p.title,
              worker: p.socialWorkerByDistrictCodeAndWorkerId.name,
            })),
          })),
        })),
      }),
    },
    sql: {
      text: `select s.name, coalesce((select json_agg(json_build_object('code', c.code, 'name', c.name, 'organizations', (
          select coalesce(json_agg(json_build_object('name', o.name, 'posts', (
              select coalesce(json_agg(json_build_object('title', p.title, 'worker', w.name) order by p.starts_on, p.id), '[]')
              from (select * from social_worker_posts p where p.district_code = o.district_code and p.organization_id = o.id
                    order by p.starts_on, p.id limit 3) p
              join social_workers w on w.district_code = p.district_code and w.id = p.worker_id)) order by o.name, o.id), '[]')
          from (select * from social_organizations o where o.district_code = c.district_code and o.community_id = c.id
                order by o.name, o.id limit 5) o)) order by c.code, c.id)
        from (select * from communities c where c.district_code = s.district_code and c.subdistrict_id = s.id
              and (c.retired_on is null or c.retired_on > $3::date) order by c.code, c.id limit 10) c), '[]') as communities
        from subdistricts s where s.district_code = $1 and s.code = $2`,
      params: (f) => [f.districtCode, f.subdistrictCode, today()],
      canonical: ([row]) => row,
    },
  },
  {
    name: 'district indicators',
    description:
      'the four three-society indicators of the district (PostGraphile has no equivalent; core runs the SQL itself)',
    sanshe: {
      document: `query($code: String!, $on: Date!) { indicators(unitCode: $code, on: $on) { key numerator denominator } }`,
      variables: (f) => ({ code: f.districtCode, on: f.on }),
      canonical: ({ indicators }) =>
        indicators.map((i) => ({ key: i.key, numerator: i.numerator, denominator: i.denominator })),
    },
    core: {
      run: (services, f) => services.indicators.indicatorsFor({ unitCode: f.districtCode, on: f.on }),
      canonical: (values) =>
        values.map((i) => ({ key: i.key, numerator: i.numerator, denominator: i.denominator })),
    },
  },
  {
    name: 'mutation',
    description:
      'rename an organization (sanshe also checks its rules and writes the audit trail and status history)',
    mutation: true,
    sanshe: {
      document: `mutation($id: ID!, $name: String!) { changeOrganization(input: { id: $id, name: $name }) {
        __typename ... on ChangeOrganizationSuccess { data { id name } } } }`,
      variables: (f) => ({ id: f.organizationGlobalId, name: f.nextName() }),
      canonical: ({ changeOrganization: r }) => ({
        id: localId(r.data.id),
        renamed: r.data.name.startsWith('基准测试'),
      }),
    },
    postgraphile: {
      document: `mutation($d: String!, $id: BigInt!, $name: String!) { updateSocialOrganizationByDistrictCodeAndRowId(
        input: { districtCode: $d, rowId: $id, socialOrganizationPatch: { name: $name } }) { socialOrganization { rowId name } } }`,
      variables: (f) => ({ d: f.districtCode, id: f.organizationId, name: f.nextName() }),
      canonical: ({ updateSocialOrganizationByDistrictCodeAndRowId: r }) => ({
        id: text(r.socialOrganization.rowId),
        renamed: r.socialOrganization.name.startsWith('基准测试'),
      }),
    },
    sql: {
      text: `update social_organizations set name = $3, version = version + 1, updated_at = now()
        where district_code = $1 and id = $2 returning id::text as id, name`,
      params: (f) => [f.districtCode, f.organizationId, f.nextName()],
      canonical: ([row]) => ({ id: row.id, renamed: row.name.startsWith('基准测试') }),
    },
  },
];

/** What the queries are asked about: picked from the data, the same for every contender. */
/**
 * The records the queries ask about, `count` sets of them: each timed run takes the next set, so
 * every contender answers different communities, subdistricts and organizations in turn, as
 * callers ask, and a cache of one answer (or of a statement per value) cannot stand in for the
 * work. The communities are those with the most organizations, so every page is full.
 */
export async function pickFixtures(client, districtCode, count = 20) {
  const { rows: communities } = await client.query(
    `select c.code from communities c join social_organizations o on o.district_code = c.district_code and o.community_id = c.id
     where c.district_code = $1 group by c.code order by count(*) desc, c.code limit $2`,
    [districtCode, count],
  );
  const { rows: subdistricts } = await client.query(
    'select code from subdistricts where district_code = $1 order by code',
    [districtCode],
  );
  // Active organizations (a deregistered one is not renamed) spread over the district's ids, from
  // the middle on.
  const { rows: organizations } = await client.query(
    `select id::text as id from (
       select id, row_number() over (order by id) as position, count(*) over () as total
       from social_organizations
       where district_code = $1 and community_id is not null and status = 'active') o
     where position % greatest(total / (2 * $2), 1) = 0 and position > total / 2
     order by id limit $2`,
    [districtCode, count],
  );
  const { encodeGlobalId } = await import('@sanshe/graphql');
  // A new name each time, so every rename really changes the row; names are unique in a district,
  // so each run's names carry the run's own mark (a database keeps the names of earlier runs).
  const run = Date.now().toString(36);
  let renamed = 0;
  const nextName = () => {
    renamed += 1;
    return `基准测试社会组织${run}-${renamed}`;
  };
  return Array.from({ length: count }, (_, i) => {
    const organization = organizations[i % organizations.length];
    return {
      districtCode,
      communityCode: communities[i % communities.length].code,
      subdistrictCode: subdistricts[(Math.floor(subdistricts.length / 2) + i) % subdistricts.length].code,
      organizationId: organization.id,
      organizationGlobalId: encodeGlobalId('SocialOrganization', districtCode, organization.id),
      search: '志愿',
      on: '2026-11-23',
      nextName,
    };
  });
}

/** One set of records (profile.mjs). */
export async function pickFixture(client, districtCode) {
  const [fixture] = await pickFixtures(client, districtCode, 1);
  return fixture;
}
