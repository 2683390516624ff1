// Hostile queries (issue 15, item 6): a 1 KB document of 26 nested fragments, each spreading the one
// below twice, took 8 s to cost (a walk per spread, doubling per level), and 18,500 aliases of
// `search(exact: true) { totalCount }` ran 142 s while every other client waited. Now both are refused
// in milliseconds while a small query keeps answering; statement_timeout and the request deadline hold.
// Figures (refusal time, the small query's worst latency meanwhile) are printed for docs/reliability.md.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createApolloServer, startHttpServer } from "../../src/server.js";
import { gqlAt, seedSynthetic, startTestApi, type TestApi } from "../integration/support/api.js";

let t: TestApi;
before(
  async () => {
    t = await startTestApi("faults_cost");
    await seedSynthetic(t.ds, t.dataDir);
  },
  { timeout: 120_000 },
);
after(async () => {
  await t?.close();
});

/** 26 fragments, each spreading the one below twice (with an alias between): 2^26 spreads when walked naively. */
function fanOut(levels: number, onRoot: boolean): string {
  const type = onRoot ? "Query" : "Report";
  const leaf = onRoot ? "codebook { name }" : "agency { name }";
  let s = onRoot ? `query { ...F${levels} }\n` : `query { reports(first: 5) { nodes { ...F${levels} } } }\n`;
  s += `fragment F0 on ${type} { ${leaf} }\n`;
  for (let i = 1; i <= levels; i++) s += `fragment F${i} on ${type} { ...F${i - 1} a${i}: ${leaf} ...F${i - 1} }\n`;
  return s;
}
const aliasFlood = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: search(query: "x", exact: true) { totalCount }`).join(" ")} }`;

/** Runs `hostile` while a small query is asked again and again; the time of each, ms. */
async function whileSmallQueries<T>(hostile: () => Promise<T>) {
  for (let i = 0; i < 3; i++) await t.gql(`{ reports(first: 1) { nodes { id } } }`); // warm
  const small: number[] = [];
  let done = false;
  const loop = (async () => {
    while (!done) {
      const s = performance.now();
      const r = await t.gql(`{ reports(first: 1) { nodes { id } } }`);
      assert.equal(r.errors, undefined);
      small.push(performance.now() - s);
    }
  })();
  await new Promise((r) => setTimeout(r, 50));
  const s = performance.now();
  const result = await hostile();
  const ms = performance.now() - s;
  await new Promise((r) => setTimeout(r, 50));
  done = true;
  await loop;
  small.sort((a, b) => a - b);
  const smallMax = small[small.length - 1];
  // Bounds are generous on purpose (a loaded 2-core CI machine; the measured figures go to
  // docs/reliability.md): what they catch is the old failure, an event loop blocked for 8 s to minutes.
  const smallMedian = small[small.length >> 1];
  assert.ok(smallMedian < 1000 && smallMax < 5000, `a small query waited ${smallMax} ms (median ${smallMedian} ms)`);
  return { result, ms, smallMax, smallMedian, smallCount: small.length };
}

describe("hostile queries are refused quickly; the API keeps answering", { timeout: 120_000 }, () => {
  test("fan-out of 26 nested fragments: costed once per fragment (refused or answered at once)", async () => {
    const root = fanOut(26, true);
    assert.ok(root.length < 2000, "about 1 KB");
    const a = await whileSmallQueries(() => t.gql(root));
    const ra = a.result;
    assert.equal(ra.status, 400);
    assert.equal(ra.errors?.[0].extensions?.code, "QUERY_TOO_COMPLEX");
    const nested = await whileSmallQueries(() => t.gql(fanOut(26, false)));
    const rn = nested.result;
    // the same fragment spread twice merges when executed: answered, and costed so
    assert.equal(rn.errors, undefined, JSON.stringify(rn.errors));
    assert.equal(rn.data.reports.nodes.length, 5);
    console.log(
      `# fan-out: root ${a.ms.toFixed(0)} ms (small query max ${a.smallMax.toFixed(0)} ms, median ${a.smallMedian.toFixed(0)}, over ${a.smallCount}); ` +
        `nested ${nested.ms.toFixed(0)} ms (small max ${nested.smallMax.toFixed(0)} ms)`,
    );
    assert.ok(a.ms < 2000 && nested.ms < 5000, `generous bounds: ${a.ms} ${nested.ms}`);
  });

  test("18,500 aliases of search(exact: true) { totalCount }: refused before it is read in full", async () => {
    const flood = aliasFlood(18_500);
    assert.ok(
      flood.length > 900_000 && flood.length < 1024 * 1024 - 100,
      `${flood.length} bytes, under the body limit`,
    );
    const f = await whileSmallQueries(() => t.gql(flood));
    const r = f.result;
    assert.equal(r.status, 400);
    assert.equal(r.errors?.[0].extensions?.code, "QUERY_TOO_COMPLEX");
    assert.match(r.errors![0].message, /longer than 32768 characters/);
    // under the length limit but dense: the parser stops at 10,000 tokens
    const dense = await t.gql(`{ ${"a ".repeat(12_000)} }`);
    assert.equal(dense.errors?.[0].extensions?.code, "GRAPHQL_PARSE_FAILED");
    assert.match(dense.errors![0].message, /10000 tokens/);
    // within the token limit: the alias cap, then each exact search's cost
    const sixty = await t.gql(aliasFlood(60));
    assert.equal(sixty.errors?.[0].extensions?.code, "QUERY_TOO_COMPLEX");
    assert.match(sixty.errors![0].message, /60 aliases/);
    const many = await t.gql(
      `{ ${Array.from({ length: 21 }, (_, i) => `a${i}: codebook(table: ${i}) { name }`).join(" ")} }`,
    );
    assert.match(many.errors?.[0].message ?? "", /21 root fields/);
    console.log(
      `# alias flood (${(flood.length / 1024).toFixed(0)} KB): refused in ${f.ms.toFixed(0)} ms; small query max ${f.smallMax.toFixed(0)} ms (median ${f.smallMedian.toFixed(0)}) over ${f.smallCount}`,
    );
    assert.ok(f.ms < 2000, `refused in ${f.ms} ms`);
  });

  test("an allowed heavy request (20 exact searches with counts) runs while a small query answers", async () => {
    const heavy = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: search(query: "过程性信息 ${i}", exact: true) { totalCount }`).join(" ")} }`;
    const h = await whileSmallQueries(() => t.gql(heavy));
    const r = h.result;
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    console.log(
      `# 20 exact searches: ${h.ms.toFixed(0)} ms; small query max ${h.smallMax.toFixed(0)} ms (median ${h.smallMedian.toFixed(0)}) over ${h.smallCount}`,
    );
  });

  test("API statements run under statement_timeout; a request past its deadline gets REQUEST_TIMEOUT", async () => {
    const [row] = await t.ds.query("SHOW statement_timeout");
    assert.equal(row.statement_timeout, "10s");
    const api = createApolloServer({ ds: t.ds, dataDir: t.dataDir, limits: { deadlineMs: 1 } });
    const server = await startHttpServer(api, { port: 0 });
    try {
      const r = await gqlAt(
        server.url,
        `{ a: search(query: "过程性信息", exact: true) { totalCount } b: aggregate(groupBy: [year]) { count } }`,
      );
      assert.equal(r.status, 503, JSON.stringify(r.errors));
      assert.equal(r.errors?.[0].extensions?.code, "REQUEST_TIMEOUT");
    } finally {
      await server.close();
    }
  });
});
