/**
 * A command line or configuration the CLI refuses before doing anything: printed as one line,
 * exit code 2. `help` names where the right flags are listed, e.g. `sanshe serve --help`.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly help?: string,
  ) {
    super(message);
  }
}

/**
 * A well-formed command the state of the world refuses (a busy port, a database of another
 * application, a district already created): a line saying what, a hint saying what to do,
 * exit code 1.
 */
export class CliRefusal extends Error {
  override name = 'CliRefusal';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
