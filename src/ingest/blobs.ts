/**
 * The original bytes of every ingested report, content-addressed under the data dir:
 * `files/ab/cdef…` (the sha256 split after two hex digits, so no folder holds more than ~1/256 of them).
 * Kept so that `reparse` can read every report again with a newer parser.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

export const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** Where a blob lives, relative to the data dir (what source_file.storage_path holds). */
export const blobPath = (sha: string): string => join("files", sha.slice(0, 2), sha.slice(2));

/** Folders known to exist (there are at most 256 of them), per thread. */
const folders = new Set<string>();

/**
 * Stores the bytes unless already there. Written to a temporary name and renamed, so a blob that exists
 * is always whole, even after a kill -9 mid-write (the temporary file is what may be left behind).
 *
 * Ingest keeps a report's bytes in its parse worker (putBlobSync, parse-worker.ts): a few direct system
 * calls on a thread that is busy anyway cost far less than either alternative on the main thread —
 * synchronous calls there stalled the whole pipeline whenever creating a file waited on the file
 * system's journal (the database writes to the same disk), and the asynchronous ones cost a trip
 * through libuv's thread pool and a FileHandle per call (≈ 1–2 ms of CPU a report, measured).
 */
export function putBlobSync(dataDir: string, sha: string, bytes: Uint8Array): string {
  const rel = blobPath(sha);
  const path = join(dataDir, rel);
  try {
    if (statSync(path).size === bytes.length) return rel;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const folder = dirname(path);
  if (!folders.has(folder)) {
    mkdirSync(folder, { recursive: true });
    folders.add(folder);
  }
  const tmp = tempName(path);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* never written */ }
    throw e;
  }
  return rel;
}

/** putBlobSync for the main thread (bytes found missing on disk, uploads): does not block it. */
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

export function readBlob(dataDir: string, storagePath: string): Promise<Buffer> {
  return readFile(join(dataDir, storagePath));
}
