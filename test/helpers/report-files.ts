/**
 * Invented reports written as the files users bring: an HTML page (tables with rowspan/colspan, &nbsp;
 * blanks, page chrome), a DOCX (docx package) and a PDF (pdf-lib, Chinese text at table positions).
 */
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import type { Block } from "../../src/synthetic/render.js";
import { CjkPdf, type FontMode } from "./cjk-pdf.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

export function reportHtml(blocks: Block[], published: string): string {
  const body = blocks
    .map((b) => {
      if (b.kind === "p") return `<p><span>${esc(b.text)}</span></p>`;
      const width = Math.max(...b.rows.map((r) => r.cells.length + 1));
      const head = b.header.map(
        (h) =>
          `<tr>${h.map((c, i) => `<td${i === h.length - 1 && h.length < width ? ` colspan="${width - h.length + 1}"` : ""}>${esc(c).replace(/(.{4})(.+)/, "$1<br/>$2")}</td>`).join("")}</tr>`,
      );
      const rows = b.rows.map(
        (r) =>
          `<tr><td>${r.label.map((l) => `<p>${esc(l)}</p>`).join("")}</td>${r.cells.map((c) => `<td>${c === "0" ? "0" : c ? esc(c) : "&nbsp;"}</td>`).join("")}</tr>`,
      );
      return `<table border="1">${head.join("")}${rows.join("")}</table>`;
    })
    .join("\n");
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>年度报告_某市人民政府网</title></head><body>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>
<div class="info">发布日期：${published}　来源：本网　<a>分享到</a> <a>打印</a></div>
<div class="article">${body}</div>
<div class="footer">版权所有 某市人民政府 网站标识码 0000000000</div></body></html>`;
}

export async function reportDocx(blocks: Block[]): Promise<Uint8Array> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
  const children = blocks.map((b) =>
    b.kind === "p"
      ? new Paragraph(b.text)
      : new Table({
          rows: [
            ...b.header.map((h) => new TableRow({ children: h.map(cell) })),
            ...b.rows.map((r) => new TableRow({ children: [cell(r.label.join("")), ...r.cells.map(cell)] })),
          ],
        }),
  );
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

/** A4 pages, paragraphs at the left margin, table rows with the label left and figures in fixed columns. */
export async function reportPdf(blocks: Block[], mode: FontMode = "standard"): Promise<Uint8Array> {
  const pdf = await CjkPdf.create(mode);
  const texts = blocks.flatMap((b) =>
    b.kind === "p" ? [b.text] : [...b.header.flat(), ...b.rows.flatMap((r) => [...r.label, ...r.cells])],
  );
  await pdf.prepare(...texts, "0123456789-— ");
  let page = pdf.page();
  let y = 800;
  const line = (h: number) => {
    y -= h;
    if (y < 50) {
      page = pdf.page();
      y = 800 - h;
    }
  };
  for (const b of blocks) {
    if (b.kind === "p") {
      for (let i = 0; i < b.text.length; i += 44) {
        line(14);
        page.text(b.text.slice(i, i + 44), 40, y, 10);
      }
      continue;
    }
    const ncols = Math.max(...b.rows.map((r) => r.cells.length));
    const many = ncols > 7;
    const colX = (i: number) => (many ? 50 + i * 36 : 300 + i * 38);
    b.header.forEach((h, n) => {
      line(13);
      if (n < b.header.length - 1) {
        h.forEach((c, i) => page.text(c.slice(0, 8), 40 + i * 70, y, 7));
        return;
      }
      // the last header line stands over the figure columns, as printed tables have it
      const lead = h[0] === "信息内容" ? 1 : 0;
      if (lead) page.text(h[0]!, 40, y, 7);
      // table 3's last header line is the five 法人或其他组织 columns, between 自然人 and 总计
      const from = lead ? 0 : h.length === 5 && ncols === 7 ? 1 : ncols - h.length;
      h.slice(lead).forEach((c, j) => page.figure(c, colX(from + j), y, 5));
    });
    for (const r of b.rows) {
      const label = r.label.join("");
      line(13);
      page.text(many ? "" : label.slice(0, 26), 40, y, 8);
      r.cells.forEach((c, i) => {
        if (c) page.figure(c, colX(i), y, 8);
      });
      if (!many && label.length > 26) {
        line(11);
        page.text(label.slice(26), 40, y, 8);
      }
    }
  }
  return pdf.bytes();
}
