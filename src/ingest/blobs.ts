/**
 * The original bytes of every ingested report, content-addressed under the data dir:
 * `files/ab/cdef…` (the sha256 split after two hex digits, so no folder holds more than ~1/256 of them).
 * Kept so that `reparse` can read every report again with a newer parser.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

export const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** Where a blob lives, relative to the data dir (what source_file.storage_path holds). */
export const blobPath = (sha: string): string => join("files", sha.slice(0, 2), sha.slice(2));

/** Folders known to exist (there are at most 256 of them). */
const folders = new Set<string>();

/**
 * Stores the bytes unless already there. Written to a temporary name and renamed, so a blob that exists
 * is always whole, even after a kill -9 mid-write (the temporary file is what may be left behind).
 * Asynchronous (libuv's thread pool): creating a file can wait milliseconds on the file system's journal
 * while the database writes to the same disk, and on the ingest's main thread such a wait stalled
 * everything else (handing files to the parse workers, the writes in flight) — ≈ 2 ms a file under load.
 */
export async function putBlob(dataDir: string, sha: string, bytes: Uint8Array): Promise<string> {
  const rel = blobPath(sha);
  const path = join(dataDir, rel);
  try {
    if ((await stat(path)).size === bytes.length) return rel;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const folder = dirname(path);
  if (!folders.has(folder)) {
    await mkdir(folder, { recursive: true });
    folders.add(folder);
  }
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined); // never written
    throw e;
  }
  return rel;
}

export function readBlob(dataDir: string, storagePath: string): Promise<Buffer> {
  return readFile(join(dataDir, storagePath));
}
