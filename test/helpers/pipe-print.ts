/**
 * An invented report as a markdown file printed to PDF by a word processor: the pipe tables are text,
 * consecutive table lines run together into one paragraph (as a converter joins lines without a blank
 * line between them) and the paragraph wraps at the page width wherever it must — a row's figures at
 * the start of the next line, a pipe at a line's end. Table 2's small blocks are flattened into prose
 * (a converter that could not keep their header). What the kewei-style scans of the corpus look like,
 * with invented figures.
 */
import { renderReport } from "../../src/synthetic/render.js";
import { CjkPdf } from "../../src/synthetic/cjk-pdf.js";

/** The report's text: paragraphs, each one line of text (pipe rows joined). */
export function pipeParagraphs(v: Record<string, number>, agency: string, o: { rules?: boolean } = {}): string[] {
  const lines = renderReport(v, { format: "2021", year: 2023, agency, layout: "pipe" }).split("\n");
  const out: string[] = [];
  let table: string[] = [];
  let prose = false;
  const flush = () => {
    if (!table.length) return;
    out.push(prose ? table.map((l) => l.replace(/\s*\|\s*/g, " ").trim()).join(" ") : table.join(" "));
    table = [];
  };
  for (const l of lines) {
    if (!l.includes("|")) {
      flush();
      prose = false;
      out.push(l);
      continue;
    }
    // table 2's (五)(六)(八) blocks flattened to prose; (一) kept as a pipe table
    const nowProse: boolean = /^第二十条第\((五|六|八)\)项/.test(l)
      ? true
      : /^第二十条第\(一\)项/.test(l)
        ? false
        : prose;
    if (nowProse !== prose) flush();
    prose = nowProse;
    table.push(l);
    // markdown's rule under a table's first line (`|---|---|`)
    if (o.rules && !prose && table.length === 1)
      table.push(`|${"---|".repeat(Math.max(1, (l.match(/\|/g)?.length ?? 1) - (l.startsWith("|") ? 1 : 0)))}`);
  }
  flush();
  return out;
}

/** Where a line may break: not inside a run of digits, Latin letters or marks (a number is not split). */
const glued = (a: string | undefined, b: string) => !!a && /[\x21-\x7e]/.test(a) && /[\x21-\x7e]/.test(b);

/**
 * Paragraphs → an A4 PDF (embedded CJK font), each wrapped at the text width. A `|` is drawn as the
 * common fonts draw it — a thin bar from below the baseline to the ascender, a third of an em wide —
 * since the embedded font's own bar is no taller than its digits.
 */
export async function printedPdf(paragraphs: string[], size = 12): Promise<Uint8Array> {
  const pdf = await CjkPdf.create("embedded");
  await pdf.prepare(...paragraphs.map((p) => p.replace(/\|/g, "")));
  const left = 50,
    width = 495,
    bar = 0.34 * size;
  const widthOf = (s: string) =>
    s.split("|").reduce((w, part, i) => w + (i ? bar : 0) + (part ? pdf.width(part, size) : 0), 0);
  let page = pdf.page();
  let y = 790;
  const draw = (line: string) => {
    if (y < 50) {
      page = pdf.page();
      y = 790;
    }
    let x = left;
    line.split("|").forEach((part, i) => {
      if (i) {
        page.page.drawRectangle({ x: x + 0.13 * size, y: y - 0.21 * size, width: 0.075 * size, height: size });
        x += bar;
      }
      if (part.trim()) page.text(part, x, y, size);
      if (part) x += pdf.width(part, size);
    });
    y -= 1.45 * size;
  };
  for (const p of paragraphs) {
    let line = "";
    for (const ch of p) {
      if (widthOf(line + ch) > width) {
        // break before the last break opportunity: a number or a word moves to the next line whole
        let cut = line.length;
        while (cut > 0 && glued(line[cut - 1], line[cut] ?? ch)) cut--;
        if (cut === 0) cut = line.length;
        draw(line.slice(0, cut));
        line = line.slice(cut).trimStart();
      }
      line += ch;
    }
    if (line) draw(line);
    y -= 0.4 * size;
  }
  return pdf.doc.save();
}
