/**
 * Invented narrative sections (总体情况, 存在的问题及改进情况, 其他事项) with the vocabulary and the length of
 * real reports, varied enough that a search index over many of them is not one text repeated: sentences
 * are drawn from pools of templates with invented figures, topics and places. Never real text.
 */
import OpenCC from "opencc-js";
import { rng } from "./values.js";

export interface NarrativeOptions {
  year: number;
  agency: string;
  /** convert to traditional script (as some reports are printed) */
  traditional?: boolean;
}

export interface Narrative {
  summary: string;
  problems_improvements: string;
  other: string;
}

const TOPICS = [
  "优化营商环境",
  "乡村振兴",
  "生态环境保护",
  "安全生产",
  "稳岗就业",
  "医疗卫生",
  "教育",
  "住房保障",
  "食品药品监管",
  "财政预决算",
  "重大建设项目",
  "公共资源配置",
  "社会救助",
  "养老服务",
  "疫情防控",
  "城市更新",
  "交通出行",
  "民生实事",
  "减税降费",
  "政府采购",
  "征地拆迁",
  "义务教育",
  "退役军人服务",
  "市场监管",
  "应急管理",
  "文化旅游",
  "数字政府",
];
const CHANNELS = [
  "门户网站",
  "政务新媒体",
  "微信公众号",
  "政务微博",
  "新闻发布会",
  "政府公报",
  "政务服务中心",
  "公开栏",
  "12345热线",
  "政务服务网",
];
const FORMS = ["图文解读", "视频解读", "在线访谈", "新闻发布会", "专家解读", "一图读懂", "H5动画", "问答"];

const SUMMARY = [
  "{y}年,{a}坚持以人民为中心的发展思想,认真贯彻落实《中华人民共和国政府信息公开条例》,持续深化政务公开。",
  "{a}按照上级关于政务公开工作的部署要求,围绕{t}等重点工作,不断提升政务公开质量和实效。",
  "(一)主动公开。全年通过{c}主动公开政府信息{n3}条,其中{t}领域信息{n2}条。",
  "全年制发规范性文件{n1}件,废止{n1}件,现行有效行政规范性文件{n2}件,均按要求在{c}集中公开。",
  "围绕{t}、{t}等社会关注事项,综合运用{f}、{f}等形式开展政策解读{n2}篇,回应社会关切{n1}次。",
  "(二)依申请公开。{y}年共收到政府信息公开申请{n2}件,其中自然人申请{n2}件,法人或其他组织申请{n1}件,均在法定期限内答复。",
  "全年办结依申请公开{n2}件,予以公开{n2}件,部分公开{n1}件,不予公开{n1}件,无法提供{n1}件,不予处理{n1}件。",
  "因政府信息公开引起的行政复议案件{n1}件、行政诉讼案件{n1}件,未发生被纠错的情况。",
  "严格落实依申请公开登记、审核、办理、答复、归档等工作流程,进一步规范答复文书格式。",
  "(三)政府信息管理。严格落实保密审查制度,坚持“先审查、后公开”和“一事一审”原则,全年审查拟公开信息{n3}条。",
  "建立健全政府信息公开属性源头认定机制,对{n2}份公文进行公开属性认定,依法依规做好信息发布工作。",
  "动态调整政府信息公开目录和政府信息公开指南,及时清理过期失效信息{n2}条。",
  "(四)平台建设。持续优化{c}政务公开专栏,新增{t}专题专栏{n1}个,提升网站智能搜索和智能问答水平。",
  "加强政务新媒体管理,{c}全年发布信息{n3}条,阅读量{n4}人次。",
  "推进政务公开专区建设,在政务服务中心设置政府信息查阅点{n1}个,提供查阅、咨询、申请等服务。",
  "(五)监督保障。将政务公开工作纳入年度绩效考核,组织开展政务公开业务培训{n1}次,培训人员{n2}人次。",
  "开展政务公开自查自纠,对发现的问题建立整改台账,按期完成整改{n1}项。",
  "积极做好基层政务公开标准化规范化工作,编制{t}领域基层政务公开事项标准目录。",
  "推进重点领域信息公开,及时公开{t}、{t}相关政策文件和执行情况。",
  "加大财政预决算和“三公”经费公开力度,公开部门预算、决算及说明{n1}份。",
  "做好人大代表建议和政协提案办理结果公开,全年公开建议提案答复{n2}件。",
  "坚持以公开促落实、以公开促规范、以公开促服务,推动{t}工作取得新成效。",
];
const PROBLEMS = [
  "{y}年政务公开工作取得了一定成效,但仍存在一些不足:",
  "一是政策解读的形式仍较单一,{f}运用不够,解读的针对性有待加强;",
  "二是部分单位对政务公开工作重视程度不够,信息发布不及时,存在更新滞后的情况;",
  "三是依申请公开答复的规范性有待提升,工作人员业务能力仍需加强;",
  "四是基层政务公开标准化规范化水平不高,{t}领域公开内容不够全面。",
  "政府信息公开平台功能不够完善,智能检索等服务有待优化。",
];
const IMPROVEMENTS = [
  "下一步,{a}将从以下方面加以改进:",
  "一是加强政策解读,丰富{f}、{f}等解读形式,提高解读质量;",
  "二是加强业务培训,组织开展政务公开专题培训,提升工作人员业务水平;",
  "三是强化监督考核,将政务公开工作纳入绩效考核,定期通报检查结果;",
  "四是深化{t}等重点领域信息公开,推动{next}年政务公开工作提质增效。",
  "{next}年,我们将继续优化{c}建设,及时回应社会关切,切实保障人民群众的知情权、参与权、表达权和监督权。",
];
const OTHER = [
  "本年度未收取信息处理费。",
  "{y}年度,{a}未发生政府信息公开信息处理费收取情况。",
  "本机关{y}年度共办理人大代表建议{n1}件、政协提案{n1}件,均已按期办结。",
  "无其他需要报告的事项。",
  "根据《政府信息公开信息处理费管理办法》,本年度共收取信息处理费0元。",
  "本年度落实上级年度政务公开工作要点情况良好,各项任务均已完成。",
];

