/**
 * Which notebook names can be page names of the site (`<stem>.html`): the
 * render checks them before any notebook runs, and the site builder again.
 *
 * @module
 */

/**
 * Why a notebook's name cannot be a page name of the site, or undefined when it can.
 *
 * @example
 * ```ts
 * pageNameProblem("index"); // '"index" is the name of one of the site's own pages (index.html); rename the notebook'
 * pageNameProblem("korus-kei-2018"); // undefined
 * ```
 */
export function pageNameProblem(stem: string): string | undefined {
  if (stem === "index" || stem === "claims") {
    return `"${stem}" is the name of one of the site's own pages (${stem}.html); rename the notebook`;
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(stem)) {
    return `"${stem}" cannot be a page name: use letters, digits, '-', '_' and '.', starting with a letter or digit ` +
      `(no spaces); rename the notebook`;
  }
  return undefined;
}
