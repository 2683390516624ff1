// .env is read (dotenv syntax, as .env.example), and variables already in the environment win.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig, loadDotEnv } from "../../src/config.js";

test(".env fills unset variables; the environment wins; a missing .env is fine, a named missing one is not", () => {
  const dir = mkdtempSync(join(tmpdir(), "gongkai-dotenv-"));
  try {
    const file = join(dir, ".env");
    writeFileSync(file, '# comment\nPORT=4321\nGONGKAI_API_KEY="from file"\nGONGKAI_DEMO=false\nDATABASE_URL=\n');
    const env: NodeJS.ProcessEnv = { GONGKAI_DEMO: "true" };
    const set = loadDotEnv(env, file);
    assert.deepEqual(set.sort(), ["DATABASE_URL", "GONGKAI_API_KEY", "PORT"]);
    const config = loadConfig(env);
    assert.equal(config.port, 4321);
    assert.equal(config.apiKey, "from file");
    assert.equal(config.demo, true, "the environment wins over .env");
    assert.equal(config.databaseUrl, undefined, "an empty value counts as unset");
    assert.deepEqual(loadDotEnv({}, join(dir, "absent")), []);
    assert.throws(() => loadDotEnv({ GONGKAI_ENV_FILE: join(dir, "absent") }), ConfigError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
