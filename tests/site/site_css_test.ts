/**
 * The site's stylesheet sets no colour inside a width media query: layout
 * and sizes change with the screen, colours do not. The browser test of the
 * real site relies on it to check colour contrast (most of axe's time) at
 * one width only.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import postcss, { type Rule } from "postcss";
import { ROOT } from "../helpers/paths.ts";

/** Properties that change what colour text is drawn in, or on. */
const COLOUR_PROPERTIES =
  /^(color|background(-color|-image)?|opacity|filter|fill|mix-blend-mode|-webkit-text-fill-color|backdrop-filter)$/;

/**
 * Declarations of colour properties inside `@media` rules whose condition
 * names a width, as `line N: @media (...) { selector { property: value } }`.
 * Rules for generated content only (`::before`, `::after`) are left out:
 * axe reads no pseudo-element's text at any width.
 */
function colourByWidth(css: string): string[] {
  const found: string[] = [];
  postcss.parse(css).walkAtRules("media", (media) => {
    if (!media.params.includes("width")) return;
    media.walkDecls(COLOUR_PROPERTIES, (declaration) => {
      const selectors = declaration.parent?.type === "rule" ? (declaration.parent as Rule).selectors : [];
      if (selectors.length > 0 && selectors.every((selector) => /::(before|after)$/.test(selector))) return;
      found.push(
        `line ${declaration.source?.start?.line}: @media ${media.params} { ${
          selectors.join(", ")
        } { ${declaration.prop}: ${declaration.value} } }`,
      );
    });
  });
  return found;
}

Deno.test("site.css: colour properties inside a width query are found, with their line", () => {
  const css = [
    "body { color: #111; }",
    "@media (prefers-color-scheme: dark) { body { color: #eee; } }",
    "@media (max-width: 40rem) {",
    "  .wrap { padding: 0; }",
    "  /* color: red; */",
    "  .note { background-color: #fafafa; }",
    "  td[data-label]::before { color: gray; }",
    "}",
  ].join("\n");
  assert.deepEqual(colourByWidth(css), ["line 6: @media (max-width: 40rem) { .note { background-color: #fafafa } }"]);
});

Deno.test("site.css: no width media query sets a colour (contrast read at one width holds at every width)", async () => {
  const css = await Deno.readTextFile(join(ROOT, "lib", "workspace", "site", "assets", "site.css"));
  assert.ok(/@media[^{]*width/.test(css), "the stylesheet has width queries to check");
  assert.deepEqual(colourByWidth(css), []);
});
