/**
 * The slice of `pg` (node-postgres 8) that our code calls directly; TypeORM uses pg on its own.
 * Stand-in until @types/pg is added as a dev dependency (then delete this file).
 */
declare module "pg" {
  export interface QueryResult<R = Record<string, unknown>> {
    rows: R[];
    rowCount: number | null;
  }
  export interface ClientConfig {
    connectionString?: string;
  }
  export class Client {
    constructor(config?: string | ClientConfig);
    connect(): Promise<void>;
    query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
    end(): Promise<void>;
    escapeIdentifier(name: string): string;
    escapeLiteral(value: string): string;
  }
  const pg: { Client: typeof Client };
  export default pg;
}
