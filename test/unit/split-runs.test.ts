// Split solvers on invented tables (figures made up for these tests).
import { test } from "node:test";
import assert from "node:assert/strict";
import { t2Rows, t3Rows } from "../../src/parser/tables/layout.js";
import {
  enumerateSplits,
  solveTable2Row,
  solveTable3,
  solveTable4,
  splitRun,
  type T3RowInput,
} from "../../src/parser/tables/split-runs.js";
import type { NarrativeCount } from "../../src/parser/narrative-counts.js";

const ZERO = "0000000";

/** a 2021-format table 3 given entirely as runs; rows not listed are all zero */
function table21(runs: Record<string, string | string[]>): Record<string, T3RowInput> {
  const rows: Record<string, T3RowInput> = {};
  for (const r of t3Rows("2021")) {
    const run = runs[r.key] ?? ZERO;
    rows[r.key] = { runs: typeof run === "string" ? [run] : run };
  }
  return rows;
}

const codes = (issues: { code: string }[]) => issues.map((d) => d.code);

// Invented table A (2021 format), columns np corp research ngo legal other total:
//   new            46 3 0 1 0 2 52   → "463010252"
//   carried_in      4 0 0 0 0 0  4   → "4000004"
//   granted        18 2 0 0 0 1 21   → "182000121"
//   partial         6 0 0 1 0 0  7   → "6001007"
//   third_party     2 0 0 0 0 0  2
//   not_held       12 1 0 0 0 1 14   → "121000114"  (also 1,2,10,0,0,1,14 by the row sum)
//   unclear         3 0 0 0 0 0  3
//   duplicate       1 0 0 0 0 0  1
//   no_correction   2 0 0 0 0 0  2
//   result_total   44 3 0 1 0 2 50   → "443010250"  (also 4,43,0,1,0,2,50 by the row sum)
//   carried_out     6 0 0 0 0 0  6
const TABLE_A = {
  new: "463010252",
  carried_in: "4000004",
  granted: "182000121",
  partial: "6001007",
  denied_third_party: "2000002",
  unable_not_held: "121000114",
  unable_unclear: "3000003",
  rejected_duplicate: "1000001",
  other_no_correction: "2000002",
  result_total: "443010250",
  carried_out: "6000006",
};

test("splitRun: no leading zeros, run boundaries are cell boundaries, signs and decimals", () => {
  assert.deepEqual(splitRun("801000081", 7, { sumGroups: 7 }), [[80, 1, 0, 0, 0, 0, 81]]);
  assert.deepEqual(splitRun("0505", 3), [[0, 50, 5]]); // "05" is never a cell
  assert.deepEqual(splitRun(["12", "3"], 3), [[1, 2, 3]]); // the boundary between runs is known
  assert.deepEqual(splitRun("12 3", 2), [[12, 3]]); // whitespace too
  assert.deepEqual(splitRun("123", 2).sort(), [
    [1, 23],
    [12, 3],
  ]);
  assert.deepEqual(splitRun("12", 3), []); // too few digits
  assert.deepEqual(splitRun(["1", "2", "3"], 2), []); // three runs cannot be two cells
  assert.deepEqual(splitRun("７０", 1), [[70]]); // full-width digits
  assert.deepEqual(splitRun("5+6", 2), [[5, 6]]); // a + starts a cell
  assert.deepEqual(splitRun("8-3", 2, { negative: true }), [[8, -3]]);
  assert.deepEqual(splitRun("8-3", 3), [[8, 0, 3]]); // without negatives a lone - is a blank cell
  assert.deepEqual(splitRun("3.52", 2, { decimals: true }), [[3.5, 2]]);
  assert.deepEqual(splitRun("13.52", 2, { decimals: true }), [
    [1, 3.52],
    [13.5, 2],
  ]);
  assert.deepEqual(splitRun("13.52", 2), []); // no decimals allowed here
  assert.deepEqual(splitRun("1,234", 1), [[1234]]);
});

test("enumerateSplits says when it stopped early", () => {
  const e = enumerateSplits("1".repeat(30), 7, { maxSplits: 5 });
  assert.equal(e.splits.length, 5);
  assert.equal(e.truncated, true);
  const full = enumerateSplits("121000114", 7, { sumGroups: 7 });
  assert.equal(full.truncated, false);
  assert.deepEqual(full.splits.sort(), [
    [1, 2, 10, 0, 0, 1, 14],
    [12, 1, 0, 0, 0, 1, 14],
  ]);
});

