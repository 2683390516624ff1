/**
 * Writes one report in ONE transaction: source file, agency, report (a new revision when the agency+year
 * is already held), figures, sections (with their normalised text), diagnostics, cross-year diagnostics (its own
 * against the year before, and the year after's against it) and the search outbox rows. Either all of it
 * lands or none of it does. A typical new report costs two round trips (pipelined, sql.ts): begin + lock
 * + lookup, then insert (one statement) + commit — the cross-year diagnostics of the agency's next year,
 * when it has one, go out with the insert.
 *
 * Concurrency: every transaction first takes an advisory lock on the agency's place (agency-store.ts),
 * so writers of one agency — and of the same bytes — run one after the other and each sees what the
 * other committed; writers of different places run in parallel. A store takes no other advisory lock,
 * and a reparse that moves a report takes its two places in sorted order, so none of them can deadlock.
 */
import type { DataSource } from "typeorm";
import type { ParseResult } from "../parser/types.js";
import { agencyIdentity } from "../parser/agency-identity.js";
import { agencyLockKey, resolveAgency } from "./agency-store.js";
import { refreshCrossYear } from "./cross-year-store.js";
import { prepareParsed, type PreparedReport } from "./prepare.js";
import { identityProblem } from "./report-status.js";
import { agencyYear, lookup } from "./report-lookup.js";
import {
  deleteContent,
  insertContent,
  insertOutbox,
  insertReport,
  replaceCrossYearIssues,
  type SourceInfo,
} from "./report-rows.js";
import { crossYearIssues } from "../validate/cross-year.js";
import { numberRevisions } from "./revisions.js";
import { inLockedTransaction, type Sql } from "./sql.js";

export type { SourceInfo } from "./report-rows.js";

export interface StoreOptions {
  /** invented report (demo data, generated corpus): filed under invented agencies only */
  synthetic?: boolean;
  /** the commit waits for its WAL flush (sql.ts): for callers that answer "stored" right away */
  durable?: boolean;
}

export interface Stored {
  /** true when a report of these exact bytes was already held: nothing was written */
  unchanged: boolean;
  reportId: number;
  agencyId: number;
  revision: number;
  /** the report this one superseded (no longer current), if any */
  supersededId: number | null;
  /** the agency-year held other revisions already (this one may or may not be current: revisions.ts) */
  addedRevision?: boolean;
  /** this report is its agency-year's current revision */
  current?: boolean;
}

/** A report that cannot be filed (no agency or year): the caller reports it, nothing was written. */
export class UnidentifiedReportError extends Error {
  override name = "UnidentifiedReportError";
}

function identify(parsed: Pick<ParseResult, "meta">, synthetic: boolean) {
  const identity = agencyIdentity(parsed.meta, synthetic);
  const problem = identityProblem(parsed);
  if (problem || !identity) throw new UnidentifiedReportError(problem ?? "the agency of the report could not be found");
  return { identity, year: parsed.meta.year! };
}

const asPrepared = (input: ParseResult | PreparedReport): PreparedReport =>
  "parsed" in input ? input : prepareParsed(input);

interface ReportRow {
  id: number;
  agency_id: number;
  year: number;
  revision: number;
  is_current: boolean;
  synthetic: boolean;
}

