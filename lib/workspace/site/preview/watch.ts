/**
 * Watching the workspace for the preview: `Deno.watchFs` on `notebooks/`,
 * `lib/` and `data/`, with editor and Jupyter litter ignored and bursts of
 * events (a save writes several times) gathered into one change.
 *
 * @module
 */

import { relative, sep } from "node:path";

/** What to watch and whom to tell. */
export interface WatchOptions {
  /** Workspace root (changed paths are reported relative to it). */
  root: string;
  /** Absolute folders to watch; missing ones are skipped. */
  folders: string[];
  /** Quiet time before a change is reported (default 200 ms). */
  debounceMs?: number;
  /** Called with the changed paths, relative to the root, sorted. */
  onChange(paths: string[]): void;
}

/** A running watcher. */
export interface Watcher {
  /** Folders actually watched. */
  folders: string[];
  close(): void;
}

/**
 * Whether a changed path is litter rather than a change to the workspace:
 * hidden files and folders (`.ipynb_checkpoints/`, `.git`), editor swap and
 * backup files, temporary files.
 *
 * @example
 * ```ts
 * isIgnoredChange("notebooks/.ipynb_checkpoints/x-checkpoint.ipynb"); // true
 * isIgnoredChange("notebooks/korus-kei-2018.ipynb"); // false
 * ```
 */
export function isIgnoredChange(path: string): boolean {
  const parts = path.split(/[\\/]/);
  const name = parts[parts.length - 1];
  return parts.some((part) => part.startsWith(".") && part !== "." && part !== "..") ||
    /~$|\.(swp|swx|swo|tmp|bak|crdownload)$|^4913$|^#.*#$/.test(name) || parts.includes("node_modules");
}

/**
 * Starts watching.
 *
 * @example
 * ```ts
 * const watcher = watchWorkspace({ root, folders: [`${root}/notebooks`], onChange: (paths) => console.log(paths) });
 * watcher.close();
 * ```
 */
export function watchWorkspace(options: WatchOptions): Watcher {
  const folders = options.folders.filter((folder) => {
    try {
      return Deno.statSync(folder).isDirectory;
    } catch {
      return false;
    }
  });
  if (folders.length === 0) return { folders, close: () => {} };
  const watcher = Deno.watchFs(folders, { recursive: true });
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const paths = [...pending].sort();
    pending.clear();
    if (paths.length > 0) options.onChange(paths);
  };
  (async () => {
    try {
      for await (const event of watcher) {
        if (event.kind === "access" || event.kind === "other") continue;
        for (const path of event.paths) {
          const rel = relative(options.root, path).split(sep).join("/");
          if (!isIgnoredChange(rel)) pending.add(rel);
        }
        if (pending.size === 0) continue;
        clearTimeout(timer);
        timer = setTimeout(flush, options.debounceMs ?? 200);
      }
    } catch {
      // The watcher was closed.
    }
  })();
  return {
    folders,
    close() {
      clearTimeout(timer);
      try {
        watcher.close();
      } catch {
        // Already closed.
      }
    },
  };
}
