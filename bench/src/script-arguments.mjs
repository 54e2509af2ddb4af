import { parseArgs } from 'node:util';

/**
 * The options a bench script was given. `pnpm bench -- --scales 10k` hands the script a literal
 * `--` first; it separates nothing here, so it is dropped.
 */
export function scriptArguments(options) {
  const args = process.argv.slice(2).filter((argument, index) => !(index === 0 && argument === '--'));
  return parseArgs({ args, options }).values;
}
