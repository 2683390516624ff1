/**
 * Invented, internally consistent figures for a report (deterministic from a seed): used by tests,
 * benchmarks and demo data. Never real data — everything built from these is marked synthetic.
 */
import { variablesFor, type FormatVersion } from "../codebook/index.js";
import { T3_COLUMNS, T4_BLOCKS, t3Rows, t3Var, t4Var } from "../parser/tables/layout.js";

/** mulberry32: small, fast, good enough for invented figures. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticValues(seed: number, format: FormatVersion): Record<string, number> {
  const r = rng(seed);
  const small = (p: number, max: number) => (r() < p ? 1 + Math.floor(r() * max) : 0);
  const v: Record<string, number> = {};
  for (const x of variablesFor(format, 2)) {
    v[x.name] =
      x.unit === "万元"
        ? Math.round(r() * 5000000) / 100
        : x.name.endsWith("_change")
          ? Math.floor(r() * 7) - 2
          : small(0.7, 400);
  }
  const rows = t3Rows(format);
  const outcome = rows.filter((x) => x.group !== null).map((x) => x.key);
  for (const col of T3_COLUMNS.slice(0, 6)) {
    const busy = col === "np" ? 0.8 : col === "corp" ? 0.4 : 0.1;
    let results = 0;
    for (const row of outcome) {
      const n = small(busy * (row === "granted" ? 1 : 0.3), 30);
      v[t3Var(row, col)] = n;
      results += n;
    }
    const carriedIn = Math.min(results, small(0.3, 5));
    const carriedOut = small(0.3, 5);
    v[t3Var("carried_in", col)] = carriedIn;
    v[t3Var("carried_out", col)] = carriedOut;
    v[t3Var("result_total", col)] = results;
    v[t3Var("new", col)] = results + carriedOut - carriedIn;
  }
  for (const row of rows)
    v[t3Var(row.key, "total")] = T3_COLUMNS.slice(0, 6).reduce((s, c) => s + v[t3Var(row.key, c)], 0);
  if (format === "2021") {
    for (const col of T3_COLUMNS)
      v[t3Var("other", col)] = ["other_no_correction", "other_no_fee", "other_other"].reduce(
        (s, k) => s + v[t3Var(k, col)],
        0,
      );
  }
  for (const b of T4_BLOCKS) {
    const parts = ["upheld", "corrected", "other", "pending"].map((c) => {
      const n = small(0.3, 4);
      v[t4Var(b, c)] = n;
      return n;
    });
    v[t4Var(b, "total")] = parts.reduce((a, c) => a + c, 0);
  }
  return v;
}