test("table 3: a row with a unique row-sum split is derived, raw = the whole run", () => {
  const r = solveTable3({ format: "2021", rows: table21(TABLE_A) });
  assert.equal(r.fallback, null);
  assert.equal(r.values.t3_new_np, 46);
  assert.equal(r.values.t3_new_total, 52);
  assert.deepEqual(r.cells.t3_new_corp, { raw: "463010252", status: "derived" });
  // decided by the row sum alone: reported as a derived split
  assert.ok(r.issues.some((d) => d.code === "SPLIT_DERIVED" && d.where.row === "new" && /row sum/.test(d.message)));
});

test("table 3: rows with two row-sum splits are decided by T3_BALANCE / T3_RESULT_SUM", () => {
  assert.equal(splitRun(TABLE_A.unable_not_held, 7, { sumGroups: 7 }).length, 2);
  assert.equal(splitRun(TABLE_A.result_total, 7, { sumGroups: 7 }).length, 2);
  const r = solveTable3({ format: "2021", rows: table21(TABLE_A) });
  assert.deepEqual(
    ["np", "corp", "research", "ngo", "legal", "other", "total"].map((c) => r.values[`t3_unable_not_held_${c}`]),
    [12, 1, 0, 0, 0, 1, 14],
  );
  assert.deepEqual(
    ["np", "corp", "research", "ngo", "legal", "other", "total"].map((c) => r.values[`t3_result_total_${c}`]),
    [44, 3, 0, 1, 0, 2, 50],
  );
  assert.ok(
    r.issues.some(
      (d) => d.code === "SPLIT_DERIVED" && d.where.row === "unable_not_held" && /column rules/.test(d.message),
    ),
  );
  assert.ok(!codes(r.issues).includes("SPLIT_UNDECIDABLE"));
  // every cell of the table came out
  assert.equal(Object.values(r.values).filter((v) => v === null).length, 0);
  assert.equal(Object.keys(r.values).length, t3Rows("2021").length * 7);
});

test("table 3: rows given as values and as runs mix; a missing row only removes the rules naming it", () => {
  const rows = table21(TABLE_A);
  rows.new = { values: [46, 3, 0, 1, 0, 2, 52] };
  rows.carried_in = { values: [4, 0, 0, 0, 0, 0, 4] };
  let r = solveTable3({ format: "2021", rows });
  assert.equal(r.values.t3_unable_not_held_np, 12);
  assert.equal("t3_new_np" in r.values, false); // given rows are not echoed
  // without (七)总计 no column rule applies: the two ambiguous rows stay undecidable
  delete rows.result_total;
  r = solveTable3({ format: "2021", rows });
  assert.equal(r.values.t3_unable_not_held_np, null);
  assert.deepEqual(r.cells.t3_unable_not_held_np.candidates, [1, 12]);
  assert.equal(r.values.t3_unable_not_held_total, 14); // same in both splits
});

// Invented table B (2021): two rows print the same run "171000018", one meaning 17,1,0,… and the other
// 1,7,10,…; swapping them keeps every column sum, so no rule can tell which is which.
const TABLE_B = {
  new: "2581000043", // 25 8 10 0 0 0 43
  granted: "5000005",
  denied_third_party: "171000018", // 17 1 0 0 0 0 18
  denied_process: "171000018", // 1 7 10 0 0 0 18
  result_total: "2381000041", // 23 8 10 0 0 0 41
  carried_out: "2000002",
};

test("table 3: a row the rules cannot decide is undecidable: null value, candidates, one diagnostic per row", () => {
  const r = solveTable3({ format: "2021", rows: table21(TABLE_B) });
  assert.equal(r.fallback, null);
  for (const row of ["denied_third_party", "denied_process"]) {
    assert.equal(r.values[`t3_${row}_np`], null);
    assert.deepEqual(r.cells[`t3_${row}_np`], { raw: "171000018", status: "undecidable", candidates: [1, 17] });
    assert.deepEqual(r.cells[`t3_${row}_corp`].candidates, [1, 7]);
    assert.deepEqual(r.cells[`t3_${row}_research`].candidates, [0, 10]);
    // cells equal in every surviving split are still derived
    assert.equal(r.values[`t3_${row}_total`], 18);
    assert.equal(r.cells[`t3_${row}_ngo`].status, "derived");
    const d = r.issues.filter((x) => x.code === "SPLIT_UNDECIDABLE" && x.where.row === row);
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].candidates?.map((s) => s.join(",")).sort(), ["1,7,10,0,0,0,18", "17,1,0,0,0,0,18"]);
    assert.equal(d[0].where.table, 3);
  }
  assert.equal(r.values.t3_result_total_np, 23);
  assert.equal(r.values.t3_new_research, 10);
});

