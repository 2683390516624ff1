/**
 * Table2 / Table3 / Table4: one field per codebook variable of the table (both format versions), named
 * exactly as in the codebook and generated from it — never a hand-copied field list. A field is null
 * when the report's format has no such variable.
 */
import { Field, Int, ObjectType } from "type-graphql";
import { T3_COLUMNS, VARIABLES, variablesFor, type FormatVersion, type TableNo } from "../codebook/index.js";
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

/** A label of the codebook in both languages; `label(language)` picks one (resolvers/figure.resolver.ts). */
export interface Labels {
  labelZh: string;
  labelEn: string;
}

@ObjectType({ description: "a column of a printed table (for 表三: an applicant type)" })
export class TableGridColumn implements Labels {
  @Field(() => String, { description: "the column's key in the codebook's variable names (np, corp, …, total)" })
  key!: string;
  labelZh!: string;
  labelEn!: string;
}

@ObjectType({ description: "a row of a printed table: its label and one cell per column" })
export class TableGridRow implements Labels {
  @Field(() => String, { description: "the row's key in the codebook's variable names (new, carried_in, granted, …)" })
  key!: string;
  @Field(() => [Figure], {
    nullable: "items",
    description: "one per column, in the columns' order; null where the report has no such figure",
  })
  cells!: (Figure | null)[];
  labelZh!: string;
  labelEn!: string;
}

@ObjectType({ description: "a table laid out as printed: rows × columns of figures" })
export class TableGrid {
  @Field(() => Int) table!: number;
  @Field(() => String) title!: string;
  @Field(() => [TableGridColumn]) columns!: TableGridColumn[];
  @Field(() => [TableGridRow]) rows!: TableGridRow[];
}

/**
 * 表三 of a format as printed, from the codebook alone: a variable `t3_<row>_<column>` is the cell of
 * row `<row>` in column `<column>`, and its label "<row label> / <column label>" gives both labels.
 */
export async function table3Grid(
  format: FormatVersion,
  figure: (variable: string) => Promise<Figure | null>,
): Promise<TableGrid> {
  const rows = new Map<string, TableGridRow>();
  const columns = new Map<string, TableGridColumn>(T3_COLUMNS.map((key) => [key, { key, labelZh: "", labelEn: "" }]));
  const cells: Promise<void>[] = [];
  for (const v of variablesFor(format, 3)) {
    const column = T3_COLUMNS.find((c) => v.name.endsWith(`_${c}`))!;
    const key = v.name.slice("t3_".length, -column.length - 1);
    const [rowZh, colZh] = v.labelZh.split(" / ");
    const [rowEn, colEn] = v.labelEn.split(" / ");
    let row = rows.get(key);
    if (!row)
      rows.set(key, (row = { key, labelZh: rowZh, labelEn: rowEn ?? rowZh, cells: T3_COLUMNS.map(() => null) }));
    const c = columns.get(column)!;
    if (!c.labelZh) Object.assign(c, { labelZh: colZh ?? column, labelEn: colEn ?? column });
    const at = T3_COLUMNS.indexOf(column);
    cells.push(
      figure(v.name).then((f) => {
        row!.cells[at] = f;
      }),
    );
  }
  await Promise.all(cells);
  return { table: 3, title: TITLES[3], columns: [...columns.values()], rows: [...rows.values()] };
}
