/**
 * The original bytes of every ingested report, kept under the data dir so that `reparse` can read every
 * report again with a newer parser. Two layouts, told apart by `source_file.storage_path`:
 * - `packs/<name>.pack@<offset>,<length>`: ingest's parse workers append each report's bytes to a pack
 *   file of their own (PackWriter). Creating a file costs the kernel ≈ 0.6 ms of CPU on this machine's
 *   ext4 (inode allocation; measured: an append costs 8 µs), and at ingest speed that was ≈ 6 % of all
 *   the CPU an ingest used. A pack is only ever appended to, by one thread, and each run opens new ones:
 *   bytes a killed run left half-written sit past every offset a committed row names.
 * - `files/ab/cdef…`: one file per blob, content-addressed (the sha256 split after two hex digits), for
 *   single files (uploads, bytes put back for a held report) — and every blob ingested before packs.
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { threadId } from "node:worker_threads";

export const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** Where a blob of its own lives, relative to the data dir (what source_file.storage_path holds). */
export const blobPath = (sha: string): string => join("files", sha.slice(0, 2), sha.slice(2));

const PACKED = /^(packs\/[^@/]+\.pack)@(\d+),(\d+)$/;

/** A pack's path and the blob's place in it, or null for a blob of its own. */
export function packedAt(storagePath: string): { pack: string; offset: number; length: number } | null {
  const m = PACKED.exec(storagePath);
  return m ? { pack: m[1], offset: Number(m[2]), length: Number(m[3]) } : null;
}

/**
 * Appends blobs to pack files of this thread's own: a new pack past `rollAt` bytes or after a failed
 * write. Each blob opens the pack and closes it again (microseconds), so no descriptor outlives a
 * write, whatever happens to the thread. Synchronous: it runs in a parse worker, a thread that is busy
 * anyway. Not fsync'ed, as the one-file blobs never were: the database commits asynchronously too, and
 * `ingest` puts back the bytes of a held report that are missing (pipeline.ts).
 */
export class PackWriter {
  private rel = "";
  private size = 0;

  constructor(
    private readonly dataDir: string,
    private readonly rollAt = 1024 ** 3,
  ) {}

  /** Appends the bytes; their storage path. */
  put(bytes: Uint8Array): string {
    if (!this.rel || this.size >= this.rollAt) this.start();
    const offset = this.size;
    const fd = openSync(join(this.dataDir, this.rel), "a");
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      this.rel = ""; // its size is unknown now: the next blob starts a new pack
      throw e;
    } finally {
      closeSync(fd);
    }
    this.size += bytes.length;
    return `${this.rel}@${offset},${bytes.length}`;
  }

  private start(): void {
    mkdirSync(join(this.dataDir, "packs"), { recursive: true });
    this.rel = `packs/${Date.now().toString(36)}-${process.pid}-${threadId}-${randomBytes(4).toString("hex")}.pack`;
    closeSync(openSync(join(this.dataDir, this.rel), "wx")); // a name of its own, never an earlier run's pack
    this.size = 0;
  }
}

/**
 * Stores the bytes as a blob of its own unless already there (uploads, bytes put back); its storage
 * path. Written to a temporary name and renamed, so a blob that exists is always whole, even after a
 * kill -9 mid-write (the temporary file is what may be left behind).
 */
export async function putBlob(dataDir: string, sha: string, bytes: Uint8Array): Promise<string> {
  const rel = blobPath(sha);
  const path = join(dataDir, rel);
  try {
    if ((await stat(path)).size === bytes.length) return rel;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempName(path);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined); // never written
    throw e;
  }
  return rel;
}

const tempName = (path: string) => `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;

export async function readBlob(dataDir: string, storagePath: string): Promise<Buffer> {
  const at = packedAt(storagePath);
  if (!at) return readFile(join(dataDir, storagePath));
  const file = await open(join(dataDir, at.pack), "r");
  try {
    const bytes = Buffer.alloc(at.length);
    const { bytesRead } = await file.read(bytes, 0, at.length, at.offset);
    if (bytesRead !== at.length)
      throw new Error(`${at.pack} ends before the blob at ${at.offset} (${at.length} bytes): ${bytesRead} read`);
    return bytes;
  } finally {
    await file.close();
  }
}

/**
 * Whether the blob at `storagePath` is on disk, whole as far as sizes tell. Pack sizes are remembered:
 * a pack only grows, so re-ingesting thousands of held reports stats each pack about once.
 */
export class BlobCheck {
  private packSizes = new Map<string, number>();

  constructor(private readonly dataDir: string) {}

  async present(storagePath: string, size: number): Promise<boolean> {
    const at = packedAt(storagePath);
    if (!at)
      return stat(join(this.dataDir, storagePath)).then(
        (s) => s.size === size,
        () => false,
      );
    if (at.length !== size) return false;
    const end = at.offset + at.length;
    if ((this.packSizes.get(at.pack) ?? -1) >= end) return true;
    const packSize = await stat(join(this.dataDir, at.pack)).then(
      (s) => s.size,
      () => -1,
    );
    this.packSizes.set(at.pack, packSize);
    return packSize >= end;
  }
}