test("table 3: narrative counts decide what the table cannot; a contradicting count is dropped, not the table", () => {
  const hint: NarrativeCount = { vars: ["t3_denied_third_party_np"], value: 17, text: "涉及第三方17件", index: 0 };
  let r = solveTable3({ format: "2021", rows: table21(TABLE_B), hints: [hint] });
  assert.equal(r.values.t3_denied_third_party_np, 17);
  assert.equal(r.values.t3_denied_process_np, 1); // its partner follows through the column rules
  assert.deepEqual(r.hints.applied, [hint]);
  assert.ok(r.issues.some((d) => d.code === "SPLIT_DERIVED" && /narrative/.test(d.message)));

  const wrong: NarrativeCount = { vars: ["t3_new_total"], value: 44, text: "共收到申请44件", index: 0 };
  const foreign: NarrativeCount = { vars: ["t4_review_total"], value: 3, text: "行政复议3件", index: 0 };
  r = solveTable3({ format: "2021", rows: table21(TABLE_B), hints: [wrong, foreign] });
  assert.deepEqual(r.hints.contradicted, [wrong]);
  assert.deepEqual(r.hints.applied, []);
  assert.deepEqual(r.hints.unused, []); // table 4's counts are not table 3's business
  assert.equal(r.values.t3_new_total, 43);
  assert.ok(r.issues.some((d) => d.code === "NARRATIVE_MISMATCH" && d.where.variable === "t3_new_total"));
  assert.equal(r.values.t3_denied_process_np, null); // still undecidable
});

test("table 3, 2021: a count of (六)其他处理 constrains the sum of its three sub-rows", () => {
  const runs = { ...TABLE_A, other_no_correction: "2000002" };
  const hint: NarrativeCount = { vars: ["t3_other_total"], value: 2, text: "其他处理2件", index: 0 };
  const r = solveTable3({ format: "2021", rows: table21(runs), hints: [hint] });
  assert.deepEqual(r.hints.applied, [hint]);
  const bad: NarrativeCount = { vars: ["t3_other_total"], value: 5, text: "其他处理5件", index: 0 };
  assert.deepEqual(solveTable3({ format: "2021", rows: table21(runs), hints: [bad] }).hints.contradicted, [bad]);
});

test("table 3: an inconsistent table falls back to per-row splits without crashing", () => {
  // table A with 结转下年度 misprinted (5 instead of 6): T3_BALANCE fails in np and total for every split
  const runs = {
    ...TABLE_A,
    carried_out: "5000005",
    denied_security: "1000002", // breaks its own row sum, but only one cut exists: kept as printed
    denied_internal: "12345678", // breaks its row sum and has several cuts: left empty, cuts listed
  };
  const r = solveTable3({ format: "2021", rows: table21(runs) });
  assert.equal(r.fallback, "inconsistent");
  assert.equal(codes(r.issues)[0], "SPLIT_INCONSISTENT");
  // rows with one row-sum split still come out
  assert.equal(r.values.t3_new_np, 46);
  assert.equal(r.values.t3_carried_out_np, 5);
  // rows with two row-sum splits stay undecidable
  assert.equal(r.values.t3_unable_not_held_np, null);
  assert.deepEqual(r.cells.t3_unable_not_held_np.candidates, [1, 12]);
  assert.equal(r.values.t3_result_total_corp, null);
  assert.deepEqual(r.cells.t3_result_total_corp.candidates, [3, 43]);
  // the printed figures of a row that breaks its sum, when they can only be read one way
  assert.deepEqual(
    ["np", "total"].map((c) => r.values[`t3_denied_security_${c}`]),
    [1, 2],
  );
  // no split adds up: nothing is invented, the plain cuts are listed
  assert.equal(r.values.t3_denied_internal_np, null);
  assert.deepEqual(r.cells.t3_denied_internal_np.candidates, [1, 12]);
  const d = r.issues.find((x) => x.code === "SPLIT_UNDECIDABLE" && x.where.row === "denied_internal");
  assert.ok(d && /no split/.test(d.message));
  assert.equal(d?.candidates?.length, 7);
});

