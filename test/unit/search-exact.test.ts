import { test } from "node:test";
import assert from "node:assert/strict";
import { queryTerms } from "../../src/services/exact-search.service.js";
import { likeLiteral, Params } from "../../src/services/sql.js";
import { reportCondition } from "../../src/services/where.js";

test("the exact path's where: values are parameters, never SQL text", () => {
  const evil = `广州市教育局' OR 1=1 --`;
  const p = new Params();
  const where = reportCondition({ agency: { _eq: evil }, year: { _gte: 2021 }, kind: { _eq: "government" } }, p);
  assert.ok(!where.includes("OR 1=1"), where);
  assert.match(where, /a\.canonical_name = \$\d+/);
  assert.match(where, /r\.year >= \$\d+/);
  assert.ok(p.values.includes(evil), "the value travels as a parameter");
});

test("LIKE wildcards in a term are literal; one query limit for both paths", () => {
  assert.equal(likeLiteral("50%_a\\b"), "50\\%\\_a\\\\b");
  assert.deepEqual(queryTerms("行政复议，行政诉讼"), ["行政复议", "行政诉讼"]);
  assert.throws(() => queryTerms("一，二，三，四，五，六，七，八，九"), /at most 8/);
  assert.throws(() => queryTerms("，。"), /empty/);
});
