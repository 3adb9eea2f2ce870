/**
 * The REST side of a kernel server (Jupyter Server, Jupyter Enterprise
 * Gateway, a JupyterHub single-user server): list kernelspecs, start a
 * kernel (`POST /api/kernels`), look it up, interrupt it and shut it down
 * (`DELETE /api/kernels/{id}`). The token goes in the `Authorization`
 * header, never in an address, and is removed from every message.
 *
 * A refused token or a server that stopped answering fails every later
 * request of the run at once, without asking the server again: a run of
 * hundreds of notebooks makes one failing request, not hundreds.
 *
 * @example
 * ```ts
 * const server = await KernelServer.open({ url: "http://127.0.0.1:8888", token: Deno.env.get("JUPYTER_TOKEN") });
 * const { id } = await server.startKernel({ name: "deno", path: "notebooks" });
 * await server.deleteKernel(id);
 * ```
 * @module
 */

import { ExecutionCancelledError } from "../errors.ts";
import { KernelServerError } from "./errors.ts";

/** Where the server is and how to authenticate. */
export interface KernelServerOptions {
  /** The server's http(s) address, with its base path if any (e.g. `https://gateway.example.org/`). */
  url: string;
  /** The server's token (sent as `Authorization: token …`). */
  token?: string;
  /** Limit of one REST request other than a kernel start, in milliseconds (default 30 s). */
  requestTimeoutMs?: number;
}

/** A kernelspec as `GET /api/kernelspecs` lists it (the parts used). */
export interface RemoteKernelspec {
  name: string;
  spec: {
    display_name?: string;
    language?: string;
    /** `"message"`: an interrupt is an `interrupt_request`; `"signal"` (default): SIGINT to the process. */
    interrupt_mode?: string;
    [key: string]: unknown;
  };
}

/** A kernel as the server describes it. */
export interface RemoteKernelModel {
  id: string;
  name: string;
  execution_state?: string;
  [key: string]: unknown;
}

/** What starting a kernel asks for. */
export interface StartRemoteKernel {
  /** Kernelspec name. */
  name: string;
  /** The kernel's working folder relative to the server's root (Jupyter Server's `path`). */
  path?: string;
  /** Variables for the kernel where the server accepts them (Enterprise Gateway: `KERNEL_*`). */
  env?: Record<string, string>;
  /** Limit for the server to answer, in milliseconds (default 120 s: a gateway may start a pod). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * One kernel server (see the module doc).
 *
 * @example
 * ```ts
 * const server = new KernelServer({ url: "http://127.0.0.1:8888", token });
 * (await server.kernelspec("deno")).spec.language; // "typescript"
 * ```
 */
export class KernelServer {
  /** The server's address as shown in messages (no query, no credentials). */
  readonly address: string;
  readonly #base: URL;
  readonly #token: string;
  readonly #timeoutMs: number;
  #broken: KernelServerError | undefined;
  #specs: Promise<Record<string, RemoteKernelspec>> | undefined;

  constructor(options: KernelServerOptions) {
    const base = new URL(options.url);
    base.search = "";
    base.hash = "";
    base.username = "";
    base.password = "";
    if (!base.pathname.endsWith("/")) base.pathname += "/";
    this.#base = base;
    this.address = base.href.replace(/\/$/, "");
    this.#token = options.token ?? "";
    this.#timeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  /**
   * A server that answered `GET /api/kernelspecs` with the token; throws a
   * {@link KernelServerError} saying what to do otherwise.
   *
   * @example
   * ```ts
   * const server = await KernelServer.open({ url, token });
   * ```
   */
  static async open(options: KernelServerOptions): Promise<KernelServer> {
    const server = new KernelServer(options);
    await server.kernelspecs();
    return server;
  }

  /** Headers that authenticate a request (REST or WebSocket). */
  get authHeaders(): Record<string, string> {
    return this.#token ? { Authorization: `token ${this.#token}` } : {};
  }

  /** The failure that stops every further request of this run, if any. */
  get broken(): KernelServerError | undefined {
    return this.#broken;
  }

  /** The text with the token replaced by `***`. */
  redact(text: string): string {
    return this.#token ? text.split(this.#token).join("***") : text;
  }

  /** The server's kernelspecs by name (asked once). */
  kernelspecs(): Promise<Record<string, RemoteKernelspec>> {
    this.#specs ??= this.#json<{ kernelspecs?: Record<string, RemoteKernelspec> }>("GET", "api/kernelspecs")
      .then((body) => body.kernelspecs ?? {});
    // A failed answer is not kept: the next caller asks again (unless the failure is sticky).
    this.#specs.catch(() => (this.#specs = undefined));
    return this.#specs;
  }

  /** The kernelspec `name`; an error listing the server's kernelspecs when it has none by that name. */
  async kernelspec(name: string): Promise<RemoteKernelspec> {
    const specs = await this.kernelspecs();
    const spec = specs[name];
    if (spec) return spec;
    const known = Object.keys(specs).sort().join(", ") || "none";
    throw new KernelServerError(
      `the kernel server at ${this.address} has no kernelspec "${name}" (it has: ${known}); install the Deno ` +
        `kernelspec there (deno jupyter --install, or deno task notebook --install-kernel) or pass --kernel-name`,
    );
  }

  /** Starts a kernel (`POST /api/kernels`). */
  startKernel(request: StartRemoteKernel): Promise<RemoteKernelModel> {
    const body: Record<string, unknown> = { name: request.name };
    if (request.path !== undefined) body.path = request.path;
    if (request.env && Object.keys(request.env).length > 0) body.env = request.env;
    return this.#json<RemoteKernelModel>("POST", "api/kernels", {
      body,
      timeoutMs: request.timeoutMs ?? 120_000,
      signal: request.signal,
    });
  }

