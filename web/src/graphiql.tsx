/** GraphiQL for developers, bundled from npm (no CDN): /graphiql, querying this server's /graphql. */
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { EXAMPLE_QUERIES } from "../../src/server/landing.js";

const fetcher = async (params: unknown, opts?: { headers?: Record<string, string> }) => {
  const res = await fetch("/graphql", {
    method: "POST", headers: { "content-type": "application/json", ...opts?.headers }, body: JSON.stringify(params),
  });
  return res.json();
};
createRoot(document.getElementById("graphiql")!).render(
  createElement(GraphiQL, {
    fetcher,
    // a named operation gives each tab its title
    defaultTabs: EXAMPLE_QUERIES.map((q) => ({
      query: `# ${q.title}\nquery ${q.title.replace(/[^A-Za-z ]/g, "").trim().split(/ +/).map((w) => w[0].toUpperCase() + w.slice(1)).join("")} ${q.query}`,
    })),
  }),
);
