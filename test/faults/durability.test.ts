// Acknowledged = durable (issue 15, item 7). The API's ingest mutations committed with synchronous_commit
// off and answered "stored": a crash of the database server lost 6 of 64 acknowledged reports. Here every
// process of a test cluster is killed with SIGKILL (postmaster and backends at once: the WAL buffers in
// shared memory die with them) while reports are being acknowledged; after a restart, every report the
// API acknowledged is there. The same crash is first shown against the batch path's asynchronous
// commits (what the API used to do), for the figure; the batch run's closing flush is checked too.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../src/db/data-source.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../src/db/embedded-postgres.js";
import { sha256 } from "../../src/ingest/blobs.js";
import { flushCommits } from "../../src/ingest/sql.js";
import { storeParsedReport } from "../../src/ingest/store.js";
import { parseReport } from "../../src/parser/index.js";
import { generateCorpus } from "../../src/synthetic/corpus.js";
import { createApolloServer, startHttpServer } from "../../src/server.js";
import { API_KEY, gqlAt } from "../integration/support/api.js";
import { tempDataDir } from "../integration/support/servers.js";

const dir = tempDataDir("faults-durability");
let pg: EmbeddedPostgres | undefined;
let ds: DataSource | undefined;
after(async () => {
  await ds?.destroy().catch(() => undefined);
  await pg?.stop().catch(() => undefined);
  dir.remove();
});

async function open(): Promise<DataSource> {
  pg = await startEmbeddedPostgres({ dataDir: dir.path });
  ds = createDataSource(pg.url, { migrationsRun: true });
  await ds.initialize();
  return ds;
}

/** SIGKILL to the postmaster and every process it started, in one go: a crash of the database server. */
function crashCluster(): number {
  const pid = Number(readFileSync(join(dir.path, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
  const children: number[] = [];
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) children.push(Number(p));
    } catch {
      /* gone */
    }
  }
  for (const c of children)
    try {
      process.kill(c, "SIGKILL");
    } catch {
      /* gone */
    }
  process.kill(pid, "SIGKILL");
  return children.length + 1;
}

/**
 * After a crash: the server's supervisor (embedded-postgres.ts) restarts it on the same port, and
 * recovery replays the WAL; counts which of `shas` are stored.
 */
async function afterCrash(shas: string[]): Promise<number> {
  await ds?.destroy().catch(() => undefined);
  ds = undefined;
  let d: DataSource | undefined;
  for (let tries = 0; !d; tries++) {
    await new Promise((r) => setTimeout(r, 300));
    const next = createDataSource(pg!.url);
    try {
      await next.initialize();
      await next.query("SELECT 1");
      d = next;
    } catch (e) {
      await next.destroy().catch(() => undefined);
      if (tries > 200) throw e;
    }
  }
  ds = d;
  const rows = (await d.query("SELECT source_file_sha256 AS sha FROM report WHERE source_file_sha256 = ANY($1)", [
    shas,
  ])) as { sha: string }[];
  return new Set(rows.map((r) => r.sha)).size;
}

const files = [...generateCorpus({ count: 160, seed: 1507 })].filter((f) => !f.name.endsWith(".gold.json"));

test("acknowledged ingests survive a crash of the database server (kill -9 of every Postgres process)", {
  timeout: 150_000,
}, async () => {
  // 1. asynchronous commits, as the API's mutations used to make: a crash may take the last acknowledged ones
  let d = await open();
  const before = files.slice(0, 80);
  const parsed = await Promise.all(
    before.map(async (f) => ({ f, sha: sha256(f.bytes), parsed: await parseReport(f.bytes, { filename: f.name }) })),
  );
  const acked: string[] = [];
  let killed = false;
  await Promise.all(
    [0, 1, 2, 3].map(async (lane) => {
      for (let i = lane; i < parsed.length && !killed; i += 4) {
        const { f, sha, parsed: p } = parsed[i];
        try {
          await storeParsedReport(
            d,
            p,
            {
              sha256: sha,
              originalName: f.name,
              mediaType: "text/plain",
              size: f.bytes.length,
              storagePath: `x/${sha}`,
            },
            { synthetic: true },
          );
          acked.push(sha);
          if (acked.length === 48 && !killed) {
            killed = true;
            crashCluster();
          }
        } catch {
          /* the crash */
        }
      }
    }),
  );
  const kept = await afterCrash(acked);
  const asyncLost = acked.length - kept;
  console.log(`# asynchronous commits: ${acked.length} acknowledged, ${asyncLost} lost in the crash`);

  // 2. the API's ingest mutations: every acknowledged report is there after the crash
  d = ds!;
  const api = createApolloServer({ ds: d, apiKey: API_KEY, dataDir: join(dir.path, "data") });
  const server = await startHttpServer(api, { port: 0 });
  const uploads = files.slice(80, 144);
  const ackedApi: string[] = [];
  let crashed = false;
  try {
    await Promise.all(
      [0, 1, 2, 3, 4, 5, 6, 7].map(async (lane) => {
        for (let i = lane; i < uploads.length && !crashed; i += 8) {
          const f = uploads[i];
          const r = await gqlAt(
            server.url,
            `mutation($n: String!, $b: String!) { ingestUpload(filename: $n, contentBase64: $b) { outcome error } }`,
            { n: f.name, b: Buffer.from(f.bytes).toString("base64") },
            { "x-api-key": API_KEY },
          ).catch(() => null);
          const outcome = r?.data?.ingestUpload?.outcome;
          if (outcome === "stored" || outcome === "revision") {
            ackedApi.push(sha256(f.bytes));
            if (ackedApi.length === 40 && !crashed) {
              crashed = true;
              crashCluster();
            }
          }
        }
      }),
    );
  } finally {
    await server.close().catch(() => undefined);
  }
  assert.ok(ackedApi.length >= 40, `${ackedApi.length} acknowledged`);
  const keptApi = await afterCrash(ackedApi);
  console.log(
    `# API ingest mutations: ${ackedApi.length} acknowledged, ${ackedApi.length - keptApi} lost in the crash`,
  );
  assert.equal(keptApi, ackedApi.length, "every report the API acknowledged survived the crash");

  // 3. a batch run's closing flush: asynchronous commits, then flushCommits, then the crash — nothing lost
  d = ds!;
  const batch = await Promise.all(
    files
      .slice(144)
      .map(async (f) => ({ f, sha: sha256(f.bytes), parsed: await parseReport(f.bytes, { filename: f.name }) })),
  );
  for (const { f, sha, parsed: p } of batch) {
    await storeParsedReport(
      d,
      p,
      { sha256: sha, originalName: f.name, mediaType: "text/plain", size: f.bytes.length, storagePath: `x/${sha}` },
      { synthetic: true },
    );
  }
  await flushCommits(d);
  crashCluster();
  const keptBatch = await afterCrash(batch.map((b) => b.sha));
  console.log(`# batch with closing flush: ${batch.length} stored, ${batch.length - keptBatch} lost`);
  assert.equal(keptBatch, batch.length, "a batch's reports are all on disk once flushCommits returned");
});
