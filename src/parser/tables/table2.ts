/**
 * Table 2 (主动公开政府信息情况): a few labelled rows, each followed by its figures. Sub-tables are
 * sometimes printed out of order (OCR conversions), so rows are found by their label wherever they are.
 */
import type { FormatVersion } from "../../codebook/index.js";
import { normLabel } from "../../text/normalize.js";
import { mergeGluedDashes, type Token } from "../tokens.js";
import { t2Rows, type T2Row } from "./layout.js";
import type { Sheet } from "./sheet.js";

const MONEY = new Set(["t2_fees_amount", "t2_procurement_amount"]);

function rowOf(label: string, rows: T2Row[], done: Set<T2Row>): T2Row | undefined {
  const l = normLabel(label).replace(/^[\d.、()\s]+/, "");
  // the label ends with the row name (行政规范性文件; glued crawler text: 信息内容本年处理决定数量行政许可)
  return rows.find((r) => !done.has(r) && r.words.some((w) => l.endsWith(w)));
}

export interface T2RunRow {
  vars: string[];
  runs: string[];
  tokens: Token[];
}

export function readTable2(printed: Token[], format: FormatVersion, sheet: Sheet): T2RunRow[] {
  const tokens = mergeGluedDashes(printed);
  const rows = t2Rows(format);
  const done = new Set<T2Row>();
  const runRows: T2RunRow[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== "label") continue;
    // a label wrapped over two cells (行政规范性 / 文件) is read joined
    let row = rowOf(tokens[i].text, rows, done);
    if (!row && tokens[i + 1]?.type === "label") {
      row = rowOf(tokens[i].text + tokens[i + 1].text, rows, done);
      if (row) i++;
    }
    if (!row) continue;
    const vals: Token[] = [];
    let j = i + 1;
    for (; j < tokens.length && vals.length < row.vars.length; j++) {
      const t = tokens[j];
      if (t.type === "label") {
        // the next row's label, whole or wrapped over two cells: this row's figures end here
        if (rowOf(t.text, rows, done)) break;
        if (tokens[j + 1]?.type === "label" && rowOf(t.text + tokens[j + 1]!.text, rows, done)) break;
        continue;
      }
      vals.push(t);
    }
    if (vals.length === 0) continue;
    done.add(row);
    if (vals.length === row.vars.length) {
      row.vars.forEach((v, k) => sheet.setFromToken(v, vals[k], MONEY.has(v)));
    } else if (vals.every((t) => t.type === "value")) {
      runRows.push({ vars: row.vars, runs: vals.map((t) => t.text), tokens: vals });
    }
    i = j - 1;
  }
  return runRows;
}
