/**
 * Finds the six parts of a report by their headings in the normalised text. A heading is a known phrase
 * at the start of a line or after white space / a full stop, with a part marker (一、 / 1. / (一) /
 * 表二: / ##) or standing alone on its line — so a phrase merely mentioned in a sentence never counts.
 * Narrative and tables may be numbered independently, so markers are never used to order parts.
 */
import { spaced } from "../text/normalize.js";
import type { Doc } from "./doc.js";

export interface Heading {
  /** offset of the heading (marker included) */
  start: number;
  /** offset where the part's content begins */
  contentStart: number;
  /** the marker was a sub-part marker like (一): the heading line belongs to the content */
  sub: boolean;
}

const MARKER = String.raw`(?:[一二三四五六七八九十]{1,3}\s*[、.:]|\d{1,2}\s*[、.]|\(\s*[一二三四五六七八九十]{1,3}\s*\)|表\s*[一二三四1-4]\s*[:、.]?|#{1,6}\s*(?:表\s*[一二三四1-4]\s*[:、.]?)?)`;

function alt(words: string[]): string {
  return words.map(spaced).join("|");
}

export const HEADINGS = {
  summary: alt(["总体情况", "工作总体情况", "总体工作情况", "基本情况", "概述"]),
  table2: alt(["主动公开政府信息情况", "主动公开政府信息的情况"]),
  table3: alt(["收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请的情况", "收到和处理政府信息公开申请"]),
  table4: alt([
    "政府信息公开行政复议、行政诉讼情况",
    "政府信息公开行政复议和行政诉讼情况",
    "政府信息公开行政复议、行政诉讼的情况",
    "行政复议、行政诉讼情况",
    "行政复议和行政诉讼情况",
  ]),
  problems: String.raw`(?:存\s*在\s*的?\s*(?:主\s*要\s*)?(?:问\s*题|不\s*足)|主\s*要\s*问\s*题)(?:\s*(?:和|及|与)\s*(?:下\s*一\s*步\s*)?(?:改\s*进|整\s*改|工\s*作)?\s*(?:的\s*)?(?:情\s*况|措\s*施|思\s*路|方\s*向|计\s*划|举\s*措|打\s*算|方\s*案|安\s*排)?)?`,
  other: alt(["其他需要报告的事项", "其他需要报告事项", "其他需要说明的事项"]),
} as const;
export type HeadingKey = keyof typeof HEADINGS;

/** A table heading is only taken when its table follows (a narrative sub-heading may use the same words). */
const VERIFY: Partial<Record<HeadingKey, RegExp>> = {
  table2: /第\s*二\s*十\s*条|信\s*息\s*内\s*容|规\s*章|规\s*范\s*性\s*文\s*件/,
  table3: /申\s*请\s*人\s*情\s*况|本\s*年\s*新\s*收|自\s*然\s*人|勾\s*稽/,
  table4: /维\s*持|纠\s*正|尚\s*未\s*审\s*结|复\s*议\s*后\s*起\s*诉/,
};

const cache = new Map<string, RegExp>();
function headingRe(key: HeadingKey): RegExp {
  let re = cache.get(key);
  if (!re) {
    // crawler text glues parts together ("…5949.08三、收到和处理…"): a 一、-style marker may follow anything
    // after a marker a short lead-in may precede the phrase (五、政府信息公开工作存在的主要问题…)
    re = new RegExp(
      String.raw`(^|[\s。;；]|(?=[一二三四五六七八九十]{1,3}、))(${MARKER})?\s*([^\n。，,；;:：、]{0,14}?)(?:${HEADINGS[key]})`,
      "gm",
    );
    cache.set(key, re);
  }
  return re;
}

/** First heading of `key` in [from, to). */
export function findHeading(doc: Doc, key: HeadingKey, from = 0, to = doc.norm.length): Heading | null {
  const re = headingRe(key);
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(doc.norm)) && m.index < to) {
    const start = m.index + m[1].length;
    const marker = m[2] ?? "";
    if (m[3] && !marker) continue;
    if (VERIFY[key] && !VERIFY[key]!.test(doc.norm.slice(m.index + m[0].length, m.index + m[0].length + 600))) continue;
    const end = m.index + m[0].length;
    const lineEnd = doc.norm.indexOf("\n", end);
    const rest = doc.norm.slice(end, lineEnd < 0 ? doc.norm.length : lineEnd);
    const alone = /^[\s:：]*$/.test(rest) || /^\s*[\(（][^)）]{0,30}[\)）]\s*$/.test(rest);
    const followedByBreak = /^(\s|[:：。]|$)/.test(rest);
    const atLineStart = /^\s*$/.test(doc.norm.slice(doc.norm.lastIndexOf("\n", start - 1) + 1, start));
    if (!marker && !alone && !(atLineStart && followedByBreak)) continue;
    // A heading line that goes on with a short qualifier (e.g. "（单位：件）") ends at the line end;
    // otherwise the content starts right after the phrase (one-line crawler bodies).
    let contentStart = alone ? (lineEnd < 0 ? doc.norm.length : lineEnd + 1) : end;
    const skip = /^[\s:：。]*/.exec(doc.norm.slice(contentStart))![0].length;
    contentStart += skip;
    return { start, contentStart, sub: /^\(/.test(marker.trim()) };
  }
  return null;
}
