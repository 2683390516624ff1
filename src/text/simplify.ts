/**
 * opencc-js's traditional (Taiwan) → simplified conversion, `Converter({ from: "tw", to: "cn" })`, with
 * the same dictionaries, tries and algorithm, only faster on text that is mostly left alone.
 *
 * opencc-js runs four passes (normalisation, segmentation, two conversions), each looking every
 * character up in a trie (a Map per character) and rebuilding the string. A pass can only change text
 * where a dictionary entry begins, so here each pass first checks a character against a bitmap of the
 * characters that begin an entry, and asks the trie only there. Everywhere else opencc's own step
 * would have found no match and moved on one character, which is what this does too; an ideographic
 * description character or a surrogate takes opencc's own path (its step there can be longer). The
 * output is opencc's, character for character (test/unit/simplify.test.ts compares them), and a string
 * without an entry anywhere comes back as it was, without copying. Script detection and every search
 * text go through this: it was ≈ 15 % of a text report's parse.
 */
import OpenCC from "opencc-js";

type Trie = InstanceType<typeof OpenCC.Trie>;
type DictGroup = Parameters<Trie["loadDictGroup"]>[0];
/** opencc-js's trie node: children by code point; the replacement where an entry ends */
type Node = Map<number, Node> & { trie_val?: string };

interface Pass {
  trie: Trie;
  /** 1 where a character (or a high surrogate) can begin an entry */
  first: Uint8Array;
}

function pass(group: DictGroup): Pass {
  const trie = new OpenCC.Trie();
  trie.loadDictGroup(group);
  const first = new Uint8Array(0x10000);
  for (const cp of (trie as unknown as { map: Node }).map.keys()) {
    first[cp > 0xffff ? 0xd800 + ((cp - 0x10000) >> 10) : cp] = 1;
  }
  return { trie, first };
}

const config = OpenCC.Locale.configs.tw2s as unknown as {
  normalizationChain: DictGroup[];
  segmentation: DictGroup;
  conversionChain: DictGroup[];
};
const normalisation = config.normalizationChain.map(pass);
const segmentation = pass(config.segmentation);
const conversions = config.conversionChain.map(pass);

/** opencc's step where nothing matched: one character, or a whole ideographic description sequence. */
function width(s: string, i: number): number {
  return (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}
function idsEnd(s: string, at: number): number {
  const c = s.codePointAt(at) ?? 0;
  const operands = c >= 0x2ff0 && c <= 0x2ff1 ? 2 : c >= 0x2ff2 && c <= 0x2ff3 ? 3 : c >= 0x2ff4 && c <= 0x2fff ? 2 : 0;
  if (!operands) return 0;
  let i = at + width(s, at);
  for (let k = 0; k < operands; k++) {
    if (i >= s.length) return 0;
    i = idsEnd(s, i) || i + width(s, i);
  }
  return i;
}
function step(s: string, i: number): number {
  const end = idsEnd(s, i);
  return end > i ? end - i : width(s, i);
}

/** Only opencc's own path can tell what happens at this character. */
const special = (c: number, first: Uint8Array) =>
  first[c] === 1 || (c >= 0x2ff0 && c <= 0x2fff) || (c >= 0xd800 && c <= 0xdfff);

/**
 * Calls `hit(start, end, value)` for each entry opencc's pass matches, left to right (longest match,
 * then on after it), exactly where opencc's pass would.
 */
function matches(p: Pass, s: string, hit: (start: number, end: number, value: string) => void): void {
  const n = s.length;
  for (let i = 0; i < n; ) {
    if (!special(s.charCodeAt(i), p.first)) {
      i++;
      continue;
    }
    const m = p.trie.matchPrefix(s, i);
    if (m) {
      hit(i, m.end, m.value);
      i = m.end;
    } else i += step(s, i);
  }
}

function convert(p: Pass, s: string): string {
  let out = "",
    last = 0,
    changed = false;
  matches(p, s, (start, end, value) => {
    out += s.slice(last, start) + value;
    last = end;
    changed = true;
  });
  return changed ? out + s.slice(last) : s;
}

/** opencc's segment(): the text cut before and after each entry it matches (entries stay whole). */
function segment(p: Pass, s: string): string[] {
  const pieces: string[] = [];
  let last = 0;
  matches(p, s, (start, end) => {
    if (start > last) pieces.push(s.slice(last, start));
    pieces.push(s.slice(start, end));
    last = end;
  });
  if (last < s.length) pieces.push(s.slice(last));
  return pieces;
}

/** Traditional (Taiwan) → simplified, as opencc-js's Converter({ from: "tw", to: "cn" }). */
export function twToCn(text: string): string {
  let s = text;
  for (const p of normalisation) s = convert(p, s);
  let pieces = segment(segmentation, s);
  for (const p of conversions) pieces = pieces.map((x) => convert(p, x));
  return pieces.length === 1 ? pieces[0] : pieces.join("");
}
