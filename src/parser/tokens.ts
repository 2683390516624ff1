/**
 * Cuts a table region of the document into tokens: labels (row/column words), figures and blanks, with
 * offsets into the original text so every figure keeps its raw text. A cell that is a label followed by
 * digits (`行政许可3960181`, `一、本年新收…数量801000081`) is cut into the label and the digits.
 */
import type { Doc } from "./doc.js";
import { lineAt } from "./doc.js";
import { readFigure, type Figure } from "./figures.js";

export interface Token {
  type: "label" | "value" | "blank";
  /** normalised text (simplified, half-width) */
  text: string;
  start: number;
  end: number;
  line: number;
  table: boolean;
  figure?: Figure;
}

const LABEL_THEN_NUMBER = /^(.*[^\d\s.,+\-])([+\-]?\d[\d,]*(?:\.\d+)?(?:万元|元)?)$/;

function pushCell(out: Token[], text: string, start: number, line: number, table: boolean) {
  const lead = text.length - text.trimStart().length;
  const t = text.trim();
  const s = start + lead;
  if (!t) {
    if (table) out.push({ type: "blank", text: "", start: s, end: s, line, table });
    return;
  }
  const f = readFigure(t);
  if (f.kind === "number") {
    out.push({ type: "value", text: t, start: s, end: s + t.length, line, table, figure: f });
    return;
  }
  if (f.kind === "blank") {
    out.push({ type: "blank", text: t, start: s, end: s + t.length, line, table });
    return;
  }
  const m = LABEL_THEN_NUMBER.exec(t);
  if (m && !/[第(（]$/.test(m[1]) && !/^\d+[.、]$/.test(t)) {
    const f2 = readFigure(m[2]);
    if (f2.kind === "number") {
      out.push({ type: "label", text: m[1], start: s, end: s + m[1].length, line, table });
      out.push({ type: "value", text: m[2], start: s + m[1].length, end: s + t.length, line, table, figure: f2 });
      return;
    }
  }
  out.push({ type: "label", text: t, start: s, end: s + t.length, line, table });
}

const NUMBER_IN_TEXT = /[+\-]?\d[\d,]*(?:\.\d+)?(?:万元|元)?/g;
const CJK = /[\u4e00-\u9fff“"]/;

/**
 * Crawler text glues whole tables into one string (`规章000行政规范性文件77132470第二十条…`): cut it into
 * alternating labels and digit runs. A row number glued to the figures before it (`00000002.其他法律…`)
 * is one digit followed by `.`/`、` and Chinese: it belongs to the label that follows.
 */
export function splitGlued(s: string): { text: string; at: number }[] {
  const spans: [number, number][] = [];
  for (const m of s.matchAll(NUMBER_IN_TEXT)) {
    let a = m.index!,
      b = a + m[0].length;
    if (/[.、]/.test(s[b] ?? "") && CJK.test(s[b + 1] ?? "")) b -= 1;
    // a sign glued after figures (`245-2201`) starts the next cell: keep it with its digits
    if (b > a) spans.push([a, b]);
  }
  const out: { text: string; at: number }[] = [];
  let pos = 0;
  for (const [a, b] of spans) {
    if (a > pos) out.push({ text: s.slice(pos, a), at: pos });
    out.push({ text: s.slice(a, b), at: a });
    pos = b;
  }
  if (pos < s.length) out.push({ text: s.slice(pos), at: pos });
  return out;
}

const MARK = /[\/／—–─]/;
const TRAILING_MARKS = /[\/／—–─]+$/;
const isNumber = (p: { text: string } | undefined) =>
  p !== undefined && /\d/.test(p.text) && readFigure(p.text).kind === "number";

/**
 * Blank marks glued between figures (`7450111//136`, `数量/4/1//5`, zeros printed as `/` or `—`) are
 * cells: each mark becomes its own blank piece, so the row keeps its cell count. Marks glued to the end
 * of a label (`(一)予以公开//////0`) are cut from it when a figure follows — they are the row's first
 * cells, not part of its label. A run of `—` may also be one mark printed as `——`: table 3 keeps such
 * runs together when it splits digit runs (see tables/table3.ts).
 */
export function peelBlankMarks(pieces: { text: string; at: number }[]): { text: string; at: number; mark?: true }[] {
  const out: { text: string; at: number; mark?: true }[] = [];
  pieces.forEach((p, i) => {
    const m = TRAILING_MARKS.exec(p.text);
    const whole = m !== null && m.index === 0;
    const glued = whole ? isNumber(pieces[i - 1]) || isNumber(pieces[i + 1]) : isNumber(pieces[i + 1]);
    // a label ending in a mark with no figure after it stays a label
    if (!m || !glued) {
      out.push(p);
      return;
    }
    if (!whole) out.push({ text: p.text.slice(0, m.index), at: p.at });
    for (let k = 0; k < m[0].length; k++)
      if (MARK.test(m[0][k])) out.push({ text: m[0][k], at: p.at + m.index + k, mark: true });
  });
  return out;
}

/**
 * Dashes glued together (`5——3`) as one blank token, as they were read before marks were peeled: tables 2
 * and 4 read figures by count, and `——` is more often one printed mark than two blank cells there.
 */
export function mergeGluedDashes(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    const dash = (x: Token | undefined) => x !== undefined && x.type === "blank" && !x.table && /^[—–─]+$/.test(x.text);
    if (dash(t) && dash(prev) && prev.end === t.start)
      out[out.length - 1] = { ...prev, text: prev.text + t.text, end: t.end };
    else out.push(t);
  }
  return out;
}

/** Tokens of the document between two offsets. */
export function tokenize(doc: Doc, from: number, to: number): Token[] {
  const out: Token[] = [];
  if (to <= from) return out;
  for (let li = lineAt(doc, from); li < doc.lines.length; li++) {
    const line = doc.lines[li];
    if (line.start >= to) break;
    const a = Math.max(from, line.start);
    const b = Math.min(to, line.end);
    const seg = doc.norm.slice(a, b);
    if (line.table) {
      let pos = a;
      for (const cell of seg.split("\t")) {
        pushCell(out, cell, pos, li, true);
        pos += cell.length + 1;
      }
    } else {
      for (const m of seg.matchAll(/\S+/g)) {
        for (const piece of peelBlankMarks(splitGlued(m[0]))) {
          const at = a + m.index! + piece.at;
          if (piece.mark)
            out.push({
              type: "blank",
              text: piece.text,
              start: at,
              end: at + piece.text.length,
              line: li,
              table: false,
            });
          else pushCell(out, piece.text, at, li, false);
        }
      }
    }
  }
  return out;
}

/** Blank cells of table lines that carry no figure at all (an empty header corner is not a zero). */
export function dropHeaderBlanks(tokens: Token[]): Token[] {
  const lineHasValue = new Set(tokens.filter((t) => t.type === "value").map((t) => t.line));
  return tokens.filter((t) => t.type !== "blank" || !t.table || lineHasValue.has(t.line) || t.text !== "");
}
