/**
 * The workspace's own notebooks, rendered once per test run and shared by
 * every suite that needs them (the site in the browser, the security scan,
 * the nbconvert comparison, the remote-kernel comparison), instead of each
 * suite cold-rendering them again.
 *
 * The render goes through the workspace's build folder `_build/` — the
 * executor's cache: a test run after `deno task render` (or after an earlier
 * test run) executes nothing — and writes its site to a temporary folder,
 * removed when the test process ends.
 * Test files that run at the same time (`deno test --parallel`) take turns
 * through a file lock: the first renders, the others find everything cached.
 * Suites only read what it wrote. Suites that need only the executed
 * notebooks and the ledger take {@link executedWorkspace}: the same render
 * without building a site (about a second of CPU less per test file).
 *
 * @example
 * ```ts
 * const { siteDir, ledger } = await renderedWorkspace();
 * ```
 * @module
 */

import { join } from "node:path";
import type { Ledger } from "../../lib/workspace/ledger/types.ts";
import { markOutputFolder, outputFolderState } from "../../lib/workspace/output-folder.ts";
import { type RenderResult, renderWorkspace } from "../../lib/workspace/render/pipeline.ts";
import { ROOT } from "./paths.ts";

/** The shared render: where it wrote, and what it found. */
export interface RenderedWorkspace {
  /** The workspace's build folder (`_build/`): executed notebooks in `notebooks/`, the ledger. */
  buildDir: string;
  /** The site built from them (a temporary folder, removed when the process ends). */
  siteDir: string;
  ledger: Ledger;
  result: RenderResult;
}

/** The build folder the shared render uses: the workspace's own. */
export const SHARED_BUILD_DIR: string = join(ROOT, "_build");

/** The shared execution without a site: where it wrote, and what it found. */
export type ExecutedWorkspace = Omit<RenderedWorkspace, "siteDir">;

let shared: Promise<RenderedWorkspace> | undefined;
let executed: Promise<ExecutedWorkspace> | undefined;

/**
 * Renders the workspace's notebooks and site once for this process (and
 * waits its turn behind other test processes doing the same); throws, naming
 * what failed, when the workspace does not render.
 *
 * @example
 * ```ts
 * const { result } = await renderedWorkspace();
 * result.notebooks.length; // every notebook in notebooks/
 * ```
 */
export function renderedWorkspace(): Promise<RenderedWorkspace> {
  shared ??= renderOnce().catch((error) => {
    shared = undefined; // a later suite may try again (and report its own failure)
    throw error;
  });
  return shared;
}

/**
 * The workspace's notebooks executed through the shared build folder, as
 * {@link renderedWorkspace} does, but with no site built: for suites that
 * compare executed notebooks or the ledger.
 *
 * @example
 * ```ts
 * const { ledger } = await executedWorkspace();
 * ledger.verdicts.length > 0; // true
 * ```
 */
export function executedWorkspace(): Promise<ExecutedWorkspace> {
  executed ??= (shared ?? executeOnce()).catch((error) => {
    executed = undefined;
    throw error;
  });
  return executed;
}

async function renderOnce(): Promise<RenderedWorkspace> {
  const scratch = await Deno.makeTempDir({ prefix: "claimbook-test-site-" });
  globalThis.addEventListener("unload", () => Deno.removeSync(scratch, { recursive: true }));
  const siteDir = join(scratch, "site");
  return { ...(await executeOnce(siteDir)), siteDir };
}

/** Renders under the lock; builds the site into `siteDir` when one is given. */
async function executeOnce(siteDir?: string): Promise<ExecutedWorkspace> {
  const buildDir = SHARED_BUILD_DIR;
  if ((await outputFolderState(buildDir, "build")).state !== "foreign") await markOutputFolder(buildDir, "build");
  using lock = await Deno.open(join(buildDir, ".test-render.lock"), { create: true, write: true });
  await lock.lock(true);
  try {
    const result = await renderWorkspace({
      root: ROOT,
      buildDir,
      siteDir,
      site: siteDir !== undefined,
      quiet: true,
      onEvent: () => {},
    });
    if (!result.ok || !result.ledger) {
      throw new Error(
        `the workspace did not render: ${
          JSON.stringify({ failed: result.failed, errors: result.errors, problems: result.ledgerProblems })
        }`,
      );
    }
    return { buildDir, ledger: result.ledger, result };
  } finally {
    await lock.unlock();
  }
}
