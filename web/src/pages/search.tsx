/**
 * /search?q=…&year=…&province=…&level=…&kind=…&section=…&exact=1&after=<cursor>&lang=en — the URL is the
 * whole state. Hits show the API's snippet with its highlight ranges as <mark>; facets narrow by adding a
 * parameter; counts that are estimates (exhaustive: false) say so.
 */
import { useEffect, useRef } from "preact/hooks";
import type { Lang } from "../labels.js";
import { term } from "../labels.js";
import { search, type SearchHit, type SearchResult } from "../queries.js";
import { navigate, withParams } from "../router.js";
import { DemoBadge, Failure, Loading, place, useLoad } from "../util.js";

const PAGE = 20;
const FACETS = ["year", "province", "level", "kind", "section"] as const;
const FACET_NAMES: Record<(typeof FACETS)[number], string> = {
  year: "Year 年度", province: "Province 省份", level: "Level 层级", kind: "Kind 类型", section: "Section 章节",
};

/** The snippet with each highlight range [start, end) wrapped in <mark>. */
export function Snippet({ hit }: { hit: Pick<SearchHit, "snippet" | "highlights"> }) {
  const parts: preact.ComponentChildren[] = [];
  let at = 0;
  for (const h of [...hit.highlights].sort((a, b) => a.start - b.start)) {
    if (h.start < at) continue;
    parts.push(hit.snippet.slice(at, h.start), <mark>{hit.snippet.slice(h.start, h.end)}</mark>);
    at = h.end;
  }
  parts.push(hit.snippet.slice(at));
  return <p class="snippet">{parts}</p>;
}

export function SearchPage({ url }: { url: URL }) {
  const p = url.searchParams;
  const q = (p.get("q") ?? "").trim();
  const exact = p.get("exact") === "1" || p.get("exact") === "true";
  const lang: Lang = p.get("lang") === "en" ? "en" : "zh";
  const args = {
    q, exact, first: PAGE, after: p.get("after") ?? undefined,
    year: p.get("year") ?? undefined, province: p.get("province") ?? undefined, level: p.get("level") ?? undefined,
    kind: p.get("kind") ?? undefined, section: p.get("section") ?? undefined,
  };
  const key = JSON.stringify(args);
  const result = useLoad<SearchResult | null>(key, () => {
    performance.clearMarks("search-start");
    performance.mark("search-start");
    return q ? search(args) : Promise.resolve(null);
  });
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => { if (input.current) input.current.value = q; }, [q]);
  // the time from the query to painted hits, for the e2e test's report (performance.measure "search")
  useEffect(() => {
    if (result.state !== "ok" || !result.data) return;
    requestAnimationFrame(() => {
      performance.mark("search-painted");
      const m = performance.measure("search", "search-start", "search-painted");
      document.body.dataset.searchMs = String(Math.round(m.duration));
      // the first search of a page load: also the time since navigation (bundle, codebook-free start-up)
      document.body.dataset.sinceLoadMs ??= String(Math.round(performance.now()));
    });
  }, [result]);

  const submit = (e: Event) => {
    e.preventDefault();
    const value = input.current!.value.trim();
    navigate(withParams(url, { q: value, after: undefined }));
  };
  const active = FACETS.filter((f) => p.get(f));
  return (
    <main class="search">
      <form class="searchbox" onSubmit={submit} role="search">
        <input ref={input} name="q" type="search" placeholder="搜索报告全文，如 依申请公开" aria-label="Search the reports' text" defaultValue={q} />
        <button type="submit">Search 搜索</button>
        <label class="exact" title="every term as a plain substring, every section, exact counts (not ranked)">
          <input type="checkbox" checked={exact} onChange={(e) => navigate(withParams(url, { exact: (e.target as HTMLInputElement).checked ? "1" : undefined, after: undefined }))} />
          exact 精确
        </label>
      </form>
      {active.length > 0 && (
        <p class="filters">Filtered by {active.map((f) => (
          <a class="chip" href={withParams(url, { [f]: undefined, after: undefined })} title="remove this filter">
            {FACET_NAMES[f].split(" ")[0]}: {f === "level" || f === "kind" || f === "section" ? term(p.get(f), lang) : p.get(f)} ✕
          </a>
        ))}</p>
      )}
      {!q ? <p class="hint">Type words to find in the reports' narrative sections (traditional and simplified script match alike). Words separated by spaces must all occur.</p>
        : result.state === "loading" ? <Loading />
        : result.state === "error" ? (
          <>
            <Failure message={result.message} />
            {!exact && <p>Exact search does not need the search engine: <a href={withParams(url, { exact: "1", after: undefined })}>search exactly</a>.</p>}
          </>
        )
        : result.data && <Results url={url} r={result.data} lang={lang} q={q} />}
    </main>
  );
}

