import { performance } from 'node:perf_hooks';
import { createGateway, subgraphPath } from '../server/create-gateway.js';
import { defaultDrainTimeoutMs, defaultShutdownGraceMs, listen } from '../server/listen.js';
import { defaultOverdueCheckMinutes } from '../server/overdue-job.js';
import { corsPolicyFromEnv } from './cors-config.js';
import {
  type DemoToken,
  demoTokens,
  demoTokenVerification,
  describeDemoTokens,
  graphiqlDemoTokens,
} from './demo-tokens.js';
import { demoDataIn, serveTarget } from './district-targets.js';
import { checkDistrictsFile } from './districts-file.js';
import { exportSettingsFromEnvironment } from './export-command.js';
import { observabilityFromEnv } from './observability-config.js';
import { openDistricts } from './open-districts.js';
import type { CliOptions } from './options.js';
import { readPersistedOperations } from './persisted-operations.js';
import { personalDataKeyringFromEnv } from './personal-data-keys.js';
import { portRefusal, reservePort } from './port-reservation.js';
import { serviceTokenFromEnv } from './service-token-config.js';
import { describeTokenVerification, tokenVerificationFromEnv } from './token-config.js';
import { UsageError } from './usage-error.js';

/**
 * `sanshe serve`. Everything that can be refused is refused first, in this order: the
 * environment's settings, what to serve, production's requirements, the port (taken, not just
 * tried); only then are databases opened, migrated and seeded, which may take a minute.
 */
