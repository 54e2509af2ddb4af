import { type CommandDefinition, type CommandName, commandNames, commands, flagsOf } from './commands.js';
import { environmentGroups } from './environment-help.js';
import { type FlagDefinition, flagDefinitions } from './flags.js';

const width = 100;

/** `sanshe --help`: the commands, one line each. */
export function overviewHelp(): string {
  const column = Math.max(...commandNames.map((name) => name.length)) + 4;
  return [
    'sanshe: the 三社联动 GraphQL gateway and its tools',
    '',
    'Usage: sanshe <command> [flags]          (no command: serve)',
    '',
    'Commands:',
    ...commandNames.map((name) => hanging(`  ${name.padEnd(column)}`, commands[name].summary)),
    '',
    "sanshe <command> --help (or sanshe help <command>) shows a command's flags, environment",
    'variables and examples.',
    '',
  ].join('\n');
}

/** `sanshe <command> --help`: what it does, its flags, the environment it reads, examples. */
export function commandHelp(name: CommandName): string {
  const command: CommandDefinition = commands[name];
  const lines = [`sanshe ${name}: ${command.summary}`, '', command.description, ''];
  const argument = command.argument ? ` <${command.argument.name}>` : '';
  lines.push(`Usage: sanshe ${name}${argument}${command.flags.length > 0 ? ' [flags]' : ''}`, '');
  const flags = [...flagsOf(name), { name: 'help' as const, help: undefined }];
  lines.push('Flags (environment variable in brackets, default in parentheses):');
  for (const flag of flags) {
    const definition: FlagDefinition = flagDefinitions[flag.name];
    const spelled = `${definition.short ? `-${definition.short}, ` : '    '}--${flag.name}${definition.value ? ` ${definition.value}` : ''}`;
    const extra = [
      definition.env ? `[${definition.env.join(', ')}]` : '',
      definition.defaultText ? `(${definition.defaultText})` : '',
    ]
      .filter(Boolean)
      .join(' ');
    lines.push(
      hanging(`  ${spelled.padEnd(26)}`, `${flag.help ?? definition.help}${extra ? ` ${extra}` : ''}`),
    );
  }
  for (const group of command.environment.map((key) => environmentGroups[key])) {
    lines.push('', `Environment: ${group.title}`);
    const column = Math.max(...group.variables.map(([variable]) => variable.length)) + 3;
    for (const [variable, help] of group.variables) {
      lines.push(hanging(`  ${variable.padEnd(column)}`, help));
    }
    if ('notes' in group) lines.push(hanging('  ', group.notes));
  }
  lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`), '');
  return lines.join('\n');
}

/** `head` then `text` wrapped to the page width, continuation lines under the text's start. */
function hanging(head: string, text: string): string {
  const indent = ' '.repeat(head.length);
  const lines: string[] = [];
  let line = head;
  let first = true;
  for (const word of text.split(' ')) {
    if (!first && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = first ? `${line}${word}` : `${line} ${word}`;
    }
    first = false;
  }
  lines.push(line);
  return lines.join('\n');
}
