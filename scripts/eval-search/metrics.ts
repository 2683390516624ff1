/**
 * The evaluation's measures over a ranked list of section refs and a query's graded judgments
 * (0 = not about it, 1 = in passing, 2 = about it; docs/search-eval.md):
 * - NDCG@10 with gains 2^g − 1 discounted by log2(rank + 1), divided by the DCG of the ideal order of
 *   ALL the query's judged sections — so a relevant section the ranking never returns costs it;
 * - recall: the share of the sections graded ≥ 1 that appear anywhere in the list.
 * A section in the list that was never judged counts as 0 (and is reported: the pool was too shallow).
 */

export type Grades = ReadonlyMap<string, number>;

const gain = (g: number) => 2 ** g - 1;
const discount = (rank: number) => Math.log2(rank + 1); // rank from 1

function dcg(grades: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) sum += gain(grades[i]) / discount(i + 1);
  return sum;
}

/** NDCG@k of `ranked`; null when the query has no section graded ≥ 1 (it cannot be measured). */
export function ndcgAt(ranked: readonly string[], grades: Grades, k = 10): number | null {
  const ideal = dcg(
    [...grades.values()].filter((g) => g > 0).sort((a, b) => b - a),
    k,
  );
  if (ideal === 0) return null;
  return (
    dcg(
      ranked.slice(0, k).map((ref) => grades.get(ref) ?? 0),
      k,
    ) / ideal
  );
}

/** Share of the sections graded ≥ 1 found anywhere in `ranked`; null when there are none. */
export function recall(ranked: readonly string[], grades: Grades): number | null {
  const relevant = [...grades].filter(([, g]) => g > 0).map(([ref]) => ref);
  if (!relevant.length) return null;
  const got = new Set(ranked);
  return relevant.filter((ref) => got.has(ref)).length / relevant.length;
}

/** The refs among the first k that were never judged. */
export function unjudgedAt(ranked: readonly string[], grades: Grades, k = 10): string[] {
  return ranked.slice(0, k).filter((ref) => !grades.has(ref));
}

/** Mean of the values that are not null (NaN when none). */
export function mean(values: readonly (number | null)[]): number {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;
}
