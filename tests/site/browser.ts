/**
 * Headless Chromium for the browser tests, driven by `playwright-core` with
 * the system's `/usr/bin/chromium` (CI installs it with apt; no browser
 * download).
 *
 * @module
 */

import { type Browser, chromium } from "playwright-core";

/** Where CI installs Chromium. */
export const CHROMIUM_PATH: string = Deno.env.get("CLAIMBOOK_CHROMIUM") ?? "/usr/bin/chromium";

/**
 * Whether Chromium is installed (browser tests are skipped, with a message, when not).
 *
 * @example
 * ```ts
 * if (!chromiumAvailable()) console.warn("skipping");
 * ```
 */
export function chromiumAvailable(): boolean {
  try {
    return Deno.statSync(CHROMIUM_PATH).isFile;
  } catch {
    return false;
  }
}

/**
 * Launches headless Chromium, with `extraArgs` after the usual flags.
 *
 * @example
 * ```ts
 * const browser = await launchChromium(["--renderer-process-limit=1"]);
 * await browser.close();
 * ```
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}
