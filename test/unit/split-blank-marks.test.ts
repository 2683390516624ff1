// Blank marks glued between run-together figures (crawler text): each `/` is a cell that places the
// digit runs around it; `——` may be one mark or two, and the row sums decide. Invented figures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mergeGluedDashes, peelBlankMarks, splitGlued } from "../../src/parser/tokens.js";
import { gluedRuns } from "../../src/parser/tables/table3.js";
import { enumerateSplits, parseCell } from "../../src/parser/tables/split-runs.js";
import type { Token } from "../../src/parser/tokens.js";
import { parseText } from "../../src/parser/index.js";

const pieces = (s: string) => peelBlankMarks(splitGlued(s)).map((p) => (p.mark ? `[${p.text}]` : p.text));

test("blank marks between figures are cells, marks ending a label before a figure are cut from it", () => {
  assert.deepEqual(pieces("数量6320222//97"), ["数量", "6320222", "[/]", "[/]", "97"]);
  assert.deepEqual(pieces("数量/5/2//7"), ["数量", "[/]", "5", "[/]", "2", "[/]", "[/]", "7"]);
  assert.deepEqual(pieces("(一)予以公开//////0(二)"), [
    "(一)予以公开",
    "[/]",
    "[/]",
    "[/]",
    "[/]",
    "[/]",
    "[/]",
    "0",
    "(二)",
  ]);
  assert.deepEqual(pieces("信息—8——3—11"), ["信息", "[—]", "8", "[—]", "[—]", "3", "[—]", "11"]);
  // a mark inside a label, or a label ending in a mark with no figure after it, stays in the label
  assert.deepEqual(pieces("本年增/减"), ["本年增/减"]);
  assert.deepEqual(pieces("说明//"), ["说明//"]);
});

const tok = (text: string, start: number, type: Token["type"]): Token => ({
  type,
  text,
  start,
  end: start + text.length,
  line: 0,
  table: false,
});

test("runs for the solver: each / its own run, adjacent glued dashes kept together", () => {
  assert.deepEqual(
    gluedRuns([tok("6320222", 0, "value"), tok("/", 7, "blank"), tok("/", 8, "blank"), tok("97", 9, "value")]),
    ["6320222", "/", "/", "97"],
  );
  assert.deepEqual(
    gluedRuns([tok("8", 0, "value"), tok("—", 1, "blank"), tok("—", 2, "blank"), tok("3", 3, "value")]),
    ["8", "——", "3"],
  );
  // a `——` read as one token (its own cell in a line layout) is one blank cell
  assert.deepEqual(gluedRuns([tok("——", 0, "blank"), tok("5", 3, "value")]), ["/", "5"]);
});

test("the split solver: / cells fix the runs' cell counts, —— is one cell or two", () => {
  assert.equal(parseCell("——", 0, 2), 0);
  assert.equal(parseCell("//", 0, 2), null);
  // 63,20,12,2 or 63,2,20,12 or …: the marks leave four cells to the first run
  const s = enumerateSplits(["6320122", "/", "/", "97"], 7, { sumGroups: 7 }).splits;
  assert.ok(s.length > 0 && s.every((x) => x[4] === 0 && x[5] === 0 && x[6] === 97));
  assert.deepEqual(enumerateSplits(["8", "——", "3"], 4).splits, [[8, 0, 0, 3]]);
  assert.deepEqual(enumerateSplits(["8", "——", "3"], 3).splits, [[8, 0, 3]]);
});

const T3_2021 = (rows: string) =>
  `某某市测试局2023年政府信息公开工作年度报告 一、总体情况 本年度工作平稳。 二、主动公开政府信息情况 第二十条第(一)项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 0 三、收到和处理政府信息公开申请情况 ${rows} 四、政府信息公开行政复议、行政诉讼情况 行政复议 行政诉讼 000000000000000 五、存在的主要问题及改进情况 无。 六、其他需要报告的事项 无。`;

test("table 3 in glued text: a row with blank marks between digit runs is read, never wrong", () => {
  const text = T3_2021(
    "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量12/3//5/20二、上年结转政府信息公开申请数量//////0",
  );
  const r = parseText(text);
  assert.deepEqual(
    ["np", "corp", "research", "ngo", "legal", "other", "total"].map((c) => r.values[`t3_new_${c}`]),
    [12, 0, 3, 0, 0, 5, 20],
  );
  assert.equal(r.values.t3_carried_in_total, 0);
  assert.equal(r.values.t3_carried_in_np, 0);
});

test("table 3: after a row whose figures are too few to read (zeros printed as nothing), the next row's figures go to the row named right before them", () => {
  const r = parseText(
    T3_2021(
      "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量12/3//5/20二、上年结转政府信息公开申请数量44三、本年度办理结果(一)予以公开1/2//5/8",
    ),
  );
  assert.deepEqual(
    ["np", "corp", "research", "ngo", "legal", "other", "total"].map((c) => r.values[`t3_granted_${c}`]),
    [1, 0, 2, 0, 0, 5, 8],
  );
  assert.notEqual(r.values.t3_carried_in_total, 8, "the granted row's figures are not read as the carried-in row");
  assert.equal(r.values.t3_carried_in_total ?? null, null);
});

test("tables 2 and 4 read glued dashes as one blank mark, as printed (`——` one cell)", () => {
  const merged = mergeGluedDashes([
    tok("5", 0, "value"),
    tok("—", 1, "blank"),
    tok("—", 2, "blank"),
    tok("3", 3, "value"),
    tok("—", 5, "blank"),
  ]);
  assert.deepEqual(
    merged.map((t) => t.text),
    ["5", "——", "3", "—"],
  );
  const r = parseText(T3_2021("").replace("规章 0 0 0", "规章5——3"));
  assert.deepEqual([r.values.t2_rules_issued, r.values.t2_rules_repealed, r.values.t2_rules_in_force], [5, 0, 3]);
});
