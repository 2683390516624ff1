/**
 * Sums, averages, minima, maxima and counts of codebook variables over the reports a `where` selects,
 * grouped by report/agency dimensions — one SQL statement, so the figures are exactly Postgres's.
 * Each measure is one LEFT JOIN on figure's primary key: a report contributes at most one value per
 * variable and `count` stays the number of reports.
 */
import type { DataSource } from "typeorm";
import { variable as codebookVariable } from "../codebook/index.js";
import { badInput } from "./errors.js";
import { Params } from "./sql.js";
import { reportCondition, type ReportWhere } from "./where.js";

export const AGGREGATE_DIMENSIONS = {
  YEAR: "r.year",
  PROVINCE: "a.province",
  CITY: "a.city",
  COUNTY: "a.county",
  LEVEL: "a.level",
  KIND: "a.kind",
  FORMAT: "r.format",
} as const;
export type AggregateDimension = keyof typeof AGGREGATE_DIMENSIONS;

export interface AggregateGroup {
  year?: number | null;
  province?: string | null;
  city?: string | null;
  county?: string | null;
  level?: string | null;
  kind?: string | null;
  format?: string | null;
}

export interface MeasureValue {
  variable: string;
  /** reports with a value for the variable */
  count: number;
  sum: number | null;
  avg: number | null;
  min: number | null;
  max: number | null;
}

export interface AggregateRow {
  group: AggregateGroup;
  /** reports in the group */
  count: number;
  measures: MeasureValue[];
}

export const AGGREGATE_LIMITS = { measures: 20, rows: 10_000 };

const GROUP_KEY: Record<AggregateDimension, keyof AggregateGroup> = {
  YEAR: "year",
  PROVINCE: "province",
  CITY: "city",
  COUNTY: "county",
  LEVEL: "level",
  KIND: "kind",
  FORMAT: "format",
};

const num = (v: string | null) => (v === null ? null : Number(v));

export class AggregateService {
  /** realOnly: GONGKAI_DEMO=false, invented (synthetic) reports and agencies are never shown */
  constructor(
    private readonly ds: DataSource,
    private readonly realOnly = false,
  ) {}

  async aggregate(args: {
    where?: ReportWhere | null;
    groupBy?: AggregateDimension[] | null;
    measures?: string[] | null;
  }): Promise<AggregateRow[]> {
    const groupBy = [...new Set(args.groupBy ?? [])];
    const measures = [...new Set(args.measures ?? [])];
    if (measures.length > AGGREGATE_LIMITS.measures) throw badInput(`at most ${AGGREGATE_LIMITS.measures} measures`);
    for (const m of measures) if (!codebookVariable(m)) throw badInput(`unknown codebook variable "${m}"`);

    const p = new Params(this.realOnly);
    const joins = measures.map(
      (m, i) => `LEFT JOIN figure m${i} ON m${i}.report_id = r.id AND m${i}.variable = ${p.add(m)}`,
    );
    const cond = reportCondition(args.where, p);
    const dims = groupBy.map((d, i) => `${AGGREGATE_DIMENSIONS[d]} AS g${i}`);
    const aggs = measures.map(
      (_, i) =>
        `count(m${i}.value)::int AS c${i}, sum(m${i}.value)::text AS s${i}, avg(m${i}.value)::text AS a${i}, min(m${i}.value)::text AS n${i}, max(m${i}.value)::text AS x${i}`,
    );
    const positions = groupBy.map((_, i) => String(i + 1));
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT ${[...dims, "count(*)::int AS n", ...aggs].join(", ")}
       FROM report r JOIN agency a ON a.id = r.agency_id ${joins.join(" ")}
       WHERE ${cond}
       ${positions.length ? `GROUP BY ${positions.join(", ")} ORDER BY ${positions.map((x) => `${x} NULLS LAST`).join(", ")}` : ""}
       LIMIT ${AGGREGATE_LIMITS.rows + 1}`,
      p.values,
    );
    if (rows.length > AGGREGATE_LIMITS.rows)
      throw badInput(`more than ${AGGREGATE_LIMITS.rows} groups: narrow the where or group by less`);
    return rows.map((row) => ({
      group: Object.fromEntries(groupBy.map((d, i) => [GROUP_KEY[d], row[`g${i}`]])) as AggregateGroup,
      count: row.n as number,
      measures: measures.map((variable, i) => ({
        variable,
        count: row[`c${i}`] as number,
        sum: num(row[`s${i}`] as string | null),
        avg: num(row[`a${i}`] as string | null),
        min: num(row[`n${i}`] as string | null),
        max: num(row[`x${i}`] as string | null),
      })),
    }));
  }
}
