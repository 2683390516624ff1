/**
 * An in-memory SearchBackend for tests: the sections of current reports loaded from Postgres, matched by
 * substring on the normalised text (all terms), ranked by occurrences, with the conditions, facets and
 * paging of the real one. It records its requests so tests can see how the API used it.
 */
import type { DataSource } from "typeorm";
import { normalizeText } from "../../../src/search/segment.js";
import { FACET_FIELDS, type SearchBackend, type SearchRequest, type SearchResponse } from "../../../src/services/search-backend.js";
import { makeSnippet } from "../../../src/services/snippet.js";

interface Doc { reportId: number; agencyId: number; year: number; province: string | null; city: string | null; county: string | null;
  level: string | null; kind: string | null; format: string | null; section: string; text: string; textZh: string }

export class MemorySearch implements SearchBackend {
  requests: SearchRequest[] = [];
  down = false;
  private docs: Doc[] = [];

  async load(ds: DataSource): Promise<this> {
    this.docs = await ds.query(`SELECT s.report_id AS "reportId", r.agency_id AS "agencyId", r.year, a.province, a.city, a.county, a.level,
      a.kind, r.format, s.key AS section, s.text, s.text_simplified AS "textZh"
      FROM section s JOIN report r ON r.id = s.report_id JOIN agency a ON a.id = r.agency_id WHERE r.is_current`);
    return this;
  }

  async search(req: SearchRequest): Promise<SearchResponse> {
    this.requests.push(req);
    if (this.down) throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:7700"), { code: "ECONNREFUSED" });
    const terms = normalizeText(req.query).split(" ").filter(Boolean);
    const matches = this.docs.filter((d) =>
      terms.every((t) => d.textZh.includes(t))
      && (!req.sections?.length || req.sections.includes(d.section))
      && req.filters.every((c) => {
        const v = d[c.field as keyof Doc] as string | number | null;
        if (c.op === "in") return v !== null && c.values.includes(v);
        if (typeof v !== "number") return false;
        return c.op === "gt" ? v > c.value : c.op === "gte" ? v >= c.value : c.op === "lt" ? v < c.value : v <= c.value;
      }))
      .map((d) => ({ d, score: terms.reduce((s, t) => s + d.textZh.split(t).length - 1, 0) }))
      .sort((a, b) => b.score - a.score || a.d.reportId - b.d.reportId || a.d.section.localeCompare(b.d.section));
    const facets: SearchResponse["facets"] = {};
    for (const f of FACET_FIELDS) {
      const counts: Record<string, number> = {};
      for (const { d } of matches) { const v = d[f]; if (v !== null) counts[String(v)] = (counts[String(v)] ?? 0) + 1; }
      facets[f] = counts;
    }
    return {
      hits: matches.slice(req.offset, req.offset + req.limit).map(({ d, score }) => ({
        reportId: d.reportId, section: d.section, score,
        ...(req.snippets === false ? { snippet: "", highlights: [] } : makeSnippet(d.text, terms)),
      })),
      total: matches.length,
      facets,
    };
  }
}
