/**
 * Table2 / Table3 / Table4: one field per codebook variable of the table (both format versions), named
 * exactly as in the codebook and generated from it — never a hand-copied field list. A field is null
 * when the report's format has no such variable.
 */
import { Field, ObjectType } from "type-graphql";
import { VARIABLES, type TableNo } from "../codebook/index.js";
import { Figure } from "./report.js";

const TITLES: Record<TableNo, string> = {
  2: "表二 主动公开政府信息情况 (proactive disclosure)",
  3: "表三 收到和处理政府信息公开申请情况 (requests received and handled)",
  4: "表四 政府信息公开行政复议、行政诉讼情况 (administrative review and litigation)",
};

// biome-ignore lint/complexity/noBannedTypes: type-graphql takes any class constructor
function tableType(table: TableNo): Function {
  const cls = { [`Table${table}`]: class {} }[`Table${table}`]; // a named class, for stack traces
  for (const v of VARIABLES.filter((x) => x.table === table)) {
    const description = `${v.labelZh} — ${v.labelEn}${v.unit ? ` (${v.unit})` : ""}; formats ${v.formats.join(", ")}${v.note ? `; ${v.note}` : ""}`;
    Field(() => Figure, { nullable: true, description })(cls.prototype, v.name);
  }
  ObjectType(`Table${table}`, { description: TITLES[table] })(cls);
  return cls;
}

export const Table2 = tableType(2);
export const Table3 = tableType(3);
export const Table4 = tableType(4);
