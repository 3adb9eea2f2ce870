/**
 * The kernel as an operating-system process: `deno jupyter --kernel --conn FILE`
 * started with the notebook's folder as working directory, its stderr kept
 * (the last few kilobytes) for error messages, and a registry of live
 * kernels so that Ctrl-C can stop every one of them.
 *
 * @example
 * ```ts
 * const kernel = spawnKernelProcess({ connectionFile: "/tmp/…/connection.json", cwd: "notebooks" });
 * kernel.kill();
 * await kernel.exited;
 * ```
 * @module
 */

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
  #child: Deno.ChildProcess;
  #status: Deno.CommandStatus | undefined;
  #stderr = new Uint8Array(0);
  #stderrDone: Promise<void>;

  constructor(options: KernelProcessOptions) {
    const command = new Deno.Command(options.denoPath ?? Deno.execPath(), {
      args: ["jupyter", "--kernel", "--conn", options.connectionFile],
      cwd: options.cwd,
      env: options.env,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    });
    this.#child = command.spawn();
    this.pid = this.#child.pid;
    live.add(this);
    this.#stderrDone = this.#keepStderrTail();
    this.exited = this.#child.status.then(async (status) => {
      this.#status = status;
      live.delete(this);
      // Let the last stderr bytes arrive, but never hang on a pipe inherited by a grandchild.
      await Promise.race([this.#stderrDone, new Promise((resolve) => setTimeout(resolve, 200))]);
      return status;
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

  /** Sends SIGINT: the Deno kernel's interrupt mode is "signal". */
  interrupt(): void {
    this.#signal("SIGINT");
  }

  /** Kills the process (SIGKILL) at once. */
  kill(): void {
    this.#signal("SIGKILL");
  }

  #signal(signal: Deno.Signal): void {
    if (!this.running) return;
    try {
      this.#child.kill(signal);
    } catch {
      // Already exited between the check and the kill.
    }
  }

  async #keepStderrTail(): Promise<void> {
    try {
      for await (const chunk of this.#child.stderr) {
        const joined = new Uint8Array(this.#stderr.length + chunk.length);
        joined.set(this.#stderr);
        joined.set(chunk, this.#stderr.length);
        this.#stderr = joined.length > STDERR_TAIL_BYTES ? joined.slice(joined.length - STDERR_TAIL_BYTES) : joined;
      }
    } catch {
      // The pipe closes when the process dies; what we have is the tail.
    }
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
