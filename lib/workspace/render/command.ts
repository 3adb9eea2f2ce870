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

import { type CommandSpec, EXIT, exitCodeForSignal, parseCommandLine, usageError } from "../cli/args.ts";
import { removeAllConnectionFilesSync } from "../kernel/connection.ts";
import { killAllKernels } from "../kernel/process.ts";
import { stopAllRemoteKernels } from "../kernel/remote/kernel.ts";
import type { KernelServerSettings } from "../executor/remote-kernels.ts";
import { renderWorkspace, summarizeRender } from "./pipeline.ts";
import { thisMachineJobs } from "../executor/jobs.ts";

/**
 * Exit code of a run cancelled by Ctrl-C (128 + SIGINT); SIGTERM gives 143.
 *
 * @example
 * ```ts
 * if (result.cancelled) return CANCELLED_EXIT_CODE;
 * ```
 */
export const CANCELLED_EXIT_CODE = EXIT.interrupted;

/**
 * Exit code of a usage error.
 *
 * @example
 * ```ts
 * if (badFlag) return USAGE_EXIT_CODE;
 * ```
 */
export const USAGE_EXIT_CODE = EXIT.usage;

/**
 * The longest `--timeout` accepted, in seconds (a year): beyond it a number
 * is more likely a slip than a plan.
 *
 * @example
 * ```ts
 * MAX_TIMEOUT_SECONDS; // 31536000
 * ```
 */
export const MAX_TIMEOUT_SECONDS = 365 * 24 * 3600;

const OPTIONS = {
  force: { type: "boolean", help: "execute every notebook, ignoring the cache" },
  jobs: {
    type: "string",
    short: "j",
    value: "N",
    help: `kernels at once (default here: ${thisMachineJobs()}, twice the CPU cores, at most one per 512 MiB free)`,
  },
  timeout: {
    type: "string",
    value: "S",
    help: "time limit of each cell in seconds (default: the notebook's\nmetadata.claimbook.timeout, else 60)",
  },
  quiet: { type: "boolean", short: "q", help: "print only errors and the final summary" },
  "build-dir": {
    type: "string",
    value: "D",
    help:
      "where executed notebooks, the cache and the ledger go (default: _build);\nmust be new, empty, or a build folder claimbook made",
  },
  "kernel-server": {
    type: "string",
    value: "URL",
    help:
      "run the kernels on this Jupyter Server or Enterprise Gateway (token from\n$CLAIMBOOK_KERNEL_TOKEN or $JUPYTER_TOKEN); it must see this workspace",
  },
  "kernel-name": { type: "string", value: "NAME", help: "the kernelspec on the kernel server (default: deno)" },
  "kernel-workspace": {
    type: "string",
    value: "PATH",
    help:
      "where the kernel server sees this workspace: a folder under its root,\nor an absolute path (Enterprise Gateway); default: the server's root",
  },
} as const;

const SPECS = {
  run: {
    name: "run",
    synopsis: "[options] [notebook ...]",
    description: `Executes notebooks (all of notebooks/, or the ones named: a path or a name such
as korus-kei-2018), writes the executed copies to _build/notebooks/ and the
claim ledger to _build/claims.json. Up-to-date notebooks come from the cache.
Fails when a notebook fails or when a claim of the notebooks' documents has no
verdict, or several, or a verdict names an unknown claim.`,
    options: OPTIONS,
    positionals: { max: Infinity, name: "notebook" },
    footer: EXIT_STATUS(false),
  },
  render: {
    name: "render",
    synopsis: "[options]",
    description: `Executes every notebook (through the cache), writes the claim ledger, checks
it against data/documents.json, and writes the static site to _site/. When a
notebook fails or the ledger is wrong, the previous _site/ is left as it was.`,
    options: {
      ...OPTIONS,
      "site-dir": {
        type: "string",
        value: "D",
        help:
          "where the site goes (default: _site); must be new, empty,\nor a site claimbook built (it is replaced as a whole)",
      },
      "base-url": {
        type: "string",
        value: "URL",
        help:
          "the address the site is published at (https://…/): adds canonical,\nog: and twitter: tags and ClaimReview urls",
      },
    },
    footer: EXIT_STATUS(true),
  },
} satisfies Record<string, CommandSpec>;

