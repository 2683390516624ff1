/**
 * Renders invented figures as a report text in the layouts seen in the wild: one cell per line
 * (`lines`), pipe tables (`pipe`), or crawler text with the whole body on one line and table cells run
 * together (`glued`). The narrative is invented boilerplate; the table labels are the official form's.
 */
import OpenCC from "opencc-js";
import type { FormatVersion } from "../codebook/index.js";
import { T3_COLUMNS, T4_BLOCKS, T4_COLUMNS, t3Rows, t3Var, t4Var } from "../parser/tables/layout.js";

export type Layout = "lines" | "pipe" | "glued";

// building a converter loads opencc's dictionaries (~15 ms): once per process, and only when needed
let converter: ((s: string) => string) | null = null;
export const toTraditional = () => (converter ??= OpenCC.Converter({ from: "cn", to: "tw" }));

export interface RenderOptions {
  format: FormatVersion;
  year: number;
  agency: string;
  layout: Layout;
  /** print no title: the agency is only named in the introduction */
  noTitle?: boolean;
  /** page date printed above the report (YYYY-MM-DD) */
  published?: string;
  /** convert the whole report to traditional script */
  traditional?: boolean;
  /** wrap long header labels over two lines (行政规范性 / 文件) */
  splitHeaders?: boolean;
  /** leave out the 自然人 header cell and print the outcome group label as just 三、 */
  sparseHeaders?: boolean;
  /** print zero cells of table 3 as this blank mark ("" / "/" / "—") */
  zeroAs?: string;
  /** print procurement amounts in 元 */
  yuan?: boolean;
  /** junk appended after the report (injected spam) */
  trailer?: string;
}

const T3_LABELS: Record<string, string[]> = {
  new: ["一、本年新收政府信息公开申请数量"],
  carried_in: ["二、上年结转政府信息公开申请数量"],
  granted: ["三、本年度办理结果", "(一)予以公开"],
  partial: ["(二)部分公开(区分处理的,只计这一情形,不计其他情形)"],
  denied_state_secret: ["(三)不予公开", "1.属于国家秘密"],
  denied_law_prohibited: ["2.其他法律行政法规禁止公开"],
  denied_security: ["3.危及“三安全一稳定”"],
  denied_third_party: ["4.保护第三方合法权益"],
  denied_internal: ["5.属于三类内部事务信息"],
  denied_process: ["6.属于四类过程性信息"],
  denied_enforcement: ["7.属于行政执法案卷"],
  denied_query: ["8.属于行政查询事项"],
  unable_not_held: ["(四)无法提供", "1.本机关不掌握相关政府信息"],
  unable_need_create: ["2.没有现成信息需要另行制作"],
  unable_unclear: ["3.补正后申请内容仍不明确"],
  rejected_petition: ["(五)不予处理", "1.信访举报投诉类申请"],
  rejected_duplicate: ["2.重复申请"],
  rejected_publication: ["3.要求提供公开出版物"],
  rejected_massive: ["4.无正当理由大量反复申请"],
  rejected_confirm: ["5.要求行政机关确认或重新出具已获取信息"],
  other: ["(六)其他处理"],
  other_no_correction: ["(六)其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
  other_no_fee: ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
  other_other: ["3.其他"],
  result_total: ["(七)总计"],
  carried_out: ["四、结转下年度继续办理"],
};

type Table = { header: string[][]; rows: { label: string[]; cells: string[] }[] };

function table2(v: Record<string, number>, o: RenderOptions): Table[] {
  const n = (k: string) => String(v[k]);
  const signed = (k: string) => (v[k] > 0 ? `+${v[k]}` : String(v[k]));
  const norm = o.splitHeaders ? ["行政规范性", "文件"] : ["行政规范性文件"];
  if (o.format === "2021") {
    return [
      {
        header: [["第二十条第(一)项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]],
        rows: [
          { label: ["规章"], cells: [n("t2_rules_issued"), n("t2_rules_repealed"), n("t2_rules_in_force")] },
          { label: norm, cells: [n("t2_normative_issued"), n("t2_normative_repealed"), n("t2_normative_in_force")] },
        ],
      },
      {
        header: [["第二十条第(五)项"], ["信息内容", "本年处理决定数量"]],
        rows: [{ label: ["行政许可"], cells: [n("t2_licensing_decisions")] }],
      },
      {
        header: [["第二十条第(六)项"], ["信息内容", "本年处理决定数量"]],
        rows: [
          { label: ["行政处罚"], cells: [n("t2_penalty_decisions")] },
          { label: ["行政强制"], cells: [n("t2_coercion_decisions")] },
        ],
      },
      {
        header: [["第二十条第(八)项"], ["信息内容", "本年收费金额(单位:万元)"]],
        rows: [{ label: o.splitHeaders ? ["行政事业性", "收费"] : ["行政事业性收费"], cells: [n("t2_fees_amount")] }],
      },
    ];
  }
  const three = (p: string) => [n(`t2_${p}_items_prev`), signed(`t2_${p}_items_change`), n(`t2_${p}_decisions`)];
  const amount = o.yuan ? `${(v.t2_procurement_amount * 10000).toFixed(2)}元` : n("t2_procurement_amount");
  return [
    {
      header: [["第二十条第(一)项"], ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]],
      rows: [
        { label: ["规章"], cells: [n("t2_rules_made"), n("t2_rules_published"), n("t2_rules_published_total")] },
        {
          label: ["规范性文件"],
          cells: [n("t2_normative_made"), n("t2_normative_published"), n("t2_normative_published_total")],
        },
      ],
    },
    {
      header: [["第二十条第(五)项"], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]],
      rows: [
        { label: ["行政许可"], cells: three("licensing") },
        { label: ["其他对外管理服务事项"], cells: three("other_services") },
      ],
    },
    {
      header: [["第二十条第(六)项"], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]],
      rows: [
        { label: ["行政处罚"], cells: three("penalty") },
        { label: ["行政强制"], cells: three("coercion") },
      ],
    },
    {
      header: [["第二十条第(八)项"], ["信息内容", "上一年项目数量", "本年增/减"]],
      rows: [{ label: ["行政事业性收费"], cells: [n("t2_fees_items_prev"), signed("t2_fees_items_change")] }],
    },
    {
      header: [["第二十条第(九)项"], ["信息内容", "采购项目数量", "采购总金额"]],
      rows: [{ label: ["政府集中采购"], cells: [n("t2_procurement_items"), amount] }],
    },
  ];
}

