/** Display names of the API's vocabularies (Chinese first, English on the toggle). */
export type Lang = "zh" | "en";

const VOCAB: Record<string, [string, string]> = {
  central: ["中央", "central"], province: ["省级", "province"], city: ["市级", "city"], county: ["县级", "county"], township: ["乡镇", "township"],
  government: ["人民政府", "government"], department: ["部门", "department"],
  summary: ["总体情况", "summary"], problems: ["存在的问题", "problems"], improvements: ["改进情况", "improvements"],
  problems_improvements: ["问题及改进", "problems and improvements"], other: ["其他事项", "other"],
  ok: ["如实读取", "read as printed"], blank: ["空白记号（读作 0）", "blank mark (read as 0)"], derived: ["推算", "derived"],
  missing: ["缺失", "missing"], undecidable: ["无法确定", "undecidable"], unverified: ["未经核验", "unverified"],
  error: ["错误", "error"], warning: ["警告", "warning"], info: ["提示", "info"],
};

/** The label of a vocabulary value (any case: the API may send enums in capitals). */
export function term(value: string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === "") return "—";
  const v = VOCAB[String(value).toLowerCase()];
  return v ? v[lang === "zh" ? 0 : 1] : String(value);
}

export const DEMO_ZH = "虚构演示报告";
export const DEMO_EN = "invented demo report";
