/**
 * gongkai command line. `parse <file>` prints the ParseResult JSON (REPORT_FORMAT §7); a file that
 * cannot be read exits 1 with one line on stderr naming the file and the reason. `ingest` and `reparse`
 * live in src/commands (loaded on demand: they pull in the database layer).
 */
import { readFileSync, statSync } from "node:fs";
import { loadDotEnv } from "./config.js";
import { installShutdownHandlers } from "./util/shutdown.js";

const USAGE = `usage: gongkai <command>
  start                         the main job: databases, demo data, search sync, the API on PORT
  serve [--port N] [--no-search] the API on its own: Postgres, Meilisearch and search sync, no demo data
  parse <file>                  parse one report file and print its JSON
  ingest [options] <path>…      read report files and folders into the database (--help for options)
  reparse [options]             re-parse stored reports read by an older parser version
  reindex                       rebuild the search index from the database and swap it in (--help for options)
  export --out DIR [filters]    export the database as an academic dataset (--help for options)
  demo remove                   delete the invented (demo/synthetic) reports and agencies`;

async function parseCommand(args: string[]): Promise<number> {
  const file = args[0];
  if (!file) {
    console.error("parse: missing <file>");
    return 2;
  }
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory()) {
      console.error(`${file}: is a directory, not a report file`);
      return 1;
    }
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    console.error(
      `${file}: ${code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (e as Error).message}`,
    );
    return 1;
  }
  // loaded here, not at the top: other commands need neither the parser nor its dictionaries
  const { parseReport, fatalOf } = await import("./parser/index.js");
  const result = await parseReport(bytes, { filename: file });
  const fatal = fatalOf(result);
  if (fatal) {
    console.error(`${file}: ${fatal.message} (${fatal.code})`);
    return 1;
  }
  process.stdout.write(JSON.stringify(result, null, 1) + "\n");
  return 0;
}

/**
 * Commands that load the database layer exit explicitly with their status: a stray handle (a pool's
 * idle timer, a worker) must not keep the process alive or change the status.
 */
function exitNow(code: number): never {
  process.exit(code);
}

/** The commands that start or attach to servers: a stop signal or our parent's death stops them cleanly. */
const SERVER_COMMANDS = new Set(["ingest", "reparse", "start", "serve", "reindex", "export"]);

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    loadDotEnv();
  } catch (e) {
    console.error(`gongkai: ${(e as Error).message}`);
    return 3;
  }
  if (SERVER_COMMANDS.has(cmd)) installShutdownHandlers();
  switch (cmd) {
    case "parse":
      return parseCommand(rest);
    case "ingest":
      return exitNow(await (await import("./commands/ingest.js")).run(rest));
    case "reparse":
      return exitNow(await (await import("./commands/reparse.js")).run(rest));
    case "start":
      return exitNow(await (await import("./commands/start.js")).run(rest));
    case "serve":
      return exitNow(await (await import("./commands/serve.js")).run(rest));
    case "reindex":
      return exitNow(await (await import("./commands/reindex.js")).run(rest));
    // loaded on demand: the parser commands need no database driver or DuckDB
    case "export":
      return exitNow(await (await import("./commands/export.js")).run(rest));
    case "demo":
      return exitNow(await (await import("./commands/demo.js")).run(rest));
    case undefined:
    case "-h":
    case "--help":
      console.log(USAGE);
      return cmd ? 0 : 2;
    default:
      console.error(`unknown command: ${cmd}\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    // one line (the stack only with GONGKAI_DEBUG), and a non-zero status
    console.error(
      process.env.GONGKAI_DEBUG ? e : `gongkai: ${e instanceof Error ? e.message.split("\n", 1)[0] : String(e)}`,
    );
    process.exit(1);
  },
);
