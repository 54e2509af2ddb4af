import type { YogaLogger } from 'graphql-yoga';

/**
 * Attacks on the gateway's boundary (issue 15), shared by the suites that check each class and
 * by the adversarial suite: the same over-budget read written every way GraphQL allows, text
 * arguments holding control characters, and a logger that keeps what it is given.
 */

export interface OperationForm {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

/**
 * One read of three nested pages of 100 (organizations → the communities they serve → the
 * organizations of each: 1,010,100 rows), written plainly, with named fragments, with inline
 * fragments, with fragments spreading fragments, and with the page sizes as variables. Every
 * form must be refused QUERY_TOO_COSTLY before anything runs.
 */
export function overBudgetForms(page = 100): OperationForm[] {
  return [
    {
      name: 'written plainly',
      query: `{ socialOrganizations(first: ${page}) { nodes { name servedCommunities(first: ${page}) {
        nodes { code socialOrganizations(first: ${page}) { nodes { name } } } } } } }`,
    },
    {
      name: 'with named fragments on the connections',
      query: `{ socialOrganizations(first: ${page}) { ...Organizations } }
        fragment Organizations on SocialOrganizationConnection {
          nodes { name servedCommunities(first: ${page}) { ...Served } } }
        fragment Served on SocialOrganizationServedCommunitiesConnection {
          nodes { code socialOrganizations(first: ${page}) { nodes { name } } } }`,
    },
    {
      name: 'with inline fragments',
      query: `{ socialOrganizations(first: ${page}) { ... on SocialOrganizationConnection { ... { nodes {
        name servedCommunities(first: ${page}) { ... { nodes { code
          socialOrganizations(first: ${page}) { ... on CommunitySocialOrganizationsConnection { nodes { name } } } } } } } } } } }`,
    },
    {
      name: 'with fragments spreading fragments',
      query: `{ ...Root }
        fragment Root on Query { socialOrganizations(first: ${page}) { ...Page } }
        fragment Page on SocialOrganizationConnection { ...Nodes }
        fragment Nodes on SocialOrganizationConnection { nodes { ...Organization } }
        fragment Organization on SocialOrganization { name servedCommunities(first: ${page}) { ...Served } }
        fragment Served on SocialOrganizationServedCommunitiesConnection { nodes { ...Community } }
        fragment Community on Community { code socialOrganizations(first: ${page}) { nodes { name } } }`,
    },
    {
      name: 'with the page sizes as variables, inside fragments',
      query: `query Heavy($outer: Int, $inner: Int) { socialOrganizations(first: $outer) { ...Page } }
        fragment Page on SocialOrganizationConnection {
          nodes { name servedCommunities(first: $inner) { nodes { code ... on Community {
            socialOrganizations(last: $inner) { nodes { name } } } } } } }`,
      variables: { outer: page, inner: page },
    },
  ];
}

/** Text that no argument may hold, and the code point each is refused for. */
export const forbiddenTexts: { label: string; value: string; codePoint: string }[] = [
  { label: 'NUL', value: '\u0000', codePoint: 'U+0000' },
  { label: 'an ANSI colour escape', value: '服务\u001b[31m中心', codePoint: 'U+001B' },
  { label: 'DEL', value: 'a\u007f', codePoint: 'U+007F' },
  { label: 'a C1 control (NEL)', value: '\u0085社区', codePoint: 'U+0085' },
  { label: 'a lone high surrogate', value: 'x\ud800', codePoint: 'U+D800' },
  { label: 'a lone low surrogate', value: '\udc00y', codePoint: 'U+DC00' },
];

/** The list fields that search by name: each has `filter: { nameContains }`. */
export const nameSearchFields = [
  'communities',
  'subdistricts',
  'grids',
  'socialOrganizations',
  'socialWorkers',
] as const;

export interface CapturedLog {
  level: 'debug' | 'info' | 'warn' | 'error';
  /** The arguments as the logger received them, each turned into text as a console would. */
  text: string;
}

/**
 * A Yoga logger that keeps every line it is given (pass it as `createGateway({ logging })`).
 * Errors are kept as their stack, as a console would print them.
 */
export function captureLogger(): { logger: YogaLogger; lines: CapturedLog[] } {
  const lines: CapturedLog[] = [];
  const keep =
    (level: CapturedLog['level']) =>
    (...args: unknown[]) => {
      lines.push({
        level,
        text: args.map((arg) => (arg instanceof Error ? (arg.stack ?? String(arg)) : String(arg))).join(' '),
      });
    };
  return {
    lines,
    logger: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') },
  };
}
