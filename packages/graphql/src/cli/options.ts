import { parseArgs } from 'node:util';
// The validators alone, not all of core: reading a command line loads no database layer.
import { parseDivisionCodeOfLevel } from '@sanshe/core/validators';
import {
  type CommandDefinition,
  type CommandName,
  commandNames,
  commands,
  flagsOf,
  isCommandName,
} from './commands.js';
import { type FlagDefinition, type FlagName, flagDefinitions, flagNames } from './flags.js';
import { closestWord } from './suggest.js';
import { UsageError } from './usage-error.js';

export { CliRefusal, UsageError } from './usage-error.js';

/** The flags of a command, each from the command line or else its environment variable. */
export interface CliOptions {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  district: string | undefined;
  demo: boolean;
  /** Production: GraphiQL and introspection off; token verification and keys required. */
  production: boolean;
  /** generate-key: the id of the new key. */
  keyId: string | undefined;
  /** A districts file: the local and remote districts to serve. */
  districtsFile: string | undefined;
  /** Also serve the Apollo Federation subgraph at /subgraph. */
  subgraph: boolean;
  /** Create sanshe's tables even in a database holding other tables. */
  init: boolean;
  /** create-district: the district's name. */
  name: string | undefined;
  /** create-district, issue-token: the administrator's subject. */
  subject: string | undefined;
  /** backup, restore: the archive file. */
  archive: string | undefined;
  /** backup, restore: replace an existing archive or a data directory holding files. */
  force: boolean;
  /** The command's one argument (export: the standard), when it takes one. */
  argument: string | undefined;
  /** export: the file to write. */
  out: string | undefined;
  /** Where each flag given came from, as an operator would spell it: `--port` or `SANSHE_PORT`. */
  givenBy: Partial<Record<FlagName, string>>;
}

export type CommandLine =
  | { kind: 'help'; command: CommandName | undefined }
  | { kind: 'run'; command: CommandName; options: CliOptions };

/**
 * Read `sanshe [command] [flags]`. Anything wrong is a {@link UsageError} of one line naming the
 * flag (and the closest known one) and where the command's flags are listed; nothing is opened
 * before this has passed.
 */
export function readCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): CommandLine {
  const { tokens } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: false,
    tokens: true,
    options: Object.fromEntries(
      flagNames.map((name) => {
        const definition = flagDefinitions[name];
        return [
          name,
          { type: definition.type, ...('short' in definition ? { short: definition.short } : {}) },
        ];
      }),
    ),
  });
  const positionals = tokens.flatMap((token) => (token.kind === 'positional' ? [token.value] : []));
  const options = tokens.flatMap((token) => (token.kind === 'option' ? [token] : []));
  const [commandWord, ...rest] = positionals;
  const named = commandWord !== undefined && isCommandName(commandWord) ? commandWord : undefined;

  const wantsHelp = options.some((token) => token.name === 'help');
  if (commandWord === 'help') {
    if (rest.length > 1)
      throw new UsageError(`help takes one command, got "${rest.join(' ')}"`, 'sanshe --help');
    return { kind: 'help', command: rest[0] === undefined ? undefined : knownCommand(rest[0]) };
  }
  if (commandWord === undefined && wantsHelp) return { kind: 'help', command: undefined };
  // Asked for help: given, whatever else is on the line.
  if (named && wantsHelp) return { kind: 'help', command: named };
  // An unknown flag before anything else: its value would otherwise read as a stray argument.
  for (const token of options) {
    if (isFlagName(token.name)) continue;
    const guess =
      closestWord(token.name, named ? flagsOf(named).map((flag) => flag.name) : []) ??
      closestWord(token.name, flagNames);
    throw new UsageError(
      `unknown flag ${token.rawName}${guess ? ` (did you mean --${guess}?)` : ''}`,
      `sanshe ${named ?? 'serve'} --help lists the flags`,
    );
  }
  const command = knownCommand(commandWord ?? 'serve');
  const help = `sanshe ${command} --help lists the flags`;

  const taken = new Set(flagsOf(command).map((flag) => flag.name));
  const given = new Map<FlagName, string>();
  for (const token of options) {
    const name = token.name as FlagName;
    if (!taken.has(name)) throw new UsageError(`${command} does not take ${token.rawName}`, help);
    const definition: FlagDefinition = flagDefinitions[name];
    if (definition.type === 'boolean') {
      if (token.inlineValue) throw new UsageError(`${token.rawName} takes no value`, help);
      given.set(name, 'true');
      continue;
    }
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))) {
      throw new UsageError(`${token.rawName} needs a value ${definition.value ?? ''}`.trimEnd(), help);
    }
    given.set(name, token.value);
  }
  const argument = (commands[command] as CommandDefinition).argument;
  if (!argument && rest.length > 0) throw new UsageError(`${command} takes no argument "${rest[0]}"`, help);
  if (argument && rest.length > 1) {
    throw new UsageError(`${command} takes one ${argument.name}, got "${rest.join(' ')}"`, help);
  }
  if (argument && rest[0] !== undefined && !argument.values.includes(rest[0])) {
    const guess = closestWord(rest[0], argument.values);
    throw new UsageError(
      `unknown ${argument.name} "${rest[0]}"${guess ? ` (did you mean ${guess}?)` : ''}: one of ${argument.values.join(', ')}`,
      help,
    );
  }
  return { kind: 'run', command, options: { ...resolveOptions(taken, given, env), argument: rest[0] } };
}

