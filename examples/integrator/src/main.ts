/**
 * An integrator's program: @sanshe/client against a running sanshe gateway over HTTP.
 *
 * It lists the first page of communities, walks every community of one subdistrict page by
 * page, looks one up by code, records a new community (handling each member of the result
 * union), and shows the typed errors of a duplicate code and of a page that is too large.
 *
 *   npm start                                   # in the workspace root: the demo city on :4000
 *   node dist/main.js                           # http://127.0.0.1:4000/graphql
 *   node dist/main.js https://sanshe.example.gov.cn/graphql
 *   SANSHE_URL=… SANSHE_TOKEN=… node dist/main.js
 *
 * Note that it writes: each run records one more community in the subdistrict.
 */
import { pathToFileURL } from 'node:url';
import {
  CommunitiesPage,
  CommunityByCode,
  CreateCommunity,
  createClient,
  graphql,
  type ResultOf,
  type SansheClient,
} from '@sanshe/client';

export interface RunOptions {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** A bearer token, if the gateway asks for one. */
  token?: string;
  /** The subdistrict to walk and to add a community to. Default 320505001 (虎丘区狮山街道). */
  subdistrictCode?: string;
  /** Where each line of the report goes. Default: `console.log`. */
  log?: (line: string) => void;
}

export interface RunReport {
  /** Every line that was logged. */
  lines: string[];
  firstPage: { totalCount: number; codes: string[] };
  subdistrict: { code: string; name: string; totalCount: number; visited: number; population: number };
  lookedUp: { code: string; name: string; subdistrict: string; version: number } | null;
  /** What the gateway answered to the new community: the union member and its code. */
  created: { code: string; typename: string; outcome: string };
  /** The same code again: a ConflictError with DUPLICATE_CODE. */
  duplicate: { typename: string; code: string | null };
  /** A request for 1000 rows: refused as a request error, not as an empty page. */
  pageSizeError: { code: string; message: string } | null;
}

/**
 * A document of our own, typed from the gateway's schema by the `graphql` function (no code
 * generation). It declares `$after` and selects `pageInfo` and `nodes`, so `paginate` can walk
 * it; `includeRetired` lists retired communities too, whose codes stay taken.
 */
export const SubdistrictCommunities = graphql(`
  query SubdistrictCommunities($code: String!, $first: Int, $after: String) {
    subdistrict(code: $code) {
      code
      name
      communities(first: $first, after: $after, filter: { includeRetired: true }) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          code
          name
          residentPopulation
          retiredOn
        }
      }
    }
  }
`);

type CreateCommunityResult = ResultOf<typeof CreateCommunity>['createCommunity'];

export async function run(options: RunOptions): Promise<RunReport> {
  const lines: string[] = [];
  const print = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => {
    lines.push(line);
    print(line);
  };
  const subdistrictCode = options.subdistrictCode ?? '320505001';

  // One client per gateway. Queries are retried on network errors and 429/502/503/504;
  // mutations are sent once. `request` never throws for a failure: it returns { data, error }.
  const client = createClient({
    url: options.url,
    ...(options.token ? { token: options.token } : {}),
    timeoutMs: 15_000,
    headers: { 'x-request-source': 'sanshe-example-integrator' },
  });

  // 1. The first page of communities across every district the gateway serves.
  const page = await client.request(CommunitiesPage, { first: 10, orderBy: 'CODE' });
  if (!page.data) throw page.error; // nothing usable came back: the error says why
  if (page.error) log(`Partial data (${page.error.code}): some districts are missing.`);
  const { totalCount, nodes } = page.data.communities;
  log(`${totalCount} communities in the city; the first ${nodes.length}:`);
  for (const community of nodes) {
    log(`  ${community.code} ${community.name} (${community.kind}, ${community.subdistrict.name})`);
  }

  // 2. Every community of one subdistrict, 10 per request: paginate follows the cursors and
  //    throws the page's SansheClientError if a page fails.
  const subdistrict = await walkSubdistrict(client, subdistrictCode);
  log(
    `Subdistrict ${subdistrict.code} ${subdistrict.name}: ${subdistrict.visited} of ${subdistrict.totalCount} ` +
      `communities visited, ${subdistrict.population} residents in those in force.`,
  );

  // 3. One community by its code; `community` is null, not an error, when the code names none.
  const firstCode = subdistrict.codes[0] ?? nodes[0]?.code ?? `${subdistrictCode}001`;
  const found = await client.request(CommunityByCode, { code: firstCode });
  if (!found.data) throw found.error;
  const community = found.data.community;
  const lookedUp = community
    ? {
        code: community.code,
        name: community.name,
        subdistrict: community.subdistrict.name,
        version: community.version,
      }
    : null;
  log(
    lookedUp
      ? `Looked up ${lookedUp.code}: ${lookedUp.name} in ${lookedUp.subdistrict}, version ${lookedUp.version}.`
      : `No community has code ${firstCode}.`,
  );

  // 4. Record a new community under the first free code of the subdistrict. Expected
  //    failures (invalid input, a taken code, a retired parent) are members of the result union.
  const newCode = firstFreeCode(subdistrictCode, subdistrict.codes);
  const created = await client.request(CreateCommunity, {
    input: { code: newCode, name: '滨河新苑社区', urbanRuralClass: '111', residentPopulation: 3200 },
  });
  if (!created.data) throw created.error; // the request itself failed (network, timeout, …)
  const outcome = describeResult(created.data.createCommunity);
  log(`Creating ${newCode}: ${outcome}`);

  // 5. The same code again: refused with a ConflictError whose code is DUPLICATE_CODE and
  //    whose path points at the field to fix.
  const again = await client.request(CreateCommunity, { input: { code: newCode, name: '重复的社区' } });
  if (!again.data) throw again.error;
  const duplicateResult = again.data.createCommunity;
  log(`Creating ${newCode} again: ${describeResult(duplicateResult)}`);

  // 6. A page over the gateway's limit (100) is a request error with a typed code.
  const { error: tooLarge } = await client.request(CommunitiesPage, { first: 1000 });
  const pageSizeError = tooLarge ? { code: tooLarge.code, message: tooLarge.message } : null;
  if (!tooLarge) {
    log('A page of 1000 was accepted (this gateway allows large pages).');
  } else {
    switch (tooLarge.code) {
      case 'PAGE_SIZE_EXCEEDED':
        log(`A page of 1000 is refused: ${tooLarge.code} (${tooLarge.message})`);
        break;
      case 'TIMEOUT':
      case 'NETWORK_ERROR':
        throw tooLarge; // the gateway is unreachable; nothing sensible to report
      default:
        // A newer gateway may send codes this client does not know: keep a default branch.
        log(`A page of 1000 failed otherwise: ${tooLarge.code} (${tooLarge.message})`);
    }
  }

  return {
    lines,
    firstPage: { totalCount, codes: nodes.map((node) => node.code) },
    subdistrict: {
      code: subdistrict.code,
      name: subdistrict.name,
      totalCount: subdistrict.totalCount,
      visited: subdistrict.visited,
      population: subdistrict.population,
    },
    lookedUp,
    created: { code: newCode, typename: created.data.createCommunity.__typename, outcome },
    duplicate: {
      typename: duplicateResult.__typename,
      code: 'code' in duplicateResult ? duplicateResult.code : null,
    },
    pageSizeError,
  };
}

