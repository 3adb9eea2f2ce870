/**
 * Kernels for notebooks on a kernel server (`render --kernel-server URL`).
 * The server must see this workspace — the same files, e.g. on a shared
 * file system — since a notebook imports `@lib/` and reads `data/` from
 * its own folder. Each kernel:
 *
 * - starts in the notebook's folder as the server sees it: Jupyter
 *   Server's `path`, the folder relative to the server's root (the
 *   workspace, or `workspace` under it); with an absolute `workspace`
 *   (Enterprise Gateway, whose kernels start where `KERNEL_WORKING_DIR`
 *   says), that variable;
 * - gets the executor's environment (`CLAIMBOOK_DATA_DIR`, …) by a first
 *   request that sets it, paths inside the workspace made relative to the
 *   kernel's folder; the same request checks that the kernel sees this
 *   workspace's `deno.json` (by SHA-256) and says what to do when not;
 * - reports its catalog reads at the end, by a last request, since its
 *   file system need not be this one.
 *
 * @example
 * ```ts
 * const start = remoteKernelStarter({ server, root: "/work/main" });
 * const { kernel, reads } = await start({ cwd: "/work/main/notebooks", env: { CLAIMBOOK_DATA_DIR: "/work/main/data" } });
 * ```
 * @module
 */

import { isAbsolute, join, posix, relative } from "node:path";
import { KernelStartError } from "../kernel/errors.ts";
import type { WebSocketFormat } from "../kernel/remote/channels.ts";
import { type RemoteKernel, startRemoteKernel } from "../kernel/remote/kernel.ts";
import { KernelServer } from "../kernel/remote/server.ts";
import type { JupyterMessage } from "../kernel/wire.ts";
import type { RecordedRead } from "./execute.ts";
import type { KernelStartOptions, NotebookKernel } from "./kernels.ts";

/** Where and how notebooks' kernels run on a kernel server. */
export interface RemoteKernelsOptions {
  /** The server, opened (token checked). */
  server: KernelServer;
  /** Kernelspec name on the server (default `deno`). */
  kernelName?: string;
  /**
   * Where the server sees this workspace: a folder relative to its root
   * (default `""`: the server's root is the workspace), or an absolute path
   * (sent as `KERNEL_WORKING_DIR`, for Enterprise Gateway).
   */
  workspace?: string;
  /** WebSocket format (default `"auto"`). */
  format?: WebSocketFormat;
}

/** A kernel server as the command line names it. */
export interface KernelServerSettings {
  /** The server's http(s) address (`--kernel-server`). */
  url: string;
  /** Its token (from `$CLAIMBOOK_KERNEL_TOKEN` or `$JUPYTER_TOKEN`; never printed). */
  token?: string;
  /** Kernelspec name (`--kernel-name`, default `deno`). */
  kernelName?: string;
  /** Where the server sees this workspace (`--kernel-workspace`). */
  workspace?: string;
  /** WebSocket format (default `"auto"`). */
  format?: WebSocketFormat;
}

/**
 * Opens the kernel server once, before any kernel starts: it must answer
 * with the token and have the kernelspec. Throws a `KernelServerError`
 * saying what to do otherwise (one request: a refused token is not tried
 * again by every notebook).
 *
 * @example
 * ```ts
 * const kernelServer = await connectKernelServer({ url: "http://127.0.0.1:8888", token });
 * await runNotebooks({ root, kernelServer });
 * ```
 */
export async function connectKernelServer(settings: KernelServerSettings): Promise<RemoteKernelsOptions> {
  const server = await KernelServer.open({ url: settings.url, token: settings.token });
  await server.kernelspec(settings.kernelName ?? "deno");
  return { server, kernelName: settings.kernelName, workspace: settings.workspace, format: settings.format };
}

/** MIME type of the preamble's answer. */
const PREAMBLE_MIME = "application/vnd.claimbook.kernel-check+json";
/** MIME type of the catalog reads' answer. */
const READS_MIME = "application/vnd.claimbook.reads+json";
/** Limit of the preamble and of the reads request. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A kernel starter for {@link KernelWarmer} that starts kernels on the
 * server (see the module doc).
 *
 * @example
 * ```ts
 * new KernelWarmer({ cwd, env, start: remoteKernelStarter({ server, root }) });
 * ```
 */
export function remoteKernelStarter(
  options: RemoteKernelsOptions & { root: string },
): (start: KernelStartOptions) => Promise<NotebookKernel> {
  return (start) => startRemoteNotebookKernel(options, start);
}

