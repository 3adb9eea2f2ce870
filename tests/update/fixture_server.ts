/**
 * A throwaway HTTP server on 127.0.0.1 for the updater's tests: a random
 * free port, a log of the requests it saw, a cap on how many it answers and
 * a lifetime after which it stops by itself (so a stuck test cannot leave it
 * running).
 *
 * @module
 */

/** Answers one request. */
export type FixtureHandler = (request: Request, url: URL) => Response | Promise<Response>;

/** A running fixture server. */
export interface FixtureServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Path and query of every request seen, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Starts a server; close it in a `finally`.
 *
 * @example
 * ```ts
 * const server = startFixtureServer(() => new Response("[]"));
 * try { await (await fetch(server.url)).text(); } finally { await server.close(); }
 * ```
 */
export function startFixtureServer(
  handler: FixtureHandler,
  options: { maxRequests?: number; lifetimeMs?: number; port?: number } = {},
): FixtureServer {
  const requests: string[] = [];
  const maxRequests = options.maxRequests ?? 500;
  const controller = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: options.port ?? 0, signal: controller.signal, onListen: () => {} },
    async (request) => {
      const url = new URL(request.url);
      requests.push(url.pathname + url.search);
      if (requests.length > maxRequests) return new Response("fixture server: request limit reached", { status: 503 });
      return await handler(request, url);
    },
  );
  const timer = setTimeout(() => controller.abort(), options.lifetimeMs ?? 120_000);
  Deno.unrefTimer(timer);
  const port = server.addr.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: async () => {
      clearTimeout(timer);
      if (!controller.signal.aborted) controller.abort();
      await server.finished;
    },
  };
}

/**
 * A port with nothing listening (for "connection refused"), on 127.0.0.2:
 * no test server listens on that address, so the port cannot be taken by
 * another test file running at the same time between this call and the
 * request (on 127.0.0.1 it was: a kernel's or a server's port answered).
 *
 * @example
 * ```ts
 * const base = `http://${REFUSING_HOST}:${unusedPort()}`;
 * ```
 */
export function unusedPort(): number {
  const listener = Deno.listen({ hostname: REFUSING_HOST, port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** The loopback address `unusedPort` is free on: one that no test listens on. */
export const REFUSING_HOST = "127.0.0.2";
