// A small ESM loader for running the TypeScript sources directly: @swc/core transforms each .ts file
// (decorators + metadata, as TypeORM and type-graphql need), and `./x.js` imports resolve to `./x.ts`.
// Used instead of @swc-node/register, whose start-up reads tsconfig through the TypeScript compiler
// (~1 s for every CLI call and every test process).
//   node --import ./scripts/ts-loader.mjs src/cli.ts …
import { register } from "node:module";

register("./ts-loader-hooks.mjs", import.meta.url);
