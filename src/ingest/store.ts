/**
 * Writes one parsed report in ONE transaction: agency, source file, report (new revision when the
 * agency+year is already held), figures, sections (with search tokens), diagnostics and the search
 * outbox row. Either all of it lands or none of it does.
 */
import type { DataSource, EntityManager } from "typeorm";
import { Agency, Diagnostic, Figure, Report, SearchOutbox, Section, SourceFile } from "../entities/index.js";
import type { ParseResult, SectionKey } from "../parser/types.js";
import { indexTokens, normalizeText } from "../search/segment.js";

export interface SourceInfo {
  sha256: string;
  originalName: string;
  mediaType: string;
  size: number;
  storagePath: string;
}

export interface StoreOptions {
  /** invented report (demo data, generated corpus) */
  synthetic?: boolean;
  status?: string;
}

export interface Stored {
  reportId: number;
  agencyId: number;
  revision: number;
  /** the report this one superseded (no longer current), if any */
  supersededId: number | null;
}

/** Find the agency by canonical name or a known variant; create it otherwise; remember new variants. */
export async function resolveAgency(m: EntityManager, meta: ParseResult["meta"]): Promise<Agency> {
  const name = meta.agency ?? "(unknown agency)";
  const variants = [meta.agencyRaw].filter((v): v is string => !!v && v !== name);
  let agency = await m.getRepository(Agency).createQueryBuilder("a")
    .where("a.canonical_name = :name OR :name = ANY(a.name_variants)", { name })
    .getOne();
  if (!agency) {
    agency = m.getRepository(Agency).create({
      canonicalName: name, nameVariants: variants, province: meta.province, city: meta.city, county: meta.county,
      divisionCode: meta.divisionCode, level: meta.level, kind: meta.kind,
    });
    return m.getRepository(Agency).save(agency);
  }
  const missing = variants.filter((v) => !agency!.nameVariants.includes(v));
  if (missing.length) {
    agency.nameVariants = [...agency.nameVariants, ...missing];
    await m.getRepository(Agency).save(agency);
  }
  return agency;
}

export async function storeParsedReport(ds: DataSource, parsed: ParseResult, source: SourceInfo, opts: StoreOptions = {}): Promise<Stored> {
  return ds.transaction(async (m) => {
    await m.getRepository(SourceFile).upsert({ sha256: source.sha256, originalName: source.originalName, mediaType: source.mediaType, size: source.size, storagePath: source.storagePath }, ["sha256"]);
    const agency = await resolveAgency(m, parsed.meta);
    const year = parsed.meta.year ?? 0;
    // serialise revisions of one agency+year between concurrent writers
    await m.query("SELECT pg_advisory_xact_lock($1, $2)", [agency.id, year]);
    const prev = await m.getRepository(Report).findOne({ where: { agencyId: agency.id, year, isCurrent: true } });
    const maxRev = await m.getRepository(Report).createQueryBuilder("r").select("COALESCE(MAX(r.revision), 0)", "max")
      .where("r.agency_id = :a AND r.year = :y", { a: agency.id, y: year }).getRawOne<{ max: number }>();
    if (prev) await m.getRepository(Report).update(prev.id, { isCurrent: false });
    const report = await m.getRepository(Report).save(m.getRepository(Report).create({
      agencyId: agency.id, year, format: parsed.meta.format, published: parsed.meta.published, script: parsed.meta.script,
      title: parsed.meta.title, sourceFileSha256: source.sha256, parserVersion: parsed.meta.parserVersion,
      revision: Number(maxRev?.max ?? 0) + 1, isCurrent: true, status: opts.status ?? "parsed", synthetic: !!opts.synthetic,
    }));
    const figures = Object.entries(parsed.values).map(([variable, value]) => ({
      reportId: report.id, variable, value, raw: parsed.cells[variable]?.raw ?? null, status: parsed.cells[variable]?.status ?? "missing",
    }));
    if (figures.length) await m.getRepository(Figure).insert(figures);
    const sections = (Object.entries(parsed.sections) as [SectionKey, string][]).filter(([, t]) => t).map(([key, text]) => ({
      reportId: report.id, key, text, textSimplified: normalizeText(text), tokens: indexTokens(text).join(" "),
    }));
    if (sections.length) await m.getRepository(Section).insert(sections);
    const diags = parsed.issues.map((d) => ({
      reportId: report.id, code: d.code, severity: d.severity, tableNo: d.where.table ?? null, rowKey: d.where.row ?? null,
      columnKey: d.where.column ?? null, block: d.where.block ?? null, variable: d.where.variable ?? null, message: d.message,
    }));
    if (diags.length) await m.getRepository(Diagnostic).insert(diags);
    const outbox = [{ reportId: report.id, op: "upsert" as const }];
    if (prev) outbox.unshift({ reportId: prev.id, op: "delete" as const } as never);
    await m.getRepository(SearchOutbox).insert(outbox);
    return { reportId: report.id, agencyId: agency.id, revision: report.revision, supersededId: prev?.id ?? null };
  });
}
