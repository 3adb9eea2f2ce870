/**
 * Kernels on a kernel server — Jupyter Server, Jupyter Enterprise Gateway,
 * a JupyterHub single-user server — through its REST API (`/api/kernels`,
 * `/api/kernelspecs`) and its WebSocket channels, in the JSON format or the
 * binary `v1.kernel.websocket.jupyter.org` subprotocol. A `RemoteKernel`
 * is a {@link KernelSession} like the local client: the executor runs
 * notebooks on either.
 *
 * @example
 * ```ts
 * import { KernelServer, startRemoteKernel } from "@lib/workspace/kernel/remote/mod.ts";
 * const server = await KernelServer.open({ url: "http://127.0.0.1:8888", token: Deno.env.get("JUPYTER_TOKEN") });
 * const kernel = await startRemoteKernel({ server, name: "deno", path: "notebooks" });
 * await kernel.execute("1 + 1");
 * await kernel.shutdown();
 * ```
 * @module
 */

export type { KernelSession } from "../session.ts";
export * from "./errors.ts";
export * from "./server.ts";
export * from "./ws-codec.ts";
export * from "./channels.ts";
export * from "./kernel.ts";
