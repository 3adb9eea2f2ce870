/**
 * Loads the site renderer (markdown, highlighting, sanitizing: close to half
 * a second of CPU) while the last notebooks run, on a core the kernels have
 * left free, instead of after them. It starts once every notebook to run
 * has started and fewer are running than kernels may run at once; a render
 * that executes nothing (everything cached) never loads it early.
 *
 * @example
 * ```ts
 * const preload = new SitePreload(() => import(siteModule));
 * await runNotebooks({ ..., onEvent: (e) => preload.onEvent(e) });
 * const { buildSite } = await preload.module();
 * ```
 * @module
 */

import type { ExecutionEvent } from "../executor/events.ts";

/**
 * Follows execution events and loads a module when a core comes free.
 *
 * @example
 * ```ts
 * const preload = new SitePreload(() => import("./other.ts"));
 * ```
 */
export class SitePreload<T> {
  readonly #load: () => Promise<T>;
  #loading: Promise<T> | undefined;
  #jobs = 1;
  #toRun = 0;
  #started = new Set<string>();
  #done = 0;
  /** Work waiting for the module (see {@link whenLoaded}). */
  #waiting: ((module: T) => Promise<void>)[] = [];
  /** Work given the module so far, one after another. */
  #working: Promise<void> = Promise.resolve();

  constructor(load: () => Promise<T>) {
    this.#load = load;
  }

  /** Whether the module has been asked for. */
  get started(): boolean {
    return this.#loading !== undefined;
  }

  /** Feed every execution event here. */
  onEvent(event: ExecutionEvent): void {
    switch (event.type) {
      case "plan":
        this.#jobs = event.jobs;
        this.#toRun = event.notebooks.length;
        return;
      case "cached":
        this.#toRun--;
        return;
      case "notebook-start":
        this.#started.add(event.notebook);
        break;
      case "notebook-done":
        if (this.#started.has(event.notebook)) this.#done++;
        else this.#toRun--; // refused before it ran (an invalid notebook)
        break;
      default:
        return;
    }
    const running = this.#started.size - this.#done;
    if (this.#started.size > 0 && this.#started.size >= this.#toRun && running < this.#jobs) this.#begin();
  }

  /** The module: loaded early when a core came free, else now. */
  module(): Promise<T> {
    return this.#begin();
  }

  /**
   * Work to do with the module once it is loaded early (never loads it by
   * itself): e.g. preparing the page of a notebook that has finished while
   * others still run. Tasks run one after another; their failures are
   * ignored (the build that follows reports its own).
   */
  whenLoaded(task: (module: T) => Promise<void>): void {
    this.#waiting.push(task);
    if (this.#loading) this.#drain();
  }

  /** Resolves when the work given so far has ended (work still waiting for the module is dropped). */
  async idle(): Promise<void> {
    this.#waiting = [];
    await this.#working;
  }

  #begin(): Promise<T> {
    if (!this.#loading) {
      this.#loading = this.#load();
      this.#loading.catch(() => {}); // reported to whoever awaits module()
      this.#drain();
    }
    return this.#loading;
  }

  #drain(): void {
    const loading = this.#loading!;
    for (const task of this.#waiting.splice(0)) {
      this.#working = this.#working.then(() => loading.then(task)).catch(() => {});
    }
  }
}