function table3(v: Record<string, number>, o: RenderOptions): Table {
  const cols = o.sparseHeaders ? ["法人或其他组织", "总计"] : ["自然人", "法人或其他组织", "总计"];
  const header = [
    ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "申请人情况"],
    cols,
    ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
  ];
  const rows = t3Rows(o.format).map((r) => {
    let label = T3_LABELS[r.key];
    if (o.sparseHeaders && r.key === "granted") label = ["三、", "(一)予以公开"];
    const cells = T3_COLUMNS.map((c) => {
      const x = v[t3Var(r.key, c)];
      return x === 0 && o.zeroAs !== undefined && c !== "total" ? o.zeroAs : String(x);
    });
    return { label, cells };
  });
  return { header, rows };
}

function table4(v: Record<string, number>): Table {
  const five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
  return {
    header: [
      ["行政复议", "行政诉讼"],
      [...five, "未经复议直接起诉", "复议后起诉"],
      [...five, ...five],
    ],
    rows: [{ label: [], cells: T4_BLOCKS.flatMap((b) => T4_COLUMNS.map((c) => String(v[t4Var(b, c)]))) }],
  };
}

function renderTable(t: Table, layout: Layout): string[] {
  if (layout === "pipe") {
    const width = Math.max(...t.rows.map((r) => r.cells.length + 1), ...t.header.map((h) => h.length));
    const pad = (cells: string[]) => `${cells.join(" | ")} |${" |".repeat(Math.max(0, width - cells.length))}`;
    return [
      ...t.header.map(pad),
      ...t.rows.map((r) => pad([r.label.join(""), ...r.cells].filter((c, i) => i > 0 || c !== ""))),
    ];
  }
  const cells = [...t.header.flat(), ...t.rows.flatMap((r) => [...r.label, ...r.cells])];
  return layout === "glued" ? [cells.join("")] : cells;
}

/** A report as blocks: paragraphs and tables (each table row: its label cells, then its figures). */
export type Block =
  | { kind: "p"; text: string }
  | { kind: "table"; header: string[][]; rows: { label: string[]; cells: string[] }[] };

export function reportBlocks(v: Record<string, number>, o: Omit<RenderOptions, "layout">): Block[] {
  const y = o.year;
  const p = (text: string): Block => ({ kind: "p", text });
  const t = (x: Table): Block => ({ kind: "table", ...x });
  const out: Block[] = [];
  if (!o.noTitle) out.push(p(`${o.agency}${y}年政府信息公开工作年度报告`));
  if (o.published) out.push(p(`发布日期:${o.published}  来源:${o.agency}`));
  out.push(
    p(
      o.noTitle
        ? `根据《中华人民共和国政府信息公开条例》要求,现将${o.agency.replace(/^.+?(区|县|市)/, "$1")}${y}年政府信息公开工作情况报告如下:`
        : `本报告根据《中华人民共和国政府信息公开条例》要求编制,统计期限自${y}年1月1日起至${y}年12月31日止。`,
    ),
  );
  out.push(p("一、总体情况"));
  out.push(p(`${y}年,本机关认真落实政务公开各项要求,持续完善主动公开目录,提升公开质量。`));
  out.push(
    p(
      `(一)依申请公开。全年共收到政府信息公开申请${v.t3_new_total}件,其中自然人申请${v.t3_new_np}件,均在法定期限内答复。`,
    ),
  );
  out.push(p("(二)平台建设。持续优化门户网站政务公开专栏,及时更新政府信息公开指南。"));
  out.push(p("二、主动公开政府信息情况"));
  out.push(...table2(v, o as RenderOptions).map(t));
  out.push(p("三、收到和处理政府信息公开申请情况"));
  out.push(t(table3(v, o as RenderOptions)));
  out.push(p("四、政府信息公开行政复议、行政诉讼情况"));
  out.push(t(table4(v)));
  out.push(p("五、存在的主要问题及改进情况"));
  out.push(p("政策解读的形式仍较单一,公开内容的针对性有待加强。"));
  out.push(p(`下一步,将加强业务培训,丰富解读形式,推动${y + 1}年政务公开工作提质增效。`));
  out.push(p("六、其他需要报告的事项"));
  out.push(p("本年度未收取信息处理费。"));
  out.push(p(o.agency), p(`${y + 1}年1月20日`));
  return out;
}

export function renderReport(v: Record<string, number>, o: RenderOptions): string {
  const out = reportBlocks(v, o).flatMap((b) => (b.kind === "p" ? [b.text] : renderTable(b, o.layout)));
  let text = o.layout === "glued" ? out.join(" ") : out.join(o.layout === "lines" ? "\n\n" : "\n");
  if (o.trailer) text += `\n\n${o.trailer}`;
  return o.traditional ? toTraditional()(text) : text + "\n";
}
