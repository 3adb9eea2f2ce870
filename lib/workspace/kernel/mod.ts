/**
 * A Jupyter client for the Deno kernel, in TypeScript: connection files,
 * ZMTP sockets, signed messages (protocol 5.3), the kernel process, and a
 * client that starts the kernel, executes code, interrupts and shuts down.
 *
 * @example
 * ```ts
 * import { startKernel } from "@lib/workspace/kernel/mod.ts";
 * const kernel = await startKernel({ cwd: "notebooks" });
 * const { reply } = await kernel.execute("1 + 1", { onIopub: (m) => console.log(m.header.msg_type) });
 * await kernel.shutdown();
 * ```
 * @module
 */

export * from "./wire.ts";
export * from "../../analysis/kernel/zmtp.ts";
export * from "./connection.ts";
export * from "./channels.ts";
export * from "./process.ts";
export * from "./errors.ts";
export * from "./client.ts";
export * from "./session.ts";
