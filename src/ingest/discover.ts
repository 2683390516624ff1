/**
 * The files an ingest run will read: every input path, folders walked recursively (sorted, so a run
 * is repeatable). Files the parser does not read are listed as unsupported; paths that cannot be read
 * are failures. A folder holding the marker file SYNTHETIC_MARKER (written by generate-corpus) holds
 * invented reports: they are flagged so that they are never ingested as real ones by mistake.
 */
import { readdir, realpath, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";

export const SYNTHETIC_MARKER = ".gongkai-synthetic";

/** File types the parser reads, with the media type stored for them. */
export const MEDIA_TYPES: Readonly<Record<string, string>> = {
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".html": "text/html",
  ".htm": "text/html",
  ".pdf": "application/pdf",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  // page images of a scanned report (read by OCR)
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".tif": "image/tiff",
  ".tiff": "image/tiff",
};

export interface FoundFile {
  path: string;
  /** inside a folder marked as a generated (synthetic) corpus */
  synthetic: boolean;
}

export interface Discovery {
  files: FoundFile[];
  unsupported: string[];
  /** input paths that do not exist or cannot be read, with the reason */
  unreadable: { path: string; reason: string }[];
}

export async function discover(inputs: string[]): Promise<Discovery> {
  const out: Discovery = { files: [], unsupported: [], unreadable: [] };
  const seen = new Set<string>();
  // folders by real path: a symbolic link back up the tree must not make the walk endless
  const folders = new Set<string>();
  const add = (path: string, synthetic: boolean) => {
    if (seen.has(path)) return;
    seen.add(path);
    if (MEDIA_TYPES[extname(path).toLowerCase()]) out.files.push({ path, synthetic });
    else out.unsupported.push(path);
  };

  async function walk(dir: string, synthetic: boolean): Promise<void> {
    let entries;
    try {
      const real = await realpath(dir);
      if (folders.has(real)) return;
      folders.add(real);
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      out.unreadable.push({ path: dir, reason: reasonOf(e) });
      return;
    }
    const marked = synthetic || entries.some((e) => e.name === SYNTHETIC_MARKER);
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, e.name);
      if (e.name === SYNTHETIC_MARKER) continue;
      if (e.isDirectory()) await walk(path, marked);
      else if (e.isFile()) add(path, marked);
      else if (e.isSymbolicLink()) await visit(path, marked);
    }
  }

  async function visit(path: string, synthetic: boolean): Promise<void> {
    try {
      const s = await stat(path);
      if (s.isDirectory()) await walk(path, synthetic);
      else if (s.isFile()) add(path, synthetic || existsSync(join(dirname(path), SYNTHETIC_MARKER)));
      else out.unreadable.push({ path, reason: "not a regular file or folder" });
    } catch (e) {
      out.unreadable.push({ path, reason: reasonOf(e) });
    }
  }

  for (const input of inputs) await visit(resolve(input), false);
  return out;
}

export function mediaTypeOf(path: string): string {
  return MEDIA_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

export function reasonOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or folder";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ELOOP") return "symbolic link loop";
  return (e as Error).message ?? String(e);
}