function EXIT_STATUS(site: boolean): string {
  return `exit status: 0 done; 1 a notebook, the ledger${site ? " or the site" : ""} failed; 2 bad usage, or an output
folder that is not claimbook's; 130 stopped by Ctrl-C; 143 stopped by SIGTERM.`;
}

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
  const spec: CommandSpec = SPECS[command];
  const parsed = parseCommandLine(SPECS[command], args);
  if (typeof parsed === "number") return parsed;
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const text = (name: string) => values[name] as string | undefined;
  const jobs = text("jobs") === undefined ? undefined : positiveNumber(text("jobs")!, true);
  if (jobs === null) return usageError(spec, `--jobs needs a positive whole number, got "${text("jobs")}"`);
  const timeout = text("timeout") === undefined ? undefined : positiveNumber(text("timeout")!, false);
  if (timeout === null || (timeout !== undefined && timeout > MAX_TIMEOUT_SECONDS)) {
    return usageError(
      spec,
      `--timeout needs a positive number of seconds, at most ${MAX_TIMEOUT_SECONDS} (a year), got "${text("timeout")}"`,
    );
  }

  const baseUrl = text("base-url");
  if (baseUrl !== undefined && !isSiteAddress(baseUrl)) {
    return usageError(spec, `--base-url needs an absolute http(s) address with no query or fragment, got "${baseUrl}"`);
  }

  const kernelServer = kernelServerSettings(values);
  if (typeof kernelServer === "string") return usageError(spec, kernelServer);

  const controller = new AbortController();
  let stoppedBy: "SIGINT" | "SIGTERM" | undefined;
  const onSignal = (signal: "SIGINT" | "SIGTERM") => {
    const again = stoppedBy !== undefined;
    stoppedBy ??= signal;
    controller.abort();
    // A second signal: stop waiting for a clean shutdown.
    if (again) {
      killAllKernels();
      removeAllConnectionFilesSync();
      // Kernels on a kernel server are asked to stop, a second at most.
      void stopAllRemoteKernels(1000).finally(() => Deno.exit(exitCodeForSignal(stoppedBy!)));
    }
  };
  const onInterrupt = () => onSignal("SIGINT");
  const onTerminate = () => onSignal("SIGTERM");
  Deno.addSignalListener("SIGINT", onInterrupt);
  Deno.addSignalListener("SIGTERM", onTerminate);
  try {
    const result = await renderWorkspace({
      root: context.root,
      notebooks: parsed.positionals,
      force: values.force === true,
      quiet: values.quiet === true,
      jobs,
      timeout,
      site: command === "render",
      buildDir: text("build-dir"),
      siteDir: text("site-dir"),
      baseUrl,
      kernelServer,
      signal: controller.signal,
    });
    const summary = summarizeRender(result);
    for (const warning of summary.warnings) console.error(`⚠ ${warning}`);
    for (const error of summary.errors) console.error(`\n✘ ${error}`);
    if (summary.errors.length) console.error("");
    console.log(summary.text);
    if (result.refused) return result.refused.exitCode;
    if (result.cancelled) return exitCodeForSignal(stoppedBy ?? "SIGINT");
    return result.ok ? EXIT.ok : EXIT.failed;
  } catch (error) {
    killAllKernels();
    removeAllConnectionFilesSync();
    await stopAllRemoteKernels(5000);
    console.error(`claimbook ${command}: ${describeFailure(error)}`);
    return EXIT.failed;
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
    Deno.removeSignalListener("SIGTERM", onTerminate);
  }
}

/**
 * The kernel server named by `--kernel-server` (its token from the
 * environment), undefined without it, or the reason the flags are wrong.
 * The token never appears in a message.
 */
function kernelServerSettings(
  values: Record<string, string | boolean | undefined>,
): KernelServerSettings | undefined | string {
  const url = values["kernel-server"] as string | undefined;
  const name = values["kernel-name"] as string | undefined;
  const workspace = values["kernel-workspace"] as string | undefined;
  if (url === undefined) {
    if (name !== undefined || workspace !== undefined) {
      return `--${name !== undefined ? "kernel-name" : "kernel-workspace"} needs --kernel-server URL`;
    }
    return undefined;
  }
  let address: URL;
  try {
    address = new URL(url);
  } catch {
    return "--kernel-server needs an absolute http(s) address, e.g. http://127.0.0.1:8888/";
  }
  if (address.protocol !== "http:" && address.protocol !== "https:") {
    return `--kernel-server needs an http(s) address, got a ${address.protocol} one`;
  }
  if (address.search || address.hash || address.username || address.password) {
    return "--kernel-server takes the address alone (no query, fragment or credentials): put the token in " +
      "$CLAIMBOOK_KERNEL_TOKEN (or $JUPYTER_TOKEN)";
  }
  if (name !== undefined && !/^[\w.-]+$/.test(name)) return `--kernel-name takes a kernelspec name, got "${name}"`;
  const token = envValue("CLAIMBOOK_KERNEL_TOKEN") ?? envValue("JUPYTER_TOKEN");
  return { url, token, kernelName: name, workspace };
}

function envValue(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}

/** A file-system failure is a message (it names the path); anything else is a bug, shown with its stack. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const fileSystem = Object.values(Deno.errors).some((type) => error instanceof type) ||
    /\(os error \d+\)/.test(error.message);
  if (!fileSystem) return error.stack ?? error.message;
  const hint = /No space left|ENOSPC|quota/i.test(error.message)
    ? "free some disk space (or choose another --build-dir) and run again"
    : /read-only|denied|EACCES|EPERM|not permitted/i.test(error.message)
    ? "make the folder writable (or choose another --build-dir) and run again"
    : "check the path and run again";
  return `${error.message}; ${hint}. Files already in place were left as they were.`;
}

function positiveNumber(text: string, integer: boolean): number | null {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) return null;
  return value;
}

function isSiteAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && !url.search && !url.hash;
  } catch {
    return false;
  }
}
