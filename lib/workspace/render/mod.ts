/**
 * The render pipeline (execute → ledger → site) and the `run` / `render`
 * command front end.
 *
 * @example
 * ```ts
 * import { renderWorkspace } from "@lib/workspace/render/mod.ts";
 * await renderWorkspace({ root: "/work/main" });
 * ```
 * @module
 */

export * from "./pipeline.ts";
export * from "./command.ts";