test("table 3: a row that cannot hold seven cells is undecidable with no candidates", () => {
  const r = solveTable3({ format: "2021", rows: table21({ ...TABLE_A, denied_query: "00000" }) });
  assert.equal(r.values.t3_denied_query_np, null);
  assert.equal(r.cells.t3_denied_query_np.candidates, undefined);
  assert.ok(r.issues.some((d) => d.code === "SPLIT_UNDECIDABLE" && d.where.row === "denied_query"));
  // the rules that name that row are left out; the rest still decide
  assert.equal(r.values.t3_result_total_np, 44);
});

test("table 3: an adversarial 40-digit run finishes quickly and stays undecidable", () => {
  for (const long of ["1".repeat(40), "1234567890".repeat(4), "9".repeat(39) + "8"]) {
    const t0 = performance.now();
    const r = solveTable3({ format: "2021", rows: table21({ ...TABLE_A, denied_security: long }) });
    const ms = performance.now() - t0;
    assert.ok(ms < 1500, `took ${ms} ms`);
    for (const c of ["np", "corp", "total"]) {
      assert.equal(r.values[`t3_denied_security_${c}`], null);
      assert.equal(r.cells[`t3_denied_security_${c}`].status, "undecidable");
    }
    assert.ok(r.issues.some((d) => d.code === "SPLIT_UNDECIDABLE" && d.where.row === "denied_security"));
    // the other rows are not harmed
    assert.equal(r.values.t3_new_np, 46);
  }
});

test("table 3: when the joint search hits its cap, rows are split on their own", () => {
  const r = solveTable3({ format: "2021", rows: table21(TABLE_A), limits: { searchWork: 5 } });
  assert.equal(r.fallback, "capped");
  assert.ok(codes(r.issues).includes("SPLIT_SEARCH_CAPPED"));
  assert.equal(r.values.t3_new_np, 46);
  assert.equal(r.values.t3_unable_not_held_np, null);
});

test("table 3, 2019 format: runs with surviving spaces, (六) as one row", () => {
  const rows: Record<string, T3RowInput> = {};
  for (const r of t3Rows("2019")) rows[r.key] = { runs: [ZERO] };
  rows.new = { runs: ["150", "000015"] }; // 15 0 0 0 0 0 15
  rows.granted = { runs: ["9000009"] };
  rows.unable_not_held = { runs: ["4 0 0 0 0 04"] };
  rows.other = { runs: ["2 0 0 0 0 02"] };
  rows.result_total = { runs: ["15 0 00 0 015"] };
  const r = solveTable3({ format: "2019", rows });
  assert.equal(r.fallback, null);
  assert.equal(r.values.t3_new_np, 15);
  assert.equal(r.values.t3_other_total, 2);
  assert.equal(r.values.t3_result_total_total, 15);
  assert.equal(r.cells.t3_result_total_np.raw, "15 0 00 0 015");
});

test("table 4: 17 digits for 15 cells, decided by T4_SUM", () => {
  // 4 1 2 0 7 | 10 0 2 1 13 | 2 0 0 0 2
  const r = solveTable4(["41207100211320002"]);
  assert.deepEqual(Object.values(r.values), [4, 1, 2, 0, 7, 10, 0, 2, 1, 13, 2, 0, 0, 0, 2]);
  assert.equal(r.values.t4_suit_direct_total, 13);
  assert.equal(r.cells.t4_review_upheld.raw, "41207100211320002");
  // with 10 0 1 1 12 in the middle block the same count of digits reads two ways (1 0 0 11 12)
  const two = solveTable4(["41207100111220002"]);
  assert.equal(two.values.t4_suit_direct_upheld, null);
  assert.deepEqual(two.cells.t4_suit_direct_upheld.candidates, [1, 10]);
  assert.equal(two.values.t4_suit_direct_total, 12);
  assert.ok(r.issues.some((d) => d.code === "SPLIT_DERIVED" && d.where.table === 4));
  // 15 digits: one cut only, nothing to report
  const z = solveTable4(["000000000000000"]);
  assert.ok(Object.values(z.values).every((v) => v === 0));
  assert.deepEqual(z.issues, []);
});

