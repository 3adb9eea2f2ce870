/**
 * After an update has written new data: re-render the notebooks (the render
 * pipeline re-executes only what read changed data) and list the claim
 * verdicts that moved, by comparing the claim ledger before and after.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Ledger } from "../ledger/types.ts";
import { diffLedgers, parseLedger, type VerdictChange } from "./ledger-diff.ts";

/** Where the executor writes the claim ledger, relative to the workspace. */
export const LEDGER_PATH = "_build/claims.json";

/** The outcome of the verdict comparison. */
export interface VerdictStep {
  status: "compared" | "skipped" | "failed";
  /** Why it was skipped or failed, or what the comparison is against. */
  note?: string;
  changes: VerdictChange[];
}

/** The render pipeline's entry, as the updater calls it. */
export type RenderWorkspace = (options: { root: string; quiet?: boolean }) => Promise<unknown>;

/**
 * Reads the workspace's claim ledger, or null when there is none yet.
 *
 * @example
 * ```ts
 * const before = await readLedger("/work/main");
 * ```
 */
export async function readLedger(root: string): Promise<Ledger | null> {
  const file = join(root, LEDGER_PATH);
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  return parseLedger(text, file);
}

/**
 * Loads `renderWorkspace` from `lib/workspace/render/pipeline.ts`, or
 * returns why it cannot (the pipeline is built separately).
 *
 * @example
 * ```ts
 * const render = await loadRenderer();
 * if (typeof render === "function") await render({ root });
 * ```
 */
export async function loadRenderer(): Promise<RenderWorkspace | string> {
  const url = new URL("../render/pipeline.ts", import.meta.url);
  try {
    await Deno.stat(fileURLToPath(url));
  } catch {
    return "lib/workspace/render/pipeline.ts is not there yet, so the notebooks were not re-rendered";
  }
  // A variable specifier keeps the type checker from requiring the module to exist.
  const specifier = url.href;
  const module = await import(specifier) as { renderWorkspace?: RenderWorkspace };
  if (typeof module.renderWorkspace !== "function") {
    return "lib/workspace/render/pipeline.ts exports no renderWorkspace()";
  }
  return module.renderWorkspace;
}

/**
 * Re-renders the workspace and compares the ledger with the one read before
 * the update.
 *
 * @example
 * ```ts
 * const before = await readLedger(root);
 * // … update data/ …
 * const step = await rerenderAndCompare(root, before, { quiet: false });
 * ```
 */
export async function rerenderAndCompare(
  root: string,
  before: Ledger | null,
  options: { quiet: boolean; render?: RenderWorkspace },
): Promise<VerdictStep> {
  let render = options.render;
  if (!render) {
    const loaded = await loadRenderer().catch((error) =>
      `cannot load the render pipeline: ${(error as Error).message}`
    );
    if (typeof loaded === "string") {
      return { status: "skipped", note: `verdict comparison skipped: ${loaded}`, changes: [] };
    }
    render = loaded;
  }
  try {
    await render({ root, quiet: options.quiet });
  } catch (error) {
    return {
      status: "failed",
      note: `data/ was updated, but re-rendering failed: ${(error as Error).message}; run deno task render`,
      changes: [],
    };
  }
  const after = await readLedger(root);
  if (!after) {
    return { status: "failed", note: `the render wrote no ${LEDGER_PATH}; verdicts not compared`, changes: [] };
  }
  return {
    status: "compared",
    note: before
      ? `compared with the ledger of ${before.generated}`
      : `no previous ${LEDGER_PATH}: every verdict is new`,
    changes: diffLedgers(before, after),
  };
}
