/**
 * Counts stated in the narrative that map to table variables ("共收到政府信息公开申请81件" → t3_new_total).
 *
 * Used two ways: as extra constraints when run-together table cells are split (tables/split-runs.ts),
 * and for the NARRATIVE_MISMATCH check. A wrong hint is worse than none, so the patterns are narrow:
 * a count is taken only when its wording names one table quantity (or an explicit sum of several),
 * never from clauses about subsets (其中 …), other years (上年, 同比 …), or wordings that may mix
 * quantities (办理依申请公开216件 may include carried-in ones). A quantity stated twice with different
 * values is dropped altogether.
 *
 * Input is simplified-script text (convert traditional text first). Offsets refer to that text.
 */

export interface NarrativeCount {
  /** codebook variables whose SUM the narrative states (one variable: that variable's value) */
  vars: string[];
  value: number;
  /** the matched text */
  text: string;
  /** offset of the match in the text (with the spaces between Chinese and figures taken out) */
  index: number;
}

export interface NarrativeOptions {
  /** the year reported on: enables wordings that name the next year (结转至2026年6件 in a 2025 report) */
  year?: number | null;
}

const COLS_ORG = ["corp", "research", "ngo", "legal", "other"];
const DENIED = [
  "state_secret",
  "law_prohibited",
  "security",
  "third_party",
  "internal",
  "process",
  "enforcement",
  "query",
];
const UNABLE = ["not_held", "need_create", "unclear"];
const REJECTED = ["petition", "duplicate", "publication", "massive", "confirm"];
const totals = (prefix: string, keys: string[]) => keys.map((k) => `t3_${prefix}_${k}_total`);

const NUM = String.raw`(\d{1,3}(?:,\d{3})+|\d+)`;
/** words that make a clause about a subset, another period, or a comparison */
const SUBSET = /其中|分别|占比|同比|环比|较上年|比上年|上一?年(?!度?结转)|去年|按时|按期|超期/;

/** words naming the reason of one outcome row (a count next to them may be that row's, not the group's) */
const REASON =
  /原因|因为|由于|属于|国家秘密|禁止公开|三安全|第三方|内部事务|过程性|执法案卷|查询事项|不掌握|另行制作|没有现成|不明确|信访|投诉|举报|重复申请|出版物|大量反复|重新出具|确认/;

interface Pattern {
  re: RegExp;
  /** variables for the match, or null to skip it */
  vars: (m: RegExpExecArray) => string[] | null;
  /** group holding the number (default 1) */
  group?: number;
  /** a breakdown: 其中/分别 in the clause are expected (其中自然人58件), other subset words still exclude */
  breakdown?: boolean;
  /** extra test on the clause the match sits in */
  clauseOk?: (clause: string, m: RegExpExecArray) => boolean;
}

/** new applications: the verb, then within the clause the count, with 申请 on either side */
const NEW_VERB = String.raw`(?:新收|收到|受理|接收|接到)`;
const NEW_PATTERNS: Pattern[] = [
  {
    // 共收到政府信息公开申请81件 / 共受理依申请公开9宗 / 接收…各类政府信息公开申请共计81件
    re: new RegExp(
      String.raw`${NEW_VERB}[^，,；;。：:]{0,30}?(?:申请|依申请公开)(?:数量)?(?:共计|合计|总计|共)?${NUM}\s*(?:件|宗|份)`,
      "g",
    ),
    vars: () => ["t3_new_total"],
  },
  {
    // 共收到70件申请 / 收到政府信息公开申请70件 (number before 申请)
    re: new RegExp(String.raw`${NEW_VERB}(?:各类|各项)?${NUM}\s*(?:件|宗|份)(?:政府信息公开|依申请公开)?申请`, "g"),
    vars: () => ["t3_new_total"],
  },
];
const NEW_CLAUSE_BAD = /结转|办理|办结|答复|复议|诉讼|咨询|来电|来信|留言|诉求|投诉|举报|网上申请|当面申请|信函申请/;

/** applicant types, only inside the sentence that states the new applications */
const APPLICANT_PATTERNS: Pattern[] = [
  {
    re: new RegExp(String.raw`自然人(?:申请|提出(?:的)?(?:申请)?)?(?:的)?${NUM}\s*(?:件|宗|份)`, "g"),
    breakdown: true,
    vars: () => ["t3_new_np"],
  },
  {
    re: new RegExp(String.raw`商业企业(?:申请|提出(?:的)?(?:申请)?)?(?:的)?${NUM}\s*(?:件|宗|份)`, "g"),
    breakdown: true,
    vars: () => ["t3_new_corp"],
  },
  {
    re: new RegExp(String.raw`科研机构(?:申请)?${NUM}\s*(?:件|宗|份)`, "g"),
    breakdown: true,
    vars: () => ["t3_new_research"],
  },
  {
    re: new RegExp(String.raw`社会公益组织(?:申请)?${NUM}\s*(?:件|宗|份)`, "g"),
    breakdown: true,
    vars: () => ["t3_new_ngo"],
  },
  {
    re: new RegExp(String.raw`法律服务机构(?:申请)?${NUM}\s*(?:件|宗|份)`, "g"),
    breakdown: true,
    vars: () => ["t3_new_legal"],
  },
  {
    re: new RegExp(String.raw`法人(?:或|和|及)其他组织(?:申请|提出(?:的)?(?:申请)?)?(?:的)?${NUM}\s*(?:件|宗|份)`, "g"),
    breakdown: true,
    vars: () => COLS_ORG.map((c) => `t3_new_${c}`),
  },
];

