/**
 * The Meilisearch document: one per narrative section of a CURRENT report, built from Postgres (the
 * source of truth) and nothing else, so that indexing a report again always gives the same documents.
 */
import type { DataSource, EntityManager } from "typeorm";
import type { Kind, Level, SectionKey } from "../parser/types.js";
import {
  keywordsOfNormalized,
  normalizeText,
  rankingWordsOfNormalized,
  searchableTextOfNormalized,
} from "../text/segment.js";

/**
 * The sections that are searched: the three narrative parts readers look for. `problems` and
 * `improvements` are a heuristic split of `problems_improvements` (same text): indexing them as well
 * would return every match there twice.
 */
export const SEARCHED_SECTIONS = ["summary", "problems_improvements", "other"] as const satisfies readonly SectionKey[];
export type SearchedSection = (typeof SEARCHED_SECTIONS)[number];

/** Where a searched section comes from: the fields every search hit (ranked or exact) carries. */
export interface SectionOrigin {
  reportId: number;
  agencyId: number;
  /** canonical simplified agency name */
  agency: string;
  year: number;
  format: string | null;
  province: string | null;
  city: string | null;
  county: string | null;
  level: Level | null;
  kind: Kind | null;
  section: SearchedSection;
}

/**
 * The version of what documents hold in `textZh` and `words1`–`words4` (the searchable and ranking forms, segment.ts). Raise it with every
 * change of the form or of the text it is made from: an index whose documents carry another is rebuilt
 * on start (SearchIndexer.holdsOlderForm). 2: the white-space rule (2024 年 → 2024年). 3: one field
 * `words` of jieba words (an early state of issue 20). 4: `words1`–`words4`, the jieba words that rank
 * by weight (docs/search.md, "Ranking").
 */
export const SEARCHABLE_FORM = 4;

/**
 * How much a section's use of a word counts for its ranking (segment.ts `rankingWordsOfNormalized`):
 * where a query does not name sections, summary and problems_improvements rank above `other` (the rest
 * of a report: closing remarks, contact details, boilerplate), which needs twice the mentions for the
 * same tier. Measured in docs/search.md, "Ranking".
 */
export const SECTION_WEIGHT: Record<SearchedSection, number> = { summary: 1, problems_improvements: 1, other: 0.5 };

export interface SectionDocument extends SectionOrigin {
  /** `<reportId>-<sectionKey>` */
  id: string;
  /** SEARCHABLE_FORM of the searchable form below */
  form: number;
  /** as printed (traditional stays traditional): what snippets show */
  text: string;
  /** the searchable form (segment.ts `searchableText`): simplified, one word per Han character */
  textZh: string;
  /** the ranking form (segment.ts `rankingWordsOfNormalized`): jieba words by weight, in WORD_TIERS; never shown */
  words1: string;
  words2: string;
  words3: string;
  words4: string;
  /** jieba TF-IDF keywords of the section (simplified): facetable */
  terms: string[];
  /** an invented report (demo data), never a real publication */
  synthetic: boolean;
}

export const documentId = (reportId: number, section: string): string => `${reportId}-${section}`;

/** Every id a report's documents can have: what to delete when the report leaves the index. */
export const documentIdsOf = (reportId: number): string[] => SEARCHED_SECTIONS.map((s) => documentId(reportId, s));

/** How many keywords each section gets in `terms`. */
export const TERMS_PER_SECTION = 12;

/**
 * Words jieba's general-purpose IDF ranks high but that nearly every report uses: as facet values they
 * would say nothing about a section. (Checked against the keywords of the gold corpus.)
 */
const GENERIC_TERMS = new Set([
  "工作",
  "信息",
  "公开",
  "政府",
  "政务",
  "服务",
  "发布",
  "情况",
  "开展",
  "加强",
  "进一步",
  "落实",
  "及时",
  "规范",
  "提升",
  "方面",
  "单位",
  "部门",
  "要求",
  "确保",
  "做好",
  "推进",
  "全年",
  "全区",
  "年度",
  "本年度",
  "事项",
  "报告",
  "需要",
  "管理",
  "建设",
  "完善",
  "强化",
  "我局",
  "我区",
  "我镇",
  "我委",
  "我办",
  "本机关",
  "一是",
  "二是",
  "三是",
  "四是",
  "五是",
  "有关",
  "相关",
  "持续",
  "不断",
  "积极",
  "认真",
  "进行",
  "通过",
  "根据",
]);

