// The committed schema.graphql is the SDL the code emits (regenerate with `npm run print-schema`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { VARIABLES } from "../../src/codebook/index.js";
import { schemaSdl } from "../../src/server/schema.js";

test("schema.graphql is up to date (npm run print-schema)", () => {
  const committed = readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8");
  assert.ok(committed === schemaSdl(), "schema.graphql is stale: run `npm run print-schema` and commit it");
});

test("Table2/3/4 carry every codebook variable under its codebook name", () => {
  const sdl = schemaSdl();
  for (const table of [2, 3, 4]) {
    const body = new RegExp(`type Table${table} \\{([^}]*)\\}`).exec(sdl)![1];
    const fields = [...body.matchAll(/^\s+(\w+): Figure$/gm)].map((m) => m[1]).sort();
    assert.deepEqual(
      fields,
      VARIABLES.filter((v) => v.table === table)
        .map((v) => v.name)
        .sort(),
      `Table${table}`,
    );
  }
});
