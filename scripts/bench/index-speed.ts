/**
 * Index build speed by variant (not a test): the documents of a bench data set (data.ts) are built once
 * in memory, then sent to a fresh index per variant — batch size, batches in flight, settings — and
 * timed by wall clock and by the CPU seconds the Meilisearch process spent (steadier than wall time on
 * a shared machine). Variants run interleaved, `--rounds` times.
 *
 *   node --import ./scripts/ts-loader.mjs scripts/bench/index-speed.ts --data-dir DIR --reports N
 *     [--variants base,big,…] [--rounds 1] [--threads N] [--docs N: only the first N documents]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import type { Settings } from "meilisearch";
import { awaitTask, createSearchClient } from "../../src/search/client.js";
import { currentReportIds, loadDocuments, type SectionDocument } from "../../src/search/documents.js";
import { startEmbeddedMeilisearch } from "../../src/search/meili-launcher.js";
import { INDEX_SETTINGS } from "../../src/search/settings.js";
import { loadAverage, openBenchDatabase } from "./data.js";

const { values: opt } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    reports: { type: "string" },
    variants: { type: "string", default: "base,big" },
    rounds: { type: "string", default: "1" },
    threads: { type: "string" },
    docs: { type: "string" },
  },
});

interface Variant {
  batch: number;
  inFlight: number;
  settings?: (s: typeof INDEX_SETTINGS) => Settings;
  docs?: (d: SectionDocument) => object;
}
const VARIANTS: Record<string, Variant> = {
  // today's reindex: 1000 reports (~3,000 documents) per call, 2 calls queued
  base: { batch: 3000, inFlight: 2 },
  // fewer, larger batches: Meilisearch's per-batch cost grows with the index
  big: { batch: 15000, inFlight: 2 },
  big6: { batch: 6000, inFlight: 1 },
  queued: { batch: 3000, inFlight: 8 },
  noterms: {
    batch: 3000,
    inFlight: 2,
    settings: (s) => ({ ...s, filterableAttributes: s.filterableAttributes.filter((a) => a !== "terms") }),
  },
  nolocale: { batch: 3000, inFlight: 2, settings: (s) => ({ ...s, localizedAttributes: [] }) },
  // what the per-character text costs: the plain normalised text instead
  // Han characters as Latin-letter words (same positions, so phrases match alike): is the CJK tokenizer the cost?
  latin: {
    batch: 3000,
    inFlight: 2,
    docs: (d) => ({
      ...d,
      textZh: d.textZh.replace(
        /\p{Script=Han}/gu,
        (c) =>
          `q${c
            .codePointAt(0)!
            .toString(16)
            .replace(/\d/g, (x) => "ghijklmnop"[Number(x)])}`,
      ),
    }),
  },
  latinnolocale: {
    batch: 3000,
    inFlight: 2,
    settings: (s) => ({ ...s, localizedAttributes: [] }),
    docs: (d) => ({
      ...d,
      textZh: d.textZh.replace(
        /\p{Script=Han}/gu,
        (c) =>
          `q${c
            .codePointAt(0)!
            .toString(16)
            .replace(/\d/g, (x) => "ghijklmnop"[Number(x)])}`,
      ),
    }),
  },
  plain: {
    batch: 3000,
    inFlight: 2,
    docs: (d) => ({ ...d, textZh: d.textZh.replace(/ (?=\p{Script=Han})|(?<=\p{Script=Han}) /gu, "") }),
  },
};

const cpuSeconds = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 10 ms
};

const dir = resolve(opt["data-dir"]!);
const db = await openBenchDatabase(dir, Number(opt.reports));
const meili = await startEmbeddedMeilisearch({
  dataDir: `${dir}/index-speed`,
  indexingThreads: opt.threads ? Number(opt.threads) : undefined,
});
const client = createSearchClient({ url: meili.url, apiKey: meili.masterKey });
try {
  let t = performance.now();
  const docs: SectionDocument[] = [];
  for (let after = 0; ; ) {
    const ids = await currentReportIds(db.ds, after, 1000);
    if (!ids.length) break;
    after = ids[ids.length - 1];
    docs.push(...(await loadDocuments(db.ds, ids)));
    if (opt.docs && docs.length >= Number(opt.docs)) {
      docs.length = Number(opt.docs);
      break;
    }
  }
  console.log(
    `${docs.length} documents built in ${((performance.now() - t) / 1000).toFixed(1)} s (Node: Postgres + searchableText + jieba terms); threads ${opt.threads ?? "default"}`,
  );
  console.log(
    `| variant | round | wall s | sections/s | Meilisearch CPU s | CPU ms/section | load before → after |\n|---|---|---|---|---|---|---|`,
  );
  for (let round = 1; round <= Number(opt.rounds); round++) {
    for (const name of opt.variants!.split(",")) {
      const v = VARIANTS[name];
      const uid = `exp_${name}`;
      await awaitTask(client.deleteIndex(uid)).catch(() => undefined);
      await awaitTask(client.createIndex(uid, { primaryKey: "id" }));
      await awaitTask(client.index(uid).updateSettings((v.settings ?? ((s) => s as Settings))(INDEX_SETTINGS)));
      const body = v.docs ? docs.map(v.docs) : docs;
      const load0 = loadAverage();
      const cpu0 = cpuSeconds(meili.pid);
      t = performance.now();
      const inFlight: Promise<unknown>[] = [];
      for (let i = 0; i < body.length; i += v.batch) {
        if (inFlight.length >= v.inFlight) await inFlight.shift();
        inFlight.push(awaitTask(client.index(uid).addDocuments(body.slice(i, i + v.batch) as SectionDocument[])));
      }
      await Promise.all(inFlight);
      const s = (performance.now() - t) / 1000;
      const n = (await client.index(uid).getStats()).numberOfDocuments;
      if (n !== docs.length) throw new Error(`${uid}: ${n} documents, expected ${docs.length}`);
      console.log(
        `| ${name} | ${round} | ${s.toFixed(1)} | ${(docs.length / s).toFixed(0)} | ${(cpuSeconds(meili.pid) - cpu0).toFixed(1)} | ${(((cpuSeconds(meili.pid) - cpu0) * 1000) / docs.length).toFixed(2)} | ${load0} → ${loadAverage()} |`,
      );
      await awaitTask(client.deleteIndex(uid));
    }
  }
} finally {
  await meili.stop();
  await db.close();
}
