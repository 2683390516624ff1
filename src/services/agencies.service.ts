/** Reading agencies: filtered, keyset-paginated lists and batch loads by id. */
import type { DataSource } from "typeorm";
import { badInput } from "./errors.js";
import {
  decodeCursor,
  encodeCursor,
  keysetAfter,
  orderBySql,
  Params,
  type SortDirection,
  type SortKey,
} from "./sql.js";
import type { Page } from "./reports.service.js";
import { agencyCondition, type AgencyWhere } from "./where.js";

export interface AgencyRow {
  id: number;
  name: string;
  nameVariants: string[];
  province: string | null;
  city: string | null;
  county: string | null;
  divisionCode: string | null;
  level: string | null;
  kind: string | null;
}

export const AGENCY_SORT_FIELDS = {
  ID: "ag.id",
  NAME: "ag.canonical_name",
  PROVINCE: "ag.province",
  CITY: "ag.city",
} as const;
export type AgencySortField = keyof typeof AGENCY_SORT_FIELDS;
export interface AgencyOrder {
  field: AgencySortField;
  direction?: SortDirection | null;
}

const COLUMNS = `ag.id, ag.canonical_name AS name, ag.name_variants AS "nameVariants", ag.province, ag.city, ag.county,
  ag.division_code AS "divisionCode", ag.level, ag.kind`;

export class AgenciesService {
  /** realOnly: GONGKAI_DEMO=false, invented (synthetic) reports and agencies are never shown */
  constructor(
    private readonly ds: DataSource,
    private readonly realOnly = false,
  ) {}

  async list(args: {
    where?: AgencyWhere | null;
    orderBy?: AgencyOrder[] | null;
    first: number;
    after?: string | null;
  }): Promise<Page<AgencyRow>> {
    const p = new Params(this.realOnly);
    const order = args.orderBy?.length ? args.orderBy : [{ field: "NAME" as const }];
    if (order.length > 3) throw badInput("orderBy takes at most 3 keys");
    const keys: SortKey[] = order.map((o) => ({ expr: AGENCY_SORT_FIELDS[o.field], dir: o.direction ?? "ASC" }));
    if (keys.at(-1)?.expr !== "ag.id") keys.push({ expr: "ag.id", dir: "ASC" });
    const tag = keys.map((k) => `${k.expr} ${k.dir}`).join(",");
    const conds = [agencyCondition(args.where, p)];
    if (args.after) conds.push(keysetAfter(keys, decodeCursor(args.after, tag, keys.length), p));
    const rows: (AgencyRow & Record<string, unknown>)[] = await this.ds.query(
      `SELECT ${COLUMNS}, ${keys.map((k, i) => `${k.expr}::text AS "k${i}"`).join(", ")}
       FROM agency ag WHERE ${conds.join(" AND ")}
       ORDER BY ${orderBySql(keys)} LIMIT ${p.add(args.first + 1)}`,
      p.values,
    );
    const nodes = rows.slice(0, args.first);
    const cursors = nodes.map((row) =>
      encodeCursor(
        tag,
        keys.map((_, i) => (i === keys.length - 1 ? row.id : (row[`k${i}`] as string | null))),
      ),
    );
    for (const row of nodes) for (let i = 0; i < keys.length; i++) delete row[`k${i}`];
    return { nodes, cursors, hasNextPage: rows.length > args.first };
  }

  async count(where?: AgencyWhere | null): Promise<number> {
    const p = new Params(this.realOnly);
    const [row] = await this.ds.query(
      `SELECT count(*)::int AS n FROM agency ag WHERE ${agencyCondition(where, p)}`,
      p.values,
    );
    return row.n;
  }

  async byIds(ids: readonly number[]): Promise<AgencyRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM agency ag WHERE ag.id = ANY($1)${this.realOnly ? " AND NOT ag.synthetic" : ""}`,
      [ids],
    );
  }
}
