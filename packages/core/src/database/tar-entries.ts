/**
 * The entries of an uncompressed tar archive (POSIX ustar, as PGlite's `dumpDataDir` writes it),
 * read without extracting anything.
 *
 * Why not hand the bytes to PGlite straight away: PGlite's loader, given a damaged archive,
 * retries it as gzip and the failing decompression stream rejects a promise nobody awaits,
 * which ends the whole process. So an archive is checked here first — every header's checksum,
 * every entry inside the bytes — and PGlite only ever sees one that parses. The same reading
 * lets a backup leave out our lock file (data-dir-backup.ts).
 */
export interface TarEntry {
  /** The path inside the archive, without a leading `/` or `./` (`base/1/112`). */
  name: string;
  /** The ustar type flag: `0` a file, `5` a directory, … */
  type: string;
  /** The entry's content. */
  data: Uint8Array;
  /** Where the entry's header starts and where its padded content ends, in the archive. */
  start: number;
  end: number;
}

const block = 512;

/** A tar archive that does not parse; the message says where and why. */
export class TarFormatError extends Error {
  override readonly name = 'TarFormatError';
}

/** The entries of a tar archive, in order. @throws {TarFormatError} when it is not one. */
export function readTarEntries(tar: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + block <= tar.length) {
    const header = tar.subarray(offset, offset + block);
    if (header.every((byte) => byte === 0)) break; // the end-of-archive blocks
    if (!checksumMatches(header)) {
      throw new TarFormatError(`the header at byte ${offset} is damaged (checksum mismatch)`);
    }
    const size = octal(header.subarray(124, 136), offset);
    const dataStart = offset + block;
    if (dataStart + size > tar.length) {
      throw new TarFormatError(`the archive ends inside its entry at byte ${offset} (truncated)`);
    }
    // POSIX ustar keeps long paths' leading part in a prefix field (old GNU tar uses it otherwise).
    const posix = text(header.subarray(257, 263)) === 'ustar';
    const prefix = posix ? text(header.subarray(345, 500)) : '';
    const name = (
      prefix ? `${prefix}/${text(header.subarray(0, 100))}` : text(header.subarray(0, 100))
    ).replace(/^(\.?\/)+/, '');
    const end = Math.min(dataStart + Math.ceil(size / block) * block, tar.length);
    entries.push({
      name,
      type: String.fromCharCode(header[156] || 0x30),
      data: tar.subarray(dataStart, dataStart + size),
      start: offset,
      end,
    });
    offset = end;
  }
  if (entries.length === 0) throw new TarFormatError('the archive holds no entries');
  return entries;
}

/** The archive with only the entries `keep` accepts, ended by the two zero blocks tar expects. */
export function filterTarEntries(tar: Uint8Array, keep: (entry: TarEntry) => boolean): Uint8Array {
  const kept = readTarEntries(tar).filter(keep);
  const length = kept.reduce((total, entry) => total + entry.end - entry.start, 0) + 2 * block;
  const out = new Uint8Array(length);
  let at = 0;
  for (const entry of kept) {
    out.set(tar.subarray(entry.start, entry.end), at);
    at += entry.end - entry.start;
  }
  return out;
}

/** The ustar checksum: the header's bytes summed, its own 8-byte field counted as spaces. */
function checksumMatches(header: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < block; i += 1) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  const stored = text(header.subarray(148, 156)).trim();
  return /^[0-7]+$/.test(stored) && Number.parseInt(stored, 8) === sum;
}

function octal(field: Uint8Array, offset: number): number {
  const digits = text(field).trim();
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) throw new TarFormatError(`the header at byte ${offset} has no valid size`);
  return Number.parseInt(digits, 8);
}

/** A NUL-terminated header field. */
function text(field: Uint8Array): string {
  const end = field.indexOf(0);
  return Buffer.from(field.subarray(0, end === -1 ? field.length : end)).toString('utf8');
}
