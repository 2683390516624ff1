/**
 * The BM25 baseline (k1 = 1.2, b = 0.75) the ranking is measured against: each section's normalised
 * text (`section.text_simplified`) cut into jieba's search-engine words (cutForSearch, the domain
 * dictionary), the query through the same normalisation and cut. A section scores when it holds any
 * query word (OR, as BM25 engines do by default); the list is ordered by score, ties by ref.
 * Computed in-process from the texts the product stored — no search engine involved.
 */
export interface Bm25Options {
  k1?: number;
  b?: number;
}

export class Bm25 {
  private readonly k1: number;
  private readonly b: number;
  private readonly docs: { ref: string; tf: Map<string, number>; length: number }[] = [];
  private readonly df = new Map<string, number>();
  private totalLength = 0;

  /** `words` cuts a (normalised) text into words; the same function cuts the queries. */
  constructor(
    private readonly words: (text: string) => string[],
    options: Bm25Options = {},
  ) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
  }

  add(ref: string, text: string): void {
    const tf = new Map<string, number>();
    const ws = this.tokens(text);
    for (const w of ws) tf.set(w, (tf.get(w) ?? 0) + 1);
    for (const w of tf.keys()) this.df.set(w, (this.df.get(w) ?? 0) + 1);
    this.docs.push({ ref, tf, length: ws.length });
    this.totalLength += ws.length;
  }

  /** Every section holding a query word, best first: [ref, score]. */
  search(query: string): [string, number][] {
    const n = this.docs.length;
    const avg = this.totalLength / Math.max(1, n);
    const qws = [...new Set(this.tokens(query))];
    const out: [string, number][] = [];
    for (const d of this.docs) {
      let score = 0;
      for (const w of qws) {
        const f = d.tf.get(w);
        if (!f) continue;
        const df = this.df.get(w)!;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * (f * (this.k1 + 1))) / (f + this.k1 * (1 - this.b + (this.b * d.length) / avg));
      }
      if (score > 0) out.push([d.ref, score]);
    }
    return out.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  }

  // words with a letter, digit or Han character (jieba returns punctuation and spaces as words too)
  private tokens(text: string): string[] {
    return this.words(text).filter((w) => /[\p{L}\p{N}]/u.test(w));
  }
}
