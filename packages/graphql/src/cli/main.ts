import { performance } from 'node:perf_hooks';
import { citusPlan } from '@sanshe/core';
import { printGatewaySchema } from '../print-schema.js';
import { backupCommand, restoreCommand } from './backup-commands.js';
import type { CommandName } from './commands.js';
import { createDistrictCommand } from './create-district-command.js';
import { databaseFailureOf } from './database-errors.js';
import { exportCommand } from './export-command.js';
import { commandHelp, overviewHelp } from './help.js';
import { issueTokenCommand } from './issue-token-command.js';
import { migrateCommand } from './migrate-command.js';
import { type CliOptions, readCommandLine } from './options.js';
import { generatedKeyLines } from './personal-data-keys.js';
import { rotateKeysCommand } from './rotate-keys-command.js';
import { seedCommand } from './seed-command.js';
import { serveCommand } from './serve-command.js';
import { CliRefusal, UsageError } from './usage-error.js';

/**
 * The `sanshe` CLI: read the command line (commands.ts is the table of commands, their flags and
 * help), run the command, and report a failure in one line (two with a hint):
 * exit 2 for a command line or configuration refused before anything was done, 1 otherwise.
 */
const started = performance.now();

const run: Record<CommandName, (options: CliOptions, env: NodeJS.ProcessEnv) => Promise<void> | void> = {
  serve: (options, env) => serveCommand(options, env, started),
  migrate: (options) => migrateCommand(options),
  seed: seedCommand,
  'create-district': createDistrictCommand,
  'issue-token': issueTokenCommand,
  'print-schema': () => {
    process.stdout.write(printGatewaySchema());
  },
  'citus-script': () => {
    process.stdout.write(citusPlan().script);
  },
  'generate-key': (options) => {
    const keyId = options.keyId ?? `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
    for (const line of generatedKeyLines(keyId)) console.log(line);
  },
  'rotate-keys': rotateKeysCommand,
  backup: backupCommand,
  restore: restoreCommand,
  export: (options, env) => exportCommand(options, env),
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
