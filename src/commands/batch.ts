/**
 * What the batch commands (ingest, reparse) do around their work: load the configuration, open the
 * database with room for the writers, and close it again — each failure an exit status and one line.
 */
import type { DataSource } from "typeorm";
import { loadConfig, type Config } from "../config.js";
import { openDatabase } from "../db/open.js";
import { EXIT } from "./args.js";

export interface BatchRun {
  command: string;
  env: NodeJS.ProcessEnv;
  writers?: number;
  /** A reason to refuse the run once the configuration is known (exit 2), checked before the database opens. */
  refuse?: (config: Config) => string | undefined;
}

export async function withDatabase(
  run: BatchRun,
  work: (ds: DataSource, config: Config) => Promise<number>,
): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(run.env);
  } catch (e) {
    console.error(`${run.command}: ${(e as Error).message}`);
    return EXIT.CANNOT_RUN;
  }
  const refusal = run.refuse?.(config);
  if (refusal) {
    console.error(`${run.command}: ${refusal}`);
    return EXIT.USAGE;
  }
  let db;
  try {
    db = await openDatabase(config, { poolSize: (run.writers ?? 4) + 2 });
  } catch (e) {
    console.error(`${run.command}: cannot open the database: ${(e as Error).message}`);
    return EXIT.CANNOT_RUN;
  }
  try {
    return await work(db.ds, config);
  } finally {
    await db.close();
  }
}
