/** Kept bytes: packs (ingest) and files of their own (uploads, bytes put back), read back by storage path. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BlobCheck, PackWriter, packedAt, putBlob, readBlob, sha256 } from "../../src/ingest/blobs.js";

const bytesOf = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

test("a pack writer appends blobs, rolls over to a new pack, and every blob reads back whole", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "gongkai-blobs-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const writer = new PackWriter(dir, 2500);
  const blobs = [bytesOf(1000, 1), bytesOf(1200, 2), bytesOf(0, 3), bytesOf(900, 4), bytesOf(3000, 5)];
  const paths = blobs.map((b) => writer.put(b));
  const at = paths.map((p) => packedAt(p)!);
  assert.deepEqual(
    at.map((a) => [a.offset, a.length]),
    [
      [0, 1000],
      [1000, 1200],
      [2200, 0],
      [2200, 900],
      [0, 3000],
    ],
  );
  assert.equal(new Set(at.map((a) => a.pack)).size, 2, "past 2,500 bytes the next blob starts a new pack");
  for (const [i, p] of paths.entries()) assert.deepEqual(new Uint8Array(await readBlob(dir, p)), blobs[i], p);

  const other = new PackWriter(dir);
  assert.notEqual(
    packedAt(other.put(bytesOf(10, 6)))!.pack,
    at[0].pack,
    "another writer (thread, run) never appends to a pack it did not start",
  );
});

test("presence: a blob is there when its pack reaches its end (or its file has its size); a short pack fails to read", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "gongkai-blobs-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const writer = new PackWriter(dir);
  const [p1, p2] = [writer.put(bytesOf(500, 1)), writer.put(bytesOf(700, 2))];
  const own = await putBlob(dir, sha256(bytesOf(300, 3)), bytesOf(300, 3));
  assert.equal(own, join("files", sha256(bytesOf(300, 3)).slice(0, 2), sha256(bytesOf(300, 3)).slice(2)));
  const check = new BlobCheck(dir);
  assert.deepEqual(
    [await check.present(p1, 500), await check.present(p2, 700), await check.present(own, 300)],
    [true, true, true],
  );
  assert.equal(await check.present(p1, 501), false, "a size that does not match");
  assert.equal(await check.present("packs/nowhere.pack@0,500", 500), false);
  assert.equal(await check.present("files/aa/bb", 300), false);

  truncateSync(join(dir, packedAt(p2)!.pack), 900); // a pack cut short (the disk lost its tail)
  assert.equal(await new BlobCheck(dir).present(p2, 700), false);
  assert.equal(await new BlobCheck(dir).present(p1, 500), true);
  await assert.rejects(readBlob(dir, p2), /ends before the blob at 500 \(700 bytes\): 400 read/);
  assert.equal(packedAt("files/ab/cdef"), null);
});
