/**
 * Postgres `statement_timeout` for every statement the API runs: a statement that outlives it is
 * cancelled by the server (SQLSTATE 57014), its connection goes back to the pool, and the request gets
 * REQUEST_TIMEOUT — one slow request cannot hold the pool for the others. Set on the API's pool only
 * (CLI commands open their own data source and keep no limit): new connections start with it, and a
 * connection opened before the API (migrations, the outbox drain) gets it the first time it is lent.
 */
import type { DataSource } from "typeorm";

interface PgPool {
  options: Record<string, unknown>;
  on(event: "acquire", listener: (client: PgClient) => void): void;
}
interface PgClient {
  query(text: string): Promise<unknown>;
  gongkaiTimeout?: number;
}

export function applyStatementTimeout(ds: DataSource, ms: number): void {
  const pool = (ds.driver as unknown as { master?: PgPool }).master;
  if (!pool || !(ms > 0)) return;
  const value = Math.round(ms);
  pool.options.statement_timeout = value; // read by each new client at connect
  pool.on("acquire", (client) => {
    if (client.gongkaiTimeout === value) return;
    client.gongkaiTimeout = value;
    // queued ahead of whatever the borrower sends first (the client runs its queries in order)
    client.query(`SET statement_timeout = ${value}`).catch(() => undefined);
  });
}
