/**
 * Narrative sections, in the ORIGINAL text (traditional stays traditional): 总体情况 → summary,
 * 存在的主要问题及改进情况 → problems_improvements (+ problems / improvements at a clear turn),
 * 其他需要报告的事项 → other. Page chrome, attachments lists and a closing signature are not narrative.
 */
import type { Doc } from "./doc.js";
import { lineAt } from "./doc.js";

/** Chrome that ends a report body: attachment/related lists, share and print links, page footers. */
const END_MARKERS =
  /(^|\s|(?<=[。！？!?])(?=附件下载|相关附件|扫一扫|打印本页|关闭窗口|分享到|责任编辑|上一篇|下一篇|网站地图|版权所有))(相关附件|相关新闻|相关链接|相关文件|附件下载|附件[:：]|扫一扫|打印本页|【打印】|打印此页|关闭窗口|【关闭】|分享到|责任编辑|上一篇|下一篇|网站地图|版权所有|主办单位|关注\s*[·•]|【字体)/m;
/** A line that is just an attached file's name (…年度报告.pdf) ends the body too. */
const ATTACHMENT_LINE = /^[^\n。]{1,80}\.(?:pdf|docx?|wps|xlsx?|zip|rar|ofd)[ \t]*$/im;
const DATE_CN = String.raw`(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[二〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)`;
const SIGNATURE_TAIL = new RegExp(
  String.raw`(?:\n|\s)[^\n。；;，,]{2,40}?(?:\n|\s)+${DATE_CN}\s*$|(?:\n|\s)${DATE_CN}\s*$`,
);

/** Where the report body ends (chrome or end of text), searching from `from`. */
export function bodyEnd(doc: Doc, from: number): number {
  const rest = doc.norm.slice(from);
  const m = END_MARKERS.exec(rest);
  let end = m ? m.index + m[1].length : rest.length;
  const file = ATTACHMENT_LINE.exec(rest);
  if (file && file.index < end) end = file.index;
  return from + end;
}

/** Original text between two offsets, table cells separated by spaces, edges trimmed. */
export function textBetween(doc: Doc, a: number, b: number): string {
  // a last line of dashes or a bare page number (- 12 -, -) is page furniture, not narrative
  return doc.text
    .slice(a, b)
    .replace(/\t/g, " ")
    .trim()
    .replace(/(?:\n[\s\-—–－_~·•\d]*)+$/, "")
    .trim();
}

/** Removes a closing signature (agency line + date) and returns the text and the signature date. */
export function stripSignature(text: string): { text: string; date: string | null } {
  const m = SIGNATURE_TAIL.exec(text);
  if (!m) return { text, date: null };
  const date = new RegExp(DATE_CN).exec(m[0])![0];
  return { text: text.slice(0, m.index).trim(), date };
}

/** The turn from problems to improvements inside 存在的主要问题及改进情况. */
const TURN =
  /(?:^|[\s。；;])((?:\(\s*[二三]\s*\)|[二三2-3]\s*[、.])\s*(?:改进|整改|下一步|工作打算|工作计划|改进措施|改进情况|改进方向)|下一步[,，:：]?|(?:\d{4}年)[,，]?\s*我(?:局|区|县|市|镇|乡|委|办|厅|街道|们|单位|中心|府)?将|针对(?:上述|以上|存在的?)(?:问题|不足))/;

/** `text` is the original, `norm` its normalised twin (same length): the turn is found in `norm`. */
export function splitProblems(text: string, norm: string): { problems: string; improvements: string } | null {
  const m = TURN.exec(norm);
  if (!m) return null;
  const at = m.index + (m[0].length - m[1].length);
  if (at < 10) return null;
  const problems = text.slice(0, at).trim();
  const improvements = text.slice(at).trim();
  return problems && improvements ? { problems, improvements } : null;
}

/** Line-start offset of the line holding `pos` when `pos` is at that line's first non-space. */
export function lineStartOf(doc: Doc, pos: number): number {
  return doc.lines[lineAt(doc, pos)].start;
}
