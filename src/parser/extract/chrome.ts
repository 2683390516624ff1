/**
 * Web-page chrome around a report: breadcrumbs, share/print/font-size widgets, publication metadata
 * lines, footers. Tested line by line, conservatively: a line is chrome only when nothing but chrome
 * words, metadata "label：value" pairs and punctuation is left in it, or when it is a short line of a
 * kind no report contains (breadcrumb, copyright/ICP footer, QR-code prompt). Report text always leaves
 * something behind, so it is never dropped.
 */

/** Widget words, longest first so that 打印本页 goes before 打印. */
const TOKENS = [
  "在手机上打开",
  "打印文章",
  "打印页面",
  "关闭页面",
  "我要打印",
  "收藏文章",
  "返回列表",
  "手机扫描二维码",
  "用手机扫描",
  "我要纠错",
  "语音播报",
  "新浪微博",
  "腾讯微博",
  "加入收藏",
  "收藏本页",
  "返回顶部",
  "返回首页",
  "关闭窗口",
  "关闭本页",
  "打印本页",
  "打印此页",
  "相关附件",
  "相关链接",
  "相关新闻",
  "相关新聞",
  "相关文章",
  "相关阅读",
  "相关稿件",
  "附件下载",
  "文件下载",
  "长者模式",
  "QQ空间",
  "QQ好友",
  "听全文",
  "分享到",
  "朋友圈",
  "扫一扫",
  "二维码",
  "全真版",
  "文字版",
  "无障碍",
  "关怀版",
  "上一篇",
  "下一篇",
  "朗读",
  "分享",
  "微信",
  "微博",
  "打印",
  "关闭",
  "收藏",
  "返回",
  "纠错",
  "繁体",
  "繁體",
  "简体",
  "顶部",
  "豆瓣",
  "保存",
  "首页",
].sort((a, b) => b.length - a.length);

const TOKEN_RE = new RegExp(TOKENS.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
/** 字体：大 中 小 / 【字号：默认 大 小】 — the size words only count after the 字体/字号 label */
const FONT_RE = /字[体號号]\s*[:：]?\s*(?:[大中小]|默认|标准|[\s|｜/·【】[\]])*/g;
/** 【大】【中】【小】 without the label */
const SIZES_RE = /^[【[]?大[】\]]?\s*[【[]?中[】\]]?\s*[【[]?小[】\]]?$/;

const META_LABELS =
  "发布日期|发布时间|更新日期|更新时间|发布机构|发布单位|信息来源|文章来源|来源|作者|编辑|责任编辑|" +
  "浏览次数|访问次数|阅读次数|点击次数|点击数|点击量|浏览量|阅读量|访问量|日期|时间|字数";
/** label：value, the value running to the next blank or the next label (来源：本网发布日期：… has no blank) */
const META_RE = new RegExp(
  `(?:${META_LABELS})\\s*[:：]\\s*(?:(?!(?:${META_LABELS})\\s*[:：])[^\\s])*(?:\\s+\\d{1,2}:\\d{2}(?::\\d{2})?)?`,
  "g",
);

const BREADCRUMB_RE =
  /^[\s【[]*(?:当前位置|您现在的位置|您当前的位置|您的位置|你现在的位置|你的位置|所在位置|当前的位置)|^首页\s*[>＞»›/]/;
const FOOTER_RE = /版权所有|copyright|©|ICP备|ICP证|网站标识码|网站识别码|公网安备/i;
const FOOTER_START_RE =
  /^(?:主办单位|主办\s*[:：]|承办单位|承办\s*[:：]|技术支持|维护单位|联系我们|网站地图|关于我们|网站声明|隐私声明|建议使用)/;
const SCAN_RE = /扫一扫|扫描二维码|二维码/;
/** 相关链接：<link titles> — the page's related-content box, never part of a report */
const RELATED_RE = /^[\s【[]*相关(?:附件|链接|新闻|新聞|文章|阅读|稿件|解读)\s*[:：】\]]/;
const RESIDUE_RE = /[\s\p{P}\p{S}]/gu;

/** Digits, ASCII punctuation and spaces only: every chrome pattern needs a letter, a CJK character or ©. */
const PLAIN_RE = /^[\x00-\x40\x5b-\x60\x7b-\x7f]*$/;

export function isChromeLine(line: string): boolean {
  // most table cells are figures: not chrome, and not worth a dozen regexes
  if (PLAIN_RE.test(line)) return false;
  const s = line.trim();
  // chrome lines are short; a long line is report text (and this keeps the regexes off paragraphs)
  if (!s || s.length > 300) return false;
  if (SIZES_RE.test(s)) return true;
  if (s.length <= 150 && BREADCRUMB_RE.test(s)) return true;
  if (s.length <= 200 && (FOOTER_RE.test(s) || FOOTER_START_RE.test(s))) return true;
  if (s.length <= 40 && SCAN_RE.test(s)) return true;
  if (s.length <= 80 && RELATED_RE.test(s)) return true;
  let hit = false;
  const rest = s
    .replace(META_RE, () => {
      hit = true;
      return " ";
    })
    .replace(FONT_RE, () => {
      hit = true;
      return " ";
    })
    .replace(TOKEN_RE, () => {
      hit = true;
      return " ";
    })
    .replace(RESIDUE_RE, "");
  // a line of dashes or slashes is a table's zero, not chrome: something must have been recognised
  return hit && rest === "";
}

const DATE = String.raw`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})`;
const STRONG_RE = new RegExp(String.raw`(?:发布|公开|上网)(?:日期|时间)\s*[:：]?\s*[[【(（]?\s*` + DATE);
const WEAK_RE = new RegExp(String.raw`(?:日期|时间)\s*[:：]\s*[[【(（]?\s*` + DATE);
const ANY_DATE_RE = new RegExp(`^\\s*${DATE}`);

function ymd(y: string, m: string, d: string): string | null {
  const yy = Number(y),
    mm = Number(m),
    dd = Number(d);
  if (yy < 1990 || yy > 2100 || mm < 1 || mm > 12 || dd < 1 || dd > 31) return null;
  return `${y}-${String(mm).padStart(2, "0")}-${String(dd).padStart(2, "0")}`;
}

/** A date at the start of a string (a <meta content> value, a metadata table cell): YYYY-MM-DD or null. */
export function parseDate(s: string): string | null {
  const m = s.match(ANY_DATE_RE);
  return m ? ymd(m[1], m[2], m[3]) : null;
}

/**
 * The publication date a line states. "strong": 发布日期/发布时间/公开日期 anywhere in the line; "weak":
 * a bare 日期：/时间： label, trusted only in a chrome line (a report's 统计时间：2019年1月1日… is not a
 * publication date).
 */
export function lineDate(line: string, chrome: boolean): { date: string; strong: boolean } | null {
  let m = line.match(STRONG_RE);
  if (m) {
    const d = ymd(m[1], m[2], m[3]);
    if (d) return { date: d, strong: true };
  }
  if (!chrome) return null;
  m = line.match(WEAK_RE);
  if (m) {
    const d = ymd(m[1], m[2], m[3]);
    if (d) return { date: d, strong: false };
  }
  return null;
}
