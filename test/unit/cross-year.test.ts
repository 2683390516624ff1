// Year-on-year links between two reports of one agency.
import { test } from "node:test";
import assert from "node:assert/strict";
import { crossYearIssues } from "../../src/validate/cross-year.js";
import { linkYears } from "../../src/synthetic/corpus.js";
import { syntheticValues } from "../../src/synthetic/values.js";
import { checkTable3 } from "../../src/validate/consistency.js";

test("linked years raise nothing; a broken carry-over is reported per column on the later report", () => {
  const prev = syntheticValues(1, "2021"),
    cur = syntheticValues(2, "2021");
  linkYears(prev, cur, "2021");
  assert.deepEqual(checkTable3(cur, "2021"), [], "linking keeps every table-3 rule");
  assert.deepEqual(
    crossYearIssues({ year: 2022, format: "2021", values: prev }, { year: 2023, format: "2021", values: cur }),
    [],
  );

  cur.t3_carried_in_np += 2;
  cur.t3_carried_in_total += 2;
  cur.t2_rules_in_force += 1;
  const issues = crossYearIssues(
    { year: 2022, format: "2021", values: prev },
    { year: 2023, format: "2021", values: cur },
  );
  assert.deepEqual(
    issues.map((i) => [i.code, i.where.column ?? i.where.variable, i.severity]),
    [
      ["XY_T3_CARRIED", "np", "warning"],
      ["XY_T3_CARRIED", "total", "warning"],
      ["XY_T2_IN_FORCE", "t2_rules_in_force", "warning"],
    ],
  );
  assert.match(issues[0].message, /2022/);
});

test("only adjacent years are compared; 现行有效 only between two 2021-format reports; blanks are not compared", () => {
  const prev = syntheticValues(3, "2019"),
    cur = syntheticValues(4, "2021");
  assert.deepEqual(
    crossYearIssues({ year: 2020, format: "2019", values: prev }, { year: 2022, format: "2021", values: cur }),
    [],
  );
  const codes = crossYearIssues(
    { year: 2020, format: "2019", values: prev },
    { year: 2021, format: "2021", values: cur },
  ).map((i) => i.code);
  assert.ok(!codes.includes("XY_T2_IN_FORCE"));
  const blank = { ...cur, t3_carried_in_np: null } as Record<string, number | null>;
  const withBlank = crossYearIssues(
    { year: 2020, format: "2019", values: prev },
    { year: 2021, format: "2021", values: blank },
  );
  assert.ok(!withBlank.some((i) => i.where.column === "np"));
});