/** Walk every community of a subdistrict with `paginate`, retired ones included. */
async function walkSubdistrict(client: SansheClient, code: string) {
  // The first page also tells us the subdistrict's name and the total; `paginate` fetches it
  // again as its first page, which keeps the loop below simple.
  const head = await client.request(SubdistrictCommunities, { code, first: 1 });
  if (!head.data) throw head.error;
  if (!head.data.subdistrict) throw new Error(`The gateway has no subdistrict ${code}.`);
  const { name, communities } = head.data.subdistrict;

  const codes: string[] = [];
  let population = 0;
  for await (const community of client.paginate(
    SubdistrictCommunities,
    { code, first: 10 },
    (data) => data.subdistrict?.communities,
  )) {
    codes.push(community.code);
    if (!community.retiredOn) population += community.residentPopulation ?? 0;
  }
  return { code, name, totalCount: communities.totalCount, visited: codes.length, population, codes };
}

/** The lowest unused community code (suffix 001–199, a 居委会) of a subdistrict. */
export function firstFreeCode(subdistrictCode: string, taken: readonly string[]): string {
  const used = new Set(taken);
  for (let suffix = 1; suffix < 200; suffix++) {
    const code = `${subdistrictCode}${String(suffix).padStart(3, '0')}`;
    if (!used.has(code)) return code;
  }
  throw new Error(`Subdistrict ${subdistrictCode} has no free community code left.`);
}

/** One line for each member of the CreateCommunity result union, narrowed by `__typename`. */
function describeResult(result: CreateCommunityResult): string {
  switch (result.__typename) {
    case 'CreateCommunitySuccess':
      return `created ${result.data.code} ${result.data.name} (id ${result.data.id}, version ${result.data.version}).`;
    case 'ValidationError': // fix the input: `path` names the field, e.g. ["input", "code"]
      return `invalid input at ${result.path.join('.')}: ${result.code} (${result.message})`;
    case 'ConflictError': // DUPLICATE_CODE, PARENT_RETIRED, …: the data disagrees, not the form
      return `conflict ${result.code} at ${result.path.join('.')}: ${result.message}`;
    case 'NotFoundError': // e.g. PARENT_NOT_FOUND: the subdistrict does not exist
      return `not found ${result.code}: ${result.message}`;
    case 'ForbiddenError': // the token may not write in this district
      return `forbidden ${result.code}: ${result.message}`;
    default: {
      // Every member is handled above; a new one added to the schema fails to compile here.
      const unexpected: never = result;
      return `unexpected result ${JSON.stringify(unexpected)}`;
    }
  }
}

// Run when started directly: `node dist/main.js [url]`, else $SANSHE_URL, else the local demo.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.argv[2] ?? process.env.SANSHE_URL ?? 'http://127.0.0.1:4000/graphql';
  run({ url, ...(process.env.SANSHE_TOKEN ? { token: process.env.SANSHE_TOKEN } : {}) }).catch(
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
