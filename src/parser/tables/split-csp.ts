/**
 * A small exact solver for "pick one candidate per row so that these linear equalities hold".
 *
 * Rows are the CSP variables; a row's domain is its list of candidate splits. Every constraint is
 * Σ (coefficient × cell) = rhs over cells of several rows. Propagation is bounds consistency (sound:
 * it only removes candidates that appear in no solution); search is backtracking on the smallest
 * domain. `supports()` answers, for every row, which candidates appear in at least one solution —
 * the exact per-cell answer, computed with one satisfiability search per unproven candidate rather
 * than by listing all solutions. All work is counted against a budget; when it runs out the caller is
 * told (`capped`) and must not use partial answers.
 */

export interface Term {
  row: number;
  col: number;
  coef: number;
}

export interface LinearConstraint {
  terms: Term[];
  rhs: number;
  label: string;
}

/** a constraint compiled against the domains: per involved row, the contribution of each candidate */
interface Compiled {
  rows: number[];
  contrib: Float64Array[];
  rhs: number;
}

export interface Budget {
  used: number;
  max: number;
}

export class BudgetExceeded extends Error {
  constructor() {
    super("split search budget exceeded");
  }
}

const EPS = 1e-9;

export class RowCsp {
  private readonly compiled: Compiled[] = [];
  /** constraints touching each row */
  private readonly byRow: number[][];

  /**
   * @param domains per row, its candidates (each an array of cell values)
   * @param budget shared work counter in elementary operations (candidate checks); exceeding `max`
   *   throws BudgetExceeded. Share one budget between the solvers of one table.
   */
  constructor(
    private readonly domains: readonly (readonly (number | null)[])[][],
    constraints: readonly LinearConstraint[],
    private readonly budget: Budget = { used: 0, max: 2_000_000 },
  ) {
    this.byRow = domains.map(() => []);
    for (const c of constraints) this.add(c);
  }

  /** true when the constraint can be compiled (every cell it names exists in every candidate) */
  static usable(domains: readonly (readonly (number | null)[])[][], c: LinearConstraint): boolean {
    return c.terms.every(
      (t) =>
        domains[t.row] !== undefined &&
        domains[t.row].length > 0 &&
        domains[t.row].every((cand) => typeof cand[t.col] === "number"),
    );
  }

  add(c: LinearConstraint): void {
    const rows = [...new Set(c.terms.map((t) => t.row))];
    const contrib = rows.map((r) => {
      const arr = new Float64Array(this.domains[r].length);
      for (const t of c.terms) {
        if (t.row !== r) continue;
        this.domains[r].forEach((cand, k) => {
          const v = cand[t.col];
          if (typeof v !== "number")
            throw new Error(`RowCsp: constraint ${c.label} names an empty cell (row ${r}, column ${t.col})`);
          arr[k] += t.coef * v;
        });
      }
      return arr;
    });
    const idx = this.compiled.length;
    this.compiled.push({ rows, contrib, rhs: c.rhs });
    for (const r of rows) this.byRow[r].push(idx);
  }

  private tick(n = 1): void {
    this.budget.used += n;
    if (this.budget.used > this.budget.max) throw new BudgetExceeded();
  }

  fullDomains(): number[][] {
    return this.domains.map((d) => d.map((_, k) => k));
  }

  /** bounds propagation to a fixpoint; null when some constraint cannot hold */
  propagate(dom: number[][], changedRows?: number[]): number[][] | null {
    const queue = new Set<number>();
    if (changedRows) for (const r of changedRows) for (const c of this.byRow[r]) queue.add(c);
    else this.compiled.forEach((_, i) => queue.add(i));
    while (queue.size) {
      const ci = queue.values().next().value as number;
      queue.delete(ci);
      const c = this.compiled[ci];
      let sumMin = 0;
      let sumMax = 0;
      const mins: number[] = [];
      const maxs: number[] = [];
      c.rows.forEach((r, j) => {
        let lo = Infinity;
        let hi = -Infinity;
        const arr = c.contrib[j];
        for (const k of dom[r]) {
          const v = arr[k];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        this.tick(dom[r].length);
        mins.push(lo);
        maxs.push(hi);
        sumMin += lo;
        sumMax += hi;
      });
      if (sumMin > c.rhs + EPS || sumMax < c.rhs - EPS) return null;
      for (let j = 0; j < c.rows.length; j++) {
        const r = c.rows[j];
        const lo = c.rhs - (sumMax - maxs[j]);
        const hi = c.rhs - (sumMin - mins[j]);
        const arr = c.contrib[j];
        const kept = dom[r].filter((k) => arr[k] >= lo - EPS && arr[k] <= hi + EPS);
        this.tick(dom[r].length);
        if (kept.length === 0) return null;
        if (kept.length !== dom[r].length) {
          dom = dom.slice();
          dom[r] = kept;
          for (const other of this.byRow[r]) if (other !== ci) queue.add(other);
          // this constraint's bounds changed too
          queue.add(ci);
        }
      }
    }
    return dom;
  }

  /** one solution (candidate index per row) or null; throws BudgetExceeded */
  solve(dom: number[][], changedRows?: number[]): number[] | null {
    const p = this.propagate(dom, changedRows);
    if (!p) return null;
    let pick = -1;
    for (let r = 0; r < p.length; r++) if (p[r].length > 1 && (pick < 0 || p[r].length < p[pick].length)) pick = r;
    if (pick < 0) return p.map((d) => d[0]);
    for (const k of p[pick]) {
      this.tick();
      const next = p.slice();
      next[pick] = [k];
      const sol = this.solve(next, [pick]);
      if (sol) return sol;
    }
    return null;
  }

  /**
   * For every row, the candidate indices that appear in at least one solution; null when there is no
   * solution at all. Throws BudgetExceeded.
   */
  supports(): number[][] | null {
    const start = this.propagate(this.fullDomains());
    if (!start) return null;
    const first = this.solve(start);
    if (!first) return null;
    const supported = this.domains.map(() => new Set<number>());
    const mark = (sol: number[]) => sol.forEach((k, r) => supported[r].add(k));
    mark(first);
    for (let r = 0; r < start.length; r++) {
      for (const k of start[r]) {
        if (supported[r].has(k)) continue;
        const dom = start.slice();
        dom[r] = [k];
        const sol = this.solve(dom, [r]);
        if (sol) mark(sol);
      }
    }
    return supported.map((s) => [...s].sort((a, b) => a - b));
  }
}
