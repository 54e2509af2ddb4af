import { performance } from 'node:perf_hooks';
import type { CommandName } from './commands.js';
import { databaseFailureOf } from './database-errors.js';
import { commandHelp, overviewHelp } from './help.js';
import { type CliOptions, readCommandLine } from './options.js';
import { CliRefusal, UsageError } from './usage-error.js';

/**
 * The `sanshe` CLI: read the command line (commands.ts is the table of commands, their flags and
 * help), run the command, and report a failure in one line (two with a hint):
 * exit 2 for a command line or configuration refused before anything was done, 1 otherwise.
 *
 * Each command's module is imported only when it runs: help, a usage error or `generate-key`
 * answer without loading the database layer and the whole gateway (about a second).
 */
const started = performance.now();

const run: Record<CommandName, (options: CliOptions, env: NodeJS.ProcessEnv) => Promise<void> | void> = {
  serve: async (options, env) => (await import('./serve-command.js')).serveCommand(options, env, started),
  migrate: async (options) => (await import('./migrate-command.js')).migrateCommand(options),
  seed: async (options, env) => (await import('./seed-command.js')).seedCommand(options, env),
  'create-district': async (options, env) =>
    (await import('./create-district-command.js')).createDistrictCommand(options, env),
  'issue-token': async (options, env) =>
    (await import('./issue-token-command.js')).issueTokenCommand(options, env),
  'print-schema': async () => {
    process.stdout.write((await import('../print-schema.js')).printGatewaySchema());
  },
  'citus-script': async () => {
    process.stdout.write((await import('@sanshe/core')).citusPlan().script);
  },
  'generate-key': async (options) => {
    const { generatedKeyLines } = await import('./personal-data-keys.js');
    const keyId = options.keyId ?? `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
    for (const line of generatedKeyLines(keyId)) console.log(line);
  },
  'rotate-keys': async (options, env) =>
    (await import('./rotate-keys-command.js')).rotateKeysCommand(options, env),
  backup: async (options) => (await import('./backup-commands.js')).backupCommand(options),
  restore: async (options) => (await import('./backup-commands.js')).restoreCommand(options),
  export: async (options, env) => (await import('./export-command.js')).exportCommand(options, env),
};

async function main(): Promise<void> {
  const commandLine = readCommandLine(process.argv.slice(2), process.env);
  if (commandLine.kind === 'help') {
    process.stdout.write(commandLine.command ? commandHelp(commandLine.command) : overviewHelp());
    return;
  }
  await run[commandLine.command](commandLine.options, process.env);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`sanshe: ${error.message}${error.help ? `; ${error.help}` : ''}`);
    process.exit(2);
  }
  if (error instanceof CliRefusal) {
    console.error(`sanshe: ${error.message}`);
    if (error.hint) console.error(`  hint: ${error.hint}`);
    process.exit(1);
  }
  if (error instanceof Error && (error as { code?: unknown }).code === 'DATABASE_IN_USE') {
    // Another process serves this data directory: say which, without a stack or usage text.
    console.error(`sanshe: DATABASE_IN_USE: ${error.message}`);
    process.exit(1);
  }
  const failure = databaseFailureOf(error);
  if (failure) {
    console.error(`sanshe: ${failure.cause}`);
    if (failure.hint) console.error(`  hint: ${failure.hint}`);
    process.exit(1);
  }
  console.error('sanshe:', error instanceof Error ? error.message : error);
  process.exit(1);
});
