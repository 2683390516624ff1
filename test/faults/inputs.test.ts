// Every input accounted for (issue 15, items 11 and 12): a FIFO was silently skipped, a file with a
// non-UTF-8 name was reported as "no such file", dangling or looping symbolic links were missing from
// the API's ingest result, the terminal summary gave counts only, a run that stored nothing exited 0,
// .doc/.wps got a vaguer message than in `parse`, raw internal errors (server paths) reached mutation
// results, and a lone surrogate in a where value came back as SEARCH_UNAVAILABLE.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run as ingestCommand } from "../../src/commands/ingest.js";
import { discover } from "../../src/ingest/discover.js";
import { UNSUPPORTED_MSG } from "../../src/parser/decode.js";
import { generateCorpus } from "../../src/synthetic/corpus.js";
import { createApolloServer, startHttpServer } from "../../src/server.js";
import { API_KEY, gqlAt, startTestApi, type TestApi } from "../integration/support/api.js";
import { runQuiet } from "../integration/support/ingest.js";
import { tempDataDir } from "../integration/support/servers.js";

const dir = tempDataDir("faults-inputs");
const root = join(dir.path, "in");
const [good, other] = [...generateCorpus({ count: 2, seed: 4242 })];
let t: TestApi;

before(
  async () => {
    mkdirSync(join(root, "sub"), { recursive: true });
    writeFileSync(join(root, "a-report.txt"), good.bytes);
    // a name in GB18030 (报告.txt), not UTF-8: read through its bytes
    writeFileSync(
      Buffer.concat([Buffer.from(root + "/"), Buffer.from([0xb1, 0xa8, 0xb8, 0xe6]), Buffer.from(".txt")]),
      other.bytes,
    );
    execFileSync("mkfifo", [join(root, "pipe.txt")]);
    symlinkSync(join(root, "gone.txt"), join(root, "dangling.txt"));
    symlinkSync(join(root, "loop.txt"), join(root, "loop.txt"));
    writeFileSync(join(root, "sub", "old.doc"), "\xd0\xcf\x11\xe0 legacy");
    writeFileSync(join(root, "sub", "old.wps"), "legacy");
    t = await startTestApi("faults_inputs", { ingestRoots: [dir.path] });
  },
  { timeout: 120_000 },
);
after(async () => {
  await t?.close();
  dir.remove();
});

test("discovery accounts for every entry, with the real reason", { timeout: 30_000 }, async () => {
  const found = await discover([root]);
  assert.deepEqual(
    found.files.map((f) => f.path.slice(root.length + 1)),
    ["a-report.txt", "\\xb1\\xa8\\xb8\\xe6.txt"],
  );
  assert.ok(found.files[1].raw, "the non-UTF-8 name is read through its bytes");
  const reasons = Object.fromEntries(found.unreadable.map((u) => [u.path.slice(root.length + 1), u.reason]));
  assert.deepEqual(reasons, {
    "dangling.txt": "dangling symbolic link (its target does not exist)",
    "loop.txt": "symbolic link loop",
    "pipe.txt": "a named pipe (FIFO): not read",
  });
  assert.deepEqual(
    found.unsupported.map((u) => u.path.slice(root.length + 1)),
    ["sub/old.doc", "sub/old.wps"],
  );
});

