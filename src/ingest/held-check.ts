/**
 * "Is a report of these bytes already held?" for many files at once: the questions asked while one
 * query is out are answered together by the next (WHERE sha256 = ANY(…)), so a run over many files
 * costs a few queries per batch instead of one per file. A held file's answer is where its bytes are
 * kept (source_file.storage_path), so that bytes lost since can be put back.
 */
import type { DataSource } from "typeorm";

export interface Held {
  storagePath: string;
}

export class HeldCheck {
  private waiting = new Map<string, ((held: Held | null) => void)[]>();
  private running = false;

  constructor(private readonly ds: DataSource) {}

  /** null when no report of these bytes is held */
  isHeld(sha: string): Promise<Held | null> {
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
            // probed file by file (the batch is a few dozen): a join was planned as a scan of every
            // report and source file when many files were asked at once (a re-ingest of 10,000 held files)
            `SELECT q.sha, (SELECT s.storage_path FROM source_file s WHERE s.sha256 = q.sha) AS "storagePath"
             FROM unnest($1::char(64)[]) AS q(sha)
             WHERE EXISTS (SELECT FROM report r WHERE r.source_file_sha256 = q.sha)`,
            [[...batch.keys()]],
          )) as ({ sha: string } & Held)[];
          const held = new Map(rows.map((r) => [r.sha, { storagePath: r.storagePath }]));
          for (const [sha, resolvers] of batch) for (const resolve of resolvers) resolve(held.get(sha) ?? null);
        } catch {
          // the database is away: say "not held" and let the write itself decide (it checks again, under its lock)
          for (const resolvers of batch.values()) for (const resolve of resolvers) resolve(null);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
