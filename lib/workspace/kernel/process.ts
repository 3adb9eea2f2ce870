/**
 * The kernel as an operating-system process: `deno jupyter --kernel --conn FILE`
 * started with the notebook's folder as working directory, its stderr kept
 * (the last few kilobytes) for error messages, and a registry of live
 * kernels so that Ctrl-C can stop every one of them.
 *
 * No kernel outlives claimbook, however claimbook ends (Ctrl-C, `kill -9`,
 * the OOM killer): on Unix each kernel runs in a process group of its own
 * under a watchdog, a few lines of `sh` that hold a pipe from claimbook.
 * The pipe closes when claimbook closes it or dies; the watchdog then deletes
 * the kernel's connection folder (its signing key) and kills the whole group:
 * the kernel and every process a cell started in the background. The
 * watchdog `exec`s the kernel, so the pid we hold is the kernel's.
 *
 * @example
 * ```ts
 * const kernel = spawnKernelProcess({ connectionFile: "/tmp/…/connection.json", cwd: "notebooks" });
 * kernel.kill();
 * await kernel.exited;
 * ```
 * @module
 */

import { type ChildProcess, spawn } from "node:child_process";
import { constants } from "node:os";
import process from "node:process";
import { basename, dirname } from "node:path";

/** How to start a kernel process. */
export interface KernelProcessOptions {
  /** Path of the connection file. */
  connectionFile: string;
  /** Working directory: the notebook's folder, so that its `deno.json` is found. */
  cwd: string;
  /** Extra environment variables (added to this process's environment). */
  env?: Record<string, string>;
  /** The deno executable (default: the one running this code). */
  denoPath?: string;
}

/**
 * The watchdog: `sh -c WATCHDOG watchdog <private folder> <kernel command…>`.
 * fd 3 keeps claimbook's pipe; the kernel gets /dev/null and not the pipe.
 * The folder is removed only when it is one of ours (`claimbook-kernel-…`).
 */
const WATCHDOG = `exec 3<&0 </dev/null
dir=$1
shift
{
  cat <&3 >/dev/null 2>&1
  case "$dir" in */claimbook-kernel-*) rm -rf -- "$dir" ;; esac
  kill -KILL 0
} &
exec "$@" 3<&-`;

/** Bytes of stderr kept for error messages. */
const STDERR_TAIL_BYTES = 8 * 1024;

const live = new Set<KernelProcess>();

/**
 * A running (or exited) kernel process.
 *
 * @example
 * ```ts
 * const kernel = spawnKernelProcess({ connectionFile: file.path, cwd: "notebooks" });
 * kernel.kill();
 * await kernel.exited;
 * ```
 */
export class KernelProcess {
  readonly pid: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<Deno.CommandStatus>;
  /** Whether the kernel runs in a process group of its own, under the watchdog. */
  readonly grouped: boolean;
  #child: ChildProcess;
  #status: Deno.CommandStatus | undefined;
  #stderr = new Uint8Array(0);