/** Each flag the command takes: the command line's value, else its environment variable's. */
function resolveOptions(
  taken: ReadonlySet<FlagName>,
  given: ReadonlyMap<FlagName, string>,
  env: NodeJS.ProcessEnv,
): CliOptions {
  const givenBy: Partial<Record<FlagName, string>> = {};
  const value = (name: FlagName): string | undefined => {
    if (!taken.has(name)) return undefined;
    const onCommandLine = given.get(name);
    if (onCommandLine !== undefined) {
      givenBy[name] = `--${name}`;
      return onCommandLine;
    }
    const definition: FlagDefinition = flagDefinitions[name];
    for (const variable of definition.env ?? []) {
      const [key, expected] = variable.split('=');
      const text = env[key!];
      if (text === undefined || text === '') continue;
      if (expected !== undefined) {
        if (text !== expected) continue;
        givenBy[name] = variable;
        return 'true';
      }
      givenBy[name] = key!;
      return text;
    }
    return undefined;
  };
  const flag = (name: FlagName) => {
    const text = value(name);
    if (text === undefined) return false;
    if (text === '1' || text === 'true') return true;
    if (text === '0' || text === 'false') return false;
    throw new UsageError(`${givenBy[name]} must be 1 or true (or 0 or false), got "${text}"`);
  };
  const nameOf = (name: FlagName) => givenBy[name] ?? `--${name}`;

  const portText = value('port') ?? '4000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new UsageError(`${nameOf('port')} must be 0–65535, got "${portText}"`);
  }
  const district = value('district');
  if (district !== undefined) {
    const parsed = parseDivisionCodeOfLevel(district, 'district');
    if (!parsed.success) {
      throw new UsageError(
        `${nameOf('district')} must be a 6-digit district code, got "${district}": ${parsed.error.message}`,
      );
    }
  }
  const databaseUrl = value('database-url');
  if (databaseUrl !== undefined && !isPostgresUrl(databaseUrl)) {
    throw new UsageError(`${nameOf('database-url')} must be a postgres:// URL`);
  }
  const subject = value('subject');
  if (subject !== undefined && (subject.length > 100 || subject.trim() === '')) {
    throw new UsageError(`${nameOf('subject')} must be 1–100 characters`);
  }
  return {
    port,
    host: value('host') ?? '127.0.0.1',
    dataDir: value('data-dir') ?? '.sanshe',
    databaseUrl,
    district,
    demo: flag('demo'),
    production: flag('production'),
    keyId: value('key-id'),
    districtsFile: value('districts'),
    subgraph: flag('subgraph'),
    init: flag('init'),
    name: value('name'),
    subject,
    archive: value('archive'),
    force: flag('force'),
    argument: undefined,
    out: value('out'),
    givenBy,
  };
}

function knownCommand(word: string): CommandName {
  if (isCommandName(word)) return word;
  const guess = closestWord(word, commandNames);
  throw new UsageError(
    `unknown command "${word}"${guess ? ` (did you mean ${guess}?)` : ''}`,
    'sanshe --help lists the commands',
  );
}

function isFlagName(name: string): name is FlagName {
  return Object.hasOwn(flagDefinitions, name);
}

function isPostgresUrl(text: string): boolean {
  if (!/^postgres(ql)?:\/\//.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}
