/**
 * The preview loop: serve the site, watch the workspace, re-render on a
 * change and tell open pages to reload. Rendering is injected (the command
 * passes the executor's `renderWorkspace`, which re-runs only what changed
 * through its cache), so the loop can be tested without kernels.
 *
 * @module
 */

import { join } from "node:path";
import { type PreviewServer, startPreviewServer } from "./server.ts";
import { watchWorkspace } from "./watch.ts";

/** What a render reports back to the preview. */
export interface PreviewRenderOutcome {
  /** The site was rebuilt. */
  ok: boolean;
  /** One line for the terminal. */
  summary: string;
  /** Why it failed, each naming its notebook (and cell). */
  problems: string[];
}

/** Renders the workspace; `signal` aborts it when newer changes arrive. */
export type PreviewRender = (request: {
  /** Paths that changed, relative to the root (empty for the first render). */
  changed: string[];
  /** The first render, when the preview starts. */
  initial: boolean;
  signal: AbortSignal;
}) => Promise<PreviewRenderOutcome>;

/** How to preview. */
export interface PreviewOptions {
  /** Workspace root. */
  root: string;
  /** Site folder (default `<root>/_site`). */
  siteDir?: string;
  /** Port (default 8000; 0 picks a free one). */
  port?: number;
  render: PreviewRender;
  /** Folders to watch, relative to the root (default notebooks, lib, data). */
  watch?: string[];
  /** Render once at start (default true). */
  initialRender?: boolean;
  /** Quiet time after the last change before rendering (default 200 ms). */
  debounceMs?: number;
  /** Where progress lines go (default console.log). */
  log?: (line: string) => void;
}

/** A running preview. */
export interface Preview {
  url: string;
  server: PreviewServer;
  /** Folders being watched. */
  watching: string[];
  /** Resolves when no render is running or queued. */
  idle(): Promise<void>;
  /** Stops watching, aborts a running render, closes the server. */
  close(): Promise<void>;
}

/** Folders watched by default: what notebooks are made of. */
export const WATCHED_FOLDERS: readonly string[] = ["notebooks", "lib", "data"];

/**
 * Starts the preview.
 *
 * @example
 * ```ts
 * const preview = startPreview({ root, port: 0, render: async () => ({ ok: true, summary: "ok", problems: [] }) });
 * console.log(preview.url);
 * await preview.close();
 * ```
 */
export function startPreview(options: PreviewOptions): Preview {
  const log = options.log ?? ((line: string) => console.log(line));
  const siteDir = options.siteDir ?? join(options.root, "_site");
  const server = startPreviewServer({ siteDir, port: options.port });
  const pending = new Set<string>();
  let initial = options.initialRender !== false;
  let running: Promise<void> | undefined;
  let controller: AbortController | undefined;
  let closed = false;

  const loop = async () => {
    while (!closed && (initial || pending.size > 0)) {
      const changed = [...pending].sort();
      pending.clear();
      const first = initial;
      initial = false;
      controller = new AbortController();
      const what = first ? "first render" : describeChange(changed);
      server.notify("rendering", what);
      log(`preview: ${what}; rendering…`);
      let outcome: PreviewRenderOutcome;
      try {
        outcome = await options.render({ changed, initial: first, signal: controller.signal });
      } catch (error) {
        outcome = { ok: false, summary: "✘ render crashed", problems: [(error as Error).stack ?? String(error)] };
      }
      if (closed) return;
      if (controller.signal.aborted && pending.size > 0) {
        log("preview: newer changes arrived; rendering again");
        continue;
      }
      log(`preview: ${outcome.summary}`);
      for (const problem of outcome.problems) log(`  ${problem.replaceAll("\n", "\n  ")}`);
      if (outcome.ok) server.notify("reload");
      else server.notify("failed", outcome.problems.join("\n") || outcome.summary);
    }
  };
  const schedule = () => {
    if (closed) return;
    if (running) {
      // A render of older sources is wasted work: stop it; the loop starts again with everything pending.
      controller?.abort();
      return;
    }
    running = loop().finally(() => {
      running = undefined;
      if (!closed && pending.size > 0) schedule();
    });
  };

  const watcher = watchWorkspace({
    root: options.root,
    folders: (options.watch ?? WATCHED_FOLDERS).map((folder) => join(options.root, folder)),
    debounceMs: options.debounceMs,
    onChange(paths) {
      for (const path of paths) pending.add(path);
      schedule();
    },
  });
  if (initial) schedule();

  return {
    url: server.url,
    server,
    watching: watcher.folders,
    idle: async () => {
      while (running) await running;
    },
    async close() {
      closed = true;
      watcher.close();
      controller?.abort();
      await running;
      await server.close();
    },
  };
}

function describeChange(paths: string[]): string {
  const shown = paths.slice(0, 3).join(", ");
  return paths.length > 3 ? `${shown} and ${paths.length - 3} more changed` : `${shown} changed`;
}
