/**
 * "Is a report of these bytes already held?" for many files at once: the questions asked while one
 * query is out are answered together by the next (WHERE sha256 = ANY(…)), so a run over many files
 * costs a few queries per batch instead of one per file.
 */
import type { DataSource } from "typeorm";

export class HeldCheck {
  private waiting = new Map<string, ((held: boolean) => void)[]>();
  private running = false;

  constructor(private readonly ds: DataSource) {}

  isHeld(sha: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(sha) ?? [];
      list.push(resolve);
      this.waiting.set(sha, list);
      if (!this.running) void this.flush().catch(reject);
    });
  }

  private async flush(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.size) {
        const batch = this.waiting;
        this.waiting = new Map();
        try {
          const rows = (await this.ds.query(
            "SELECT DISTINCT source_file_sha256 AS sha FROM report WHERE source_file_sha256 = ANY($1::char(64)[])", [[...batch.keys()]])) as { sha: string }[];
          const held = new Set(rows.map((r) => r.sha));
          for (const [sha, resolvers] of batch) for (const resolve of resolvers) resolve(held.has(sha));
        } catch {
          // the database is away: say "not held" and let the write itself decide (it checks again, under its lock)
          for (const resolvers of batch.values()) for (const resolve of resolvers) resolve(false);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
