import { performance } from 'node:perf_hooks';
import { citusPlan, openDistrictDatabase, rotatePersonalDataKeys } from '@sanshe/core';
import { printGatewaySchema } from '../print-schema.js';
import { createGateway, subgraphPath } from '../server/create-gateway.js';
import { defaultDrainTimeoutMs, defaultShutdownGraceMs, listen } from '../server/listen.js';
import { demoTokens, demoTokenVerification, describeDemoTokens } from './demo-tokens.js';
import { openDistricts } from './open-districts.js';
import { readOptions, UsageError, usage } from './options.js';
import { readPersistedOperations } from './persisted-operations.js';
import { generatedKeyLines, personalDataKeyringFromEnv } from './personal-data-keys.js';
import { serviceTokenFromEnv } from './service-token-config.js';
import { describeTokenVerification, tokenVerificationFromEnv } from './token-config.js';

const started = performance.now();

async function main(): Promise<void> {
  const { command, options } = readOptions(process.argv.slice(2), process.env);
  switch (command) {
    case 'help':
      process.stdout.write(usage);
      return;
    case 'print-schema':
      process.stdout.write(printGatewaySchema());
      return;
    case 'citus-script':
      process.stdout.write(citusPlan().script);
      return;
    case 'migrate': {
      if (!options.district) throw new UsageError('migrate needs --district <code>');
      const database = options.databaseUrl
        ? await openDistrictDatabase({ url: options.databaseUrl, districtCode: options.district })
        : await openDistrictDatabase({
            dataDir: `${options.dataDir}/${options.district}`,
            districtCode: options.district,
          });
      await database.migrate();
      await database.close();
      console.log(`migrated district ${options.district}`);
      return;
    }
    case 'seed': {
      const opened = await openDistricts({ ...options, demo: true }, personalDataKeyringFromEnv(process.env));
      for (const report of opened.seeded) {
        console.log(
          `seeded district ${report.districtCode}: ${report.rows} rows in ${report.milliseconds} ms`,
        );
      }
      if (opened.seeded.length === 0) console.log('the demo city was already seeded');
      await Promise.all(opened.sources.map((source) => source.close()));
      return;
    }
    case 'generate-key': {
      for (const line of generatedKeyLines(
        options.keyId ?? `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`,
      ))
        console.log(line);
      return;
    }
    case 'rotate-keys': {
      const keyring = personalDataKeyringFromEnv(process.env);
      if (!keyring) {
        throw new UsageError(
          'rotate-keys needs the keyring: SANSHE_PERSONAL_DATA_KEYS (old and new, new current) and SANSHE_PERSONAL_DATA_LOOKUP_KEY',
        );
      }
      const opened = await openDistricts(options, keyring);
      try {
        for (const source of opened.databases) {
          const report = await rotatePersonalDataKeys(source);
          const before = Object.entries(report.valuesByKeyBefore)
            .map(([id, count]) => `${id}: ${count}`)
            .join(', ');
          console.log(
            `district ${report.districtCode}: ${report.rowsExamined} rows, values by key before {${before}}, ${report.valuesResealed} resealed with ${report.currentKeyId}, ${report.hashesRewritten} lookup hashes rewritten`,
          );
        }
      } finally {
        await Promise.all(opened.sources.map((source) => source.close()));
      }
      return;
    }
    case 'serve': {
      const shutdownTiming = shutdownTimingFromEnv(process.env);
      const keyring = personalDataKeyringFromEnv(process.env);
      const serviceToken = serviceTokenFromEnv(process.env);
      const opened = await openDistricts(options, keyring, serviceToken);
      for (const report of opened.seeded) {
        console.log(
          `seeded district ${report.districtCode}: ${report.rows} rows in ${report.milliseconds} ms`,
        );
      }
      const configured = tokenVerificationFromEnv(process.env);
      if (options.production && !configured) {
        throw new UsageError(
          'production mode needs token verification: set SANSHE_JWT_SECRET, SANSHE_JWT_PUBLIC_KEY or SANSHE_JWKS_URL',
        );
      }
      if (options.production && !keyring) {
        throw new UsageError(
          'production mode needs personal-data keys: set SANSHE_PERSONAL_DATA_KEYS and SANSHE_PERSONAL_DATA_LOOKUP_KEY (sanshe generate-key makes them)',
        );
      }
      // The demo city without a configured key: a secret for this process, and demo tokens.
      const demoAuth = !configured && opened.isDemoCity ? demoTokenVerification() : undefined;
      const auth = configured ?? demoAuth;
      const persistedOperations = readPersistedOperations(process.env);
      const gateway = createGateway({
        districts: opened.sources,
        production: options.production,
        subgraph: options.subgraph,
        ...(auth ? { auth } : {}),
        ...(persistedOperations ? { persistedOperations } : {}),
        ...(serviceToken ? { serviceToken } : {}),
        ...(opened.districtTimeoutMs ? { districtTimeoutMs: opened.districtTimeoutMs } : {}),
        ...(opened.districtConcurrency ? { districtConcurrency: opened.districtConcurrency } : {}),
      });
      const running = await listen(gateway, { port: options.port, host: options.host });
      console.log(`sanshe gateway serving ${opened.description}`);
      console.log(`  districts: ${opened.sources.map((source) => source.districtCode).join(', ')}`);
      console.log(`  GraphiQL:  ${running.origin}/graphql`);
      console.log(`  health:    ${running.origin}/health   ready: ${running.origin}/ready`);
      if (gateway.subgraphSchema)
        console.log(`  subgraph:  ${running.origin}${subgraphPath} (Apollo Federation 2)`);
      console.log(`  auth:      ${demoAuth ? 'demo tokens (below)' : describeTokenVerification(auth)}`);
      console.log(
        `  personal data: ${keyring ? `sealed with key ${keyring.currentKeyId} (${keyring.keys.size} configured)` : 'DEVELOPMENT keyring (published keys; never for real data)'}`,
      );
      if (options.production) console.log('  mode:      production (GraphiQL and introspection off)');
      if (persistedOperations) {
        console.log(
          `  persisted: ${Object.keys(persistedOperations.operations).length} operations${persistedOperations.only ? ', nothing else executed' : ''}`,
        );
      }
      if (demoAuth) {
        for (const line of describeDemoTokens(await demoTokens(gateway, demoAuth))) console.log(line);
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
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
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

main().catch((error: unknown) => {
  if (
    error instanceof UsageError ||
    (error instanceof Error && 'code' in error && error.name === 'TypeError')
  ) {
    console.error(`sanshe: ${error.message}\n\n${usage}`);
    process.exit(2);
  }
  if (error instanceof Error && (error as { code?: unknown }).code === 'DATABASE_IN_USE') {
    // Another process serves this data directory: say which, without a stack or usage text.
    console.error(`sanshe: DATABASE_IN_USE: ${error.message}`);
    process.exit(1);
  }
  console.error('sanshe:', error instanceof Error ? error.message : error);
  process.exit(1);
});
