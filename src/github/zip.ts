import { crc32, inflateRawSync } from "node:zlib";

/** One file of a zip archive, read into memory. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** A zip that cannot be read: truncated, corrupt, or beyond the size caps. */
export class ZipError extends Error {
  constructor(problem: string) {
    super(`not a readable zip archive: ${problem}`);
    this.name = "ZipError";
  }
}

/**
 * The files of a zip archive (stored or deflated entries, no zip64), each
 * checked against its CRC. Artifacts are small: reading them whole in memory
 * lets the digest be checked before anything is written, and caps the
 * uncompressed size so that a crafted archive cannot fill the disk.
 */
export function readZip(zip: Buffer, limits: { maxEntries: number; maxBytes: number }): ZipEntry[] {
  const end = findEnd(zip);
  const count = zip.readUInt16LE(end + 10);
  const centralSize = zip.readUInt32LE(end + 12);
  let at = zip.readUInt32LE(end + 16);
  if (count > limits.maxEntries) throw new ZipError(`${count} entries, more than ${limits.maxEntries}`);
  if (at + centralSize > end) throw new ZipError("the central directory lies outside the archive");
  const entries: ZipEntry[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== CENTRAL) throw new ZipError(`central directory entry ${i} is damaged`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const packed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString(flags & 0x800 ? "utf8" : "latin1", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith("/")) continue;
    total += size;
    if (size === 0xffffffff || total > limits.maxBytes) throw new ZipError(`more than ${limits.maxBytes} bytes uncompressed`);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) throw new ZipError(`the local header of ${name} is damaged`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + packed > zip.length) throw new ZipError(`${name} is cut short`);
    const raw = zip.subarray(start, start + packed);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, size) });
      } catch (error) {
        throw new ZipError(`${name} does not inflate (${error instanceof Error ? error.message : String(error)})`);
      }
    } else throw new ZipError(`${name} uses compression method ${method}`);
    if (data.length !== size || crc32(data) !== crc) throw new ZipError(`${name} fails its CRC check`);
    entries.push({ name, data });
  }
  return entries;
}

function findEnd(zip: Buffer): number {
  // The end record is 22 bytes plus a comment of at most 65,535.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === EOCD) return at;
  }
  throw new ZipError("no end of central directory record (truncated?)");
}