test("table 4: narrative counts narrow the T4_SUM splits; contradicting ones are dropped", () => {
  // printed: 1 0 0 0 1 | 12 12 0 0 24 | 2 0 0 0 2; the same 18 digits also read
  //          10 0 0 11 21 | 2 0 0 2 4 | 2 0 0 0 2
  const run = "100011212002420002";
  const plain = solveTable4([run]);
  assert.equal(plain.values.t4_review_total, null);
  assert.deepEqual(plain.cells.t4_review_total.candidates, [1, 21]);
  assert.equal(plain.values.t4_suit_after_review_total, 2); // the same in both
  const suits: NarrativeCount = {
    vars: ["t4_suit_direct_total", "t4_suit_after_review_total"],
    value: 26,
    text: "行政诉讼26起",
    index: 0,
  };
  const r = solveTable4([run], [suits]);
  assert.deepEqual(r.hints.applied, [suits]);
  assert.deepEqual(Object.values(r.values), [1, 0, 0, 0, 1, 12, 12, 0, 0, 24, 2, 0, 0, 0, 2]);
  const bad: NarrativeCount = { vars: ["t4_review_total"], value: 9, text: "行政复议9件", index: 0 };
  const r2 = solveTable4([run], [bad]);
  assert.deepEqual(r2.hints.contradicted, [bad]);
  assert.ok(r2.issues.some((d) => d.code === "NARRATIVE_MISMATCH"));
  assert.equal(r2.values.t4_review_total, null);
});

test("table 4: no T4_SUM split → as printed when only one cut exists, else empty", () => {
  const r = solveTable4(["123456789012345"]); // 15 digits, sums broken
  assert.equal(r.values.t4_review_upheld, 1);
  const r2 = solveTable4(["1234567890123456"]);
  assert.equal(r2.values.t4_review_upheld, null);
  assert.ok(r2.issues.some((d) => d.code === "SPLIT_UNDECIDABLE" && /no split/.test(d.message)));
});

test("table 2: no rule — only a unique cut or the narrative decides", () => {
  const [rules, normative] = t2Rows("2021");
  const z = solveTable2Row(["000"], rules.vars);
  assert.deepEqual(Object.values(z.values), [0, 0, 0]);
  assert.deepEqual(z.issues, []);

  const und = solveTable2Row(["4836"], normative.vars);
  assert.deepEqual(Object.values(und.values), [null, null, null]);
  assert.deepEqual(und.cells.t2_normative_issued.candidates, [4, 48]);
  assert.equal(und.issues.filter((d) => d.code === "SPLIT_UNDECIDABLE").length, 1);

  const hint: NarrativeCount = { vars: ["t2_normative_issued"], value: 48, text: "制发规范性文件48件", index: 0 };
  const r = solveTable2Row(["4836"], normative.vars, [hint]);
  assert.deepEqual(Object.values(r.values), [48, 3, 6]);
  assert.ok(r.issues.some((d) => d.code === "SPLIT_DERIVED" && /narrative/.test(d.message)));

  // the narrative fixes one cell; the others stay open
  const partly = solveTable2Row(["48195"], normative.vars, [hint]);
  assert.equal(partly.values.t2_normative_issued, 48);
  assert.equal(partly.values.t2_normative_in_force, null);

  const wrong: NarrativeCount = { vars: ["t2_normative_issued"], value: 50, text: "制发规范性文件50件", index: 0 };
  const w = solveTable2Row(["4836"], normative.vars, [wrong]);
  assert.deepEqual(w.hints.contradicted, [wrong]);
  assert.equal(w.values.t2_normative_issued, null);
});

test("table 2, 2019: 本年增/减 may be signed, amounts may have decimals", () => {
  const rows = t2Rows("2019");
  const licensing = rows.find((r) => r.vars[0] === "t2_licensing_items_prev")!;
  const r = solveTable2Row(["12", "-3", "40"], licensing.vars);
  assert.deepEqual(Object.values(r.values), [12, -3, 40]);
  const procurement = rows.find((r) => r.vars[0] === "t2_procurement_items")!;
  const p = solveTable2Row(["71250.5"], procurement.vars);
  assert.deepEqual(p.cells.t2_procurement_items.candidates, [7, 71, 712, 7125]);
  assert.equal(p.values.t2_procurement_amount, null);
  const one = solveTable2Row(["8", "3.25"], procurement.vars);
  assert.deepEqual(Object.values(one.values), [8, 3.25]);
});