export async function storeParsedReport(
  ds: DataSource,
  input: ParseResult | PreparedReport,
  source: SourceInfo,
  opts: StoreOptions = {},
): Promise<Stored> {
  const prepared = asPrepared(input);
  const { parsed } = prepared;
  const { identity, year } = identify(parsed, !!opts.synthetic);
  return inLockedTransaction(
    ds,
    [agencyLockKey(identity)],
    async (sql) => {
      const found = await lookup(sql, source.sha256, year, identity.key);
      if (found.held)
        return {
          unchanged: true,
          reportId: found.held.id,
          agencyId: found.held.agency_id,
          revision: found.held.revision,
          supersededId: null,
        };

      const { id: agencyId, created } = await resolveAgency(sql, identity, parsed.meta, found.agency);
      const { revisions, neighbours } =
        found.agency?.id === agencyId || created ? found : await agencyYear(sql, agencyId, year);
      // the current revision and the numbers follow the rule of revisions.ts, whatever the arrival order
      const mineKey = { id: 0, published: parsed.meta.published ?? null, sha256: source.sha256 };
      const numbered = numberRevisions([...revisions, { ...mineKey, revision: 0, is_current: false }]);
      const revision = numbered.find((n) => n.item.id === 0)!.revision;
      const isCurrent = revision === numbered.length;
      const renumber = numbered.filter((n) => n.item.id !== 0 && n.item.revision !== n.revision);
      if (renumber.length) {
        await sql(
          "report-renumber",
          "UPDATE report SET revision = u.rev FROM unnest($1::int[], $2::int[]) u(id, rev) WHERE report.id = u.id",
          [renumber.map((n) => n.item.id), renumber.map((n) => n.revision)],
        );
      }
      const current = isCurrent ? revisions.find((r) => r.is_current) : undefined;
      if (current) await sql("report-uncurrent", "UPDATE report SET is_current = false WHERE id = $1", [current.id]);

      // cross-year links both ways, from the neighbours' figures and this report's own
      const mine = { year, format: parsed.meta.format, values: parsed.values };
      const before = neighbours.find((n) => n.year === year - 1);
      const after = neighbours.find((n) => n.year === year + 1);
      // the last statements and COMMIT go out together (sql.ts); the guard makes sure the commit can
      // only take effect with the report row written
      const last: Promise<unknown>[] = [
        insertReport(sql, prepared, source, {
          agencyId,
          year,
          revision,
          current: isCurrent,
          synthetic: !!opts.synthetic,
          superseded: current?.id ?? null,
          extraIssues: before ? crossYearIssues(before, mine) : [],
        }),
      ];
      if (after && isCurrent) {
        const issues = crossYearIssues(mine, after);
        if (issues.length || after.xy) last.push(replaceCrossYearIssues(sql, after.id, issues));
      }
      last.push(
        sql(
          "report-written",
          "SELECT 1 / count(*)::int AS ok FROM report WHERE source_file_sha256 = $1 AND revision = $2 AND agency_id = $3",
          [source.sha256, revision, agencyId],
        ),
      );
      sql.commit();
      // the first statement to fail (in the order sent) is the cause; those after it only saw it abort
      const settled = await Promise.allSettled(last);
      const failed = settled.find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
      const reportId = (settled[0] as PromiseFulfilledResult<number>).value;
      return {
        unchanged: false,
        reportId,
        agencyId,
        revision,
        supersededId: current?.id ?? null,
        addedRevision: revisions.length > 0,
        current: isCurrent,
      };
    },
    { durable: opts.durable },
  );
}

/**
 * Makes room for a new current report of agency+year: the current one (if any) stops being current.
 * Returns the new report's revision number and the superseded report.
 */
async function takeCurrent(
  sql: Sql,
  agencyId: number,
  year: number,
  except?: number,
): Promise<{ revision: number; superseded: number | null }> {
  const held = await sql<{ id: number; revision: number; is_current: boolean }>(
    "revisions",
    "SELECT id, revision, is_current FROM report WHERE agency_id = $1 AND year = $2 AND id <> $3",
    [agencyId, year, except ?? 0],
  );
  const current = held.find((r) => r.is_current);
  if (current) await sql("report-uncurrent", "UPDATE report SET is_current = false WHERE id = $1", [current.id]);
  return { revision: Math.max(0, ...held.map((r) => r.revision)) + 1, superseded: current?.id ?? null };
}

/**
 * Re-parse result for a stored report (`npm run reparse`): the same report id, its figures, sections and
 * diagnostics replaced, in one transaction. If the new parse names another agency or year, the report
 * moves there as that place's newest revision and the best remaining revision of its old place becomes
 * current again.
 */
