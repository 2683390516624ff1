/**
 * /agencies/<id> — an agency's reports by year and a chart of its key figures over the years
 * (KEY_FIGURES in queries.ts; a sum is drawn only where every part has a value, never guessed).
 */
import { Chart } from "../chart.js";
import type { Lang } from "../labels.js";
import { term } from "../labels.js";
import { agency, formatName, KEY_FIGURES, type AgencyPage as AgencyData } from "../queries.js";
import { DemoBadge, Failure, Loading, fmt, place, useLoad } from "../util.js";

/** A key figure of one report: the sum of its parts, or null when a part has no value. */
export function keyValue(figures: AgencyData["reports"][number]["figures"], parts: string[]): number | null {
  let sum = 0;
  for (const p of parts) {
    const v = figures[p]?.value;
    if (v === null || v === undefined) return null;
    sum += v;
  }
  return sum;
}

export function AgencyPage({ idText, url }: { idText: string; url: URL }) {
  const lang: Lang = url.searchParams.get("lang") === "en" ? "en" : "zh";
  const id = /^\d{1,9}$/.test(idText) ? Number(idText) : null;
  const loaded = useLoad(String(id), () => (id === null ? Promise.resolve(null) : agency(id)));
  if (id === null) return <main class="notice"><h1>“{idText}” is not an agency id</h1><p>Agency addresses look like <code>/agencies/3</code>.</p></main>;
  if (loaded.state === "loading") return <main><Loading /></main>;
  if (loaded.state === "error") {
    return /not found/i.test(loaded.message)
      ? <main class="notice"><h1>There is no agency {id}</h1><p>Find agencies through <a href="/search">search</a>.</p></main>
      : <main><Failure message={loaded.message} /></main>;
  }
  const a = loaded.data;
  if (!a) return <main class="notice"><h1>There is no agency {id}</h1></main>;
  const reports = [...a.reports].sort((x, y) => x.year - y.year);
  const years = reports.map((r) => String(r.year));
  const series = KEY_FIGURES.map((k) => ({ name: lang === "zh" ? k.zh : k.en, values: reports.map((r) => keyValue(r.figures, k.parts)) }));
  return (
    <main class="agency" data-agency-id={a.id}>
      <h1>{a.name} {reports.some((r) => r.synthetic) && <DemoBadge long />}</h1>
      <p class="meta">{place(a)} · {term(a.level, lang)} · {term(a.kind, lang)}{a.nameVariants.length > 0 && <> · also written {a.nameVariants.join("、")}</>}</p>
      <h2>Key figures over the years 历年主要数据</h2>
      {reports.length === 0 ? <p>No reports.</p> : <Chart kind="line" categories={years} series={series} label={`${a.name}: key figures by year`} />}
      <h2>Reports by year 历年报告</h2>
      <table class="data" data-testid="agency-reports">
        <thead><tr><th>Year 年度</th>{KEY_FIGURES.map((k) => <th key={k.key}>{lang === "zh" ? k.zh : k.en}</th>)}<th>Format</th><th>Published</th></tr></thead>
        <tbody>
          {reports.map((r) => (
            <tr key={r.id}>
              <td><a href={`/reports/${r.id}${lang === "en" ? "?lang=en" : ""}`}>{r.year}</a> {r.synthetic && <DemoBadge />}</td>
              {KEY_FIGURES.map((k) => <td key={k.key} class="num">{fmt(keyValue(r.figures, k.parts))}</td>)}
              <td>{formatName(r.format)}</td><td>{r.published ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
