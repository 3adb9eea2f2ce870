/// <reference lib="dom" />
/**
 * Accessibility checks with axe-core (pinned in deno.json) in the open page.
 *
 * How axe gets into a page under the site's strict Content-Security-Policy
 * (`script-src` allows only the site's own script by hash): its source is
 * run with Playwright's `page.evaluate`, which goes through the DevTools
 * protocol and is not subject to the page's policy. The shipped policy is
 * left exactly as it is, and no `bypassCSP` context is used: the pages are
 * checked as readers get them.
 *
 * @module
 */

import axe from "axe-core";
import type { Page } from "playwright-core";

interface Violation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
  count: number;
}

/** The impacts that fail the test. */
const FAILING = new Set(["serious", "critical"]);

/**
 * Serious and critical axe violations of the open page, one line each
 * (rule, impact, what to fix, where). `without` names rules not to run
 * (axe's `color-contrast`, for one, is most of axe's time on a long page).
 *
 * @example
 * ```ts
 * assert.deepEqual(await accessibilityProblems(page), []);
 * assert.deepEqual(await accessibilityProblems(page, { without: ["color-contrast"] }), []);
 * ```
 */
export async function accessibilityProblems(page: Page, options: { without?: string[] } = {}): Promise<string[]> {
  await page.evaluate((axe as unknown as { source: string }).source);
  const violations: Violation[] = await page.evaluate(async (without) => {
    // deno-lint-ignore no-explicit-any
    const result = await (globalThis as any).axe.run(document, {
      resultTypes: ["violations"],
      rules: Object.fromEntries(without.map((rule) => [rule, { enabled: false }])),
    });
    // deno-lint-ignore no-explicit-any
    return result.violations.map((v: any) => ({
      id: v.id as string,
      impact: v.impact as string,
      help: v.help as string,
      // deno-lint-ignore no-explicit-any
      targets: v.nodes.slice(0, 3).map((n: any) => n.target.join(" ")) as string[],
      count: v.nodes.length as number,
    }));
  }, options.without ?? []);
  return violations.filter((v) => FAILING.has(v.impact)).map((v) =>
    `${v.id} (${v.impact}, ${v.count}×): ${v.help} — ${v.targets.join("; ")}`
  );
}
