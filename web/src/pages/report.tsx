/**
 * /reports/<id>[?lang=en] — a report as printed: meta and the original file, tables 2–4 laid out like the
 * form (labels from the codebook), each cell styled by its status with the printed text on hover,
 * diagnostics that point at their cells, the narrative sections, the agency's other years.
 */
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import type { Lang } from "../labels.js";
import { term } from "../labels.js";
import { codebook, formatName, report, type Diagnostic, type Figure, type Report, type Variable } from "../queries.js";
import { withParams } from "../router.js";
import { DemoBadge, Failure, Loading, fmt, place, useLoad } from "../util.js";

interface Ctx { r: Report; vars: Map<string, Variable>; diags: Map<string, Diagnostic[]>; lang: Lang }

export function ReportPage({ idText, url }: { idText: string; url: URL }) {
  const lang: Lang = url.searchParams.get("lang") === "en" ? "en" : "zh";
  const id = /^\d{1,9}$/.test(idText) ? Number(idText) : null;
  const loaded = useLoad(String(id), async () => (id === null ? null : { r: await report(id), vars: await codebook() }));
  // arriving from a search hit (#section-…): show that section once the report is there
  useEffect(() => {
    if (loaded.state === "ok" && location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, [loaded.state]);
  if (id === null) {
    return <main class="notice"><h1>“{idText}” is not a report id</h1><p>Report addresses look like <code>/reports/12</code>. Find reports through <a href="/search">search</a>.</p></main>;
  }
  if (loaded.state === "loading") return <main><Loading /></main>;
  if (loaded.state === "error") {
    return /not found|NOT_FOUND/i.test(loaded.message)
      ? <main class="notice"><h1>There is no report {id}</h1><p>The API knows no report with this id. Find reports through <a href="/search">search</a>.</p></main>
      : <main><Failure message={loaded.message} /></main>;
  }
  if (!loaded.data?.r) return <main class="notice"><h1>There is no report {id}</h1></main>;
  const { r, vars } = loaded.data;
  if (!r) return <main class="notice"><h1>There is no report {id}</h1></main>;
  const diags = new Map<string, Diagnostic[]>();
  for (const d of r.diagnostics) if (d.variable) diags.set(d.variable, [...(diags.get(d.variable) ?? []), d]);
  const ctx: Ctx = { r, vars: new Map(vars.map((v) => [v.name, v])), diags, lang };
  const other = lang === "en" ? "zh" : "en";
  return (
    <main class="report" data-report-id={r.id}>
      <h1>{r.agency.name} {r.year} 年政府信息公开工作年度报告 {r.synthetic && <DemoBadge long />}</h1>
      {r.title && <p class="subtitle">{r.title}</p>}
      <p class="toggle">Labels: <strong>{lang === "zh" ? "中文" : "English"}</strong> · <a href={withParams(url, { lang: other === "en" ? "en" : undefined })} data-testid="lang-toggle">{other === "en" ? "English" : "中文"}</a></p>
      <Meta r={r} lang={lang} />
      {r.diagnostics.length > 0 && <Diagnostics r={r} vars={ctx.vars} lang={lang} />}
      <Table3 ctx={ctx} />
      <Table4 ctx={ctx} />
      <Table2 ctx={ctx} />
      <Legend lang={lang} />
      <Sections r={r} lang={lang} q={url.searchParams.get("q") ?? ""} />
    </main>
  );
}

function Meta({ r, lang }: { r: Report; lang: Lang }) {
  const s = r.sourceFile;
  return (
    <section class="meta-grid">
      <dl>
        <dt>Agency 机关</dt><dd><a href={`/agencies/${r.agency.id}`}>{r.agency.name}</a></dd>
        <dt>Place 地区</dt><dd>{place(r.agency)}</dd>
        <dt>Level 层级</dt><dd>{term(r.agency.level, lang)} · {term(r.agency.kind, lang)}</dd>
        <dt>Year 年度</dt><dd>{r.year}</dd>
        <dt>Format 格式</dt><dd>{formatName(r.format)} form</dd>
        <dt>Published 发布</dt><dd>{r.published ?? "—"}</dd>
        <dt>Revision 版本</dt><dd>{r.revision}{r.isCurrent ? " (current)" : " (superseded)"} · {r.script} · parser {r.parserVersion} · figures {REPORT_STATUS[r.status]?.[lang === "zh" ? 0 : 1] ?? r.status}</dd>
        <dt>Source 原文件</dt>
        <dd>{s ? <>{s.originalName} ({s.mediaType}, {s.size.toLocaleString("en")} bytes) · <a href={`/source/${r.id}`} download={s.originalName} data-testid="download">download the original</a><br /><small>sha256 {s.sha256}</small></> : "not stored"}</dd>
      </dl>
      <div class="years">
        <h3>Other years 其他年度</h3>
        {r.otherYears.length === 0 ? <p>none</p> : (
          <ul>{r.otherYears.map((o) => <li key={o.id}><a href={`/reports/${o.id}${lang === "en" ? "?lang=en" : ""}`}>{o.year}</a>{o.synthetic && <DemoBadge />}</li>)}</ul>
        )}
        <p><a href={`/agencies/${r.agency.id}`}>all years, with a chart →</a></p>
      </div>
    </section>
  );
}

function Diagnostics({ r, vars, lang }: { r: Report; vars: Map<string, Variable>; lang: Lang }) {
  return (
    <section class="diagnostics">
      <h2>Diagnostics 诊断 ({r.diagnostics.length})</h2>
      <ul>
        {r.diagnostics.map((d, i) => {
          const v = d.variable ? vars.get(d.variable) : undefined;
          const where = d.variable ? (v ? (lang === "zh" ? v.labelZh : v.labelEn) : d.variable)
            : [d.tableNo ? `table ${d.tableNo}` : "", d.rowKey, d.columnKey, d.block].filter(Boolean).join(" · ");
          return (
            <li key={i} class={`sev-${String(d.severity).toLowerCase()}`}>
              <span class="sev">{term(d.severity, lang)}</span> <code>{d.code}</code> {d.message}
              {where && <> — {target(d, r)
                ? <a href={`#${target(d, r)}`} class="cell-link" onClick={() => flash(target(d, r)!)}>{where}</a>
                : <span>{where}</span>}</>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * The element a diagnostic is about: its figure's cell (named, or table + row + column/block), else its
 * table-3 row, else its table.
 */
function target(d: Diagnostic, r: Report): string | null {
  const variable = d.variable
    ?? (d.tableNo === 3 && d.rowKey && d.columnKey ? `t3_${d.rowKey}_${d.columnKey}` : null)
    ?? (d.tableNo === 4 && d.block && d.columnKey ? `t4_${d.block}_${d.columnKey}` : null);
  if (variable && r.figures[variable] !== undefined) return `cell-${variable}`;
  if (d.tableNo === 3 && d.rowKey) return `row-t3_${d.rowKey}`;
  return d.tableNo && [2, 3, 4].includes(d.tableNo) ? `table${d.tableNo}` : null;
}

function flash(id: string) {
  const el = document.getElementById(id);
  if (!el) return;
  el.classList.remove("flash");
  void el.offsetWidth;
  el.classList.add("flash");
}

/** Report.status: whether the tables' arithmetic holds (see the diagnostics for why not). */
const REPORT_STATUS: Record<string, [string, string]> = {
  ok: ["数据一致", "consistent"], inconsistent: ["数据矛盾（见诊断）", "inconsistent (see the diagnostics)"],
  incomplete: ["不完整", "incomplete"],
};

const STATUS_MARK: Record<string, string> = { derived: "=", undecidable: "?", missing: "", blank: "", unverified: "*" };

/** One figure as a table cell: the value; the status as a style and a mark; printed text and diagnostics on hover. */
function Cell({ name, ctx }: { name: string; ctx: Ctx }) {
  const f: Figure | null | undefined = ctx.r.figures[name];
  if (f === undefined) return <td class="na" />;
  const v = ctx.vars.get(name);
  const ds = ctx.diags.get(name) ?? [];
  const status = f ? f.status.toLowerCase() : "absent";
  const label = v ? (ctx.lang === "zh" ? v.labelZh : v.labelEn) : name;
  const title = [
    `${label} (${name})`,
    f ? `printed: ${f.raw === null ? "(nothing)" : `“${f.raw}”`}` : "not part of this report's form",
    f ? `status: ${status} — ${term(status, ctx.lang)}` : "",
    f?.candidates?.length ? `readings the table's rules allow: ${f.candidates.map((c) => fmt(c, 4)).join(" or ")}` : "",
    ...ds.map((d) => `${d.severity} ${d.code}: ${d.message}`),
  ].filter(Boolean).join("\n");
  // an undecidable figure shows its possible readings (or, without them, the run as printed) — never one of them as the value
  const text = !f ? "" : f.value !== null ? fmt(f.value, 4)
    : status === "undecidable" ? (f.candidates?.length ? f.candidates.map((c) => fmt(c, 4)).join(" / ") : (f.raw ?? "?")) : "";
  return (
    <td id={`cell-${name}`} class={`cell st-${status}${ds.length ? " has-diag" : ""}`} data-var={name} data-status={status} title={title}>
      {STATUS_MARK[status] && <sup class="mark">{STATUS_MARK[status]}</sup>}<span class="v">{text}</span>
    </td>
  );
}

const T3_COLS = ["np", "corp", "research", "ngo", "legal", "other", "total"];

function Table3({ ctx }: { ctx: Ctx }) {
  const { lang } = ctx;
  const rowsAll: { key: string; zh: string; en: string }[] = [];
  for (const v of ctx.vars.values()) {
    if (v.table !== 3 || !v.name.endsWith("_total")) continue;
    const key = v.name.slice(0, -"_total".length);
    if (T3_COLS.every((c) => ctx.r.figures[`${key}_${c}`] === null || ctx.r.figures[`${key}_${c}`] === undefined) && !v.formats.includes(String(ctx.r.format))) continue;
    rowsAll.push({ key, zh: v.labelZh.split(" / ")[0], en: v.labelEn.split(" / ")[0] });
  }
  const colLabel = (c: string) => {
    const v = ctx.vars.get(`t3_new_${c}`)!;
    return (lang === "zh" ? v.labelZh : v.labelEn).split(" / ")[1] ?? c;
  };
  if (!rowsAll.length) {
    return <section class="table" id="table3"><h2>{lang === "zh" ? "三、收到和处理政府信息公开申请情况" : "Table 3"}</h2><p class="notice">No table-3 figures: the report's form ({formatName(ctx.r.format)}) was not recognised.</p></section>;
  }
  // the printed form's label columns: 三、本年度办理结果 | (三)不予公开 | 1.属于国家秘密
  const parsed = rowsAll.map((r) => {
    const m = /^([一二三四])、(?:(\([一二三四五六七八]\)\S+)(?: (.+))?|(.+))$/.exec(r.zh);
    return { ...r, top: m?.[1] ?? "", mid: m?.[2] ?? "", item: m?.[3] ?? "", whole: m?.[4] ?? r.zh };
  });
  const rows: ComponentChildren[] = [];
  parsed.forEach((r, i) => {
    const labels: ComponentChildren[] = [];
    if (lang === "en") labels.push(<th colSpan={3} class="rowlabel">{r.en}</th>);
    else if (r.top !== "三") labels.push(<th colSpan={3} class="rowlabel">{r.zh}</th>);
    else {
      if (i === 0 || parsed[i - 1].top !== "三") {
        labels.push(<th rowSpan={parsed.filter((x) => x.top === "三").length} class="group vertical">三、本年度办理结果</th>);
      }
      if (r.item) {
        if (parsed[i - 1]?.mid !== r.mid || !parsed[i - 1]?.item) {
          let n = 0;
          for (let j = i; j < parsed.length && parsed[j].mid === r.mid && parsed[j].item; j++) n++;
          labels.push(<th rowSpan={n} class="group">{r.mid}</th>);
        }
        labels.push(<th class="rowlabel">{r.item}</th>);
      } else {
        labels.push(<th colSpan={2} class="rowlabel">{r.mid || r.whole}{parsed[i - 1]?.mid === r.mid && parsed[i - 1]?.item ? " 小计" : ""}</th>);
      }
    }
    rows.push(<tr key={r.key} id={`row-${r.key}`} data-row={r.key}>{labels}{T3_COLS.map((c) => <Cell name={`${r.key}_${c}`} ctx={ctx} />)}</tr>);
  });
  const orgCols = T3_COLS.filter((c) => colLabel(c).includes("·"));
  return (
    <section class="table" id="table3">
      <h2>{lang === "zh" ? "三、收到和处理政府信息公开申请情况" : "Table 3: applications received and processed"}</h2>
      <div class="scroll">
        <table class="form t3" data-table="3">
          <thead>
            <tr>
              <th colSpan={3} rowSpan={3} class="corner">{lang === "zh" ? "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" : "(rows 1 + 2 = rows 3 + 4)"}</th>
              <th colSpan={7}>{lang === "zh" ? "申请人情况" : "applicants"}</th>
            </tr>
            <tr>
              <th rowSpan={2}>{colLabel("np")}</th>
              <th colSpan={orgCols.length}>{colLabel("corp").split("·")[0]}</th>
              <th rowSpan={2}>{colLabel("total")}</th>
            </tr>
            <tr>{orgCols.map((c) => <th key={c}>{colLabel(c).split("·")[1]}</th>)}</tr>
          </thead>
          <tbody>{rows}</tbody>
        </table>
      </div>
    </section>
  );
}

function Table4({ ctx }: { ctx: Ctx }) {
  const { lang } = ctx;
  const groups = [
    { key: "t4_review", zh: "行政复议", en: "administrative review", top: "" },
    { key: "t4_suit_direct", zh: "未经复议直接起诉", en: "lawsuit without prior review", top: "行政诉讼" },
    { key: "t4_suit_after_review", zh: "复议后起诉", en: "lawsuit after review", top: "行政诉讼" },
  ];
  const cols = ["upheld", "corrected", "other", "pending", "total"];
  const colLabel = (c: string) => {
    const v = ctx.vars.get(`t4_review_${c}`)!;
    return lang === "zh" ? v.labelZh.split(" ").pop() : v.labelEn.split(": ").pop();
  };
  return (
    <section class="table" id="table4">
      <h2>{lang === "zh" ? "四、政府信息公开行政复议、行政诉讼情况" : "Table 4: administrative reviews and lawsuits"}</h2>
      <div class="scroll">
        <table class="form t4" data-table="4">
          <thead>
            <tr>
              <th colSpan={5} rowSpan={2}>{lang === "zh" ? "行政复议" : "administrative review"}</th>
              <th colSpan={10}>{lang === "zh" ? "行政诉讼" : "lawsuits"}</th>
            </tr>
            <tr>{groups.slice(1).map((g) => <th key={g.key} colSpan={5}>{lang === "zh" ? g.zh : g.en}</th>)}</tr>
            <tr>{groups.flatMap((g) => cols.map((c) => <th key={g.key + c}>{colLabel(c)}</th>))}</tr>
          </thead>
          <tbody><tr>{groups.flatMap((g) => cols.map((c) => <Cell name={`${g.key}_${c}`} ctx={ctx} />))}</tr></tbody>
        </table>
      </div>
    </section>
  );
}

function Table2({ ctx }: { ctx: Ctx }) {
  const { lang } = ctx;
  const rows = [...ctx.vars.values()].filter((v) => v.table === 2 && (v.formats.includes(String(ctx.r.format)) || (ctx.r.figures[v.name] ?? null) !== null));
  // the form's items: a label starting 第二十条第(x)项 opens an item; the following rows belong to it
  let item = "";
  const withItem = rows.map((v) => {
    const m = /^(第二十条第\([一二三四五六七八九十]+\)项) (.+)$/.exec(v.labelZh);
    if (m) item = m[1];
    return { v, item, rest: m ? m[2] : v.labelZh };
  });
  return (
    <section class="table" id="table2">
      <h2>{lang === "zh" ? "二、主动公开政府信息情况" : "Table 2: proactive disclosure"}</h2>
      <div class="scroll">
        <table class="form t2" data-table="2">
          <thead><tr><th>{lang === "zh" ? "条款" : "article"}</th><th>{lang === "zh" ? "信息内容" : "item"}</th><th>{lang === "zh" ? "数量" : "figure"}</th><th>{lang === "zh" ? "单位" : "unit"}</th></tr></thead>
          <tbody>
            {withItem.map((x, i) => (
              <tr key={x.v.name} data-row={x.v.name}>
                {(i === 0 || withItem[i - 1].item !== x.item) && <th rowSpan={withItem.filter((y) => y.item === x.item).length} class="group">{x.item || "—"}</th>}
                <th class="rowlabel">{lang === "zh" ? x.rest : x.v.labelEn}</th>
                <Cell name={x.v.name} ctx={ctx} />
                <td class="unit">{x.v.unit}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Legend({ lang }: { lang: Lang }) {
  const statuses = ["ok", "blank", "derived", "undecidable", "unverified", "missing"];
  return (
    <p class="status-legend">
      Cells: {statuses.map((s) => <span key={s} class={`cell st-${s}`}>{STATUS_MARK[s] && <sup class="mark">{STATUS_MARK[s]}</sup>}{term(s, lang)}</span>)}
      <span class="cell has-diag">has a diagnostic</span> — hover a cell for the text as printed.
    </p>
  );
}

/** The paragraph with the search's terms marked (as typed: a term in the other script is not marked). */
function Marked({ text, terms }: { text: string; terms: string[] }) {
  if (!terms.length) return <>{text}</>;
  const re = new RegExp(terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  const out: ComponentChildren[] = [];
  let at = 0;
  for (const m of text.matchAll(re)) {
    out.push(text.slice(at, m.index), <mark>{m[0]}</mark>);
    at = m.index + m[0].length;
  }
  out.push(text.slice(at));
  return <>{out}</>;
}

function Sections({ r, lang, q }: { r: Report; lang: Lang; q: string }) {
  if (!r.sections.length) return null;
  const terms = q.split(/[\s,，、;；。]+/).filter((t) => t.length > 0);
  return (
    <section class="sections">
      <h2>{lang === "zh" ? "正文" : "Narrative sections"}</h2>
      {r.sections.map((s) => (
        <article key={s.key} id={`section-${s.key}`}>
          <h3>{term(s.key, lang)}</h3>
          {s.displayText.split(/\n+/).map((para, i) => <p key={i}><Marked text={para} terms={terms} /></p>)}
        </article>
      ))}
    </section>
  );
}
