/**
 * Writes the GraphQL SDL to schema.graphql (committed; test/unit/schema-sdl.test.ts fails when stale).
 * Usage: npm run print-schema [-- --check]   (--check: exit 1 when the file differs, write nothing)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { schemaSdl } from "../src/server/schema.js";

const FILE = new URL("../schema.graphql", import.meta.url);
const sdl = schemaSdl();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(FILE, "utf8");
  } catch {
    /* missing counts as stale */
  }
  if (current !== sdl) {
    console.error("schema.graphql is stale: run npm run print-schema");
    process.exit(1);
  }
  console.log("schema.graphql is up to date");
} else {
  writeFileSync(FILE, sdl);
  console.log(`wrote schema.graphql (${sdl.split("\n").length} lines)`);
}
