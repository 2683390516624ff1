#!/usr/bin/env node
// Builds the web explorer (web/src → web/dist) with esbuild: the app (Preact + ECharts) and GraphiQL as
// two bundles, and the two HTML pages. Prints each bundle's gzipped size and fails when the app's
// JavaScript exceeds its budget (300 KB gzipped, GraphiQL not counted). Run by `npm install` (prepare)
// and before `npm start`/`serve` with --if-stale (rebuilds only when a source is newer than the build).
//   node scripts/build-web.mjs [--if-stale] [--quiet]
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(ROOT, "web", "src");
const DIST = join(ROOT, "web", "dist");
const STAMP = join(DIST, "index.html");
export const APP_BUDGET_GZIP = 300 * 1024;

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

function stale() {
  let built;
  try {
    built = statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  const inputs = [
    newest(SRC),
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
    statSync(join(ROOT, "package-lock.json")).mtimeMs,
    statSync(join(ROOT, "src", "server", "landing.ts")).mtimeMs,
  ];
  return inputs.some((t) => t > built);
}

const page = (title, body, assets) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
${assets.css.map((c) => `<link rel="stylesheet" href="/assets/${c}">`).join("\n")}
</head><body>${body}
${assets.js.map((j) => `<script type="module" src="/assets/${j}"></script>`).join("\n")}
</body></html>
`;

export async function buildWeb({ quiet = false } = {}) {
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new Error("esbuild is not installed: run `npm install` (the explorer is built from web/src with it)");
  }
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(join(DIST, "assets"), { recursive: true });
  const common = {
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    outdir: join(DIST, "assets"),
    write: true,
    logLevel: "warning",
    legalComments: "none",
    metafile: true,
    define: { "process.env.NODE_ENV": '"production"' },
    loader: { ".woff2": "file", ".woff": "file", ".ttf": "file", ".svg": "file" },
  };
  await esbuild.build({
    ...common,
    entryPoints: { app: join(SRC, "main.tsx") },
    jsx: "automatic",
    jsxImportSource: "preact",
  });
  await esbuild.build({ ...common, entryPoints: { graphiql: join(SRC, "graphiql.tsx") }, jsx: "automatic" });
  const size = (f) => {
    const b = readFileSync(join(DIST, "assets", f));
    return { raw: b.length, gzip: gzipSync(b, { level: 9 }).length };
  };
  const app = size("app.js"),
    appCss = size("app.css"),
    gq = size("graphiql.js");
  writeFileSync(
    join(DIST, "graphiql.html"),
    page("gongkai — GraphiQL", `<div id="graphiql" style="height:100vh"></div>`, {
      css: ["graphiql.css"],
      js: ["graphiql.js"],
    }),
  );
  writeFileSync(
    join(DIST, "sizes.json"),
    JSON.stringify({ app, appCss, graphiql: gq, budgetGzip: APP_BUDGET_GZIP }, null, 2),
  );
  // written last: its time is the build's (the staleness check reads it)
  writeFileSync(
    STAMP,
    page(
      "gongkai — 政府信息公开工作年度报告",
      `<div id="app"></div><noscript>The explorer needs JavaScript; the API is at /graphql.</noscript>`,
      { css: ["app.css"], js: ["app.js"] },
    ),
  );
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  if (!quiet) {
    console.log(
      `web explorer built: app.js ${kb(app.raw)} (${kb(app.gzip)} gzipped, budget ${kb(APP_BUDGET_GZIP)}), app.css ${kb(appCss.gzip)} gzipped; graphiql.js ${kb(gq.raw)} (${kb(gq.gzip)} gzipped, not counted)`,
    );
  }
  if (app.gzip > APP_BUDGET_GZIP)
    throw new Error(`app.js is ${kb(app.gzip)} gzipped: over the ${kb(APP_BUDGET_GZIP)} budget`);
  return { app, appCss, graphiql: gq };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes("--if-stale");
  if (ifStale && !stale()) process.exit(0);
  buildWeb({ quiet: process.argv.includes("--quiet") }).catch((e) => {
    console.error(`build-web: ${e.message}`);
    process.exit(1);
  });
}
