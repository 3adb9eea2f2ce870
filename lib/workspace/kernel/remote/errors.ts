/**
 * What can go wrong with a kernel on a kernel server, as errors the
 * executor already knows how to report: a server that refuses or does not
 * answer ({@link KernelServerError}) and a kernel that died or vanished
 * ({@link RemoteKernelDiedError}, a {@link KernelDiedError}).
 *
 * @module
 */

import { KernelDiedError } from "../errors.ts";

/**
 * The kernel server refused a request or could not be reached. `sticky`
 * errors (a refused token, a server that stopped answering) are raised
 * again, without asking the server, for every later request of the run.
 *
 * @example
 * ```ts
 * throw new KernelServerError("the kernel server refused the token (HTTP 403)", { status: 403, sticky: true });
 * ```
 */
export class KernelServerError extends Error {
  /** The HTTP status, when the server answered. */
  readonly status?: number;
  readonly sticky: boolean;
  constructor(message: string, options: { status?: number; sticky?: boolean } = {}) {
    super(message);
    this.name = "KernelServerError";
    this.status = options.status;
    this.sticky = options.sticky ?? false;
  }
}

/**
 * A remote kernel died while a request was pending: the server reported it
 * `dead` or `restarting` (its process exited, e.g. `Deno.exit()`), the
 * server no longer knows it (HTTP 404), or the connection to it was lost.
 *
 * @example
 * ```ts
 * throw new RemoteKernelDiedError("the kernel server reported the kernel restarting: its process exited");
 * ```
 */
export class RemoteKernelDiedError extends KernelDiedError {
  constructor(why: string) {
    super({ success: false, code: 1, signal: null }, "");
    this.message = why;
    this.name = "KernelDiedError";
  }
}