const OUTCOME_TAIL = String.raw`(?:的)?(?:申请)?(?:共计|共)?${NUM}\s*(?:件|宗)`;
const OTHER_PATTERNS: Pattern[] = [
  // 上年结转N件 (not "新收和上年结转…", a sum with the new ones)
  {
    re: new RegExp(
      String.raw`(?<![和及与加])上一?年度?结转(?:的|过来的|至本年度?的?)?(?:政府信息公开|依申请公开)?${OUTCOME_TAIL}`,
      "g",
    ),
    vars: () => ["t3_carried_in_total"],
    clauseOk: (c) => !/新收|本年收到|办结|下一?年/.test(c),
  },
  // outcome groups: usually listed after 其中, which does not make them subsets of their group
  // 予以公开及部分公开42件: a sum of two rows
  {
    re: new RegExp(String.raw`(?<!不)予以公开(?:和|及|与|、|以及)部分公开${OUTCOME_TAIL}`, "g"),
    breakdown: true,
    vars: () => ["t3_granted_total", "t3_partial_total"],
  },
  {
    re: new RegExp(String.raw`(?<!不)予以公开${OUTCOME_TAIL}`, "g"),
    breakdown: true,
    vars: () => ["t3_granted_total"],
  },
  {
    re: new RegExp(String.raw`(?<!予以公开(?:和|及|与|、|以及))部分公开${OUTCOME_TAIL}`, "g"),
    breakdown: true,
    vars: () => ["t3_partial_total"],
  },
  // a group count, unless the clause names one of its reasons (因本机关不掌握等原因无法提供265件 may be that row only)
  {
    re: new RegExp(String.raw`不予公开${OUTCOME_TAIL}`, "g"),
    breakdown: true,
    vars: () => totals("denied", DENIED),
    clauseOk: (c) => !REASON.test(c),
  },
  {
    re: new RegExp(String.raw`无法提供${OUTCOME_TAIL}`, "g"),
    breakdown: true,
    vars: () => totals("unable", UNABLE),
    clauseOk: (c) => !REASON.test(c),
  },
  {
    re: new RegExp(String.raw`不予处理${OUTCOME_TAIL}`, "g"),
    breakdown: true,
    vars: () => totals("rejected", REJECTED),
    clauseOk: (c) => !REASON.test(c),
  },
  // in 2021 reports t3_other_total is the sum of the three (六) sub-rows: the table solver expands it
  { re: new RegExp(String.raw`其他处理${OUTCOME_TAIL}`, "g"), breakdown: true, vars: () => ["t3_other_total"] },
  // 办结依申请公开81件 → (七)总计
  {
    re: new RegExp(String.raw`办结(?:依申请公开|政府信息公开申请|申请)?(?:共计|共)?${NUM}\s*(?:件|宗)`, "g"),
    vars: () => ["t3_result_total_total"],
    clauseOk: (c) => !/结转|新收|收到|受理/.test(c),
  },
  // 结转下年度继续办理1件 / 1件结转下年度继续办理
  {
    re: new RegExp(String.raw`结转(?:至|到)?下一?年度?(?:继续办理)?${OUTCOME_TAIL}`, "g"),
    vars: () => ["t3_carried_out_total"],
  },
  {
    re: new RegExp(String.raw`${NUM}\s*件(?:申请)?(?:已|将)?结转(?:至|到)?下一?年度?`, "g"),
    vars: () => ["t3_carried_out_total"],
  },
  // table 4: 行政复议2件, 行政诉讼7起 (both kinds of suit)
  {
    re: new RegExp(String.raw`行政复议(?:案件|申请)?(?:共计|共)?${NUM}\s*(?:件|起|宗)`, "g"),
    vars: () => ["t4_review_total"],
    clauseOk: (c) => !/纠正|纠错|维持|撤销|败诉|胜诉|确认违法|尚未审结|未审结/.test(c),
  },
  {
    re: new RegExp(String.raw`行政诉讼(?:案件)?(?:共计|共)?${NUM}\s*(?:件|起|宗)`, "g"),
    vars: () => ["t4_suit_direct_total", "t4_suit_after_review_total"],
    clauseOk: (c) => !/纠正|纠错|维持|撤销|败诉|胜诉|确认违法|尚未审结|未审结|复议后/.test(c),
  },
  // table 2: 制发规范性文件77件 (2021 wording), 新制作规范性文件 (2019 wording), 制发规章
  {
    re: new RegExp(String.raw`制发(?:的)?(?:行政)?规范性文件(?:共计|共)?${NUM}\s*(?:件|个|份)`, "g"),
    vars: () => ["t2_normative_issued"],
    clauseOk: (c) => !/现行有效|清理|废止|失效|累计/.test(c),
  },
  {
    re: new RegExp(String.raw`(?:新)?制作(?:的)?(?:行政)?规范性文件(?:共计|共)?${NUM}\s*(?:件|个|份)`, "g"),
    vars: () => ["t2_normative_made"],
    clauseOk: (c) => !/现行有效|清理|废止|失效|累计/.test(c),
  },
  {
    re: new RegExp(String.raw`制发(?:的)?规章(?:共计|共)?${NUM}\s*(?:件|个|部)`, "g"),
    vars: () => ["t2_rules_issued"],
    clauseOk: (c) => !/现行有效|清理|废止|失效|累计/.test(c),
  },
];

