/**
 * The page a browser gets at / or GET /graphql: a small query console that works offline (no CDN),
 * with example queries. It posts to /graphql like any client.
 */
export const EXAMPLE_QUERIES: { title: string; query: string }[] = [
  { title: "Latest reports", query: `{
  reports(first: 5, orderBy: { field: year, direction: desc }) {
    totalCount
    nodes { id year format agency { name province level kind } }
  }
}` },
  { title: "Applications received, by province and year", query: `{
  aggregate(groupBy: [province, year], measures: [t3_new_total]) {
    group { province year } count measures { variable sum avg }
  }
}` },
  { title: "Sections that mention 依申请公开 (exact counts)", query: `{
  search(query: "依申请公开", exact: true, first: 5) {
    totalCount
    nodes { section snippet report { id year agency { name } } }
  }
}` },
  { title: "Table 3 as printed (表三)", query: `{
  reports(first: 1) {
    nodes { agency { name } year table3Grid { columns { label } rows { label cells { value status candidates } } } }
  }
}` },
  { title: "Ranked search with a filter", query: `{
  search(query: "政府信息公开", where: { year: { _gte: 2021 } }, first: 5) {
    totalCount
    nodes { section score snippet report { id year } }
  }
}` },
];

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function landingPage(): string {
  const options = EXAMPLE_QUERIES.map((q, i) => `<option value="${i}">${esc(q.title)}</option>`).join("");
  return `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>gongkai API</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}textarea,pre{width:100%;font:13px monospace;box-sizing:border-box}
textarea{height:16em}pre{background:#f4f4f4;padding:1em;min-height:10em;white-space:pre-wrap}</style></head><body>
<h1>gongkai — 政府信息公开工作年度报告 API</h1>
<p>POST GraphQL to <code>/graphql</code>. Schema: <code>schema.graphql</code> in the repository. Examples:
<select id="ex">${options}</select> <button id="run">Run</button></p>
<textarea id="q"></textarea><pre id="out"></pre>
<script>
const EX = ${JSON.stringify(EXAMPLE_QUERIES).replace(/</g, "\\u003c")};
const q = document.getElementById("q"), out = document.getElementById("out"), ex = document.getElementById("ex");
q.value = EX[0].query;
ex.onchange = () => { q.value = EX[ex.value].query; };
document.getElementById("run").onclick = async () => {
  out.textContent = "…";
  const r = await fetch("/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: q.value }) });
  out.textContent = JSON.stringify(await r.json(), null, 2);
};
</script></body></html>`;
}
