/**
 * The layout fuzzer's HTML producer: a government page around the report, its tables from the grid with
 * rowspan/colspan, in the markup that web editors and Word's "save as web page" write — plain cells,
 * Word's nested <p class=MsoNormal><span>, <th> headers in a <thead>, wrappers such as <font>/<b>/<div>,
 * blanks as &nbsp;, &#160;, an empty <p> or nothing, figures split over several spans, line breaks and
 * indentation inside cells.
 */
import { gridRows, type Grid, type GridBlock, type GridCell } from "./grid.js";

export interface HtmlStyle {
  markup: "plain" | "word" | "nested";
  blank: "&nbsp;" | "&#160;" | "<p>&nbsp;</p>" | "";
  thead: boolean;
  /** figures as one span per digit */
  splitRuns: boolean;
  /** newlines and indentation inside cells */
  whitespace: boolean;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function content(c: GridCell, s: HtmlStyle): string {
  if (!c.text) return s.blank;
  let inner =
    c.kind === "fig" && s.splitRuns && c.text.length > 1
      ? [...c.text].map((ch) => `<span>${esc(ch)}</span>`).join("")
      : esc(c.text);
  if (s.markup === "word")
    inner = `<p class="MsoNormal" align="center" style="text-align:center"><span lang="EN-US" style="font-size:10.5pt;font-family:宋体">${inner}</span></p>`;
  if (s.markup === "nested")
    inner = `<div style="text-align:center"><font face="宋体" size="2">${c.kind === "head" ? `<b>${inner}</b>` : inner}</font></div>`;
  return s.whitespace ? `\n        ${inner}\n      ` : inner;
}

function tableHtml(g: Grid, s: HtmlStyle): string {
  const rows = gridRows(g).map((cells, r) => {
    const head = r < g.headRows && s.thead;
    const tds = cells.map((c) => {
      const tag = head ? "th" : "td";
      const attrs =
        (c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : "") +
        (c.colspan > 1 ? ` colspan="${c.colspan}"` : "") +
        (s.markup === "word" ? ' valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"' : "");
      return `<${tag}${attrs}>${content(c, s)}</${tag}>`;
    });
    return `<tr>${s.whitespace ? "\n      " : ""}${tds.join(s.whitespace ? "\n      " : "")}</tr>`;
  });
  const head = s.thead
    ? `<thead>${rows.slice(0, g.headRows).join("\n")}</thead><tbody>${rows.slice(g.headRows).join("\n")}</tbody>`
    : `<tbody>${rows.join("\n")}</tbody>`;
  return `<table border="1" cellspacing="0" cellpadding="0" width="100%">${head}</table>`;
}

export function renderHtml(blocks: GridBlock[], s: HtmlStyle, page: { published?: string; agency: string }): string {
  let title = "";
  const body = blocks.map((b, i) => {
    if (b.kind === "grid") return tableHtml(b.grid, s);
    if (i === 0) {
      title = b.text;
      return `<h1 style="text-align:center">${esc(b.text)}</h1>`;
    }
    return s.markup === "word"
      ? `<p class="MsoNormal" style="text-indent:2em"><span style="font-family:仿宋">${esc(b.text)}</span></p>`
      : `<p>　　${esc(b.text)}</p>`;
  });
  const info = `${page.published ? `发布时间：${page.published} 10:00　` : ""}来源：${esc(page.agency)}`;
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 年度报告</div>
<div class="article"><div class="info">${info}</div>
<div class="content">
${body.join("\n")}
</div></div>
<div class="footer">主办单位：本网站　网站标识码：0000000000</div>
</body></html>
`;
}
