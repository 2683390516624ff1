// The pivot of figures_long bytes into reports.csv's variable columns, on records as COPY writes them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VARIABLES } from "../../src/codebook/index.js";
import { csvLine } from "../../src/export/csv.js";
import { RecordOrderError, pivotChunk, wideTail } from "../../src/export/wide.js";

const record = (...fields: (string | null)[]) => csvLine(fields) + "\n";
const column = (name: string) => VARIABLES.findIndex((v) => v.name === name);
/** the variable columns of a tail, by name */
const columns = (tail: string) => {
  const [undecidable, unverified, ...values] = tail.split(",");
  return {
    undecidable: Number(undecidable),
    unverified: Number(unverified),
    get: (name: string) => values[column(name)],
  };
};

test("values land in their codebook columns; raw and status may be quoted; records may continue in the next block", () => {
  const r7 = [
    record("7", "t2_fees_amount", "15262.36", "15262.36萬元", "ok"),
    record("7", "t3_new_corp", "3", 'a "quoted", cell\nnext line', "ok"),
    record("7", "t3_new_np", null, "801000081", "undecidable"),
    record("7", "t3_new_total", "12", "", "we,ird"),
    record("7", "t3_result_total_np", "4", "4", "unverified"),
  ];
  const r8 = [record("8", "t4_review_total", "0", "/", "blank")];
  const blocks = [Buffer.from(r7.slice(0, 2).join("")), Buffer.from(r7.slice(2).join("") + r8.join(""))];
  const wide = pivotChunk(blocks);
  const a = columns(wideTail(wide, 7));
  assert.equal(a.undecidable, 1);
  assert.equal(a.unverified, 1);
  assert.equal(a.get("t3_result_total_np"), "4", "an unverified figure keeps its value");
  assert.equal(a.get("t2_fees_amount"), "15262.36");
  assert.equal(a.get("t3_new_corp"), "3");
  assert.equal(a.get("t3_new_np"), "");
  assert.equal(a.get("t3_new_total"), "12");
  assert.equal(a.get("t4_review_total"), "");
  assert.equal(wideTail(wide, 7).split(",").length, 2 + VARIABLES.length);
  assert.equal(columns(wideTail(wide, 8)).get("t4_review_total"), "0");
  assert.equal(wideTail(wide, 9), "0,0" + ",".repeat(VARIABLES.length), "a report without figures has empty columns");
  assert.equal(wide.misfits, 0);
});

test("counts that are not whole 32-bit numbers are misfits: empty column, listed", () => {
  const wide = pivotChunk([
    Buffer.from(
      record("3", "t3_new_corp", "2.5", "2.5", "ok") +
        record("3", "t3_new_legal", "2147483648", "x", "ok") +
        record("3", "t3_new_ngo", "-2147483647", "x", "ok") +
        record("3", "t3_new_np", "2147483647", "x", "ok"),
    ),
  ]);
  const a = columns(wideTail(wide, 3));
  assert.equal(a.get("t3_new_corp"), "");
  assert.equal(a.get("t3_new_legal"), "");
  assert.equal(a.get("t3_new_ngo"), "-2147483647");
  assert.equal(a.get("t3_new_np"), "2147483647");
  assert.equal(wide.misfits, 2);
  assert.deepEqual(wide.misfitList, [
    { reportId: 3, variable: "t3_new_corp", value: "2.5" },
    { reportId: 3, variable: "t3_new_legal", value: "2147483648" },
  ]);
});

test("a variable unknown to the codebook, or out of primary-key order, is an error, not a silent gap", () => {
  assert.throws(() => pivotChunk([Buffer.from(record("1", "t9_nothing", "1", "1", "ok"))]), /not a codebook variable/);
  assert.throws(
    () =>
      pivotChunk([
        Buffer.from(record("1", "t3_new_total", "1", "1", "ok") + record("1", "t3_new_corp", "1", "1", "ok")),
      ]),
    (e: Error) => e instanceof RecordOrderError && /"t3_new_corp" out of order/.test(e.message),
  );
  assert.throws(
    () =>
      pivotChunk([
        Buffer.from(record("2", "t3_new_np", "1", "1", "ok"), "latin1"),
        Buffer.from(record("1", "t3_new_np", "1", "1", "ok")),
      ]),
    (e: Error) => e instanceof RecordOrderError && /report 1 after report 2/.test(e.message),
  );
  assert.throws(() => pivotChunk([Buffer.from("1,t3_new_np,1\n")]), /not report_id,variable,value,raw,status/);
});
