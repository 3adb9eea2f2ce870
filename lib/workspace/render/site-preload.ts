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

  #begin(): Promise<T> {
    if (!this.#loading) {
      this.#loading = this.#load();
      this.#loading.catch(() => {}); // reported to whoever awaits module()
    }
    return this.#loading;
  }
}
