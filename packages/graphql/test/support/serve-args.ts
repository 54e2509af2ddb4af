/**
 * `sanshe serve` on a free port for one district in the PostgreSQL database at `databaseUrl`:
 * district 320505 unless told, `--init` when asked.
 */
export function serveArgs(
  databaseUrl: string,
  options: { district?: string; init?: boolean } = {},
): string[] {
  return [
    'serve',
    '--port',
    '0',
    '--district',
    options.district ?? '320505',
    '--database-url',
    databaseUrl,
    ...(options.init ? ['--init'] : []),
  ];
}
