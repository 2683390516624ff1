// What a front-end developer meets first, over HTTP (issue 17): vocabularies as enums with one casing,
// place filters checked against the division names, a table's figures without spelling every variable
// (labels, candidates of undecidable figures), 表三 as printed, sections in report order, Int facets and
// sizes, /schema.graphql, null for a missing report, `first: 0`, and ranked search refusing older
// revisions. Invented reports only (rendered and parsed like any file).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { isEnumType } from "graphql";
import { T3_COLUMNS, variable as codebookVariable, variablesFor } from "../../src/codebook/index.js";
import { parseText } from "../../src/parser/index.js";
import { gongkaiSchema } from "../../src/server/schema.js";
import { renderReport } from "../../src/synthetic/render.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { storeFile, startTestApi, type TestApi } from "./support/api.js";

let t: TestApi;
/** a 2021 report whose glued table 3 leaves figures undecidable, and the parse's candidates for them */
let glued: { id: number; candidates: Record<string, number[]> };
let lined: number;

before(
  async () => {
    t = await startTestApi("api_vocab");
    const narrative =
      "\n一、总体情况\n本机关全年主动公开政府信息。\n五、存在的主要问题及改进情况\n存在问题是公开不够及时。改进措施是加强培训。\n六、其他需要报告的事项\n本年度未收取信息处理费。\n";
    const text = renderReport(syntheticValues(7, "2021"), {
      format: "2021",
      year: 2023,
      agency: "福州市鼓楼区人民政府",
      layout: "lines",
    });
    await storeFile(t.ds, t.dataDir, "gulou-2023.txt", Buffer.from(text + narrative), true);
    for (let seed = 41; seed < 90; seed++) {
      const g = renderReport(syntheticValues(seed, "2021"), {
        format: "2021",
        year: 2022,
        agency: "福州市测试局",
        layout: "glued",
      });
      const parsed = parseText(g);
      const candidates = Object.fromEntries(
        Object.entries(parsed.cells)
          .filter(([, c]) => c.status === "undecidable" && c.candidates?.length)
          .map(([v, c]) => [v, c.candidates!]),
      );
      if (!Object.keys(candidates).length) continue;
      await storeFile(t.ds, t.dataDir, `glued-${seed}.txt`, Buffer.from(g), true);
      const [row] = await t.ds.query(
        `SELECT r.id FROM report r JOIN agency a ON a.id = r.agency_id WHERE a.canonical_name = '福州市测试局人民政府' OR a.canonical_name LIKE '福州市测试局%' ORDER BY r.id DESC LIMIT 1`,
      );
      glued = { id: row.id, candidates };
      break;
    }
    assert.ok(glued, "a glued table with undecidable figures");
    [{ id: lined }] = await t.ds.query(
      `SELECT r.id FROM report r JOIN agency a ON a.id = r.agency_id WHERE a.canonical_name = '福州市鼓楼区人民政府'`,
    );
  },
  { timeout: 120_000 },
);
after(async () => {
  await t?.close();
});

test("every enum value is lower snake_case (one convention), and a wrong value is refused with the right one", async () => {
  for (const type of Object.values(gongkaiSchema().getTypeMap())) {
    if (!isEnumType(type) || type.name.startsWith("__")) continue;
    for (const v of type.getValues()) assert.match(v.name, /^[a-z][a-z0-9_]*$/, `${type.name}.${v.name}`);
  }
  const bad = await t.gql(`{ reports(where: { level: { _eq: City } }) { totalCount } }`);
  assert.equal(bad.errors?.[0].extensions?.code, "GRAPHQL_VALIDATION_FAILED");
  assert.match(bad.errors![0].message, /Did you mean the enum value "city"/);
  const ok =
    await t.gql(`{ reports(where: { level: { _eq: county }, kind: { _in: [government] }, format: { _eq: v2021 }, script: { _eq: simplified } }) {
    totalCount nodes { format script status agency { level kind } } } }`);
  assert.equal(ok.errors, undefined, JSON.stringify(ok.errors));
  assert.equal(ok.data.reports.totalCount, 1);
  assert.deepEqual(ok.data.reports.nodes[0], {
    format: "v2021",
    script: "simplified",
    status: ok.data.reports.nodes[0].status,
    agency: { level: "county", kind: "government" },
  });
  assert.match(ok.data.reports.nodes[0].status, /^(ok|inconsistent|incomplete)$/);
  const sorted = await t.gql(`{ reports(orderBy: [{ field: year, direction: desc }]) { nodes { year } } }`);
  assert.deepEqual(
    sorted.data.reports.nodes.map((n: { year: number }) => n.year),
    [2023, 2022],
  );
});

