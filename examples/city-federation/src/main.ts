/**
 * A city over its districts, as it runs in production: three district gateways, each its own
 * process with its own database (here embedded PGlite, seeded with its part of the demo city),
 * and a city gateway whose districts file lists them as remote. Then an integrator's questions to
 * the city, and what happens when one district goes down.
 *
 *   pnpm --filter @sanshe/example-city-federation build && pnpm --filter @sanshe/example-city-federation start
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CityIndicators, CommunitiesPage, createClient } from '@sanshe/client';
import { signHs256Token } from '@sanshe/graphql';

const require = createRequire(import.meta.url);
/** The `sanshe` CLI of the installed @sanshe/graphql. */
export const sansheBin = join(dirname(require.resolve('@sanshe/graphql/package.json')), 'bin', 'sanshe.js');

// In production these come from the city's secret store; the same two secrets on every gateway.
const auth = {
  secret: 'example-user-token-secret-32-bytes!!',
  issuer: 'https://id.city.example',
  audience: 'sanshe',
};
const environment = {
  SANSHE_JWT_SECRET: auth.secret,
  SANSHE_JWT_ISSUER: auth.issuer,
  SANSHE_JWT_AUDIENCE: auth.audience,
  SANSHE_SERVICE_TOKEN_SECRET: 'example-service-token-secret-32-bytes',
};
const districtCodes = ['320505', '320506', '320508'] as const;

interface Gateway {
  origin: string;
  process: ChildProcess;
}

function serve(districtsFile: string): Promise<Gateway> {
  const child = spawn(process.execPath, [sansheBin, 'serve', '--port', '0', '--districts', districtsFile], {
    env: { ...process.env, DATABASE_URL: '', ...environment },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphiQL:\s+(\S+)\/graphql/.exec(output);
      if (match && /started in/.test(output)) resolve({ origin: match[1]!, process: child });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`sanshe exited with ${code}:\n${output}`)));
  });
}

export interface CityReport {
  districts: { code: string; origin: string }[];
  city: string;
  communitiesPerDistrict: Record<string, number>;
  communitiesInCity: number;
  indicator: {
    key: string;
    numerator: number;
    denominator: number;
    value: number | null;
    districts: string[];
  };
  afterOneDistrictDown: { communities: number; errors: { code: string; district: string }[] };
}

/** Start the four gateways, ask the city, stop one district, ask again; then stop everything. */
export async function run(options: { log?: (line: string) => void } = {}): Promise<CityReport> {
  const log = options.log ?? console.log;
  const workDir = mkdtempSync(join(tmpdir(), 'sanshe-city-'));
  const gateways: Gateway[] = [];
  try {
    // 1. Each district runs its own gateway over its own database.
    const districts = await Promise.all(
      districtCodes.map((code) => {
        const file = join(workDir, `${code}.json`);
        writeFileSync(
          file,
          JSON.stringify({ districts: [{ code, local: { dataDir: `data/${code}` }, demo: true }] }),
        );
        return serve(file);
      }),
    );
    gateways.push(...districts);
    for (const [i, d] of districts.entries()) log(`district ${districtCodes[i]} serves ${d.origin}/graphql`);

    // 2. The city gateway lists them as remote.
    const cityFile = join(workDir, 'city.json');
    writeFileSync(
      cityFile,
      JSON.stringify({
        districts: districtCodes.map((code, i) => ({ code, remote: { url: districts[i]!.origin } })),
        districtTimeoutMs: 3000,
      }),
    );
    const city = await serve(cityFile);
    gateways.push(city);
    log(`the city serves ${city.origin}/graphql over districts ${districtCodes.join(', ')}`);

    // 3. An integrator asks the city, with a token from the city's identity provider.
    const token = await signHs256Token(auth, { sub: 'city-analyst', role: 'CITY_ADMIN' }, '10m');
    const client = createClient({ url: `${city.origin}/graphql`, token });
    const communitiesPerDistrict: Record<string, number> = {};
    for (const code of districtCodes) {
      const { data } = await client.request(CommunitiesPage, { first: 1, filter: { districtCode: code } });
      communitiesPerDistrict[code] = data?.communities.totalCount ?? 0;
    }
    const whole = await client.request(CommunitiesPage, { first: 1 });
    const communitiesInCity = whole.data?.communities.totalCount ?? 0;
    log(`communities: ${JSON.stringify(communitiesPerDistrict)}, city-wide ${communitiesInCity}`);
    const { data: indicators } = await client.request(CityIndicators, {});
    const perTenThousand = indicators!.cityIndicators.find(
      (i) => i.key === 'organizations_per_10k_residents',
    )!;
    log(
      `organizations per 10,000 residents over the city: ${perTenThousand.value?.toFixed(2)} (${perTenThousand.numerator} / ${perTenThousand.denominator} × 10,000)`,
    );

    // 4. One district goes down: the city still answers, and says which district is missing.
    districts[1]!.process.kill('SIGKILL');
    const partial = await client.request(CommunitiesPage, { first: 1 });
    const errors = (partial.error?.graphQLErrors ?? []).map((e) => ({
      code: String(e.extensions?.code),
      district: String(e.extensions?.district),
    }));
    log(
      `with ${districtCodes[1]} down: ${partial.data?.communities.totalCount} communities, errors ${JSON.stringify(errors)}`,
    );

    return {
      districts: districts.map((d, i) => ({ code: districtCodes[i]!, origin: d.origin })),
      city: city.origin,
      communitiesPerDistrict,
      communitiesInCity,
      indicator: {
        key: perTenThousand.key,
        numerator: perTenThousand.numerator,
        denominator: perTenThousand.denominator,
        value: perTenThousand.value,
        districts: perTenThousand.districts,
      },
      afterOneDistrictDown: { communities: partial.data?.communities.totalCount ?? 0, errors },
    };
  } finally {
    for (const gateway of gateways) gateway.process.kill('SIGTERM');
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
