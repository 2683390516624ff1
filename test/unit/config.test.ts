import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../src/config.js";

test("loadConfig: defaults when nothing is set (embedded servers, demo on)", () => {
  assert.deepEqual(loadConfig({}), {
    databaseUrl: undefined,
    meiliUrl: undefined,
    meiliMasterKey: undefined,
    dataDir: "./.gongkai",
    port: 4000,
    apiKey: undefined,
    demo: true,
    corpusDir: "../shared/corpus",
  });
});

test("loadConfig: reads every variable; empty counts as unset", () => {
  const c = loadConfig({
    DATABASE_URL: "postgres://u:p@db:5432/gongkai",
    MEILI_URL: "http://search:7700",
    MEILI_MASTER_KEY: "k".repeat(16),
    GONGKAI_DATA_DIR: "/var/lib/gongkai",
    PORT: "8080",
    GONGKAI_API_KEY: "secret",
    GONGKAI_DEMO: "false",
    GONGKAI_CORPUS_DIR: "",
  });
  assert.equal(c.databaseUrl, "postgres://u:p@db:5432/gongkai");
  assert.equal(c.meiliUrl, "http://search:7700");
  assert.equal(c.dataDir, "/var/lib/gongkai");
  assert.equal(c.port, 8080);
  assert.equal(c.apiKey, "secret");
  assert.equal(c.demo, false);
  assert.equal(c.corpusDir, "../shared/corpus");
});

test("loadConfig: bad values are reported together, without echoing URLs", () => {
  assert.throws(
    () => loadConfig({ PORT: "http", GONGKAI_DEMO: "maybe", DATABASE_URL: "mysql://x", MEILI_URL: "not a url" }),
    (e: unknown) =>
      e instanceof ConfigError &&
      /PORT/.test(e.message) &&
      /GONGKAI_DEMO/.test(e.message) &&
      /DATABASE_URL/.test(e.message) &&
      /MEILI_URL is not a URL/.test(e.message),
  );
});
