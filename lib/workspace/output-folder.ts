/**
 * Which folders claimbook may write into and replace: only one that is
 * missing, empty, or that it made itself. Every site and build folder gets a
 * marker file, `.claimbook`, naming its kind; a folder without it (a data
 * folder, the notebooks, the repository, a folder of someone's files) is
 * never replaced or written into, whatever `--site-dir` or `--build-dir` says.
 * Folders written before markers existed are recognised by their content (a
 * site's `index.html` made by claimbook; a build's `cache.json`), and so is a
 * build folder that so far holds only the table cache `load()` writes
 * (`cache/tables/<sha256>.<schema>.arrow`, when a notebook or script loaded
 * data before the first render).
 *
 * @example
 * ```ts
 * const owner = await outputFolderState("/work/main/_site", "site");
 * if (owner.state === "foreign") throw new Error(owner.reason);
 * ```
 * @module
 */

import { join } from "node:path";

/** The kinds of output folder. */
export type OutputKind = "site" | "build";

/**
 * Name of the marker file in every output folder.
 *
 * @example
 * ```ts
 * join(siteDir, OUTPUT_MARKER); // ".../_site/.claimbook"
 * ```
 */
export const OUTPUT_MARKER = ".claimbook";

/** What a folder is, as an output folder of a given kind. */
export type OutputFolderState =
  | { state: "missing" }
  | { state: "empty" }
  | { state: "ours"; legacy: boolean }
  /** Not usable: `reason` says why, naming the folder. */
  | { state: "foreign"; reason: string };

/**
 * The marker file's text for a kind of folder.
 *
 * @example
 * ```ts
 * JSON.parse(markerText("site")).kind; // "site"
 * ```
 */
export function markerText(kind: OutputKind): string {
  return JSON.stringify(
    {
      madeBy: "claimbook",
      kind,
      note: `claimbook's ${kind} folder: rewritten ${
        kind === "site" ? "and replaced as a whole " : ""
      }by every render. Keep nothing else here.`,
    },
    null,
    2,
  ) + "\n";
}

/**
 * Whether a folder may be used as an output folder of this kind (see the module doc).
 *
 * @example
 * ```ts
 * (await outputFolderState("/work/main/data", "site")).state; // "foreign"
 * ```
 */
export async function outputFolderState(path: string, kind: OutputKind): Promise<OutputFolderState> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { state: "missing" };
    if (error instanceof Deno.errors.NotADirectory) {
      return { state: "foreign", reason: `part of the path ${path} is a file, not a folder; give a folder` };
    }
    throw error;
  }
  if (info.isSymlink) {
    return { state: "foreign", reason: `${path} is a symbolic link; give the folder it points to, or a new folder` };
  }
  if (!info.isDirectory) {
    return { state: "foreign", reason: `${path} is a file, not a folder; give a new or empty folder` };
  }
  const names: string[] = [];
  for await (const entry of Deno.readDir(path)) names.push(entry.name);
  if (names.length === 0) return { state: "empty" };
  if (names.includes(OUTPUT_MARKER)) {
    const marked = await readMarker(join(path, OUTPUT_MARKER));
    if (marked === kind) return { state: "ours", legacy: false };
    return {
      state: "foreign",
      reason: `${path} is claimbook's ${marked ?? "(unreadable marker)"} folder, not a ${kind} folder; ` +
        `give the ${kind} its own folder`,
    };
  }
  if (await isLegacyOutput(path, kind, names)) return { state: "ours", legacy: true };
  if (kind === "build" && await holdsOnlyTableCache(path, names)) return { state: "ours", legacy: false };
  return {
    state: "foreign",
    reason: `${path} holds files that claimbook did not write (${preview(names)}), and it would ${
      kind === "site" ? "replace the whole folder" : "write into it"
    }; give a new or empty folder, or one that claimbook built`,
  };
}

/**
 * Writes the marker into a folder (creating it), so that later runs recognise it.
 *
 * @example
 * ```ts
 * await markOutputFolder("/work/main/_build", "build");
 * ```
 */
export async function markOutputFolder(path: string, kind: OutputKind): Promise<void> {
  await Deno.mkdir(path, { recursive: true });
  const file = join(path, OUTPUT_MARKER);
  const text = markerText(kind);
  if ((await Deno.readTextFile(file).catch(() => "")) === text) return;
  await Deno.writeTextFile(file, text);
}

async function readMarker(file: string): Promise<string | undefined> {
  try {
    const json = JSON.parse(await Deno.readTextFile(file));
    return json?.madeBy === "claimbook" && typeof json.kind === "string" ? json.kind : undefined;
  } catch {
    return undefined;
  }
}

/** Output folders from before the marker: recognised by a file only claimbook writes. */
async function isLegacyOutput(path: string, kind: OutputKind, names: string[]): Promise<boolean> {
  const probe = kind === "site" ? "index.html" : "cache.json";
  if (!names.includes(probe)) return false;
  const head = await readHead(join(path, probe), 4096);
  return kind === "site"
    ? /<meta name="generator" content="claimbook">/.test(head) && names.includes("claims.json")
    : /"schema":\s*"claimbook\.cache\//.test(head);
}

/** Entries the table cache writes: `<sha256>.<schema key>.arrow`, and its temporary files. */
const TABLE_CACHE_ENTRY = /^[0-9a-f]{64}\.[0-9a-f]{16}\.arrow(\.\d+\.[0-9a-f]{8}\.tmp)?$/;

/** A build folder made by `load()`'s table cache alone: `cache/tables/` and nothing but its entries. */
async function holdsOnlyTableCache(path: string, names: string[]): Promise<boolean> {
  if (names.length !== 1 || names[0] !== "cache") return false;
  try {
    const cache = [];
    for await (const entry of Deno.readDir(join(path, "cache"))) cache.push(entry);
    if (cache.length !== 1 || cache[0].name !== "tables" || !cache[0].isDirectory) return false;
    for await (const entry of Deno.readDir(join(path, "cache", "tables"))) {
      if (!entry.isFile || !TABLE_CACHE_ENTRY.test(entry.name)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

async function readHead(file: string, bytes: number): Promise<string> {
  try {
    using handle = await Deno.open(file);
    const buffer = new Uint8Array(bytes);
    const read = await handle.read(buffer);
    return new TextDecoder().decode(buffer.subarray(0, read ?? 0));
  } catch {
    return "";
  }
}

function preview(names: string[]): string {
  const sorted = [...names].sort();
  return sorted.slice(0, 4).join(", ") + (sorted.length > 4 ? `, … ${sorted.length - 4} more` : "");
}
