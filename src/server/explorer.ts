/**
 * The web explorer's files (docs/explorer.md): the pages a browser asks for get the explorer's
 * index.html (the app in web/src reads the path and asks /graphql for everything it shows), /assets/*
 * are the bundles built into web/dist by scripts/build-web.mjs, /graphiql is GraphiQL (bundled from npm),
 * /schema.graphql the SDL printed from the running schema. Nothing is fetched from elsewhere.
 */
import { readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

export const WEB_DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));

/** Paths the explorer's router knows; any other path still gets the app, with status 404, to say so. */
const PAGES = /^\/(?:|search|compare|reports\/[^/]+|agencies\/[^/]+)\/?$/;

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export interface StaticReply {
  status: number;
  type: string;
  body: Buffer | string;
  cache?: string;
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>gongkai</title>
<p>The web explorer is not built. Run <code>npm install</code> (or <code>node scripts/build-web.mjs</code>) and reload.
The GraphQL API is at <a href="/graphql">/graphql</a>.</p>`;

function file(name: string): Buffer | null {
  try {
    return readFileSync(join(WEB_DIST, name));
  } catch {
    return null;
  }
}

/** What to send for a GET of `pathname` by a browser, or null when it is not the explorer's. */
export function explorerReply(pathname: string, acceptsHtml: boolean): StaticReply | null {
  if (pathname.startsWith("/assets/")) {
    const rel = normalize(pathname.slice("/assets/".length));
    if (rel.startsWith("..") || rel.includes("\0")) return { status: 404, type: "text/plain", body: "not found\n" };
    const body = file(join("assets", rel));
    if (!body) return { status: 404, type: "text/plain", body: "not found\n" };
    // names carry no hash: revalidate by mtime (cheap, and a rebuilt bundle is never served stale)
    return { status: 200, type: TYPES[extname(rel)] ?? "application/octet-stream", body, cache: "no-cache" };
  }
  if (pathname === "/graphiql" || pathname === "/graphiql/") {
    return { status: 200, type: TYPES[".html"], body: file("graphiql.html") ?? NOT_BUILT };
  }
  // the explorer's pages answer any client; other paths get the app's "no page here" only in a browser
  const known = PAGES.test(pathname);
  if (!known && !acceptsHtml) return null;
  const index = file("index.html");
  if (!index) return { status: 503, type: TYPES[".html"], body: NOT_BUILT };
  return { status: known ? 200 : 404, type: TYPES[".html"], body: index };
}
