/**
 * The search query set: what readers of these reports type — words, sub-words (申请公开 inside
 * 依申请公开), 2–6 character phrases, traditional and simplified script both ways, digits, several
 * terms, and filters. Run over the gold corpus plus invented reports (search-query-set.test.ts).
 */
import type { SearchedSection } from "../../../src/search/documents.js";
import type { SearchFilters } from "../../../src/search/params.js";

export interface QueryCase {
  kind: "word" | "sub-word" | "phrase" | "traditional" | "digits" | "terms" | "filter";
  query: string;
  filters?: SearchFilters;
  sections?: SearchedSection[];
}

export const QUERY_SET: QueryCase[] = [
  // words of the domain
  { kind: "word", query: "政务公开" },
  { kind: "word", query: "依申请公开" },
  { kind: "word", query: "行政复议" },
  { kind: "word", query: "行政诉讼" },
  { kind: "word", query: "政策解读" },
  { kind: "word", query: "门户网站" },
  { kind: "word", query: "保密审查" },
  { kind: "word", query: "主动公开" },
  { kind: "word", query: "不予公开" },
  { kind: "word", query: "政务新媒体" },
  // sub-words: found inside longer words (and across jieba's word boundaries)
  { kind: "sub-word", query: "申请公开" },
  { kind: "sub-word", query: "复议" },
  { kind: "sub-word", query: "诉讼" },
  { kind: "sub-word", query: "解读" },
  { kind: "sub-word", query: "公众号" },
  { kind: "sub-word", query: "处理费" },
  { kind: "sub-word", query: "信息公开" },
  { kind: "sub-word", query: "媒体" },
  // phrases of 2–6 characters
  { kind: "phrase", query: "政府网站" },
  { kind: "phrase", query: "在线访谈" },
  { kind: "phrase", query: "业务培训" },
  { kind: "phrase", query: "接地气" },
  { kind: "phrase", query: "信息处理费" },
  { kind: "phrase", query: "政府信息公开" },
  { kind: "phrase", query: "基层政务公开" },
  { kind: "phrase", query: "法定期限内" },
  { kind: "phrase", query: "下一步" },
  { kind: "phrase", query: "好差评" },
  // traditional queries find simplified text, simplified queries find traditional text
  { kind: "traditional", query: "政務公開" },
  { kind: "traditional", query: "依申請公開" },
  { kind: "traditional", query: "行政復議" },
  { kind: "traditional", query: "認真貫徹落實" },
  { kind: "traditional", query: "认真贯彻落实" },
  { kind: "traditional", query: "网站的迁移" },
  // digits
  { kind: "digits", query: "2023年" },
  { kind: "digits", query: "2019年" },
  { kind: "digits", query: "12345" },
  { kind: "digits", query: "IPv6" },
  // several terms: every one must be there
  { kind: "terms", query: "行政复议，行政诉讼" },
  { kind: "terms", query: "政策解读，2023年" },
  { kind: "terms", query: "依申请公开，法定期限" },
  // filters
  { kind: "filter", query: "政务公开", filters: { province: "广东省" } },
  { kind: "filter", query: "政策解读", filters: { year: { gte: 2021 } } },
  { kind: "filter", query: "公开", sections: ["problems_improvements"] },
  { kind: "filter", query: "复议", filters: { level: ["city", "county"], kind: "government" } },
  { kind: "filter", query: "信息处理费", filters: { year: [2023, 2025] }, sections: ["other"] },
  { kind: "filter", query: "", filters: { province: "福建省", year: 2023 } },
  { kind: "filter", query: "政務公開", filters: { province: "廣東省", synthetic: false } },
];
