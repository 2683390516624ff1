/**
 * codebook.csv: the variable registry as shipped with the data — the same columns as the project's
 * codebook (variable, table, formats, label_zh, label_en, unit, note) plus the column type and the name
 * labels.do gives the variable in Stata (`stata_name`), in the column order of reports.csv.
 */
import { VARIABLES } from "../codebook/index.js";
import { csvLine } from "./csv.js";
import { table, typeName, variableField } from "./tables.js";

export function codebookLines(): string[] {
  const stata = new Map(table("reports").fields.map((f) => [f.name, f.stataName ?? f.name]));
  return VARIABLES.map((v) =>
    csvLine([
      v.name,
      String(v.table),
      v.formats.join(","),
      v.labelZh,
      v.labelEn,
      v.unit,
      v.note || null,
      typeName(variableField(v)),
      stata.get(v.name)!,
    ]),
  );
}
