/**
 * Where a notebook's kernel comes from. A kernel takes most of a second of
 * CPU to start, work that does not depend on the notebook, only on the
 * folder it runs in and its environment: {@link KernelWarmer} starts kernels
 * ahead of the notebooks that will take them, so that a kernel boots while
 * the executor reads notebooks, and the next one while the last cells of
 * the previous notebook run. Each kernel still runs exactly one notebook.
 *
 * @example
 * ```ts
 * const warmer = new KernelWarmer({ cwd: "/work/main/notebooks", env: {}, ahead: 1 });
 * warmer.expect(4, 2); // four notebooks, two at once: start three kernels now
 * const { kernel } = await warmer.take("/work/main/notebooks");
 * await warmer.close();
 * ```
 * @module
 */

import { join } from "node:path";
import { type KernelClient, startKernel } from "../kernel/client.ts";
import type { KernelSession } from "../kernel/session.ts";
import { READS_FILE_ENV } from "../../analysis/catalog/reads.ts";
import type { RecordedRead } from "./execute.ts";

// The variable through which a kernel reports its catalog reads: one name, the catalog's own.
export { READS_FILE_ENV } from "../../analysis/catalog/reads.ts";

/** A kernel for one notebook (local or on a kernel server), and what it read from the catalog. */
export interface NotebookKernel {
  kernel: KernelSession;
  /** The catalog reads the kernel reported, one per path (the last hash wins); ask after its last cell. */
  reads(): Promise<RecordedRead[]>;
}

/** A ready local kernel, with the file in its private folder where it appends its catalog reads. */
export interface StartedKernel extends NotebookKernel {
  kernel: KernelClient;
  readsFile: string;
}

/** What starting a kernel needs. */
export interface KernelStartOptions {
  /** The kernel's working directory: the notebook's folder. */
  cwd: string;
  /** Extra environment (the reads file is added). */
  env?: Record<string, string>;
  /** Limit for the kernel to become ready, in milliseconds (default 30 s). */
  startTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Something that hands out kernels: a fresh one each time, or one started earlier. */
export interface KernelSource {
  /** A kernel for a notebook in `cwd`, ready or booting; it belongs to the caller. */
  take(cwd: string, signal?: AbortSignal): Promise<NotebookKernel>;
}

/**
 * Starts a kernel whose catalog reads go to `reads.jsonl` in its private folder.
 *
 * @example
 * ```ts
 * const { kernel, readsFile } = await startNotebookKernel({ cwd: "notebooks" });
 * ```
 */
export async function startNotebookKernel(options: KernelStartOptions): Promise<StartedKernel> {
  let readsFile = "";
  const kernel = await startKernel({
    cwd: options.cwd,
    env: (privateDir) => {
      readsFile = join(privateDir, "reads.jsonl");
      return { ...options.env, [READS_FILE_ENV]: readsFile };
    },
    startTimeoutMs: options.startTimeoutMs,
    signal: options.signal,
  });
  return { kernel, readsFile, reads: () => readReadsFile(readsFile) };
}

/** The reads a kernel appended to its file, one per path (the last hash wins). */
async function readReadsFile(file: string): Promise<RecordedRead[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch {
    return []; // the notebook read nothing from the catalog
  }
  const byPath = new Map<string, RecordedRead>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const read = JSON.parse(line) as RecordedRead;
      if (typeof read.path === "string" && typeof read.sha256 === "string") byPath.set(read.path, read);
    } catch {
      // A line cut by a killed kernel: the notebook failed anyway and is not cached.
    }
  }
  return [...byPath.values()];
}

/** Options of {@link KernelWarmer}. */
export interface KernelWarmerOptions<T extends NotebookKernel = StartedKernel> extends KernelStartOptions {
  /** Kernels kept booting or ready beyond those in use (default 1). */
  ahead?: number;
  /** How a kernel is started (default: a local one, {@link startNotebookKernel}); e.g. on a kernel server. */
  start?: (options: KernelStartOptions) => Promise<T>;
}

/**
 * Starts kernels ahead of the notebooks that take them (see the module doc).
 *
 * @example
 * ```ts
 * const warmer = new KernelWarmer({ cwd, env });
 * warmer.expect(notebooks.length, jobs);
 * ```
 */
export class KernelWarmer<T extends NotebookKernel = StartedKernel> implements KernelSource {
  readonly #options: KernelWarmerOptions<T>;
  readonly #ahead: number;
  readonly #start: (options: KernelStartOptions) => Promise<T>;
  #waiting: Promise<T>[] = [];
  /** Kernels that may still be asked for and are not started yet. */
  #toStart = 0;
  /** Kernels started so far (ahead, or fresh on demand). */
  #started = 0;
  #closed = false;

  constructor(options: KernelWarmerOptions<T>) {
    this.#options = options;
    this.#ahead = Math.max(0, options.ahead ?? 1);
    this.#start = options.start ?? (startNotebookKernel as unknown as (options: KernelStartOptions) => Promise<T>);
  }

  /** Kernels started and not yet taken. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Announces that `count` notebooks in all will take kernels, `jobs` at
   * once: starts up to `jobs + ahead` kernels now, the rest as they are
   * taken. Called again, it corrects the count (kernels already started stay).
   */
  expect(count: number, jobs: number): void {
    this.#toStart = Math.max(0, count - this.#started);
    this.#fill(jobs + this.#ahead);
  }

  /** A started kernel for `cwd` (one started earlier when it runs there), else a new one. */
  take(cwd: string, signal?: AbortSignal): Promise<T> {
    const fresh = () => this.#start({ ...this.#options, cwd, signal: signal ?? this.#options.signal });
    if (this.#closed || cwd !== this.#options.cwd || this.#waiting.length === 0) {
      if (this.#toStart > 0) this.#toStart--;
      this.#started++;
      return fresh();
    }
    const next = this.#waiting.shift()!;
    this.#fill(this.#ahead);
    // A kernel that died while it waited is replaced by a new one.
    return next.then((started) => (started.kernel.process.running ? started : fresh()));
  }

  /** Stops every kernel started and never taken. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#toStart = 0;
    const left = this.#waiting.splice(0);
    await Promise.all(left.map(async (pending) => {
      try {
        const { kernel } = await pending;
        await kernel.shutdown(0);
      } catch {
        // It did not start: nothing to stop.
      }
    }));
  }

  #fill(target: number): void {
    while (!this.#closed && this.#toStart > 0 && this.#waiting.length < target) {
      this.#toStart--;
      this.#started++;
      const pending = this.#start(this.#options);
      pending.catch(() => {}); // reported to whoever takes it
      this.#waiting.push(pending);
    }
  }
}
