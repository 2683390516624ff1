/**
 * An invented report as a government web page: site chrome (navigation, breadcrumb, share widgets,
 * footer) around an article whose tables follow the official form's printed grid — table 3 with its
 * three header rows and rowspan group labels (三、本年度办理结果, (三)不予公开 …), table 4 with its
 * stacked 行政复议 / 行政诉讼 header — blank cells as &nbsp;, and the publication date in the page's
 * info line. Each physical cell appears once, as in real pages.
 */
import { reportBlocks, toTraditional, type Block, type RenderOptions } from "./render.js";

type TableBlock = Extract<Block, { kind: "table" }>;

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function td(text: string, span: { rowspan?: number; colspan?: number } = {}): string {
  const attrs =
    (span.rowspan && span.rowspan > 1 ? ` rowspan="${span.rowspan}"` : "") +
    (span.colspan && span.colspan > 1 ? ` colspan="${span.colspan}"` : "");
  return `<td${attrs}>${text === "" ? "&nbsp;" : `<p><span>${esc(text)}</span></p>`}</td>`;
}

/** A wrapped label (["行政规范性", "文件"]) is one cell with a line break, as pages print it. */
const wrapped = (parts: string[]) => `<td><p>${parts.map(esc).join("<br/>")}</p></td>`;

/** Table 2: the blocks of 第二十条 items in one grid of `width` columns (信息内容 + figures). */
function table2Html(blocks: TableBlock[]): string {
  const width = Math.max(...blocks.flatMap((b) => b.header.map((h) => h.length)));
  // the last cell of a short row spans the columns left over
  const fill = (cells: string[], columns: number) =>
    cells.map((c, i) => td(c, { colspan: i === cells.length - 1 ? columns - cells.length + 1 : 1 }));
  const rows = blocks.flatMap((b) => [
    ...b.header.map((h) => `<tr>${h.length === 1 ? td(h[0], { colspan: width }) : fill(h, width).join("")}</tr>`),
    ...b.rows.map(
      (r) =>
        `<tr>${r.label.length > 1 ? wrapped(r.label) : td(r.label[0] ?? "")}${fill(r.cells, width - 1).join("")}</tr>`,
    ),
  ]);
  return `<table border="1" cellspacing="0">${rows.join("\n")}</table>`;
}

const isTop = (l: string) => /^[一二四]、/.test(l);
const isGroupMarker = (l: string) => /^\(/.test(l);

/** Table 3: 3 label columns (part / group / item) and 7 applicant columns. */
function table3Html(b: TableBlock): string {
  const [note, applicants] = b.header[0];
  const cols = b.header[1];
  const head = [
    `<tr>${td(note, { colspan: 3, rowspan: 3 })}${td(applicants, { colspan: 7 })}</tr>`,
    `<tr>${cols.map((c) => td(c, c === "法人或其他组织" ? { colspan: 5 } : { rowspan: 2 })).join("")}</tr>`,
    `<tr>${b.header[2].map((c) => td(c)).join("")}</tr>`,
  ];
  const rows = b.rows.map((r, i) => {
    const cells: string[] = [];
    let parts = r.label;
    if (parts[0]?.startsWith("三、") || parts[0] === "三、") {
      const end = b.rows.findIndex((x, j) => j > i && isTop(x.label[0] ?? ""));
      cells.push(td(parts[0], { rowspan: (end < 0 ? b.rows.length : end) - i }));
      parts = parts.slice(1);
    }
    if (parts.length === 2) {
      let span = 1;
      while (
        i + span < b.rows.length &&
        b.rows[i + span].label.length === 1 &&
        !isGroupMarker(b.rows[i + span].label[0]) &&
        !isTop(b.rows[i + span].label[0])
      )
        span++;
      cells.push(td(parts[0], { rowspan: span }), td(parts[1]));
    } else if (parts.length === 1) {
      cells.push(td(parts[0], { colspan: isTop(parts[0]) ? 3 : isGroupMarker(parts[0]) ? 2 : 1 }));
    }
    return `<tr>${cells.join("")}${r.cells.map((c) => td(c)).join("")}</tr>`;
  });
  return `<table border="1" cellspacing="0">${[...head, ...rows].join("\n")}</table>`;
}

/** Table 4: 行政复议 (5) | 行政诉讼 (未经复议直接起诉 5, 复议后起诉 5), then one row of 15 figures. */
function table4Html(b: TableBlock): string {
  const [top, second, third] = b.header;
  const head = [
    `<tr>${td(top[0], { colspan: 5 })}${td(top[1], { colspan: 10 })}</tr>`,
    `<tr>${second
      .slice(0, 5)
      .map((c) => td(c, { rowspan: 2 }))
      .join("")}${second
      .slice(5)
      .map((c) => td(c, { colspan: 5 }))
      .join("")}</tr>`,
    `<tr>${third
      .slice(5)
      .map((c) => td(c))
      .join("")}</tr>`,
  ];
  const rows = b.rows.map((r) => `<tr>${r.cells.map((c) => td(c)).join("")}</tr>`);
  return `<table border="1" cellspacing="0">${[...head, ...rows].join("\n")}</table>`;
}

export type HtmlRenderOptions = Omit<RenderOptions, "layout" | "published" | "noTitle"> & { published?: string };

export function renderHtmlReport(v: Record<string, number>, o: HtmlRenderOptions): string {
  const blocks = reportBlocks(v, { ...o, published: undefined });
  const body: string[] = [];
  let title = "";
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (b.kind === "p") {
      if (i === 0) {
        title = b.text;
        body.push(`<h1>${esc(b.text)}</h1>`);
        continue;
      }
      body.push(`<p>　　${esc(b.text)}</p>`);
      continue;
    }
    if (b.header.some((h) => h.includes("申请人情况"))) body.push(table3Html(b));
    else if (b.header[0]?.[0] === "行政复议") body.push(table4Html(b));
    else {
      const group: TableBlock[] = [b];
      while (blocks[i + 1]?.kind === "table" && (blocks[i + 1] as TableBlock).header[0]?.[0]?.startsWith("第二十条"))
        group.push(blocks[++i] as TableBlock);
      body.push(table2Html(group));
    }
  }
  const info = `${o.published ? `发布时间：${o.published} 09:30　` : ""}来源：${esc(o.agency)}　浏览次数：<span id="hits"></span>`;
  const html = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${esc(title)}_政务公开</title>
<script>var pageId = "report";</script></head>
<body>
<nav><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/zwgk/ndbg">年度报告</a></nav>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 年度报告</div>
<div class="article">
<div class="info">${info}</div>
<div class="share">分享到：<a>微信</a> <a>微博</a></div>
<div class="content">
${body.join("\n")}
</div>
</div>
<footer><p>版权所有：本网站　网站标识码：0000000000</p></footer>
</body></html>
`;
  return o.traditional ? toTraditional()(html) : html;
}
