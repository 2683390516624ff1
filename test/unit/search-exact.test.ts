import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeLike, exactWhere } from "../../src/search/exact.js";
import { filterClauses, SearchInputError } from "../../src/search/params.js";

test("the exact path takes the same validated filters, as parameters and never as SQL text", () => {
  const evil = `广东省' OR 1=1 --`;
  const { where, params } = exactWhere(["复议"], filterClauses({ province: evil, year: { gte: 2021 }, kind: "government" }, ["summary"]));
  assert.ok(!where.includes("OR 1=1"), where);
  assert.match(where, /a\.province = ANY\(\$\d+::text\[\]\)/);
  assert.match(where, /r\.year >= \$\d+::int/);
  assert.match(where, /s\.text_simplified LIKE \$\d+/);
  assert.ok(params.some((p) => Array.isArray(p) && p[0] === evil), "the value travels as a parameter");
  assert.ok(params.includes("%复议%"));
});

test("LIKE wildcards in a term are literal; keyword filters are refused in exact mode", () => {
  assert.equal(escapeLike("50%_a\\b"), "50\\%\\_a\\\\b");
  assert.throws(() => exactWhere(["x"], filterClauses({ terms: "政策解读" })), SearchInputError);
});