test("a place that is not a division name is refused with a suggestion, in reports, aggregate and both search modes", async () => {
  for (const q of [
    `{ reports(where: { province: { _eq: "福建" } }) { totalCount } }`,
    `{ aggregate(where: { _or: [{ province: { _in: ["福建"] } }] }) { count } }`,
    `{ search(query: "公开", exact: true, where: { province: { _eq: "福建" } }) { totalCount } }`,
    `{ search(query: "公开", where: { province: { _eq: "福建" } }) { totalCount } }`,
  ]) {
    const r = await t.gql(q);
    assert.equal(r.errors?.[0].extensions?.code, "BAD_USER_INPUT", q);
    assert.match(
      r.errors![0].message,
      /"福建" is not a province name of the national division codes — did you mean 福建省\?/,
      q,
    );
  }
  const city = await t.gql(`{ agencies(where: { city: { _eq: "福州" } }) { totalCount } }`);
  assert.match(city.errors![0].message, /did you mean 福州市\?/);
  const ok = await t.gql(
    `{ reports(where: { province: { _eq: "福建省" }, city: { _like: "福州%" } }) { totalCount } }`,
  );
  assert.equal(ok.data.reports.totalCount, 2, "LIKE patterns are not names: they pass");
});

test("figures / figures(table: 3): the variables of the report's format as a list, labelled from the codebook, with candidates", async () => {
  const r = await t.gql(
    `query($id: Int!) { report(id: $id) { t3: figures(table: 3) { variable }
    figures { variable label en: label(language: en) unit value raw status candidates } } }`,
    { id: glued.id },
  );
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  assert.deepEqual(
    r.data.report.t3.map((f: { variable: string }) => f.variable),
    variablesFor("2021", 3).map((v) => v.name),
  );
  const figures = r.data.report.figures as {
    variable: string;
    label: string;
    en: string;
    unit: string;
    value: number | null;
    raw: string | null;
    status: string;
    candidates: number[] | null;
  }[];
  assert.deepEqual(
    figures.map((f) => f.variable),
    variablesFor("2021").map((v) => v.name),
  );
  const rows = await t.ds.query(`SELECT variable, value, raw, status FROM figure WHERE report_id = $1`, [glued.id]);
  const db = new Map(rows.map((x: { variable: string }) => [x.variable, x]));
  for (const f of figures) {
    const v = codebookVariable(f.variable)!;
    assert.deepEqual([f.label, f.en, f.unit], [v.labelZh, v.labelEn, v.unit]);
    const d = db.get(f.variable) as { value: string | null; raw: string | null; status: string };
    assert.deepEqual(
      [f.value, f.raw, f.status],
      [d.value === null ? null : Number(d.value), d.raw, d.status],
      f.variable,
    );
    if (f.status === "undecidable")
      assert.deepEqual(f.candidates, glued.candidates[f.variable], `${f.variable}: the parse's candidates`);
    else assert.equal(f.candidates, null);
  }
  assert.ok(
    figures.some((f) => f.status === "undecidable" && f.candidates!.length > 1),
    `undecidable figures show their candidates: ${JSON.stringify(figures.map((f) => f.status))} ${JSON.stringify(glued.candidates)}`,
  );
  const some = await t.gql(
    `query($id: Int!) { report(id: $id) { figures(variables: [t3_new_total, t2_fees_amount]) { variable } } }`,
    { id: lined },
  );
  assert.deepEqual(
    some.data.report.figures.map((f: { variable: string }) => f.variable),
    variablesFor("2021")
      .map((v) => v.name)
      .filter((n) => ["t3_new_total", "t2_fees_amount"].includes(n)),
  );
  const all = await t.gql(`query($id: Int!) { report(id: $id) { figures { variable } } }`, { id: lined });
  assert.equal(all.data.report.figures.length, variablesFor("2021").length);
  const bad = await t.gql(`{ reports { nodes { figures(table: 5) { variable } } } }`);
  assert.equal(bad.errors?.[0].extensions?.code, "BAD_USER_INPUT");
});

test("table3Grid mirrors the printed table: row labels, applicant columns, cells", async () => {
  const r = await t.gql(
    `query($id: Int!) { report(id: $id) { table3Grid { table title columns { key label en: label(language: en) }
    rows { key label en: label(language: en) cells { variable value } } } } }`,
    { id: lined },
  );
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  const g = r.data.report.table3Grid;
  assert.deepEqual(
    g.columns.map((c: { key: string }) => c.key),
    [...T3_COLUMNS],
  );
  assert.deepEqual(
    g.columns.map((c: { label: string }) => c.label),
    [
      "自然人",
      "法人或其他组织·商业企业",
      "法人或其他组织·科研机构",
      "法人或其他组织·社会公益组织",
      "法人或其他组织·法律服务机构",
      "法人或其他组织·其他",
      "总计",
    ],
  );
  assert.equal(g.columns[0].en, "natural persons");
  assert.equal(g.rows[0].key, "new");
  assert.equal(g.rows[0].label, "一、本年新收政府信息公开申请数量");
  assert.equal(g.rows[0].en, "new applications received this year");
  assert.equal(g.rows.at(-1).key, "carried_out");
  const values = new Map(
    (await t.ds.query(`SELECT variable, value FROM figure WHERE report_id = $1`, [lined])).map(
      (x: { variable: string; value: string | null }) => [x.variable, x.value === null ? null : Number(x.value)],
    ),
  );
  let cells = 0;
  for (const row of g.rows) {
    row.cells.forEach((c: { variable: string; value: number | null } | null, i: number) => {
      const name = `t3_${row.key}_${T3_COLUMNS[i]}`;
      if (!codebookVariable(name)?.formats.includes("2021")) return assert.equal(c, null, name);
      assert.deepEqual(c, { variable: name, value: values.get(name) ?? null });
      cells++;
    });
  }
  assert.equal(cells, variablesFor("2021", 3).length, "every table-3 variable is one cell");
});

