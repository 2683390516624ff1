/**
 * /compare?vars=t3_new_total,t3_granted_total&by=year&stat=sum&demo=0 — figures of many reports side
 * by side, from the API's `aggregate`: a chart and a table of the same numbers, and the table as CSV
 * (exactly the cells shown: one model feeds both).
 */
import { Chart } from "../chart.js";
import { download, toCsv } from "../csv.js";
import type { Lang } from "../labels.js";
import { term } from "../labels.js";
import { aggregate, codebook, demoCount, DIMENSIONS, type Dimension, type Variable } from "../queries.js";
import { navigate, withParams } from "../router.js";
import { Failure, Loading, fmt, useLoad } from "../util.js";

const STATS = ["sum", "avg", "min", "max", "count"] as const;
type Stat = (typeof STATS)[number];
const STAT_NAMES: Record<Stat, string> = { sum: "sum 合计", avg: "mean 平均", min: "min 最小", max: "max 最大", count: "reports with a value 有值报告数" };
const MAX_VARS = 6;

export function ComparePage({ url }: { url: URL }) {
  const p = url.searchParams;
  const lang: Lang = p.get("lang") === "en" ? "en" : "zh";
  const vars = (p.get("vars") ?? "t3_new_total,t3_granted_total").split(",").filter(Boolean).slice(0, MAX_VARS);
  const byParam = (p.get("by") ?? "year").toLowerCase();
  const by: Dimension = (DIMENSIONS as readonly string[]).includes(byParam) ? (byParam as Dimension) : "year";
  const stat: Stat = (STATS as readonly string[]).includes(p.get("stat") ?? "") ? (p.get("stat") as Stat) : "sum";
  const includeDemo = p.get("demo") !== "0";
  const book = useLoad("codebook", codebook);
  const demo = useLoad("demo", demoCount);
  const data = useLoad(JSON.stringify([vars, by, includeDemo]), () => (vars.length ? aggregate(by, vars, includeDemo) : Promise.resolve([])));
  if (book.state !== "ok") return <main>{book.state === "error" ? <Failure message={book.message} /> : <Loading />}</main>;
  const known = new Map(book.data.map((v) => [v.name, v]));
  const unknown = vars.filter((v) => !known.has(v));
  const label = (v: Variable) => (lang === "zh" ? v.labelZh : v.labelEn);
  const set = (params: Record<string, string | undefined>) => navigate(withParams(url, params), true);

  return (
    <main class="compare">
      <h1>Compare 比较</h1>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Variables 指标</legend>
          <ul class="chosen">
            {vars.map((v) => (
              <li key={v} class="chip" data-var={v}>{known.has(v) ? label(known.get(v)!) : v} <code>{v}</code>
                <button type="button" aria-label={`remove ${v}`} onClick={() => set({ vars: vars.filter((x) => x !== v).join(",") || undefined })}>✕</button></li>
            ))}
          </ul>
          {vars.length < MAX_VARS && (
            <select aria-label="add a variable" value="" onChange={(e) => { const v = (e.target as HTMLSelectElement).value; if (v) set({ vars: [...vars, v].join(",") }); }}>
              <option value="">+ add a variable…</option>
              {[2, 3, 4].map((t) => (
                <optgroup key={t} label={`Table ${t}`}>
                  {book.data.filter((v) => v.table === t && !vars.includes(v.name)).map((v) => <option key={v.name} value={v.name}>{label(v)} ({v.name})</option>)}
                </optgroup>
              ))}
            </select>
          )}
        </fieldset>
        <label>Group by 分组 <select name="by" value={by} onChange={(e) => set({ by: (e.target as HTMLSelectElement).value })}>
          {DIMENSIONS.map((d) => <option key={d} value={d}>{{ year: "year 年度", province: "province 省份", level: "level 层级", kind: "kind 类型" }[d]}</option>)}
        </select></label>
        <label>Statistic 统计 <select name="stat" value={stat} onChange={(e) => set({ stat: (e.target as HTMLSelectElement).value })}>
          {STATS.map((s) => <option key={s} value={s}>{STAT_NAMES[s]}</option>)}
        </select></label>
        <label><input type="checkbox" name="demo" checked={includeDemo} onChange={(e) => set({ demo: (e.target as HTMLInputElement).checked ? undefined : "0" })} /> include invented demo reports</label>
      </form>
      {unknown.length > 0 && <p class="error">Not codebook variables: {unknown.join(", ")}</p>}
      {includeDemo && demo.state === "ok" && demo.data > 0 && (
        <p class="demo-note" data-testid="demo-note">These numbers include {demo.data} invented demo reports — not real publications. Untick “include invented demo reports” to leave them out.</p>
      )}
      {data.state === "loading" ? <Loading /> : data.state === "error" ? <Failure message={data.message} /> : (() => {
        const shown = vars.filter((v) => known.has(v));
        const rows = data.data
          .map((r) => ({ key: r.group[by], count: r.count, m: new Map(r.measures.map((m) => [m.variable, m])) }))
          .sort((a, b) => (by === "year" ? Number(a.key) - Number(b.key) : String(a.key ?? "").localeCompare(String(b.key ?? ""), "zh")));
        const groupName = (k: string | number | null) => (k === null ? "(none)" : by === "level" || by === "kind" ? term(String(k), lang) : String(k));
        const cellOf = (m: { sum: number | null; avg: number | null; min: number | null; max: number | null; count: number } | undefined) =>
          m ? fmt(stat === "count" ? m.count : m[stat]) : "";
        // one model for the table and the CSV
        const header = [by, "reports", ...shown.map((v) => `${v} (${stat})`)];
        const body = rows.map((r) => [groupName(r.key), String(r.count), ...shown.map((v) => cellOf(r.m.get(v)))]);
        if (!rows.length) return <p class="notice" data-testid="no-rows">No reports to aggregate{includeDemo ? "" : " (invented demo reports are left out)"}.</p>;
        return (
          <>
            <Chart kind={by === "year" ? "line" : "bar"} categories={rows.map((r) => groupName(r.key))}
              series={shown.map((v) => ({ name: label(known.get(v)!), values: rows.map((r) => { const c = cellOf(r.m.get(v)); return c === "" ? null : Number(c); }) }))}
              label={`${shown.join(", ")} by ${by}`} />
            <p><button type="button" data-testid="csv" onClick={() => download(`gongkai-${shown.join("+")}-by-${by}-${stat}.csv`, toCsv([header, ...body]))}>Download CSV of this table</button></p>
            <table class="data" data-testid="compare-table">
              <thead><tr>{header.map((h, i) => <th key={i} title={i >= 2 ? label(known.get(shown[i - 2])!) : undefined}>{h}</th>)}</tr></thead>
              <tbody>{body.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j} class={j ? "num" : ""}>{c}</td>)}</tr>)}</tbody>
            </table>
          </>
        );
      })()}
    </main>
  );
}
