/**
 * Which revision of an agency-year is current — a rule on the reports themselves, not on the order
 * they arrived in (parse workers and writers finish in any order, so two ingests of one folder used
 * to disagree): the latest published date wins (a report without one counts as the earliest), and
 * between equal dates the greater SHA-256 of the file's bytes. Revision numbers follow the same order
 * (1 = first by the rule), so "the highest revision" and "the current one" are the same report, and
 * deleting the current report promotes the next by the rule. docs/reliability.md states the rule.
 */
export interface RevisionKey {
  published: string | null;
  sha256: string;
}

/** < 0 when `a` comes before `b` (older by the rule), > 0 after. */
export function compareRevisions(a: RevisionKey, b: RevisionKey): number {
  const pa = a.published ?? "",
    pb = b.published ?? ""; // ISO dates compare as text
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0;
}

/** The revisions in rule order, each with its number (1-based). */
export function numberRevisions<T extends RevisionKey>(revisions: T[]): { item: T; revision: number }[] {
  return [...revisions].sort(compareRevisions).map((item, i) => ({ item, revision: i + 1 }));
}
