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
 * Puts an agency-year's revisions back in the order of the rule (revisions.ts) after a report moved in,
 * moved out, changed its published date or was deleted: numbers 1…n, the last one current. Returns the
 * report that became current and the one that stopped being current (for the search outbox), if any.
 */
async function settleRevisions(
  sql: Sql,
  agencyId: number,
  year: number,
): Promise<{ current: number | null; uncurrent: number | null }> {
  const held = await sql<{
    id: number;
    revision: number;
    is_current: boolean;
    published: string | null;
    sha256: string;
  }>(
    "revisions-settle",
    `SELECT id, revision, is_current, to_char(published, 'YYYY-MM-DD') AS published, source_file_sha256 AS sha256
       FROM report WHERE agency_id = $1 AND year = $2`,
    [agencyId, year],
  );
  const numbered = numberRevisions(held);
  const target = numbered.at(-1)?.item ?? null;
  const was = held.find((r) => r.is_current) ?? null;
  // leave first: the unique "one current report per agency+year" index must never see two
  if (was && was.id !== target?.id)
    await sql("report-uncurrent", "UPDATE report SET is_current = false WHERE id = $1", [was.id]);
  const renumber = numbered.filter((n) => n.item.revision !== n.revision);
  if (renumber.length)
    await sql(
      "report-renumber",
      "UPDATE report SET revision = u.rev FROM unnest($1::int[], $2::int[]) u(id, rev) WHERE report.id = u.id",
      [renumber.map((n) => n.item.id), renumber.map((n) => n.revision)],
    );
  if (target && !target.is_current)
    await sql("report-current", "UPDATE report SET is_current = true WHERE id = $1", [target.id]);
  const changed = was?.id !== target?.id;
  return { current: changed ? (target?.id ?? null) : null, uncurrent: changed ? (was?.id ?? null) : null };
}

/**
 * Re-parse result for a stored report (`npm run reparse`): the same report id, its figures, sections and
 * diagnostics replaced, in one transaction. If the new parse names another agency or year, the report
 * moves there; in both places (and when only its published date changed) the revisions are placed again
 * by the rule of revisions.ts, so a moved report is current only if the rule makes it so.
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
    const moved = agencyId !== old.agency_id || year !== old.year;
    // written as a non-current revision 0 first; settleRevisions then places it by the rule
    if (old.is_current) await sql("report-uncurrent", "UPDATE report SET is_current = false WHERE id = $1", [old.id]);
    await sql(
      "report-update",
      `UPDATE report SET agency_id = $2, year = $3, format = $4, published = $5, script = $6, title = $7, parser_version = $8,
         status = $9, revision = 0, is_current = false, input_kind = $10 WHERE id = $1`,
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
        parsed.meta.inputKind,
      ],
    );
    await deleteContent(sql, reportId);
    await insertContent(sql, reportId, prepared);
    const here = await settleRevisions(sql, agencyId, year);
    const left = moved ? await settleRevisions(sql, old.agency_id, old.year) : { current: null, uncurrent: null };
    // the search index holds current reports only: this one is upserted (the drain drops it when it is
    // not current), a newly current one added, one that stopped being current removed
    const outbox: { reportId: number; op: "upsert" | "delete" }[] = [{ reportId, op: "upsert" }];
    for (const s of [here, left]) {
      if (s.current && s.current !== reportId) outbox.push({ reportId: s.current, op: "upsert" });
      if (s.uncurrent && s.uncurrent !== reportId) outbox.push({ reportId: s.uncurrent, op: "delete" });
    }
    await insertOutbox(sql, outbox);
    await refreshCrossYear(sql, agencyId, [year, year + 1]);
    if (moved) await refreshCrossYear(sql, old.agency_id, [old.year, old.year + 1]);
    const [now] = await sql<{ revision: number }>("report-revision", "SELECT revision FROM report WHERE id = $1", [
      reportId,
    ]);
    const revision = now.revision;
    const superseded = here.uncurrent !== reportId ? here.uncurrent : null;
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
 * its removal from the search index. When it was current, the best remaining revision of its
 * agency+year by the rule (revisions.ts) becomes current; the cross-year diagnostics of that year and the next are recomputed.
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
    // the best remaining revision by the rule becomes current, the numbers close up
    const settled = await settleRevisions(sql, old.agency_id, old.year);
    const promotedId = settled.current;
    if (promotedId) outbox.push({ reportId: promotedId, op: "upsert" });
    await insertOutbox(sql, outbox);
    await refreshCrossYear(sql, old.agency_id, [old.year, old.year + 1]);
    return { reportId, promotedId };
  });
}
