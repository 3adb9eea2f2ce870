/**
 * Content hashes for the cache, without re-reading files that have not
 * changed: a file's SHA-256 is remembered with its size and modification
 * time, and reused while both are the same. Stamps younger than two seconds
 * are not trusted (a write in the same clock tick would go unseen).
 *
 * @example
 * ```ts
 * const hasher = new FileHasher({});
 * const sha = await hasher.hash("/work/main/deno.json");
 * ```
 * @module
 */

import { createHash } from "node:crypto";
import { join, relative } from "node:path";

/** What is remembered about one file. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** Stamps younger than this are re-hashed next time. */
const RACY_MS = 2000;

/**
 * Hashes files, reusing remembered stamps.
 *
 * @example
 * ```ts
 * const hasher = new FileHasher({});
 * await hasher.hash("deno.json"); // hex SHA-256
 * ```
 */
export class FileHasher {
  /** Stamps by absolute path, updated as files are hashed (persist them with the cache). */
  readonly stamps: Record<string, FileStamp>;
  /** Whether any stamp was added, changed or dropped. */
  dirty = false;
  #pending = new Map<string, Promise<string | undefined>>();

  constructor(stamps: Record<string, FileStamp>) {
    this.stamps = stamps;
  }

  /** SHA-256 (hex) of a file's bytes, or undefined when it does not exist. */
  hash(path: string): Promise<string | undefined> {
    let pending = this.#pending.get(path);
    if (!pending) {
      pending = this.#hash(path);
      this.#pending.set(path, pending);
    }
    return pending;
  }

  async #hash(path: string): Promise<string | undefined> {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch {
      if (this.stamps[path]) {
        delete this.stamps[path];
        this.dirty = true;
      }
      return undefined;
    }
    const mtimeMs = info.mtime?.getTime() ?? 0;
    const known = this.stamps[path];
    if (known && known.size === info.size && known.mtimeMs === mtimeMs) return known.sha256;
    const sha256 = sha256Hex(await Deno.readFile(path));
    if (Date.now() - mtimeMs > RACY_MS) this.stamps[path] = { size: info.size, mtimeMs, sha256 };
    else delete this.stamps[path];
    this.dirty = true;
    return sha256;
  }
}

/**
 * SHA-256 of bytes or text, hex.
 *
 * @example
 * ```ts
 * sha256Hex("abc").slice(0, 8); // "ba7816bf"
 * ```
 */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Every file under a folder, recursively, as sorted absolute paths (an
 * absent folder has none).
 *
 * @example
 * ```ts
 * (await listFiles("/work/main/lib")).length > 0; // true
 * ```
 */
export async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(folder));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    await Promise.all(entries.map(async (entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile) files.push(path);
    }));
  };
  await walk(dir);
  return files.sort();
}

/**
 * One hash over a set of files (their paths relative to `root`, and their
 * contents), plus any extra strings. Missing files count as "absent".
 *
 * @example
 * ```ts
 * await combinedHash(hasher, "/work/main", ["/work/main/deno.json"], ["deno 2.9.6"]);
 * ```
 */
export async function combinedHash(
  hasher: FileHasher,
  root: string,
  files: readonly string[],
  extra: readonly string[] = [],
): Promise<string> {
  const hashes = await Promise.all(files.map((file) => hasher.hash(file)));
  const lines = files.map((file, i) => `${relative(root, file)}\0${hashes[i] ?? "absent"}`);
  return sha256Hex([...extra, ...lines].join("\n"));
}
