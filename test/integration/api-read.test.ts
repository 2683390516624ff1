// The read API end to end over HTTP: reports, report, agencies, codebook, aggregate; paging, where,
// batching (no N+1), limits, errors and injection attempts. Seeds + real corpus + 60 invented reports.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { VARIABLES } from "../../src/codebook/index.js";
import { seedCorpus, seedSynthetic, startTestApi, type TestApi } from "./support/api.js";

let t: TestApi;
let corpusReports = 0;
before(async () => {
  t = await startTestApi("api_read");
  corpusReports = await seedCorpus(t.ds, t.dataDir);
  await seedSynthetic(t.ds, t.dataDir);
});
after(async () => {
  await t?.close();
});

const ids = (rows: { id?: number; report_id?: number }[]) => rows.map((r) => Number(r.id ?? r.report_id));

/** Every page of `reports` for a where/orderBy, following endCursor. */
async function allPages(where: unknown, orderBy: unknown, first: number) {
  const out: number[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const r: { data: any; errors?: unknown } = await t.gql(
      `query($w: ReportWhere, $o: [ReportOrderBy!], $f: Int, $a: String) {
      reports(where: $w, orderBy: $o, first: $f, after: $a) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
      { w: where, o: orderBy, f: first, a: after },
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    out.push(...r.data.reports.edges.map((e: { node: { id: number } }) => e.node.id));
    if (!r.data.reports.pageInfo.hasNextPage) return { ids: out, total: r.data.reports.totalCount };
    after = r.data.reports.pageInfo.endCursor;
  }
  throw new Error("too many pages");
}

describe("report(id)", () => {
  test("a report with its agency, typed tables, sections, diagnostics, source file and other years", async () => {
    const [row] = await t.ds.query(
      `SELECT report_id FROM report_wide WHERE agency = '广州市天河区人民政府' AND year = 2023`,
    );
    const r = await t.gql(
      `query($id: Int!) { report(id: $id) {
      id year format isCurrent synthetic
      agency { name province city county level kind }
      table2 { t2_rules_issued { value raw status } t2_rules_made { value } }
      table3 { t3_new_total { value raw status } t3_granted_np { value } }
      table4 { t4_review_total { value status } }
      sections { key text } diagnostics { code severity message }
      sourceFile { sha256 originalName mediaType size }
      otherYears { year } } }`,
      { id: row.report_id },
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const rep = r.data.report;
    assert.deepEqual(rep.agency, {
      name: "广州市天河区人民政府",
      province: "广东省",
      city: "广州市",
      county: "天河区",
      level: "county",
      kind: "government",
    });
    assert.equal(rep.format, "v2021", "the FormatVersion enum");
    assert.equal(rep.table2.t2_rules_made, null, "a 2019 variable is null in a 2021 report");
    const figs = await t.ds.query(
      `SELECT variable, value, raw, status FROM figure WHERE report_id = $1 AND variable IN ('t3_new_total', 't2_rules_issued', 't4_review_total')`,
      [row.report_id],
    );
    const f = Object.fromEntries(figs.map((x: { variable: string }) => [x.variable, x]));
    assert.deepEqual(rep.table3.t3_new_total, {
      value: Number(f.t3_new_total.value),
      raw: f.t3_new_total.raw,
      status: f.t3_new_total.status,
    });
    assert.equal(rep.table2.t2_rules_issued.value, Number(f.t2_rules_issued.value));
    assert.equal(rep.table4.t4_review_total.value, Number(f.t4_review_total.value));
    assert.ok(rep.sections.some((s: { key: string }) => s.key === "summary"));
    assert.match(rep.sourceFile.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(
      rep.otherYears.map((x: { year: number }) => x.year),
      [2019, 2020, 2021, 2022],
    );
  });

  test("every codebook variable of the report's tables is a field, named as in the codebook", async () => {
    const fields = VARIABLES.filter((v) => v.table === 3)
      .map((v) => `${v.name} { value }`)
      .join(" ");
    const [row] = await t.ds.query(`SELECT report_id FROM report_wide WHERE format = '2019' LIMIT 1`);
    const r = await t.gql(`query($id: Int!) { report(id: $id) { table3 { ${fields} } } }`, { id: row.report_id });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const [wide] = await t.ds.query(`SELECT * FROM report_wide WHERE report_id = $1`, [row.report_id]);
    for (const v of VARIABLES.filter((x) => x.table === 3)) {
      const want = wide[v.name] === null ? null : Number(wide[v.name]);
      assert.equal(r.data.report.table3[v.name]?.value ?? null, want, v.name);
    }
  });

  test("an unknown id is null, as declared, and no error; other fields of the same request answer", async () => {
    const r = await t.gql(`{ report(id: 999999) { id } codebook(table: 4) { name } }`);
    assert.equal(r.data.report, null);
    assert.equal(r.errors, undefined);
    assert.equal(r.data.codebook.length, VARIABLES.filter((v) => v.table === 4).length);
  });
});

describe("reports(where, orderBy, first, after)", () => {
  test("the seeds and the real corpus are there", async (c) => {
    if (!corpusReports) return c.skip("corpus not found");
    const r = await t.gql(`{ reports(where: { synthetic: { _eq: false } }) { totalCount } }`);
    assert.equal(r.data.reports.totalCount, corpusReports);
  });

  test("paging follows the order exactly: no row twice, none left out, totalCount the same", async () => {
    const orderBy = [{ field: "province" }, { figure: "t3_new_total", direction: "desc" }];
    const got = await allPages(null, orderBy, 7);
    const want = await t.ds.query(`SELECT report_id FROM report_wide WHERE is_current
      ORDER BY province ASC NULLS LAST, t3_new_total DESC NULLS LAST, report_id`);
    assert.deepEqual(got.ids, ids(want));
    assert.equal(got.total, want.length);
  });

  test("a report added between two pages does not shift the next page (keyset cursors)", async () => {
    const p1 = await t.gql(`{ reports(first: 5) { edges { node { id year } } pageInfo { endCursor } } }`);
    const seen = p1.data.reports.edges.map((e: { node: { id: number } }) => e.node.id);
    // a report sorting first (newest year): an offset pager would now repeat page 1's last row
    const { storeFile } = await import("./support/api.js");
    const { renderReport } = await import("../../src/synthetic/render.js");
    const { syntheticValues } = await import("../../src/synthetic/values.js");
    const text = renderReport(syntheticValues(7, "2021"), {
      format: "2021",
      year: 2030,
      agency: "珠海市香洲区人民政府",
      layout: "lines",
    });
    const added = await storeFile(t.ds, t.dataDir, "late.txt", Buffer.from(text), true);
    try {
      const p2 = await t.gql(`query($a: String) { reports(first: 5, after: $a) { edges { node { id year } } } }`, {
        a: p1.data.reports.pageInfo.endCursor,
      });
      const next = p2.data.reports.edges.map((e: { node: { id: number } }) => e.node.id);
      assert.equal(next.filter((id: number) => seen.includes(id)).length, 0);
      const want = await t.ds.query(
        `SELECT id FROM report WHERE is_current AND id <> $1 ORDER BY year DESC, id LIMIT 10`,
        [added.reportId],
      );
      assert.deepEqual([...seen, ...next], ids(want));
    } finally {
      await t.ds.query("DELETE FROM report WHERE id = $1", [added.reportId]);
    }
  });

  const cases: [string, unknown, string][] = [
    ["_eq", { province: { _eq: "广东省" } }, "province = '广东省'"],
    ["_neq", { province: { _neq: "广东省" } }, "province <> '广东省'"],
    ["_gt/_lte", { year: { _gt: 2020, _lte: 2022 } }, "year > 2020 AND year <= 2022"],
    ["_in", { level: { _in: ["county", "province"] } }, "level IN ('county', 'province')"],
    ["_nin", { kind: { _nin: ["department"] } }, "kind NOT IN ('department')"],
    ["_like", { agency: { _like: "%区人民政府" } }, "agency LIKE '%区人民政府'"],
    ["_is_null", { city: { _is_null: true } }, "city IS NULL"],
    ["figure _gt", { figure: { variable: "t3_new_total", _gt: 100 } }, "t3_new_total > 100"],
    ["figure _is_null", { figure: { variable: "t2_rules_made", _is_null: true } }, "t2_rules_made IS NULL"],
    [
      "_or",
      { _or: [{ province: { _eq: "浙江省" } }, { figure: { variable: "t4_review_total", _gte: 5 } }] },
      "(province = '浙江省' OR t4_review_total >= 5)",
    ],
    ["_not", { _not: { province: { _eq: "广东省" } } }, "NOT (province = '广东省')"],
    [
      "_and",
      { _and: [{ year: { _eq: 2023 } }, { kind: { _eq: "government" } }] },
      "year = 2023 AND kind = 'government'",
    ],
    ["isCurrent", { isCurrent: { _eq: false } }, "NOT is_current"],
    ["empty _or", { _or: [] }, "FALSE"],
  ];
  for (const [name, where, sql] of cases) {
    test(`where ${name} selects what SQL selects`, async () => {
      const got = await allPages(where, [{ field: "id" }], 100);
      const current = name === "isCurrent" ? "TRUE" : "is_current";
      const want = await t.ds.query(
        `SELECT report_id FROM report_wide WHERE ${current} AND (${sql}) ORDER BY report_id`,
      );
      assert.deepEqual(got.ids, ids(want));
      assert.equal(got.total, want.length);
    });
  }

  test("2023 reports of 广东省 county governments that received more than 100 applications", async () => {
    const where = {
      year: { _eq: 2023 },
      province: { _eq: "广东省" },
      level: { _eq: "county" },
      kind: { _eq: "government" },
      figure: { variable: "t3_new_total", _gt: 100 },
    };
    const got = await allPages(where, null, 20);
    const want =
      await t.ds.query(`SELECT report_id FROM report_wide WHERE is_current AND year = 2023 AND province = '广东省'
      AND level = 'county' AND kind = 'government' AND t3_new_total > 100 ORDER BY report_id`);
    assert.ok(want.length > 0, "the data holds such reports");
    assert.deepEqual(
      got.ids.sort((a, b) => a - b),
      ids(want),
    );
  });
});

describe("agencies, codebook", () => {
  test("agencies(where) with a report filter, paged", async () => {
    const r =
      await t.gql(`{ agencies(where: { province: { _eq: "广东省" }, reports: { figure: { variable: t3_new_total, _gt: 100 } } }, first: 3) {
      totalCount nodes { name reports { year } } pageInfo { hasNextPage } } }`);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const want = await t.ds.query(
      `SELECT DISTINCT agency_id FROM report_wide WHERE is_current AND province = '广东省' AND t3_new_total > 100`,
    );
    assert.equal(r.data.agencies.totalCount, want.length);
    assert.equal(r.data.agencies.nodes.length, Math.min(3, want.length));
  });

  test("agencies paged in every order: no agency twice, none left out", async () => {
    for (const [orderBy, sql] of [
      [null, "canonical_name ASC NULLS LAST"],
      [[{ field: "city", direction: "desc" }], "city DESC NULLS LAST"],
      [
        [{ field: "province" }, { field: "name", direction: "desc" }],
        "province ASC NULLS LAST, canonical_name DESC NULLS LAST",
      ],
    ] as const) {
      const got: number[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 100; guard++) {
        const r: any = await t.gql(
          `query($o: [AgencyOrderBy!], $a: String) { agencies(orderBy: $o, first: 4, after: $a) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`,
          { o: orderBy, a: after },
        );
        assert.equal(r.errors, undefined, JSON.stringify(r.errors));
        got.push(...r.data.agencies.nodes.map((n: { id: number }) => n.id));
        if (!r.data.agencies.pageInfo.hasNextPage) break;
        after = r.data.agencies.pageInfo.endCursor;
      }
      const want = await t.ds.query(`SELECT id FROM agency ORDER BY ${sql}, id`);
      assert.deepEqual(got, ids(want), JSON.stringify(orderBy));
    }
  });

  test("agency(id): the agency with its current reports; an unknown id is null", async () => {
    const [row] = await t.ds.query(
      `SELECT id, canonical_name, province, level, kind FROM agency WHERE canonical_name = '广州市教育局'`,
    );
    const r = await t.gql(
      `query($id: Int!) { agency(id: $id) { id name province level kind reports { year isCurrent } } }`,
      { id: row.id },
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    assert.deepEqual(
      [r.data.agency.name, r.data.agency.province, r.data.agency.level, r.data.agency.kind],
      [row.canonical_name, row.province, row.level, row.kind],
    );
    const years = await t.ds.query(`SELECT year FROM report WHERE agency_id = $1 AND is_current ORDER BY year`, [
      row.id,
    ]);
    assert.deepEqual(
      r.data.agency.reports.map((x: { year: number }) => x.year).sort(),
      years.map((y: { year: number }) => y.year),
    );
    assert.ok(r.data.agency.reports.every((x: { isCurrent: boolean }) => x.isCurrent));
    const none = await t.gql(`{ agency(id: 987654) { id } }`);
    assert.deepEqual([none.data.agency, none.errors], [null, undefined]);
  });

  test("codebook lists the variables of a table and format", async () => {
    const r = await t.gql(`{ codebook(table: 2, format: v2019) { name table formats labelZh labelEn unit } }`);
    assert.deepEqual(
      r.data.codebook.map((v: { name: string }) => v.name),
      VARIABLES.filter((v) => v.table === 2 && v.formats.includes("2019")).map((v) => v.name),
    );
  });
});

describe("aggregate(where, groupBy, measures)", () => {
  test("by province × year: counts, sums, averages equal SQL over report_wide", async () => {
    const r = await t.gql(`{ aggregate(groupBy: [province, year], measures: [t3_new_total, t2_fees_amount]) {
      group { province year } count measures { variable count sum avg min max } } }`);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const want = await t.ds.query(`SELECT province, year, count(*)::int AS n,
        sum(t3_new_total)::text AS s1, avg(t3_new_total)::text AS a1, count(t3_new_total)::int AS c1, min(t3_new_total)::text AS mn1, max(t3_new_total)::text AS mx1,
        sum(t2_fees_amount)::text AS s2, count(t2_fees_amount)::int AS c2
      FROM report_wide WHERE is_current GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST`);
    const num = (v: string | null) => (v === null ? null : Number(v));
    assert.deepEqual(
      r.data.aggregate.map((x: any) => [
        x.group.province,
        x.group.year,
        x.count,
        x.measures[0].sum,
        x.measures[0].avg,
        x.measures[0].count,
        x.measures[0].min,
        x.measures[0].max,
        x.measures[1].sum,
        x.measures[1].count,
      ]),
      want.map((w: any) => [
        w.province,
        w.year,
        w.n,
        num(w.s1),
        num(w.a1),
        w.c1,
        num(w.mn1),
        num(w.mx1),
        num(w.s2),
        w.c2,
      ]),
    );
  });

  test("grouped by level, kind and format under a where", async () => {
    const r =
      await t.gql(`{ aggregate(where: { year: { _gte: 2021 }, figure: { variable: t3_new_total, _gt: 0 } }, groupBy: [level, kind, format], measures: [t3_granted_total]) {
      group { level kind format } count measures { sum } } }`);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const want = await t.ds.query(`SELECT level, kind, format, count(*)::int AS n, sum(t3_granted_total)::text AS s
      FROM report_wide WHERE is_current AND year >= 2021 AND t3_new_total > 0 GROUP BY 1, 2, 3 ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST`);
    assert.deepEqual(
      r.data.aggregate.map((x: any) => [x.group.level, x.group.kind, x.group.format, x.count, x.measures[0].sum]),
      want.map((w: any) => [w.level, w.kind, w.format && `v${w.format}`, w.n, w.s === null ? null : Number(w.s)]),
    );
  });

  test("by city and county under a where Postgres alone can evaluate: equal to sums over the figure table itself", async () => {
    const measures = VARIABLES.filter((v) => v.table === 4)
      .slice(0, 3)
      .map((v) => v.name);
    const r = await t.gql(
      `query($m: [Variable!]) { aggregate(where: { _or: [{ province: { _eq: "广东省" } }, { agency: { _like: "%财政厅" } }], _not: { year: { _eq: 2019 } } },
      groupBy: [city, county], measures: $m) { group { city county } count measures { variable count sum avg min max } } }`,
      { m: measures },
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    // not through report_wide (what the service reads): figure rows joined by hand
    const reports = `SELECT r.id, a.city, a.county FROM report r JOIN agency a ON a.id = r.agency_id
      WHERE r.is_current AND (a.province = '广东省' OR a.canonical_name LIKE '%财政厅') AND NOT (r.year = 2019)`;
    const groups = await t.ds.query(
      `SELECT city, county, count(*)::int AS n FROM (${reports}) x GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST`,
    );
    assert.ok(groups.length > 2);
    assert.deepEqual(
      r.data.aggregate.map((x: any) => [x.group.city, x.group.county, x.count]),
      groups.map((g: any) => [g.city, g.county, g.n]),
    );
    for (const [i, v] of measures.entries()) {
      const stats = await t.ds.query(
        `SELECT x.city, x.county, count(f.value)::int AS c, sum(f.value)::text AS s, avg(f.value)::text AS a,
          min(f.value)::text AS mn, max(f.value)::text AS mx
        FROM (${reports}) x LEFT JOIN figure f ON f.report_id = x.id AND f.variable = $1 GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST`,
        [v],
      );
      const num = (x: string | null) => (x === null ? null : Number(x));
      assert.deepEqual(
        r.data.aggregate.map((x: any) => {
          const m = x.measures[i];
          return [m.variable, m.count, m.sum, m.avg, m.min, m.max];
        }),
        stats.map((g: any) => [v, g.c, num(g.s), num(g.a), num(g.mn), num(g.mx)]),
        v,
      );
    }
  });

  test("injection attempts in an aggregate's where and arguments are data or refused", async () => {
    for (const s of [`广东省' OR '1'='1`, `'); DROP TABLE figure; --`, `广东省" OR 1=1 --`]) {
      const r = await t.gql(
        `query($s: String!) { aggregate(where: { agency: { _eq: $s } }, groupBy: [province]) { count } }`,
        { s },
      );
      assert.equal(r.errors, undefined, JSON.stringify(r.errors));
      assert.deepEqual(r.data.aggregate, []);
      // a place is checked against the division names first: refused, with its reason
      const p = await t.gql(
        `query($s: String!) { aggregate(where: { province: { _eq: $s } }, groupBy: [province]) { count } }`,
        { s },
      );
      assert.equal(p.errors?.[0].extensions?.code, "BAD_USER_INPUT");
      assert.match(p.errors![0].message, /is not a province name of the national division codes/);
    }
    const g = await t.gql(`query($g: [AggregateDimension!]) { aggregate(groupBy: $g) { count } }`, {
      g: ["province; DROP TABLE figure"],
    });
    assert.equal(g.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    const m = await t.gql(`query($m: [Variable!]) { aggregate(measures: $m) { count } }`, {
      m: ["t3_new_total) FROM figure; --"],
    });
    assert.equal(m.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    const [{ n }] = await t.ds.query("SELECT count(*)::int AS n FROM figure");
    assert.ok(n > 0);
  });

  test("no groupBy: one row for everything", async () => {
    const r = await t.gql(`{ aggregate { count measures { sum } } }`);
    const [want] = await t.ds.query(`SELECT count(*)::int AS n FROM report WHERE is_current`);
    assert.deepEqual(r.data.aggregate, [{ count: want.n, measures: [] }]);
  });
});

describe("batching, limits, errors", () => {
  test("a page of 50 reports with every relation costs a fixed number of queries (DataLoader, no N+1)", async () => {
    let queries = 0;
    const original = t.ds.query;
    t.ds.query = ((...args: Parameters<typeof original>) => {
      queries++;
      return original.apply(t.ds, args);
    }) as typeof original;
    try {
      const r =
        await t.gql(`{ reports(first: 50) { totalCount nodes { id agency { name reports { year } } table2 { t2_rules_issued { value } }
        table3 { t3_new_total { value } } table4 { t4_review_total { value } } sections { key } diagnostics { code }
        sourceFile { sha256 } otherYears { id agency { name } table3 { t3_new_total { value } } } } } }`);
      assert.equal(r.errors, undefined, JSON.stringify(r.errors));
      assert.equal(r.data.reports.nodes.length, 50);
    } finally {
      t.ds.query = original;
    }
    // list + count + agency + agency reports + figures (x2: page, other years) + sections + diagnostics + source files
    assert.ok(queries <= 10, `${queries} queries`);
  });

  test("first above the cap is refused with BAD_USER_INPUT", async () => {
    const r = await t.gql(`{ reports(first: 101) { nodes { id } } }`);
    assert.equal(r.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    assert.match(r.errors![0].message, /at most 100/);
  });

  test("a deep query is refused before it runs (QUERY_TOO_DEEP)", async () => {
    const r = await t.gql(
      `{ reports { nodes { agency { reports { agency { reports { agency { reports { agency { reports { agency { name } } } } } } } } } } } }`,
    );
    assert.equal(r.status, 400);
    assert.equal(r.errors?.[0].extensions?.code, "QUERY_TOO_DEEP");
  });

  test("an expensive query is refused (QUERY_TOO_COMPLEX): aliases and nested lists add up", async () => {
    const one = (i: number) =>
      `r${i}: reports(first: 100) { nodes { otherYears { otherYears { table3 { t3_new_total { value } t3_new_np { value } } } } } }`;
    const r = await t.gql(`{ ${Array.from({ length: 5 }, (_, i) => one(i)).join(" ")} }`);
    assert.equal(r.status, 400);
    assert.equal(r.errors?.[0].extensions?.code, "QUERY_TOO_COMPLEX");
  });

  test("depth through fragments counts the same; batched requests are refused (no way around the limits)", async () => {
    const frag = `{ reports { nodes { ...A } } }
      fragment A on Report { agency { ...B } } fragment B on Agency { reports { ...C } } fragment C on Report { agency { ...D } }
      fragment D on Agency { reports { otherYears { agency { reports { agency { reports { id } } } } } } }`;
    const r = await t.gql(frag);
    assert.equal(r.status, 400);
    assert.equal(r.errors?.[0].extensions?.code, "QUERY_TOO_DEEP");
    const res = await fetch(t.server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(Array.from({ length: 50 }, () => ({ query: `{ reports(first: 100) { nodes { id } } }` }))),
    });
    assert.equal(res.status, 400, "operation batching is off");
  });

  test("introspection: the clients' standard query answers; cyclic introspection is refused", async () => {
    const { getIntrospectionQuery } = await import("graphql");
    const std = await t.gql(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    assert.equal(std.errors, undefined, JSON.stringify(std.errors));
    assert.ok(std.data.__schema.types.length > 20);
    // graphql-js's MaxIntrospectionDepthRule refuses introspection that cycles (__Type.fields → type → fields …)
    for (const q of [
      `{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`,
      `{ __type(name: "Report") { ${"fields { type { ".repeat(8)}name${" } }".repeat(8)} } }`,
    ]) {
      const r = await t.gql(q);
      assert.equal(r.status, 400);
      assert.equal(r.errors?.[0].extensions?.code, "GRAPHQL_VALIDATION_FAILED");
      assert.match(r.errors![0].message, /introspection depth/i);
    }
  });

  test("a page of 100 reports with all three tables is allowed", async () => {
    const all = (table: number) =>
      VARIABLES.filter((v) => v.table === table)
        .map((v) => `${v.name} { value raw status }`)
        .join(" ");
    const r = await t.gql(
      `{ reports(first: 100) { nodes { id table2 { ${all(2)} } table3 { ${all(3)} } table4 { ${all(4)} } } } }`,
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors?.[0]));
  });

  test("bad cursors and unknown variables are the client's error", async () => {
    const c = await t.gql(`{ reports(after: "bm90IGEgY3Vyc29y") { nodes { id } } }`);
    assert.equal(c.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    const v = await t.gql(`query($w: ReportWhere) { reports(where: $w) { nodes { id } } }`, {
      w: { figure: { variable: "t3_nope", _gt: 1 } },
    });
    assert.equal(v.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    const o = await t.gql(`{ reports(orderBy: [{ field: year, figure: t3_new_total }]) { nodes { id } } }`);
    assert.equal(o.errors?.[0].extensions?.code, "BAD_USER_INPUT");
  });

  test("injection attempts in where values and cursors are plain data", async () => {
    const attempts = [
      `广东省' OR '1'='1`,
      `'; DROP TABLE report; --`,
      `%' OR 1=1 --`,
      `\\'; SELECT pg_sleep(5); --`,
      `$1`,
      `") OR true --`,
    ];
    for (const s of attempts) {
      const r = await t.gql(
        `query($s: String!) {
        a: reports(where: { province: { _eq: $s } }) { totalCount }
        b: reports(where: { agency: { _like: $s } }) { totalCount }
        c: reports(where: { _or: [{ city: { _in: [$s] } }, { title: { _ilike: $s } }] }) { totalCount } }`,
        { s },
      );
      // `title` is not a filter field: refused at validation, nothing runs
      assert.equal(r.errors?.[0].extensions?.code, "GRAPHQL_VALIDATION_FAILED");
      const ok = await t.gql(
        `query($s: String!) {
        a: reports(where: { agency: { _eq: $s } }) { totalCount }
        b: reports(where: { agency: { _like: $s } }) { totalCount }
        c: agencies(where: { name: { _ilike: $s } }) { totalCount } }`,
        { s },
      );
      assert.equal(ok.errors, undefined, JSON.stringify(ok.errors));
      assert.deepEqual([ok.data.a.totalCount, ok.data.b.totalCount, ok.data.c.totalCount], [0, 0, 0], s);
    }
    const forged = Buffer.from(JSON.stringify(["r.year DESC,r.id ASC", "2023) OR 1=1 --", 1])).toString("base64url");
    const f = await t.gql(`query($a: String) { reports(after: $a) { nodes { id } } }`, { a: forged });
    assert.equal(f.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    assert.doesNotMatch(
      JSON.stringify(f.errors),
      /SELECT|syntax|report_id|invalid input/i,
      "no SQL detail reaches the client",
    );
    const [{ n }] = await t.ds.query("SELECT count(*)::int AS n FROM report");
    assert.ok(n > 0, "the table is still there");
  });
});
