/**
 * Publishing an export atomically. `--out DIR` is a symbolic link to a complete dataset folder:
 *
 *   DIR -> .DIR.gongkai/v-<time>-<pid>        (relative link, beside DIR)
 *   .DIR.gongkai/v-<time>-<pid>/              the dataset a reader sees through DIR
 *   .DIR.gongkai/v-<earlier>/                 the previous dataset, kept until the next export
 *   .DIR.gongkai/.staging-<pid>/              an export being written (removed when its process is gone)
 *
 * An export writes its staging folder, renames it to a version folder, and then renames a new link
 * over DIR — rename(2) replaces DIR in one step, so a reader opening DIR sees the old complete dataset
 * or the new complete one, never a mix, whenever the export is killed. Files in DIR that an export does
 * not write (notes of the user) are carried over into the new version. An older layout (DIR a real
 * folder holding an earlier export, with --force) is moved aside and the link put in its place: DIR is
 * absent for the instant between the two renames, but never holds a mix.
 *
 * GONGKAI_EXPORT_CRASH_AT=<step> kills the process at that step (the fault suite uses it to check the
 * guarantee at every step): PUBLISH_STEPS.
 */
import { cp, lstat, mkdir, readdir, readlink, rename, rm, rmdir, symlink } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { isAlive } from "../util/process.js";

/** Where an export can be killed, in order: tables streamed, all files written, then publish's own steps. */
export const PUBLISH_STEPS = ["tables", "written", "staged", "versioned", "swapped", "cleaned"] as const;
export type PublishStep = (typeof PUBLISH_STEPS)[number];

/** Test hook: dies here when GONGKAI_EXPORT_CRASH_AT names this step (SIGKILL: no clean-up runs). */
export function crashPoint(step: string): void {
  if (process.env.GONGKAI_EXPORT_CRASH_AT === step) process.kill(process.pid, "SIGKILL");
}

/** The folder beside `out` holding its versions. */
export const versionsDir = (out: string) => join(dirname(out), `.${basename(out)}.gongkai`);

/** A fresh staging folder for this process; abandoned ones (their process gone) are removed first. */
export async function openStaging(out: string): Promise<string> {
  const versions = versionsDir(out);
  await mkdir(versions, { recursive: true });
  for (const name of await readdir(versions)) {
    const pid = name.startsWith(".staging-") ? Number(name.slice(".staging-".length)) : NaN;
    if (Number.isInteger(pid) && (pid === process.pid || !isAlive(pid)))
      await rm(join(versions, name), { recursive: true, force: true });
  }
  const staging = join(versions, `.staging-${process.pid}`);
  await mkdir(staging);
  return staging;
}

/**
 * Makes the complete dataset in `staging` what `out` shows, in one rename. `exportNames`: the names an
 * export may write; any other entry of the current dataset is carried over.
 */
export async function publish(out: string, staging: string, exportNames: Set<string>): Promise<void> {
  const versions = versionsDir(out);
  const kind = await lstat(out).then(
    (s) => (s.isSymbolicLink() ? "link" : s.isDirectory() ? "folder" : "other"),
    () => "none",
  );
  if (kind === "link" || kind === "folder") {
    for (const name of await readdir(out)) {
      if (exportNames.has(name) || name.startsWith(".gongkai-export-")) continue;
      await cp(join(out, name), join(staging, name), {
        recursive: true,
        preserveTimestamps: true,
        errorOnExist: false,
        force: false,
      });
    }
  }
  crashPoint("staged");
  const version = join(versions, `v-${Date.now()}-${process.pid}`);
  await rename(staging, version);
  crashPoint("versioned");
  const link = join(dirname(out), `.${basename(out)}.gongkai-link-${process.pid}`);
  await rm(link, { force: true });
  await symlink(relative(dirname(out), version), link);
  const previous = kind === "link" ? join(dirname(out), await readlink(out)) : null;
  if (kind === "folder") {
    // an older layout or an empty folder: out to the side, then the link in its place
    const aside = join(versions, `.replaced-${process.pid}`);
    await rmdir(out).catch(async () => {
      await rename(out, aside);
    });
  }
  await rename(link, out);
  crashPoint("swapped");
  // keep the previous dataset (a reader that resolved the link may still be reading it); drop older ones
  for (const name of await readdir(versions)) {
    const p = join(versions, name);
    if (p === version || p === previous || name.startsWith(".staging-")) continue;
    await rm(p, { recursive: true, force: true });
  }
  crashPoint("cleaned");
}