export async function replaceReport(
  ds: DataSource,
  reportId: number,
  input: ParseResult | PreparedReport,
): Promise<Stored> {
  const prepared = asPrepared(input);
  const { parsed } = prepared;
  const before = await placeOf(ds, reportId);
  if (!before) throw new Error(`report ${reportId} no longer exists`);
  const { identity, year } = identify(parsed, before.synthetic);
  const oldLock = before.lockKey;
  // both places, always in the same order: two reparses moving reports between them cannot deadlock
  return inLockedTransaction(ds, [...new Set([oldLock, agencyLockKey(identity)])].sort(), async (sql) => {
    const [old] = await sql<ReportRow>(
      "report-by-id",
      "SELECT id, agency_id, year, revision, is_current, synthetic FROM report WHERE id = $1",
      [reportId],
    );
    if (!old) throw new Error(`report ${reportId} no longer exists`);
    const { id: agencyId } = await resolveAgency(sql, identity, parsed.meta);
    const outbox: { reportId: number; op: "upsert" | "delete" }[] = [];
    let { revision, is_current: isCurrent } = old;
    let superseded: number | null = null;
    const moved = agencyId !== old.agency_id || year !== old.year;
    if (moved) {
      if (old.is_current) {
        // leave first: the unique "one current report per agency+year" index must never see two
        await sql("report-uncurrent", "UPDATE report SET is_current = false WHERE id = $1", [old.id]);
        const [promoted] = await sql<{ id: number }>(
          "report-promote",
          `UPDATE report SET is_current = true WHERE id = (SELECT id FROM report WHERE agency_id = $1 AND year = $2 AND id <> $3
             ORDER BY revision DESC LIMIT 1) RETURNING id`,
          [old.agency_id, old.year, old.id],
        );
        if (promoted) outbox.push({ reportId: promoted.id, op: "upsert" });
      }
      ({ revision, superseded } = await takeCurrent(sql, agencyId, year, old.id));
      if (superseded) outbox.push({ reportId: superseded, op: "delete" });
      isCurrent = true;
    }
    await sql(
      "report-update",
      `UPDATE report SET agency_id = $2, year = $3, format = $4, published = $5, script = $6, title = $7, parser_version = $8,
         status = $9, revision = $10, is_current = $11, input_kind = $12 WHERE id = $1`,
      [
        reportId,
        agencyId,
        year,
        parsed.meta.format,
        parsed.meta.published,
        parsed.meta.script,
        parsed.meta.title,
        parsed.meta.parserVersion,
        prepared.status,
        revision,
        isCurrent,
        parsed.meta.inputKind,
      ],
    );
    await deleteContent(sql, reportId);
    await insertContent(sql, reportId, prepared);
    await insertOutbox(sql, [...outbox, { reportId, op: "upsert" }]);
    await refreshCrossYear(sql, agencyId, [year, year + 1]);
    if (moved) await refreshCrossYear(sql, old.agency_id, [old.year, old.year + 1]);
    return { unchanged: false, reportId, agencyId, revision, supersededId: superseded };
  });
}

/** A stored report's place lock (the one its ingest took) and whether it is invented; null when there is no such report. */
async function placeOf(ds: DataSource, reportId: number): Promise<{ lockKey: string; synthetic: boolean } | null> {
  const [r] = (await ds.query(
    "SELECT r.synthetic, a.name_key, a.division_code, a.province FROM report r JOIN agency a ON a.id = r.agency_id WHERE r.id = $1",
    [reportId],
  )) as { synthetic: boolean; name_key: string; division_code: string | null; province: string | null }[];
  if (!r) return null;
  return {
    synthetic: r.synthetic,
    lockKey: agencyLockKey({ place: r.division_code ?? r.province ?? "", synthetic: r.synthetic, key: r.name_key }),
  };
}

export interface Deleted {
  reportId: number;
  /** the older revision that became current, if any */
  promotedId: number | null;
}

/**
 * Deletes a report (its figures, sections and diagnostics cascade) under its place's lock and queues
 * its removal from the search index. When it was current, the latest remaining revision of its
 * agency+year becomes current; the cross-year diagnostics of that year and the next are recomputed.
 * null when there is no such report.
 */
export async function deleteReport(ds: DataSource, reportId: number): Promise<Deleted | null> {
  const place = await placeOf(ds, reportId);
  if (!place) return null;
  return inLockedTransaction(ds, [place.lockKey], async (sql) => {
    const [old] = await sql<ReportRow>(
      "report-by-id",
      "SELECT id, agency_id, year, revision, is_current, synthetic FROM report WHERE id = $1",
      [reportId],
    );
    if (!old) return null;
    await sql("report-delete", "DELETE FROM report WHERE id = $1", [reportId]);
    const outbox: { reportId: number; op: "upsert" | "delete" }[] = [{ reportId, op: "delete" }];
    let promotedId: number | null = null;
    if (old.is_current) {
      const [promoted] = await sql<{ id: number }>(
        "report-promote",
        `UPDATE report SET is_current = true WHERE id = (SELECT id FROM report WHERE agency_id = $1 AND year = $2 AND id <> $3
           ORDER BY revision DESC LIMIT 1) RETURNING id`,
        [old.agency_id, old.year, old.id],
      );
      if (promoted) {
        outbox.push({ reportId: promoted.id, op: "upsert" });
        promotedId = promoted.id;
      }
    }
    await insertOutbox(sql, outbox);
    await refreshCrossYear(sql, old.agency_id, [old.year, old.year + 1]);
    return { reportId, promotedId };
  });
}