/** Invented sections for one report: deterministic from `seed`. */
export function syntheticNarrative(seed: number, o: NarrativeOptions): Narrative {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (digits: number) => String(Math.floor(r() * 10 ** digits));
  const fill = (s: string) =>
    s.replace(/\{(\w+)\}/g, (_, k: string) => {
      switch (k) {
        case "y":
          return String(o.year);
        case "next":
          return String(o.year + 1);
        case "a":
          return o.agency;
        case "t":
          return pick(TOPICS);
        case "c":
          return pick(CHANNELS);
        case "f":
          return pick(FORMS);
        case "n1":
          return int(1);
        case "n2":
          return int(2);
        case "n3":
          return int(3);
        case "n4":
          return int(4);
        default:
          return k;
      }
    });
  // every report keeps the order of the official outline but draws a different subset of sentences
  const some = (pool: readonly string[], keep: number) =>
    pool
      .filter(() => r() < keep)
      .map(fill)
      .join("");
  const paragraphs = [some(SUMMARY.slice(0, 2), 1), some(SUMMARY.slice(2), 0.8)];
  // larger bodies write longer reports (real summaries run from ~800 to ~4,000 characters)
  if (r() < 0.6) paragraphs.push(some(SUMMARY.slice(2), 0.6));
  if (r() < 0.2) paragraphs.push(some(SUMMARY.slice(2), 0.6));
  const summary = paragraphs.join("\n");
  const problems_improvements = [some(PROBLEMS, 0.75), some(IMPROVEMENTS, 0.75)].join("\n");
  const other = some(OTHER, 0.3) || fill(OTHER[0]);
  const out = { summary, problems_improvements, other };
  if (!o.traditional) return out;
  return {
    summary: toTraditional(summary),
    problems_improvements: toTraditional(problems_improvements),
    other: toTraditional(other),
  };
}

let converter: ((s: string) => string) | undefined;
function toTraditional(s: string): string {
  const convert = (converter ??= OpenCC.Converter({ from: "cn", to: "tw" }));
  return convert(s);
}
