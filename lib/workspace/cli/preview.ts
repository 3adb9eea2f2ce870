/**
 * `deno task preview`: serves `_site/` on http://127.0.0.1:8000/, watches
 * `notebooks/`, `lib/` and `data/`, re-renders on change (only what changed
 * runs again, through the executor's cache) and reloads open pages. After a
 * change to `lib/workspace/` (the executor or this renderer) the render runs
 * in a fresh process, so the new code is the code that runs. Flags:
 * `--port N`, `--jobs N`, `--force` (first render ignores the cache),
 * `--no-render` (serve and watch, without a first render), `--help`.
 *
 * @module
 */

import { join, relative } from "node:path";
import { renderWorkspace, summarizeRender } from "../render/pipeline.ts";
import stripAnsi from "strip-ansi";
import { type PreviewRender, type PreviewRenderOutcome, startPreview } from "../site/preview/preview.ts";
import { type CommandSpec, EXIT, parseCommandLine, usageError, workspaceRoot } from "./args.ts";

const ROOT = workspaceRoot();

const SPEC = {
  name: "preview",
  synopsis: "[options]",
  description: `Serves _site/ on http://127.0.0.1:8000/ (this machine only), renders once,
then watches notebooks/, lib/ and data/: on a change it renders again (only
what changed is executed again, through the cache) and reloads the pages open
in your browser. A failed render keeps the previous site and shows why.`,
  options: {
    port: { type: "string", value: "N", help: "port to serve on (default 8000)" },
    jobs: { type: "string", value: "N", help: "kernels at once (default: CPU cores)" },
    force: { type: "boolean", help: "first render ignores the cache" },
    "no-render": { type: "boolean", help: "serve and watch, without rendering at start" },
  },
} satisfies CommandSpec;

/** `deno task render --quiet` in a child process, so that changed renderer code is the code that runs. */
async function renderInSubprocess(jobs: number | undefined, signal: AbortSignal): Promise<PreviewRenderOutcome> {
  const args = ["run", "-A", join(ROOT, "main.ts"), "render", "--quiet", ...(jobs ? ["--jobs", String(jobs)] : [])];
  const child = new Deno.Command(Deno.execPath(), { args, cwd: ROOT, stdout: "piped", stderr: "piped", signal });
  const { code, stdout, stderr } = await child.output();
  const lines = (bytes: Uint8Array) => stripAnsi(new TextDecoder().decode(bytes)).split("\n").filter((l) => l.trim());
  const out = lines(stdout);
  return {
    ok: code === 0,
    summary: `${out[out.length - 1] ?? `render exited with code ${code}`} (in a fresh process: lib/workspace/ changed)`,
    problems: code === 0 ? [] : lines(stderr).filter((line) => !line.includes('"deno jupyter" is unstable')),
  };
}

/**
 * Runs the preview until Ctrl-C; returns the exit code (0, or 1 when the
 * server cannot start, 2 on a usage error).
 *
 * @example
 * ```ts
 * await main(["--port", "8080"]);
 * ```
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const port = values.port === undefined ? 8000 : Number(values.port);
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return usageError(SPEC, `--port must be a port number, got "${values.port}"`);
  }
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs > 0)) {
    return usageError(SPEC, `--jobs must be a positive whole number, got "${values.jobs}"`);
  }

  const render: PreviewRender = async ({ initial, changed, signal }) => {
    // The renderer's own modules are loaded once in this process; after they change, a fresh process renders.
    if (changed.some((path) => path.startsWith("lib/workspace/"))) return renderInSubprocess(jobs, signal);
    // The whole workspace every time: the cache skips notebooks whose sources, lib modules and data did not change.
    const result = await renderWorkspace({ root: ROOT, force: initial && values.force, jobs, quiet: !initial, signal });
    const { text, errors, warnings } = summarizeRender(result);
    return { ok: result.ok, summary: [text, ...warnings.map((w) => `⚠ ${w}`)].join("\n"), problems: errors };
  };

  let preview;
  try {
    preview = startPreview({ root: ROOT, port, render, initialRender: !values["no-render"] });
  } catch (error) {
    const reason = error instanceof Deno.errors.AddrInUse ? `port ${port} is in use; pass --port N` : String(error);
    console.error(`preview: cannot serve: ${reason}`);
    return EXIT.failed;
  }
  console.log(
    `preview: serving ${join(ROOT, "_site")} at ${preview.url}\n` +
      `preview: watching ${preview.watching.map((f) => `${relative(ROOT, f)}/`).join(", ")} (Ctrl-C to stop)`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    Deno.addSignalListener("SIGINT", stop);
    if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", stop);
  });
  console.log("\npreview: stopping (a running render is cancelled; the previous site stays)");
  await preview.close();
  return EXIT.ok;
}
