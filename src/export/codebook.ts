/**
 * codebook.csv: the variable registry as shipped with the data — the same columns as the project's
 * codebook (variable, table, formats, label_zh, label_en, unit, note) plus the column type, in the
 * column order of reports.csv.
 */
import { VARIABLES } from "../codebook/index.js";
import { csvLine } from "./csv.js";
import { typeName, variableField } from "./tables.js";

export function codebookLines(): string[] {
  return VARIABLES.map((v) => csvLine([
    v.name, String(v.table), v.formats.join(","), v.labelZh, v.labelEn, v.unit, v.note || null, typeName(variableField(v)),
  ]));
}
