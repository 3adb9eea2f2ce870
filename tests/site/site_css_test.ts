/**
 * The site's stylesheet sets no colour inside a width media query, nor how
 * a link stands out from the text around it (underline, border, weight):
 * layout and sizes change with the screen, colours and link styles do not.
 * The browser test of the real site relies on it to run axe's colour rules
 * (`color-contrast`, most of axe's time, and `link-in-text-block`) at one
 * width only.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import postcss, { type Rule } from "postcss";
import { ROOT } from "../helpers/paths.ts";

/** Properties that change what colour text is drawn in, or on, or how a link differs from its text. */
const COLOUR_PROPERTIES = new RegExp(
  "^(color|background(-color|-image)?|opacity|filter|fill|mix-blend-mode|-webkit-text-fill-color|backdrop-filter" +
    "|text-decoration(-line|-color|-style|-thickness)?|font-weight|font-style)$",
);

/** A border tells a link from its text only when it is the link's own. */
const LINK_BORDER = /^border(-bottom)?(-color|-style|-width)?$/;

/** Whether a selector's last part styles links (`a`, `:link`, `:any-link`). */
function stylesLinks(selector: string): boolean {
  const last = selector.split(/[\s>+~]+/).pop() ?? "";
  return /^a(?![\w-])|:(any-)?link\b/.test(last);
}

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
    media.walkDecls((declaration) => {
      const selectors = declaration.parent?.type === "rule" ? (declaration.parent as Rule).selectors : [];
      const counts = COLOUR_PROPERTIES.test(declaration.prop) ||
        (LINK_BORDER.test(declaration.prop) && selectors.some(stylesLinks));
      if (!counts) return;
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
    "  a { text-decoration: none; border-bottom: 1px solid; }",
    "  .stack-table tr { border: 1px solid; }",
    "  .prose a:hover { font-weight: 600; }",
    "}",
  ].join("\n");
  assert.deepEqual(colourByWidth(css), [
    "line 6: @media (max-width: 40rem) { .note { background-color: #fafafa } }",
    "line 8: @media (max-width: 40rem) { a { text-decoration: none } }",
    "line 8: @media (max-width: 40rem) { a { border-bottom: 1px solid } }",
    "line 10: @media (max-width: 40rem) { .prose a:hover { font-weight: 600 } }",
  ]);
});

Deno.test("site.css: no width media query sets a colour or a link style (axe's colour rules read at one width hold at every width)", async () => {
  const css = await Deno.readTextFile(join(ROOT, "lib", "workspace", "site", "assets", "site.css"));
  assert.ok(/@media[^{]*width/.test(css), "the stylesheet has width queries to check");
  assert.deepEqual(colourByWidth(css), []);
});
