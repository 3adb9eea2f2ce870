/**
 * What one update run remembers about each publisher's host: when it was
 * last asked (to keep to the publisher's pace), and whether asking it again
 * is pointless — its name did not resolve (offline), or it blocked the
 * client (BEA blocks for an hour after a 429) — so that later requests to it
 * fail at once with the same reason instead of waiting for their own
 * failure.
 *
 * @module
 */

import { type Clock, FetchError } from "./fetch.ts";

/**
 * Per-host pacing and stop list for one run.
 *
 * @example
 * ```ts
 * const hosts = new HostState(SYSTEM_CLOCK);
 * hosts.refuseIfStopped(url, shownUrl);
 * await hosts.pace(url, 700);
 * ```
 */
export class HostState {
  readonly #clock: Clock;
  readonly #last = new Map<string, number>();
  readonly #stopped = new Map<string, FetchError>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Waits until `minIntervalMs` have passed since the last request to the URL's host, then notes this one. */
  async pace(url: string, minIntervalMs: number): Promise<void> {
    const host = new URL(url).host;
    const last = this.#last.get(host);
    if (last !== undefined && minIntervalMs > 0) {
      const wait = last + minIntervalMs - this.#clock.now();
      if (wait > 0) await this.#clock.sleep(wait);
    }
    this.#last.set(host, this.#clock.now());
  }

  /** Remembers a failure that makes every later request to the host pointless. */
  noteFailure(url: string, error: unknown): void {
    if (error instanceof FetchError && (error.kind === "dns" || error.kind === "blocked")) {
      this.#stopped.set(new URL(url).host, error);
    }
  }

  /** Throws, without a request, when an earlier request showed the host unreachable or blocking. */
  refuseIfStopped(url: string, shown: string): void {
    const earlier = this.#stopped.get(new URL(url).host);
    if (!earlier) return;
    const why = earlier.kind === "dns"
      ? `${earlier.message.replace(/^.*failed after \d+ attempts?: /, "")} (an earlier request of this run failed so)`
      : `the publisher blocked an earlier request of this run (${earlier.url})`;
    throw new FetchError(shown, why, { attempts: 0, kind: earlier.kind, hint: earlier.hint });
  }
}
