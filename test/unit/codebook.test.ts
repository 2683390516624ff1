import { test } from "node:test";
import assert from "node:assert/strict";
import { VARIABLES, variablesFor, variable } from "../../src/codebook/index.js";

test("codebook has every variable of the three tables, named as in the contract", () => {
  assert.equal(variable("t3_new_total")?.table, 3);
  assert.equal(variable("t2_fees_amount")?.unit, "万元");
  assert.deepEqual(variable("t2_licensing_decisions")?.formats, ["2019", "2021"]);
  const names = new Set(VARIABLES.map((v) => v.name));
  assert.equal(names.size, VARIABLES.length, "names are unique");
});

test("variablesFor splits by format: 2021 has the (六) sub-rows, 2019 the procurement rows", () => {
  const v21 = variablesFor("2021").map((v) => v.name);
  const v19 = variablesFor("2019").map((v) => v.name);
  assert.ok(v21.includes("t3_other_no_fee_total") && !v19.includes("t3_other_no_fee_total"));
  assert.ok(v19.includes("t2_procurement_amount") && !v21.includes("t2_procurement_amount"));
  assert.equal(variablesFor("2021", 4).length, 15);
  assert.equal(variablesFor("2019", 3).length, variablesFor("2021", 3).length - 21);
});