test("CLI ingest: stores the non-UTF-8 name, lists each failure with its reason, exits non-zero when nothing was stored", {
  timeout: 120_000,
}, async () => {
  const env = { ...process.env, DATABASE_URL: t.db.url, GONGKAI_DATA_DIR: join(dir.path, "data") };
  const r = await runQuiet(() => ingestCommand(["--progress", "none", "--workers", "1", root], env));
  assert.equal(r.code, 1, "some files failed");
  assert.match(r.out, /new reports\s+2/);
  for (const line of [
    /failed\s+\S*dangling\.txt: dangling symbolic link/,
    /failed\s+\S*loop\.txt: symbolic link loop/,
    /failed\s+\S*pipe\.txt: a named pipe \(FIFO\)/,
    new RegExp(`unsupported\\s+\\S*old\\.doc: ${UNSUPPORTED_MSG.replace(/[().]/g, "\\$&")}`),
  ]) {
    assert.match(r.out, line);
  }
  const [row] = await t.ds.query("SELECT count(*)::int AS n FROM source_file WHERE original_name = $1", [
    "\\xb1\\xa8\\xb8\\xe6.txt",
  ]);
  assert.equal(row.n, 1, "the GB18030-named file is stored");
  // nothing storable: non-zero exit, said so
  const none = await runQuiet(() => ingestCommand(["--progress", "none", join(root, "sub")], env));
  assert.equal(none.code, 1);
  assert.match(none.err, /nothing was stored/);
  // a rerun that finds everything held is a success
  const again = await runQuiet(() =>
    ingestCommand(["--progress", "none", "--workers", "1", join(root, "a-report.txt")], env),
  );
  assert.equal(again.code, 0, again.err);
});

test("API ingestPath: links, FIFOs and legacy files in the result with codes; internal errors masked", {
  timeout: 60_000,
}, async () => {
  const r = await t.gql(
    `mutation($p: String!) { ingestPath(path: $p) { file outcome error errorCode } }`,
    { p: root },
    { "x-api-key": API_KEY },
  );
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  const byFile = Object.fromEntries(r.data.ingestPath.map((x: { file: string }) => [x.file.slice(root.length + 1), x]));
  assert.equal(byFile["dangling.txt"].errorCode, "UNREADABLE");
  assert.match(byFile["dangling.txt"].error, /dangling symbolic link/);
  assert.match(byFile["loop.txt"].error, /symbolic link loop/);
  assert.match(byFile["pipe.txt"].error, /FIFO/);
  assert.equal(byFile["sub/old.doc"].error, UNSUPPORTED_MSG);
  assert.equal(byFile["sub/old.doc"].errorCode, "BAD_INPUT");
  assert.deepEqual(
    ["a-report.txt", "\\xb1\\xa8\\xb8\\xe6.txt"].map((f) => byFile[f].outcome),
    ["unchanged", "unchanged"],
  );

  // the data dir is a file: keeping the bytes fails inside the server — the client sees no path
  const notADir = join(dir.path, "not-a-dir");
  writeFileSync(notADir, "x");
  const api = createApolloServer({ ds: t.ds, apiKey: API_KEY, dataDir: notADir, ingestRoots: [dir.path] });
  const server = await startHttpServer(api, { port: 0 });
  try {
    const [f] = [...generateCorpus({ count: 1, seed: 777 })];
    const up = await gqlAt(
      server.url,
      `mutation($n: String!, $b: String!) { ingestUpload(filename: $n, contentBase64: $b) { outcome error errorCode } }`,
      { n: "x.txt", b: Buffer.from(f.bytes).toString("base64") },
      { "x-api-key": API_KEY },
    );
    assert.equal(up.data.ingestUpload.outcome, "failed");
    assert.equal(up.data.ingestUpload.errorCode, "INTERNAL");
    assert.doesNotMatch(up.data.ingestUpload.error, /not-a-dir|ENOTDIR|\//);
  } finally {
    await server.close();
  }
});

test("a lone surrogate in a where value or query is the client's error, not SEARCH_UNAVAILABLE", {
  timeout: 30_000,
}, async () => {
  for (const [q, v] of [
    [
      `query($w: ReportWhere) { search(query: "公开", where: $w) { totalCount } }`,
      { w: { agency: { _eq: "\ud800x" } } },
    ],
    [`query($q: String!) { search(query: $q, exact: true) { totalCount } }`, { q: "公\udc00开" }],
  ] as const) {
    const r = await t.gql(q, v);
    assert.equal(r.errors?.[0].extensions?.code, "BAD_USER_INPUT", JSON.stringify(r.errors));
    assert.match(r.errors![0].message, /lone UTF-16 surrogate/);
  }
  const inDocument = await t.gql(`{ reports(where: { agency: { _like: "\\ud800" } }) { totalCount } }`);
  assert.equal(inDocument.errors?.[0].extensions?.code, "GRAPHQL_PARSE_FAILED");
});