  /** The kernel's model, or undefined when the server does not know it (404). */
  async kernel(id: string, signal?: AbortSignal): Promise<RemoteKernelModel | undefined> {
    try {
      return await this.#json<RemoteKernelModel>("GET", `api/kernels/${encodeURIComponent(id)}`, { signal });
    } catch (error) {
      if (error instanceof KernelServerError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Interrupts the kernel (`POST /api/kernels/{id}/interrupt`). */
  async interrupt(id: string): Promise<void> {
    await this.#json("POST", `api/kernels/${encodeURIComponent(id)}/interrupt`);
  }

  /** Shuts the kernel down (`DELETE /api/kernels/{id}`); a kernel the server no longer knows is fine. */
  async deleteKernel(id: string, timeoutMs?: number): Promise<void> {
    try {
      await this.#json("DELETE", `api/kernels/${encodeURIComponent(id)}`, { timeoutMs });
    } catch (error) {
      if (!(error instanceof KernelServerError && error.status === 404)) throw error;
    }
  }

  /** The `ws:`/`wss:` address of a kernel's channels. */
  channelsUrl(id: string, session: string): string {
    const url = new URL(`api/kernels/${encodeURIComponent(id)}/channels`, this.#base);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("session_id", session);
    return url.href;
  }

  async #json<T>(
    method: string,
    path: string,
    options: { body?: unknown; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<T> {
    if (this.#broken) throw this.#broken;
    if (options.signal?.aborted) throw new ExecutionCancelledError();
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    const what = `${method} /${path}`;
    let response: Response;
    try {
      response = await fetch(new URL(path, this.#base), {
        method,
        headers: { ...this.authHeaders, ...(options.body ? { "Content-Type": "application/json" } : {}) },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw new ExecutionCancelledError();
      if (timeout.aborted) {
        throw new KernelServerError(
          `the kernel server at ${this.address} did not answer ${what} within ${timeoutMs / 1000} s`,
        );
      }
      // Refused, reset, no such host: the server is gone for this run.
      throw this.#fail(
        new KernelServerError(
          `the kernel server at ${this.address} cannot be reached (${
            this.redact(reason(error))
          }); check that it is running and the address (--kernel-server)`,
          { sticky: true },
        ),
      );
    }
    const text = await response.text().catch(() => "");
    if (response.status === 401 || response.status === 403) {
      const fix = this.#token
        ? "set CLAIMBOOK_KERNEL_TOKEN (or JUPYTER_TOKEN) to the server's token"
        : "it needs a token: set CLAIMBOOK_KERNEL_TOKEN (or JUPYTER_TOKEN)";
      throw this.#fail(
        new KernelServerError(
          `the kernel server at ${this.address} refused ${
            this.#token ? "the token" : "the request"
          } (HTTP ${response.status} ` +
            `on ${what}); ${fix}`,
          { status: response.status, sticky: true },
        ),
      );
    }
    if (!response.ok) {
      throw new KernelServerError(
        `the kernel server at ${this.address} answered ${what} with HTTP ${response.status}${
          serverMessage(text, this)
        }`,
        { status: response.status },
      );
    }
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KernelServerError(
        `the kernel server at ${this.address} answered ${what} with something that is not JSON; is this a Jupyter server?`,
        { status: response.status },
      );
    }
  }

  #fail(error: KernelServerError): KernelServerError {
    this.#broken ??= error;
    return error;
  }
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^error sending request for url \([^)]*\): /, "").slice(0, 300);
}

/** The server's own explanation (Jupyter answers `{"message": …}`), shortened. */
function serverMessage(text: string, server: KernelServer): string {
  let message = text;
  try {
    const body = JSON.parse(text) as { message?: unknown; reason?: unknown };
    message = String(body.message ?? body.reason ?? "");
  } catch {
    // not JSON: the text itself
  }
  message = server.redact(message.replace(/\s+/g, " ").trim()).slice(0, 300);
  return message ? `: ${message}` : "";
}