test("sections come in report order, or in the order keys names them; displayText joins page wraps", async () => {
  const r = await t.gql(
    `query($id: Int!) { report(id: $id) { all: sections { key } some: sections(keys: [other, summary]) { key text displayText } } }`,
    { id: lined },
  );
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  const order = ["summary", "problems_improvements", "problems", "improvements", "other"];
  const keys = r.data.report.all.map((s: { key: string }) => s.key);
  assert.deepEqual(
    keys,
    order.filter((k) => keys.includes(k)),
  );
  assert.ok(keys.length >= 3);
  assert.deepEqual(
    r.data.report.some.map((s: { key: string }) => s.key),
    ["other", "summary"],
  );
  for (const s of r.data.report.some) assert.equal(s.displayText, s.text, "a text without page wraps shows as printed");
});

test("Int year facets and sizes; /schema.graphql is the committed schema", async () => {
  const s = await t.gql(
    `{ search(query: "公开", exact: true) { facets { year { value count } level { value } section { value } } } }`,
  );
  assert.equal(s.errors, undefined, JSON.stringify(s.errors));
  assert.ok(s.data.search.facets.year.length > 0);
  for (const f of s.data.search.facets.year) assert.equal(typeof f.value, "number");
  for (const f of s.data.search.facets.level)
    assert.ok(["central", "province", "city", "county", "township"].includes(f.value), f.value);
  const f = await t.gql(`query($id: Int!) { report(id: $id) { sourceFile { size } } }`, { id: lined });
  assert.ok(Number.isInteger(f.data.report.sourceFile.size) && f.data.report.sourceFile.size > 0);
  const res = await fetch(t.server.url.replace(/\/graphql$/, "/schema.graphql"));
  assert.equal(res.status, 200);
  assert.equal(await res.text(), readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8"));
});

test("first: 0 gives a consistent empty page: hasNextPage says whether rows follow, endCursor continues from the same place", async () => {
  const zero = await t.gql(`{ reports(first: 0) { nodes { id } totalCount pageInfo { hasNextPage endCursor } } }`);
  assert.deepEqual(zero.data.reports, { nodes: [], totalCount: 2, pageInfo: { hasNextPage: true, endCursor: null } });
  const one = await t.gql(`{ reports(first: 1) { nodes { id } pageInfo { endCursor } } }`);
  const after = one.data.reports.pageInfo.endCursor;
  const zeroAfter = await t.gql(
    `query($a: String) { reports(first: 0, after: $a) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
    { a: after },
  );
  assert.deepEqual(zeroAfter.data.reports, { nodes: [], pageInfo: { hasNextPage: true, endCursor: after } });
  const next = await t.gql(
    `query($a: String) { reports(first: 5, after: $a) { nodes { id } pageInfo { hasNextPage } } }`,
    { a: zeroAfter.data.reports.pageInfo.endCursor },
  );
  assert.equal(next.data.reports.nodes.length, 1);
  assert.equal(next.data.reports.pageInfo.hasNextPage, false);
  const s = await t.gql(
    `{ search(query: "公开", exact: true, first: 0) { totalCount nodes { reportId } pageInfo { hasNextPage endCursor } } }`,
  );
  assert.deepEqual(s.data.search.nodes, []);
  assert.deepEqual(s.data.search.pageInfo, { hasNextPage: s.data.search.totalCount > 0, endCursor: null });
});

test("ranked search refuses a where that may select older revisions, naming exact: true; exact search answers it", async () => {
  for (const where of [
    `{ isCurrent: { _eq: false } }`,
    `{ _or: [{ isCurrent: { _eq: true } }, { year: { _eq: 2023 } }] }`,
    `{ isCurrent: { _neq: true } }`,
  ]) {
    const r = await t.gql(`{ search(query: "公开", where: ${where}) { totalCount exhaustive } }`);
    assert.equal(r.errors?.[0].extensions?.code, "BAD_USER_INPUT", where);
    assert.match(r.errors![0].message, /current revisions only.*exact: true/);
    const e = await t.gql(`{ search(query: "公开", exact: true, where: ${where}) { totalCount } }`);
    assert.equal(e.errors, undefined, JSON.stringify(e.errors));
  }
});
