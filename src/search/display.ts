/**
 * The display form of a section: its printed text with the line wraps of a page layout joined. A PDF
 * (or a page read by OCR) breaks a paragraph into lines of the page's width, and the extracted text can
 * keep those breaks mid-sentence (部\n分公开). Shown as they are, they split words in a snippet; the
 * printed text itself stays as it is (`Section.text`).
 *
 * A break is a wrap when it ends a FULL line — one of about the width of the longest lines, which is
 * what a wrapped paragraph's lines all have, and at least two lines have it — that does not end a
 * sentence, and the next line does not start a numbered item. A short line (a heading, a paragraph's
 * last line) or a text whose lines are whole paragraphs (a DOCX, HTML or a PDF whose extraction joined
 * them) keeps its breaks. Decided from the text alone: how the text was made shows in its lines.
 */

/** A line is full from this share of the widest line's width. */
const FULL_SHARE = 0.85;
/** Lines narrower than this are never a layout's width (too short to tell a wrap from a list). */
const MIN_WIDTH = 16;

const SENTENCE_END = /[。！？；：!?;:…”’」』）)]$/u;
/** a numbered or bulleted item: （一） (1) 一、 1. 1、 第一条 ● - … */
const ITEM_START =
  /^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[、.．](?!\d)|第[一二三四五六七八九十百\d]+[条章节部分]|[●○■□◆◇•·\-–—*])/u;
const HAN_EDGE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/**
 * A line's width in half-width columns: from U+1100 (Hangul jamo, CJK, full-width forms) a character
 * counts two. Code units, not a regular expression per character: this runs over every snippet's text.
 */
function width(line: string): number {
  let w = 0;
  for (let i = 0; i < line.length; i++) w += line.charCodeAt(i) >= 0x1100 ? 2 : 1;
  return w;
}

/** The display form of `text` (see above); the text itself when it has no wrapped lines. */
export function displayText(text: string): string {
  if (!text.includes("\n")) return text;
  const lines = text.split("\n");
  const widths = lines.map((l) => width(l.trim()));
  const max = Math.max(...widths);
  if (max < MIN_WIDTH) return text;
  const full = widths.map((w) => w >= max * FULL_SHARE);
  if (full.filter(Boolean).length < 2) return text;
  let out = lines[0];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1].trimEnd();
    const wrap = full[i - 1] && !SENTENCE_END.test(prev) && lines[i].trim() !== "" && !ITEM_START.test(lines[i]);
    if (!wrap) {
      out += "\n" + lines[i];
      continue;
    }
    // a wrap inside Chinese text joins without a space; between Latin words or digits it was a space
    const next = lines[i].trimStart();
    const tight = HAN_EDGE.test(prev.slice(-1)) || HAN_EDGE.test(next.slice(0, 1));
    out = out.trimEnd() + (tight ? "" : " ") + next;
  }
  return out;
}