  constructor(options: KernelProcessOptions) {
    const deno = options.denoPath ?? Deno.execPath();
    const kernelArgs = ["jupyter", "--kernel", "--conn", options.connectionFile];
    this.grouped = Deno.build.os !== "windows";
    const env = { ...Deno.env.toObject(), ...options.env };
    this.#child = this.grouped
      ? spawn(
        "sh",
        ["-c", WATCHDOG, "claimbook-kernel-watchdog", dirname(options.connectionFile), deno, ...kernelArgs],
        {
          cwd: options.cwd,
          env,
          detached: true,
          stdio: ["pipe", "ignore", "pipe"],
        },
      )
      : spawn(deno, kernelArgs, { cwd: options.cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    const spawned = new Promise<void>((resolve, reject) => {
      this.#child.once("spawn", resolve);
      this.#child.once("error", reject);
    });
    this.#child.stdin?.on("error", () => {}); // the watchdog's pipe: never written, closed on exit
    this.#child.stderr?.on("data", (chunk: Uint8Array) => this.#keepStderrTail(chunk));
    this.#child.stderr?.on("error", () => {});
    const stderrEnded = new Promise<void>((resolve) => {
      if (!this.#child.stderr) return resolve();
      this.#child.stderr.once("end", resolve);
      this.#child.stderr.once("close", resolve);
    });
    this.pid = this.#child.pid ?? -1;
    if (this.pid === -1) throw new Error(`cannot start ${basename(deno)} jupyter --kernel`);
    live.add(this);
    this.exited = new Promise<Deno.CommandStatus>((resolve) => {
      const finish = async (code: number | null, signal: NodeJS.Signals | null) => {
        const status: Deno.CommandStatus = {
          success: code === 0,
          code: code ?? 128 + (signal ? constants.signals[signal] ?? 0 : 0),
          signal: (signal ?? null) as Deno.Signal | null,
        };
        this.#status = status;
        live.delete(this);
        // The kernel is gone: let the watchdog end whatever its cells left running, and delete its folder.
        this.#child.stdin?.destroy();
        // Let the last stderr bytes arrive, but never hang on a pipe inherited by a grandchild.
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([stderrEnded, new Promise((wake) => (timer = setTimeout(wake, 200)))]);
        clearTimeout(timer);
        resolve(status);
      };
      this.#child.once("exit", finish);
      spawned.catch(() => finish(127, null));
    });
  }

  /** Whether the process is still running. */
  get running(): boolean {
    return this.#status === undefined;
  }

  /** The exit status, once exited. */
  get status(): Deno.CommandStatus | undefined {
    return this.#status;
  }

  /** The last lines written to stderr (without Deno's "unstable" warning). */
  stderrTail(): string {
    const text = new TextDecoder().decode(this.#stderr);
    return text
      .split("\n")
      .filter((line) => !/deno jupyter.*unstable|unstable.*deno jupyter/i.test(line))
      .join("\n")
      .trim();
  }

  /** CPU time the process has used so far, in clock ticks (undefined where /proc cannot be read). */
  cpuTicks(): number | undefined {
    return cpuTicks(this.pid);
  }

  /**
   * Waits until the process has used no CPU for `quietMs` (at most `maxMs`
   * in all); returns whether it did. Where the CPU time cannot be read
   * (no /proc), returns true at once.
   */
  async cpuQuiet(quietMs: number, maxMs: number): Promise<boolean> {
    const started = performance.now();
    let last = cpuTicks(this.pid);
    if (last === undefined) return true;
    let since = performance.now();
    while (this.running) {
      await new Promise((resolve) => setTimeout(resolve, 8));
      const now = cpuTicks(this.pid);
      if (now === undefined) return true;
      if (now !== last) {
        last = now;
        since = performance.now();
      } else if (performance.now() - since >= quietMs) return true;
      if (performance.now() - started >= maxMs) return false;
    }
    return true;
  }

  /** Sends SIGINT to the kernel alone: the Deno kernel's interrupt mode is "signal". */
  interrupt(): void {
    if (!this.running) return;
    try {
      this.#child.kill("SIGINT");
    } catch {
      // Already exited between the check and the kill.
    }
  }

  /** Kills the kernel at once (SIGKILL), with every process its cells started in its group. */
  kill(): void {
    if (!this.running) return;
    try {
      if (this.grouped) process.kill(-this.pid, "SIGKILL");
      else this.#child.kill("SIGKILL");
    } catch {
      // Already exited between the check and the kill.
    }
  }

  #keepStderrTail(chunk: Uint8Array): void {
    const joined = new Uint8Array(this.#stderr.length + chunk.length);
    joined.set(this.#stderr);
    joined.set(chunk, this.#stderr.length);
    this.#stderr = joined.length > STDERR_TAIL_BYTES ? joined.slice(joined.length - STDERR_TAIL_BYTES) : joined;
  }
}

/** User plus system CPU time of a process, in clock ticks, from /proc (undefined where unreadable). */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/**
 * Starts a kernel process.
 *
 * @example
 * ```ts
 * const kernel = spawnKernelProcess({ connectionFile: file.path, cwd: "/work/main/notebooks" });
 * ```
 */
export function spawnKernelProcess(options: KernelProcessOptions): KernelProcess {
  return new KernelProcess(options);
}

/**
 * Kills every kernel process started by this process that is still running
 * (used on Ctrl-C and SIGTERM). Returns how many were killed.
 *
 * @example
 * ```ts
 * Deno.addSignalListener("SIGINT", () => killAllKernels());
 * ```
 */
export function killAllKernels(): number {
  const running = [...live].filter((k) => k.running);
  for (const kernel of running) kernel.kill();
  return running.length;
}

/**
 * Kernel processes started by this process and still running.
 *
 * @example
 * ```ts
 * liveKernels().length; // 0 when idle
 * ```
 */
export function liveKernels(): readonly KernelProcess[] {
  return [...live].filter((k) => k.running);
}
