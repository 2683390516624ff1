/**
 * `COPY … TO STDOUT` on a pg client, without pg-copy-streams (not installed): a minimal "submittable"
 * query object — the hook node-postgres offers for custom protocol flows, the one pg-copy-streams uses.
 * The server answers with one CopyData message per row; they are copied into 1 MiB blocks (pg reuses its
 * read buffer, so a message's bytes must be copied before the next read) and handed on block by block.
 */
import type { Connection, PoolClient, Submittable } from "pg";

const BLOCK = 1 << 20;

class CopyToStdout implements Submittable {
  rows = 0;
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  private error: Error | null = null;

  constructor(
    private readonly sql: string,
    private readonly sink: (data: Buffer) => void,
    private readonly done: (error: Error | null, rows: number) => void,
  ) {}

  submit(connection: Connection): void {
    (connection as unknown as { query(text: string): void }).query(this.sql); // simple-query protocol
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    const chunk = msg.chunk;
    if (this.used + chunk.length > BLOCK) this.flush();
    if (chunk.length > BLOCK) {
      this.sink(Buffer.from(chunk));
      return;
    }
    chunk.copy(this.block, this.used);
    this.used += chunk.length;
  }

  handleCommandComplete(msg: { text?: string }): void {
    this.flush(true);
    const m = /^COPY (\d+)/.exec(msg.text ?? "");
    if (m) this.rows = Number(m[1]);
  }

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    this.done(this.error, this.rows);
  }

  // a COPY statement never produces these; present because the client may call them
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {}
  handleCopyInResponse(connection: Connection): void {
    this.error = new Error("copyOut: the statement asked for input (COPY FROM?)");
    (connection as unknown as { sendCopyFail(message: string): void }).sendCopyFail("copyOut reads only");
  }

  private flush(last = false): void {
    if (!this.used) return;
    if (last && this.used < BLOCK / 4) {
      this.sink(Buffer.from(this.block.subarray(0, this.used))); // a small remainder: copied, not a whole block kept
    } else {
      this.sink(this.block.subarray(0, this.used)); // handed over: a fresh block takes its place
      this.block = Buffer.allocUnsafe(BLOCK);
    }
    this.used = 0;
  }
}

/** Runs a `COPY (…) TO STDOUT` statement; resolves with the number of rows copied. */
export function copyOut(client: PoolClient, sql: string, sink: (data: Buffer) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    client.query(new CopyToStdout(sql, sink, (error, rows) => (error ? reject(error) : resolve(rows))));
  });
}
