/**
 * The printed shape of the three standard tables: row keys in printed order, the words that identify
 * each row, and how many figures each row carries. Variable names are built as
 * t3_<row>_<column>, t4_<block>_<column> and come from the codebook (checked in tests).
 */
import { T3_COLUMNS, T4_BLOCKS, T4_COLUMNS, type FormatVersion } from "../../codebook/index.js";

export interface T3Row {
  key: string;
  /** outcome group the row belongs to (for T3_RESULT_SUM), null for 一/二/(七)/四 */
  group: "granted" | "partial" | "denied" | "unable" | "rejected" | "other" | null;
  /** printed number of the row inside its group ("1." … "8."), or the group marker ("(一)" …, "一、" …) */
  marker: string;
  /** distinctive words, after normalisation (simplified, half-width, no spaces); any one identifies the row */
  words: string[];
}

const COMMON_HEAD: T3Row[] = [
  { key: "new", group: null, marker: "一、", words: ["本年新收"] },
  { key: "carried_in", group: null, marker: "二、", words: ["上年结转"] },
  { key: "granted", group: "granted", marker: "(一)", words: ["予以公开"] },
  { key: "partial", group: "partial", marker: "(二)", words: ["部分公开"] },
  { key: "denied_state_secret", group: "denied", marker: "1.", words: ["国家秘密"] },
  { key: "denied_law_prohibited", group: "denied", marker: "2.", words: ["禁止公开", "法律行政", "行政法规"] },
  { key: "denied_security", group: "denied", marker: "3.", words: ["三安全", "一稳定", "危及"] },
  { key: "denied_third_party", group: "denied", marker: "4.", words: ["第三方"] },
  { key: "denied_internal", group: "denied", marker: "5.", words: ["内部事务"] },
  { key: "denied_process", group: "denied", marker: "6.", words: ["过程性"] },
  { key: "denied_enforcement", group: "denied", marker: "7.", words: ["执法案卷"] },
  { key: "denied_query", group: "denied", marker: "8.", words: ["查询事项"] },
  { key: "unable_not_held", group: "unable", marker: "1.", words: ["不掌握"] },
  { key: "unable_need_create", group: "unable", marker: "2.", words: ["另行制作", "没有现成"] },
  { key: "unable_unclear", group: "unable", marker: "3.", words: ["仍不明确", "补正后"] },
  { key: "rejected_petition", group: "rejected", marker: "1.", words: ["信访", "举报投诉"] },
  { key: "rejected_duplicate", group: "rejected", marker: "2.", words: ["重复申请"] },
  { key: "rejected_publication", group: "rejected", marker: "3.", words: ["公开出版物", "出版物"] },
  { key: "rejected_massive", group: "rejected", marker: "4.", words: ["大量反复", "无正当理由大量"] },
  { key: "rejected_confirm", group: "rejected", marker: "5.", words: ["重新出具", "确认或重新", "已获取信息"] },
];
const TAIL: T3Row[] = [
  { key: "result_total", group: null, marker: "(七)", words: ["(七)总计"] },
  { key: "carried_out", group: null, marker: "四、", words: ["结转下年度", "继续办理"] },
];
const OTHER_2019: T3Row[] = [{ key: "other", group: "other", marker: "(六)", words: ["其他处理"] }];
const OTHER_2021: T3Row[] = [
  { key: "other_no_correction", group: "other", marker: "1.", words: ["逾期不补正", "不补正"] },
  { key: "other_no_fee", group: "other", marker: "2.", words: ["缴纳费用", "收费通知"] },
  { key: "other_other", group: "other", marker: "3.", words: ["3.其他"] },
];

/** Table 3 rows in printed order for a format version. In 2021, t3_other_* is derived from the three sub-rows. */
export function t3Rows(format: FormatVersion): T3Row[] {
  return [...COMMON_HEAD, ...(format === "2021" ? OTHER_2021 : OTHER_2019), ...TAIL];
}

export const t3Var = (row: string, col: string) => `t3_${row}_${col}`;
export const t4Var = (block: string, col: string) => `t4_${block}_${col}`;
export { T3_COLUMNS, T4_BLOCKS, T4_COLUMNS };

/** Table 2 rows: label words and the variables of the figures printed after the label, in order. */
export interface T2Row {
  words: string[];
  vars: string[];
}
export function t2Rows(format: FormatVersion): T2Row[] {
  if (format === "2021") {
    return [
      { words: ["规章"], vars: ["t2_rules_issued", "t2_rules_repealed", "t2_rules_in_force"] },
      { words: ["规范性文件"], vars: ["t2_normative_issued", "t2_normative_repealed", "t2_normative_in_force"] },
      { words: ["行政许可"], vars: ["t2_licensing_decisions"] },
      { words: ["行政处罚"], vars: ["t2_penalty_decisions"] },
      { words: ["行政强制"], vars: ["t2_coercion_decisions"] },
      { words: ["行政事业性收费"], vars: ["t2_fees_amount"] },
    ];
  }
  return [
    { words: ["规章"], vars: ["t2_rules_made", "t2_rules_published", "t2_rules_published_total"] },
    { words: ["规范性文件"], vars: ["t2_normative_made", "t2_normative_published", "t2_normative_published_total"] },
    { words: ["行政许可"], vars: ["t2_licensing_items_prev", "t2_licensing_items_change", "t2_licensing_decisions"] },
    {
      words: ["其他对外管理服务事项", "对外管理服务"],
      vars: ["t2_other_services_items_prev", "t2_other_services_items_change", "t2_other_services_decisions"],
    },
    { words: ["行政处罚"], vars: ["t2_penalty_items_prev", "t2_penalty_items_change", "t2_penalty_decisions"] },
    { words: ["行政强制"], vars: ["t2_coercion_items_prev", "t2_coercion_items_change", "t2_coercion_decisions"] },
    { words: ["行政事业性收费"], vars: ["t2_fees_items_prev", "t2_fees_items_change"] },
    { words: ["政府集中采购"], vars: ["t2_procurement_items", "t2_procurement_amount"] },
  ];
}
