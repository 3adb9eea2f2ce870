/**
 * The `run` and `render` commands: parse the flags, run the pipeline with a
 * progress display, stop every kernel on Ctrl-C or SIGTERM, print errors
 * (each naming its notebook and cell) and a summary, and return the exit
 * code.
 *
 * @example
 * ```ts
 * const code = await executeCommand("render", ["--jobs", "2"], { root: "/work/main" });
 * ```
 * @module
 */

import { parseArgs } from "node:util";
import { removeAllConnectionFilesSync } from "../kernel/connection.ts";
import { killAllKernels } from "../kernel/process.ts";
import { renderWorkspace, summariseRender } from "./pipeline.ts";

/**
 * Exit code of a run cancelled by a signal (128 + SIGINT).
 *
 * @example
 * ```ts
 * if (result.cancelled) return CANCELLED_EXIT_CODE;
 * ```
 */
export const CANCELLED_EXIT_CODE = 130;

/**
 * Exit code of a usage error.
 *
 * @example
 * ```ts
 * if (badFlag) return USAGE_EXIT_CODE;
 * ```
 */
export const USAGE_EXIT_CODE = 2;

const USAGE: Record<"run" | "render", string> = {
  run: `usage: deno task run [options] [notebook ...]

Executes notebooks (all of notebooks/, or the ones named: a path or a name such
as korus-kei-2018), writes the executed copies to _build/notebooks/ and the
claim ledger to _build/claims.json. Up-to-date notebooks come from the cache.
Fails when a notebook fails or when a claim of the notebooks' documents has no
verdict, or several, or a verdict names an unknown claim.`,
  render: `usage: deno task render [options]

Executes every notebook (through the cache), writes the claim ledger, checks
it against data/documents.json, and writes the static site to _site/. When a
notebook fails or the ledger is wrong, the previous _site/ is left as it was.`,
};

const OPTIONS_HELP = `
options:
  --force        execute every notebook, ignoring the cache
  --jobs N       kernels at once (default: ${navigator.hardwareConcurrency}, the number of CPU cores)
  --timeout S    time limit of each cell in seconds (default: the notebook's
                 metadata.claimbook.timeout, else 60)
  --quiet        print only errors and the final summary
  --build-dir D  where executed notebooks, the cache and the ledger go (default: _build)
  --site-dir D   where render writes the site (default: _site)
  --help         show this help`;

/** Where the command runs. */
export interface CommandContext {
  root: string;
}

/**
 * Runs `run` or `render` with command-line arguments; returns the exit code.
 *
 * @example
 * ```ts
 * Deno.exit(await executeCommand("run", Deno.args, { root: Deno.cwd() }));
 * ```
 */
export async function executeCommand(
  command: "run" | "render",
  args: string[],
  context: CommandContext,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        force: { type: "boolean", default: false },
        quiet: { type: "boolean", short: "q", default: false },
        jobs: { type: "string", short: "j" },
        timeout: { type: "string" },
        "build-dir": { type: "string" },
        "site-dir": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    console.error(`claimbook ${command}: ${(error as Error).message}\n\n${USAGE[command]}\n${OPTIONS_HELP}`);
    return USAGE_EXIT_CODE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(`${USAGE[command]}\n${OPTIONS_HELP}`);
    return 0;
  }
  if (command === "render" && positionals.length > 0) {
    console.error(
      `claimbook render: it renders every notebook; to execute some, use: deno task run ${positionals.join(" ")}`,
    );
    return USAGE_EXIT_CODE;
  }
  const jobs = values.jobs === undefined ? undefined : positiveNumber(values.jobs, "--jobs", true);
  const timeout = values.timeout === undefined ? undefined : positiveNumber(values.timeout, "--timeout", false);
  if (jobs === null || timeout === null) return USAGE_EXIT_CODE;

  const controller = new AbortController();
  let signals = 0;
  const onSignal = () => {
    signals++;
    controller.abort();
    // A second Ctrl-C: stop waiting for a clean shutdown.
    if (signals > 1) {
      killAllKernels();
      removeAllConnectionFilesSync();
      Deno.exit(CANCELLED_EXIT_CODE);
    }
  };
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  try {
    const result = await renderWorkspace({
      root: context.root,
      notebooks: positionals,
      force: values.force,
      quiet: values.quiet,
      jobs,
      timeout,
      site: command === "render",
      buildDir: values["build-dir"],
      siteDir: values["site-dir"],
      signal: controller.signal,
    });
    const summary = summariseRender(result);
    for (const error of summary.errors) console.error(`\n✘ ${error}`);
    if (summary.errors.length) console.error("");
    console.log(summary.text);
    if (result.cancelled) return CANCELLED_EXIT_CODE;
    return result.ok ? 0 : 1;
  } catch (error) {
    killAllKernels();
    removeAllConnectionFilesSync();
    console.error(`claimbook ${command}: ${(error as Error).stack ?? error}`);
    return 1;
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
  }
}

function positiveNumber(text: string, flag: string, integer: boolean): number | null {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    console.error(`claimbook: ${flag} needs a positive ${integer ? "whole number" : "number"}, got "${text}"`);
    return null;
  }
  return value;
}