async function startRemoteNotebookKernel(
  remote: RemoteKernelsOptions & { root: string },
  start: KernelStartOptions,
): Promise<NotebookKernel> {
  const inWorkspace = relative(remote.root, start.cwd);
  if (inWorkspace.startsWith("..") || isAbsolute(inWorkspace)) {
    throw new KernelStartError(
      `${start.cwd} is outside the workspace ${remote.root}; a kernel server sees the workspace only: ` +
        `keep the notebooks (and --build-dir's scratch notebooks) inside it`,
      "",
    );
  }
  const folder = inWorkspace.split(/[\\/]/).filter(Boolean).join("/");
  const workspace = remote.workspace ?? "";
  const absolute = workspace.startsWith("/");
  const kernel = await startRemoteKernel({
    server: remote.server,
    name: remote.kernelName,
    path: absolute ? undefined : posix.join(workspace, folder),
    env: absolute ? { KERNEL_WORKING_DIR: posix.join(workspace, folder) } : undefined,
    format: remote.format,
    startTimeoutMs: start.startTimeoutMs ?? 120_000,
    signal: start.signal,
  });
  try {
    await prepareKernel(kernel, remote.root, start);
  } catch (error) {
    await kernel.shutdown();
    throw error;
  }
  return { kernel, reads: () => remoteReads(kernel) };
}

/** Sets the environment and checks that the kernel sees this workspace. */
async function prepareKernel(kernel: RemoteKernel, root: string, start: KernelStartOptions): Promise<void> {
  const env: Record<string, string> = {};
  const relativeEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(start.env ?? {})) {
    const inside = isAbsolute(value) ? relative(root, value) : undefined;
    if (inside !== undefined && !inside.startsWith("..") && !isAbsolute(inside)) {
      relativeEnv[name] = relative(start.cwd, value).split(/[\\/]/).join("/");
    } else env[name] = value;
  }
  const denoJson = join(root, "deno.json");
  const check = {
    file: relative(start.cwd, denoJson).split(/[\\/]/).join("/"),
    sha256: await sha256File(denoJson),
  };
  const code = `{
  const claimbook = ${JSON.stringify({ env, relativeEnv, check })};
  const here = Deno.cwd();
  for (const [name, value] of Object.entries(claimbook.env)) Deno.env.set(name, value);
  for (const [name, value] of Object.entries(claimbook.relativeEnv)) Deno.env.set(name, value ? here + "/" + value : here);
  let found = null;
  try {
    const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(claimbook.check.file));
    found = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  } catch (_) { /* missing */ }
  await Deno.jupyter.display({ ${JSON.stringify(PREAMBLE_MIME)}: { cwd: here, found } }, { raw: true });
}`;
  const answer = await ask<{ cwd: string; found: string | null }>(kernel, code, PREAMBLE_MIME, start.signal);
  if (!answer) {
    throw new KernelStartError(`the kernel on ${kernel.server.address} did not answer claimbook's set-up request`, "");
  }
  if (check.sha256 !== undefined && answer.found !== check.sha256) {
    const what = answer.found === null ? "is missing" : `differs from ${denoJson}`;
    throw new KernelStartError(
      `the kernel server at ${kernel.server.address} does not see this workspace: its kernel started in ` +
        `${answer.cwd}, where ${check.file} ${what}. Serve this workspace from the server (its root folder, ` +
        `e.g. on a shared file system), or pass --kernel-workspace with where it lies under the server's root`,
      "",
    );
  }
}

/** The catalog reads the kernel recorded in memory (`catalogReads()` of the catalog it loaded). */
async function remoteReads(kernel: RemoteKernel): Promise<RecordedRead[]> {
  if (!kernel.process.running) return [];
  const code = `{
  let reads = [];
  try { reads = (await import("@lib/analysis/catalog/reads.ts")).catalogReads(); } catch (_) { /* no catalog */ }
  await Deno.jupyter.display({ ${JSON.stringify(READS_MIME)}: { reads } }, { raw: true });
}`;
  try {
    const answer = await ask<{ reads: RecordedRead[] }>(kernel, code, READS_MIME);
    const byPath = new Map<string, RecordedRead>();
    for (const read of answer?.reads ?? []) {
      if (typeof read?.path === "string" && typeof read.sha256 === "string") byPath.set(read.path, read);
    }
    return [...byPath.values()];
  } catch {
    return []; // the kernel died: the notebook failed and is not cached
  }
}

/** Runs a request of claimbook's own (not counted in the notebook's history) and returns the value it displayed. */
async function ask<T>(kernel: RemoteKernel, code: string, mime: string, signal?: AbortSignal): Promise<T | undefined> {
  let value: T | undefined;
  const onIopub = (message: JupyterMessage) => {
    const data = message.content.data as Record<string, unknown> | undefined;
    if (message.header.msg_type === "display_data" && data?.[mime]) value = data[mime] as T;
  };
  const outcome = await kernel.execute(code, {
    storeHistory: false,
    stopOnError: false,
    timeoutMs: REQUEST_TIMEOUT_MS,
    signal,
    onIopub,
  });
  await kernel.settle();
  if (outcome.reply.status !== "ok") {
    throw new KernelStartError(
      `claimbook's request to the kernel failed: ${outcome.reply.ename ?? "Error"}: ${outcome.reply.evalue ?? ""}`,
      "",
    );
  }
  return value;
}

async function sha256File(path: string): Promise<string | undefined> {
  try {
    const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  } catch {
    return undefined;
  }
}