export async function serveCommand(
  options: CliOptions,
  env: NodeJS.ProcessEnv,
  started: number,
): Promise<void> {
  const help = 'sanshe serve --help';
  const shutdownTiming = shutdownTimingFromEnv(env);
  const overdueCheckMinutes = overdueCheckMinutesFromEnv(env);
  const keyring = personalDataKeyringFromEnv(env);
  const serviceToken = serviceTokenFromEnv(env);
  const configured = tokenVerificationFromEnv(env);
  const persistedOperations = readPersistedOperations(env);
  const cors = corsPolicyFromEnv(env);
  const observability = observabilityFromEnv(env);
  const target = serveTarget(options, 'serve');
  if (target.kind === 'districts-file') checkDistrictsFile(target.path, target.file, serviceToken);
  if (options.production) {
    if (!configured) {
      throw new UsageError(
        'production mode needs token verification: set SANSHE_JWT_SECRET, SANSHE_JWT_PUBLIC_KEY or SANSHE_JWKS_URL',
        help,
      );
    }
    if (!keyring) {
      throw new UsageError(
        'production mode needs personal-data keys: set SANSHE_PERSONAL_DATA_KEYS and SANSHE_PERSONAL_DATA_LOOKUP_KEY (sanshe generate-key makes them)',
        help,
      );
    }
    const demo = demoDataIn(target);
    if (demo) {
      throw new UsageError(
        `production mode does not serve ${demo}: give the districts to serve (--database-url, --district or --districts)`,
        help,
      );
    }
  }
  const port = await reservePort(options.host, options.port);

  let opened: Awaited<ReturnType<typeof openDistricts>>;
  try {
    opened = await openDistricts(target, {
      personalData: keyring,
      init: options.init,
      ...(serviceToken ? { serviceToken } : {}),
    });
  } catch (error) {
    await port.release();
    throw error;
  }
  for (const report of opened.seeded) {
    console.log(`seeded district ${report.districtCode}: ${report.rows} rows in ${report.milliseconds} ms`);
  }
  // The demo city without a configured key: a secret for this process, and demo tokens.
  const demoAuth = !configured && opened.isDemoCity ? demoTokenVerification() : undefined;
  const auth = configured ?? demoAuth;
  // Demo tokens are made through the gateway (they look organizations up), once, for the
  // banner below and GraphiQL's role picker alike, whichever asks first.
  let madeDemoTokens: Promise<DemoToken[]> | undefined;
  const demoTokensOnce = (demo: NonNullable<typeof demoAuth>) =>
    (madeDemoTokens ??= demoTokens(gateway, demo));
  // The role picker puts working tokens in a page anyone who reaches the port can open: offered
  // only while the demo listens on this machine alone (the console still prints them).
  const pickerInGraphiQL = demoAuth !== undefined && listensOnLoopbackOnly(options.host);
  let gateway: ReturnType<typeof createGateway>;
  try {
    gateway = createGateway({
      districts: opened.sources,
      production: options.production,
      subgraph: options.subgraph,
      ...(auth ? { auth } : {}),
      ...(demoAuth && pickerInGraphiQL
        ? { graphiqlDemoTokens: async () => graphiqlDemoTokens(await demoTokensOnce(demoAuth)) }
        : {}),
      ...(persistedOperations ? { persistedOperations } : {}),
      ...(cors ? { cors } : {}),
      ...(serviceToken ? { serviceToken } : {}),
      ...(opened.districtTimeoutMs ? { districtTimeoutMs: opened.districtTimeoutMs } : {}),
      ...(opened.districtConcurrency ? { districtConcurrency: opened.districtConcurrency } : {}),
      exports: exportSettingsFromEnvironment(env),
      ...(overdueCheckMinutes === undefined ? {} : { overdueCheckMinutes }),
      ...observability,
    });
  } catch (error) {
    await Promise.all(opened.sources.map((source) => source.close().catch(() => {})));
    await port.release();
    throw error;
  }
  await port.release();
  const running = await listen(gateway, { port: options.port, host: options.host }).catch(async (error) => {
    await gateway.close();
    throw portRefusal(error, options.host, options.port);
  });
  console.log(`sanshe gateway serving ${opened.description}`);
  console.log(`  districts: ${opened.sources.map((source) => source.districtCode).join(', ')}`);
  // Production serves no GraphiQL: the line names the endpoint without offering a browser IDE.
  console.log(`  ${options.production ? 'GraphQL:  ' : 'GraphiQL: '} ${running.origin}/graphql`);
  console.log(`  health:    ${running.origin}/health   ready: ${running.origin}/ready`);
  if (observability.metrics !== false) {
    const guard = typeof observability.metrics === 'object' ? ' (bearer SANSHE_METRICS_TOKEN)' : '';
    console.log(
      `  metrics:   ${running.origin}/metrics${options.production && !guard ? ' (refused: no SANSHE_METRICS_TOKEN)' : guard}`,
    );
  }
  if (gateway.subgraphSchema)
    console.log(`  subgraph:  ${running.origin}${subgraphPath} (Apollo Federation 2)`);
  const overdueCheck = gateway.overdueJob?.scheduled
    ? `grid events of local districts checked every ${overdueCheckMinutes ?? defaultOverdueCheckMinutes} minutes`
    : overdueCheckMinutes === 0
      ? 'off (SANSHE_OVERDUE_CHECK_MINUTES=0)'
      : 'off (no local district)';
  console.log(`  overdue:   ${overdueCheck}`);
  console.log(
    `  auth:      ${demoAuth ? `demo tokens (below${pickerInGraphiQL ? ', and a role picker in GraphiQL' : '; GraphiQL offers no picker off this machine'})` : describeTokenVerification(auth)}`,
  );
  console.log(
    `  personal data: ${keyring ? `sealed with key ${keyring.currentKeyId} (${keyring.keys.size} configured)` : 'DEVELOPMENT keyring (published keys; never for real data)'}`,
  );
  for (const code of opened.unrecorded) {
    console.log(
      `  note:      district ${code} is not recorded in its database yet; sanshe create-district records it`,
    );
  }
  if (options.production) console.log('  mode:      production (GraphiQL and introspection off)');
  if (persistedOperations) {
    console.log(
      `  persisted: ${Object.keys(persistedOperations.operations).length} operations${persistedOperations.only ? ', nothing else executed' : ''}`,
    );
  }
  if (demoAuth) {
    for (const line of describeDemoTokens(await demoTokensOnce(demoAuth))) console.log(line);
  }
  console.log(`  started in ${Math.round(performance.now() - started)} ms`);
  // SIGTERM (an orchestrator) or SIGINT (Ctrl-C): drain, then exit 0 (listen.ts, shutdown).
  // A second signal cuts the grace period and the drain short; the databases still close.
  const hurry = new AbortController();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log(`  ${signal} again: closing now`);
      hurry.abort();
      return;
    }
    stopping = true;
    console.log(
      `  ${signal}: draining (/ready answers 503; ${shutdownTiming.graceMs} ms grace, requests in flight get ${shutdownTiming.drainTimeoutMs} ms)`,
    );
    running.shutdown({ ...shutdownTiming, signal: hurry.signal }).then(
      () => {
        console.log('  stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('sanshe: shutting down failed:', error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * How `serve` stops on a signal: SANSHE_SHUTDOWN_GRACE_MS (default 1000; 0 closes the listener
 * at once) and SANSHE_DRAIN_TIMEOUT_MS (default 10000).
 */
function shutdownTimingFromEnv(env: NodeJS.ProcessEnv): { graceMs: number; drainTimeoutMs: number } {
  const milliseconds = (name: string, fallback: number) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0 || value > 600_000) {
      throw new UsageError(`${name} must be a number of milliseconds (0–600000), got "${text}"`);
    }
    return value;
  };
  return {
    graceMs: milliseconds('SANSHE_SHUTDOWN_GRACE_MS', defaultShutdownGraceMs),
    drainTimeoutMs: milliseconds('SANSHE_DRAIN_TIMEOUT_MS', defaultDrainTimeoutMs),
  };
}

/**
 * SANSHE_OVERDUE_CHECK_MINUTES: whole minutes between overdue checks, 0 (off) to 1440; unset,
 * the gateway's default (10).
 */
function overdueCheckMinutesFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.SANSHE_OVERDUE_CHECK_MINUTES;
  if (text === undefined || text === '') return undefined;
  const minutes = Number(text);
  if (!/^\d+$/.test(text) || minutes > 1440) {
    throw new UsageError(
      `SANSHE_OVERDUE_CHECK_MINUTES must be whole minutes from 0 (off) to 1440, got "${text}"`,
    );
  }
  return minutes;
}

/** Whether `host` is a loopback address, reachable from this machine only. */
function listensOnLoopbackOnly(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
