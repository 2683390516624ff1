/**
 * The files an ingest run will read: every input path, folders walked recursively (sorted, so a run
 * is repeatable). Every entry met is accounted for: a file the parser reads, a file of another type
 * (unsupported, with the reason), or something that cannot be read (a FIFO, socket or device, a
 * dangling or looping symbolic link, a folder without permission…: unreadable, with the reason).
 * A folder holding the marker file SYNTHETIC_MARKER (written by generate-corpus) holds invented
 * reports: they are flagged so that they are never ingested as real ones by mistake.
 *
 * File names are bytes on Linux: a name that is not UTF-8 (GB18030 from an old archive, say) is read
 * through its raw bytes (`FoundFile.raw`) and shown with the bad bytes as \xNN.
 */
import { readdir, realpath, stat } from "node:fs/promises";
import { existsSync, type Dirent } from "node:fs";
import { extname, resolve, sep } from "node:path";
import { UNSUPPORTED_MSG } from "../parser/decode.js";

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

/** Why a file of an unsupported type is not read — the words `parse` uses for legacy Word/WPS files. */
export function unsupportedReason(path: string): string {
  const ext = extname(path).toLowerCase();
  if (ext === ".doc" || ext === ".wps") return UNSUPPORTED_MSG;
  return `not a file type the parser reads (${Object.keys(MEDIA_TYPES).join(" ")})`;
}

/** A path as found: `path` to show (and to read when `raw` is absent), `raw` the bytes of a non-UTF-8 path. */
export interface FoundPath {
  path: string;
  raw?: Buffer;
}

export interface FoundFile extends FoundPath {
  /** inside a folder marked as a generated (synthetic) corpus */
  synthetic: boolean;
}

export interface Discovery {
  files: FoundFile[];
  unsupported: FoundPath[];
  /** paths that do not exist or cannot be read, with the reason */
  unreadable: { path: string; reason: string }[];
}

export interface DiscoverOptions {
  /** real paths (symbolic links resolved) the walk may enter; a link leading elsewhere is reported, not followed */
  within?: string[];
}

type Where = string | Buffer;
const fsPath = (p: FoundPath): Where => p.raw ?? p.path;

/** A name's bytes as text, bytes that are not UTF-8 written \xNN. */
export function showName(bytes: Buffer): string {
  const text = bytes.toString("utf8");
  if (Buffer.from(text, "utf8").equals(bytes)) return text;
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const len = utf8Length(bytes, i);
    if (len) {
      out += bytes.subarray(i, i + len).toString("utf8");
      i += len;
    } else out += `\\x${bytes[i++].toString(16).padStart(2, "0")}`;
  }
  return out;
}

/** Length of the valid UTF-8 sequence at i, 0 when there is none. */
function utf8Length(b: Buffer, i: number): number {
  const c = b[i];
  const n = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
  if (!n || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  return Buffer.from(b.subarray(i, i + n).toString("utf8"), "utf8").equals(b.subarray(i, i + n)) ? n : 0;
}

function childOf(dir: FoundPath, name: Buffer): FoundPath {
  const text = name.toString("utf8");
  const clean = !dir.raw && Buffer.from(text, "utf8").equals(name);
  const path = dir.path.endsWith(sep)
    ? dir.path + (clean ? text : showName(name))
    : `${dir.path}${sep}${clean ? text : showName(name)}`;
  if (clean) return { path };
  const parent = dir.raw ?? Buffer.from(dir.path, "utf8");
  return { path, raw: Buffer.concat([parent, Buffer.from(parent.at(-1) === 0x2f ? "" : sep), name]) };
}

interface Kind {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}
function specialKind(e: Kind): string {
  return e.isFIFO()
    ? "a named pipe (FIFO)"
    : e.isSocket()
      ? "a socket"
      : e.isCharacterDevice() || e.isBlockDevice()
        ? "a device"
        : "not a regular file";
}

export async function discover(inputs: string[], options: DiscoverOptions = {}): Promise<Discovery> {
  const out: Discovery = { files: [], unsupported: [], unreadable: [] };
  const seen = new Set<string>();
  // folders by real path: a symbolic link back up the tree must not make the walk endless
  const folders = new Set<string>();
  const inside = (real: string) =>
    !options.within || options.within.some((r) => real === r || real.startsWith(r.endsWith(sep) ? r : r + sep));
  const add = (p: FoundPath, synthetic: boolean) => {
    const key = p.raw ? p.raw.toString("latin1") : p.path;
    if (seen.has(key)) return;
    seen.add(key);
    if (MEDIA_TYPES[extname(p.path).toLowerCase()]) out.files.push({ ...p, synthetic });
    else out.unsupported.push(p);
  };

  async function walk(dir: FoundPath, synthetic: boolean): Promise<void> {
    let entries: Dirent<Buffer>[];
    try {
      const real = await realpath(fsPath(dir));
      if (folders.has(real)) return;
      folders.add(real);
      entries = await readdir(fsPath(dir), { withFileTypes: true, encoding: "buffer" });
    } catch (e) {
      out.unreadable.push({ path: dir.path, reason: reasonOf(e) });
      return;
    }
    const marker = Buffer.from(SYNTHETIC_MARKER);
    const marked = synthetic || entries.some((e) => e.name.equals(marker));
    for (const e of entries.sort((a, b) => Buffer.compare(a.name, b.name))) {
      if (e.name.equals(marker)) continue;
      const p = childOf(dir, e.name);
      if (e.isDirectory()) await walk(p, marked);
      else if (e.isFile()) add(p, marked);
      else if (e.isSymbolicLink()) await visit(p, marked, true);
      else out.unreadable.push({ path: p.path, reason: `${specialKind(e)}: not read` });
    }
  }

  async function visit(p: FoundPath, synthetic: boolean, link: boolean): Promise<void> {
    try {
      const s = await stat(fsPath(p));
      if (options.within && !inside(await realpath(fsPath(p)))) {
        out.unreadable.push({
          path: p.path,
          reason: "a symbolic link to outside the folders this server ingests from: not followed",
        });
      } else if (s.isDirectory()) await walk(p, synthetic);
      else if (s.isFile()) add(p, synthetic || (!p.raw && existsSync(resolve(p.path, "..", SYNTHETIC_MARKER))));
      else out.unreadable.push({ path: p.path, reason: `${specialKind(s)}: not read` });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const reason = link && code === "ENOENT" ? "dangling symbolic link (its target does not exist)" : reasonOf(e);
      out.unreadable.push({ path: p.path, reason });
    }
  }

  for (const input of inputs) await visit({ path: resolve(input) }, false, false);
  return out;
}

export function mediaTypeOf(path: string): string {
  return MEDIA_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

/** The reason a file system error gives, in words and without the path (the caller names the file). */
export function reasonOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or folder";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ELOOP") return "symbolic link loop";
  if (code === "ENAMETOOLONG") return "file name too long";
  if (code === "EISDIR") return "a folder, not a file";
  if (code === "EIO") return "input/output error reading the file";
  if (typeof code === "string") return `cannot be read (${code})`;
  return (e as Error).message ?? String(e);
}
