/**
 * The live preview: `_site/` served on 127.0.0.1, the workspace watched,
 * re-rendered on change, and open pages reloaded through server-sent events.
 *
 * @example
 * ```ts
 * import { startPreview } from "@lib/workspace/site/preview/mod.ts";
 * const preview = startPreview({ root: "/work/main", render: myRender });
 * ```
 * @module
 */

export * from "./preview.ts";
export * from "./server.ts";
export * from "./watch.ts";
export * from "./live-reload.ts";
