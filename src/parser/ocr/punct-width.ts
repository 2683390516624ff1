/**
 * Half-width or full-width punctuation, by the width it takes on the page. The recogniser was trained
 * mostly on Chinese print and reads a comma, colon or bracket in Chinese text as its full-width form
 * (，：（）) whatever was printed; a report typed with half-width marks (,:()) — common in files made by
 * converters — would then be quoted with marks it does not have. What was printed shows in the
 * geometry: a full-width mark takes a whole em of advance (two Chinese characters round it stand two
 * ems apart, centre to centre), a half-width one about half or less (they stand 1.2–1.5 ems apart).
 *
 * The recogniser places each character by its CTC step, a few tenths of an em coarse, so one mark is
 * not measured alone: the marks of one kind that stand between two Chinese characters on a page are
 * measured together (the median), and their form is printed for every mark of that kind on the page.
 * A kind not measured on the page takes the verdict of the page's other marks; a page with too few
 * measured marks is left as read.
 */
import type { OcrChar, OcrLine } from "./engine.js";

/** Each kind of mark: its full-width and half-width forms. */
const KINDS: { full: string[]; half: string[] }[] = [
  { full: ["，"], half: [","] },
  { full: ["："], half: [":"] },
  { full: ["；"], half: [";"] },
  { full: ["（", "）"], half: ["(", ")"] },
];
const kindOf = (ch: string) => KINDS.findIndex((k) => k.full.includes(ch) || k.half.includes(ch));
const HAN = /^[\u4e00-\u9fff]$/;
const ASCII_ALNUM = /^[0-9A-Za-z]$/;

/**
 * Centre-to-centre distance of the two characters round a mark, in ems, above which the mark is
 * full-width: 2 for a full-width mark, 1.2–1.5 for a half-width one (measured medians: 1.75–2.33 on pages
 * printed full-width, 1.1–1.5 on pages printed half-width).
 */
const FULL_SPAN = 1.62;
/** Marks measured on a page, at least, for a verdict on a kind not measured itself. */
const MIN_MARKS = 3;

const mid = (c: OcrChar) => (c.x0 + c.x1) / 2;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

/** The pitch of a line's Chinese text (centre to centre of two Chinese characters side by side). */
function pitchOf(chars: OcrChar[]): number | null {
  const steps: number[] = [];
  for (let i = 1; i < chars.length; i++)
    if (HAN.test(chars[i]!.ch) && HAN.test(chars[i - 1]!.ch)) steps.push(mid(chars[i]!) - mid(chars[i - 1]!));
  return steps.length >= 3 ? median(steps) : null;
}

/** Per kind of mark, whether a page prints it full-width (true), half-width (false), or unknown (absent). */
export function markWidths(lines: OcrLine[]): Map<number, boolean> {
  const spans = new Map<number, number[]>();
  for (const l of lines) {
    const chars = l.chars.filter((c) => c.ch.trim());
    const pitch = pitchOf(chars);
    if (!pitch) continue;
    for (let i = 1; i + 1 < chars.length; i++) {
      const k = kindOf(chars[i]!.ch);
      if (k < 0 || !HAN.test(chars[i - 1]!.ch) || !HAN.test(chars[i + 1]!.ch)) continue;
      (spans.get(k) ?? spans.set(k, []).get(k)!).push((mid(chars[i + 1]!) - mid(chars[i - 1]!)) / pitch);
    }
  }
  const out = new Map<number, boolean>();
  for (const [k, s] of spans) out.set(k, median(s) > FULL_SPAN);
  const all = [...spans.values()].flat();
  if (all.length >= MIN_MARKS) {
    const page = median(all) > FULL_SPAN;
    for (let k = 0; k < KINDS.length; k++) if (!out.has(k)) out.set(k, page);
  }
  return out;
}

/**
 * A run of text read on a page with each mark printed in the form its width there says (`markWidths`).
 * Only the text changes: the geometry (positions, the em) was taken from the characters as read. A
 * half-width mark read where the page prints full-width is widened only inside Chinese text (a colon
 * between digits, 8:30, stays as it is).
 */
export function printMarks(text: string, widths: Map<number, boolean>): string {
  if (!widths.size) return text;
  const chars = [...text];
  return chars
    .map((ch, i) => {
      const k = kindOf(ch);
      const full = widths.get(k);
      if (k < 0 || full === undefined) return ch;
      const kind = KINDS[k]!;
      const at = full ? kind.half.indexOf(ch) : kind.full.indexOf(ch);
      if (at < 0) return ch;
      if (full && [chars[i - 1], chars[i + 1]].some((n) => n && ASCII_ALNUM.test(n))) return ch;
      return full ? kind.full[at]! : kind.half[at]!;
    })
    .join("");
}