function Results({ url, r, lang, q }: { url: URL; r: SearchResult; lang: Lang; q: string }) {
  const p = url.searchParams;
  if (r.totalCount === 0 && r.nodes.length === 0) {
    return (
      <div class="notice" data-testid="no-results">
        <h2>No results for “{q}”</h2>
        <p>No section of any report contains {q.includes(" ") ? "all of these words" : "this word"}{FACETS.some((f) => p.get(f)) ? " with the filters chosen" : ""}.
          {!p.get("exact") && " Ranked search matches whole words; try exact mode for parts of words."}</p>
      </div>
    );
  }
  return (
    <div class="results">
      <aside class="facets">
        {FACETS.map((f) => r.facets[f].length > 0 && (
          <section key={f} data-facet={f}>
            <h3>{FACET_NAMES[f]}</h3>
            <ul>
              {r.facets[f].slice(0, 40).map((v) => {
                const on = p.get(f) === v.value;
                return (
                  <li key={v.value}>
                    <a class={on ? "on" : ""} href={withParams(url, { [f]: on ? undefined : v.value, after: undefined })} data-value={v.value}>
                      {f === "level" || f === "kind" || f === "section" ? term(v.value, lang) : v.value}
                    </a> <span class="count">{v.count}</span>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </aside>
      <section class="hits">
        <p class="total">
          <strong data-testid="total">{r.totalCount}</strong> matching section{r.totalCount === 1 ? "" : "s"}
          {p.get("exact") === "1" ? " (exact search, newest first)" : " (ranked)"}
          {!r.exhaustive && <span class="estimate" data-testid="estimate"> — an estimate: ranked search checked only the engine's first candidates, so counts and facets are scaled from those</span>}
          {r.relatedCount > 0 && <span data-testid="related-count">, then {r.relatedCount} related (they hold the query's words, not every term)</span>}
        </p>
        <ol class="hitlist">
          {r.nodes.map((h, i) => (
            <li class={h.match === "related" ? "hit related" : "hit"} key={`${h.reportId}-${h.section}`}>
              {h.match === "related" && (i === 0 || r.nodes[i - 1].match !== "related") && (
                <p class="related-note" data-testid="related-start">Related: these sections hold the query's words but not every term as typed.</p>
              )}
              <div class="hit-head">
                <a href={`/reports/${h.reportId}?q=${encodeURIComponent(q)}${lang === "en" ? "&lang=en" : ""}#section-${h.section}`} class="hit-title">{h.report.agency.name} · {h.report.year}</a>
                {h.report.synthetic && <DemoBadge />}
                {h.match === "related" && <span class="related-badge">related</span>}
                <span class="meta">{place(h.report.agency)} · {term(h.report.agency.level, lang)} · {term(h.section, lang)}</span>
              </div>
              <Snippet hit={h} />
            </li>
          ))}
        </ol>
        <nav class="pager">
          {p.get("after") && <a href={withParams(url, { after: undefined })}>← first page</a>}
          {r.pageInfo.hasNextPage && r.pageInfo.endCursor && <a href={withParams(url, { after: r.pageInfo.endCursor })} rel="next">next page →</a>}
        </nav>
      </section>
    </div>
  );
}