const FULLWIDTH = /[\uFF10-\uFF19\uFF0C]/g;

function toNumber(s: string): number {
  return Number(s.replace(/,/g, ""));
}

/** [start, end) of the clause around offset i (clauses end at ，,；;。 and line breaks) */
function clauseAt(text: string, i: number, j: number): string {
  const stop = /[，,；;。！!？?\n]/;
  let a = i;
  while (a > 0 && !stop.test(text[a - 1])) a--;
  let b = j;
  while (b < text.length && !stop.test(text[b])) b++;
  return text.slice(a, b);
}

function sentenceBounds(text: string, i: number): [number, number] {
  const stop = /[。；;！!？?\n]/;
  let a = i;
  while (a > 0 && !stop.test(text[a - 1])) a--;
  let b = i;
  while (b < text.length && !stop.test(text[b])) b++;
  return [a, b];
}

export function extractNarrativeCounts(input: string, opts: NarrativeOptions = {}): NarrativeCount[] {
  // full-width digits → ASCII
  // and no space between Chinese and a figure: PDF producers set figures apart (规范性文件 77 件); the
  // counts' offsets are only compared with each other, so dropping characters does no harm
  const text = input
    .replace(FULLWIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/(?<=[\u4e00-\u9fff])[ \t]+(?=\d)|(?<=\d)[ \t]+(?=[\u4e00-\u9fff])/g, "");
  const found: NarrativeCount[] = [];
  const taken: [number, number][] = [];
  const overlaps = (a: number, b: number) => taken.some(([x, y]) => a < y && x < b);

  const run = (p: Pattern, from = 0, to = text.length, clauseBad?: RegExp): NarrativeCount[] => {
    const out: NarrativeCount[] = [];
    p.re.lastIndex = from;
    for (let m = p.re.exec(text); m && m.index < to; m = p.re.exec(text)) {
      const start = m.index;
      const endPos = start + m[0].length;
      if (endPos > to || overlaps(start, endPos)) continue;
      const clause = clauseAt(text, start, endPos);
      const subset = p.breakdown ? clause.replace(/其中|分别/g, "") : clause;
      if (SUBSET.test(subset) || (clauseBad && clauseBad.test(clause))) continue;
      if (p.clauseOk && !p.clauseOk(clause, m)) continue;
      // "(含上年结转3件)" right after the count: the count mixes quantities
      if (/^\s*[（(][^）)]{0,20}(?:结转|上年)/.test(text.slice(endPos, endPos + 24))) continue;
      const vars = p.vars(m);
      if (!vars) continue;
      const value = toNumber(m[p.group ?? 1]);
      if (!Number.isFinite(value)) continue;
      out.push({ vars, value, text: m[0], index: start });
      taken.push([start, endPos]);
    }
    return out;
  };

  // new applications, then the applicant types stated in the same sentence
  for (const p of NEW_PATTERNS) {
    for (const nc of run(p, 0, text.length, NEW_CLAUSE_BAD)) {
      found.push(nc);
      const [, sEnd] = sentenceBounds(text, nc.index);
      for (const ap of APPLICANT_PATTERNS) found.push(...run(ap, nc.index + nc.text.length, sEnd));
    }
  }
  for (const p of OTHER_PATTERNS) found.push(...run(p));

  // 结转至2026年6件 in a 2025 report
  if (opts.year) {
    const re = new RegExp(String.raw`结转(?:至|到)(\d{4})年度?(?:继续办理)?(?:的)?(?:申请)?${NUM}\s*件`, "g");
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (Number(m[1]) !== opts.year + 1 || overlaps(m.index, m.index + m[0].length)) continue;
      const clause = clauseAt(text, m.index, m.index + m[0].length);
      if (SUBSET.test(clause)) continue;
      found.push({ vars: ["t3_carried_out_total"], value: toNumber(m[2]), text: m[0], index: m.index });
    }
  }

  // the same quantity stated twice: keep one if they agree, drop all if they do not
  const byKey = new Map<string, NarrativeCount[]>();
  for (const f of found) {
    const key = [...f.vars].sort().join("+");
    byKey.set(key, [...(byKey.get(key) ?? []), f]);
  }
  const out: NarrativeCount[] = [];
  for (const list of byKey.values()) {
    if (list.every((f) => f.value === list[0].value)) out.push(list[0]);
  }
  return out.sort((a, b) => a.index - b.index);
}