/**
 * A section's keywords: jieba TF-IDF (segment.ts `keywords`), without numbers, stray Latin fragments,
 * single characters and GENERIC_TERMS.
 */
export function sectionTerms(text: string): string[] {
  return sectionTermsOfNormalized(normalizeText(text));
}

/** sectionTerms of a text already through normalizeText (`section.text_simplified`). */
export function sectionTermsOfNormalized(normalized: string): string[] {
  return keywordsOfNormalized(normalized, TERMS_PER_SECTION * 3)
    .filter((w) => w.length >= 2 && /\p{Script=Han}/u.test(w) && !GENERIC_TERMS.has(w))
    .slice(0, TERMS_PER_SECTION);
}

/** A section row as the SQL below selects it (snake_case columns). */
interface SectionRow extends Omit<SectionOrigin, "reportId" | "agencyId" | "section"> {
  report_id: number;
  agency_id: number;
  key: SearchedSection;
  text: string;
  /** normalizeText(text), as ingest stores it */
  text_simplified: string;
  synthetic: boolean;
}

export function toSectionDocument(row: SectionRow): SectionDocument {
  const [words1, words2, words3, words4] = rankingWordsOfNormalized(row.text_simplified, SECTION_WEIGHT[row.key]);
  return {
    id: documentId(row.report_id, row.key),
    form: SEARCHABLE_FORM,
    reportId: row.report_id,
    agencyId: row.agency_id,
    agency: row.agency,
    year: row.year,
    format: row.format,
    province: row.province,
    city: row.city,
    county: row.county,
    level: row.level,
    kind: row.kind,
    section: row.key,
    text: row.text,
    // from the stored normal form: the same text, without converting it again
    textZh: searchableTextOfNormalized(row.text_simplified),
    words1,
    words2,
    words3,
    words4,
    terms: sectionTermsOfNormalized(row.text_simplified),
    synthetic: row.synthetic,
  };
}

const SELECT_SECTIONS = `
  SELECT s.report_id, r.agency_id, a.canonical_name AS agency, r.year, r.format, a.province, a.city, a.county,
         a.level, a.kind, s.key, s.text, s.text_simplified, r.synthetic
    FROM section s
    JOIN report r ON r.id = s.report_id
    JOIN agency a ON a.id = r.agency_id
   WHERE r.is_current AND s.key = ANY($2) AND s.text <> ''`;

/**
 * The documents of the given reports as Postgres holds them now. A report that is gone or no longer
 * current has none (its old documents are to be deleted).
 */
export async function loadDocuments(
  db: DataSource | EntityManager,
  reportIds: readonly number[],
): Promise<SectionDocument[]> {
  if (!reportIds.length) return [];
  const rows = (await db.query(`${SELECT_SECTIONS} AND s.report_id = ANY($1) ORDER BY s.report_id, s.key`, [
    reportIds,
    SEARCHED_SECTIONS,
  ])) as SectionRow[];
  return rows.map(toSectionDocument);
}

/**
 * The ids of current reports after `afterId`, in id order: the reindex walks every report in pages
 * (keyset pagination: stable while reports are being added).
 */
export async function currentReportIds(
  db: DataSource | EntityManager,
  afterId: number,
  limit: number,
): Promise<number[]> {
  const rows = (await db.query(`SELECT id FROM report WHERE is_current AND id > $1 ORDER BY id LIMIT $2`, [
    afterId,
    limit,
  ])) as { id: number }[];
  return rows.map((r) => r.id);
}

/** How many documents the current reports make: what a complete index holds. */
export async function countDocuments(db: DataSource | EntityManager): Promise<number> {
  const [row] = (await db.query(
    `SELECT count(*)::int AS n FROM section s JOIN report r ON r.id = s.report_id
      WHERE r.is_current AND s.key = ANY($1) AND s.text <> ''`,
    [SEARCHED_SECTIONS],
  )) as { n: number }[];
  return row.n;
}
