/**
 * The site's own style sheet and script (`assets/site.css`, `assets/site.js`),
 * read once and inlined in every page, so a page opened from disk needs no
 * other file and the CSP can allow both by hash.
 *
 * @module
 */

import { SiteError } from "./errors.ts";

/** The style sheet and script every page carries. */
export interface SiteAssets {
  css: string;
  script: string;
}

let cached: SiteAssets | undefined;

/**
 * The site assets, read from beside this module.
 *
 * @example
 * ```ts
 * const { css, script } = await siteAssets();
 * css.includes("prefers-color-scheme"); // true
 * ```
 */
export async function siteAssets(): Promise<SiteAssets> {
  if (cached) return cached;
  const read = async (name: string) => {
    const url = new URL(`./assets/${name}`, import.meta.url);
    try {
      return await Deno.readTextFile(url);
    } catch (error) {
      throw new SiteError(url.pathname, `cannot read a site asset (${(error as Error).message})`);
    }
  };
  const [css, script] = await Promise.all([read("site.css"), read("site.js")]);
  // Inline text must not be able to close its element.
  if (/<\/(style|script)/i.test(css + script)) {
    throw new SiteError("lib/workspace/site/assets", "an asset contains a closing tag");
  }
  cached = { css, script };
  return cached;
}
