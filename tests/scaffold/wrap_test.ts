import assert from "node:assert/strict";
import { wrapLines } from "../../lib/workspace/scaffold/wrap.ts";

Deno.test("wrapLines: breaks at spaces within the width, prefixes included", () => {
  const lines = wrapLines(
    "Tentative verdict: confirmed (7.7898). IMF DOTS, reporter KOR, partner RUS, exports, 2019.",
    {
      first: "// ",
      rest: "//   ",
      width: 40,
    },
  );
  assert.deepEqual(lines, [
    "// Tentative verdict: confirmed",
    "//   (7.7898). IMF DOTS, reporter KOR,",
    "//   partner RUS, exports, 2019.",
  ]);
  assert.ok(lines.every((l) => l.length <= 40));
});

Deno.test("wrapLines: code is never broken inside a string; a word longer than a line stays whole", () => {
  const code = 'quantityAt(t, "value", { partner_name: "Russian Federation", flow: "exports" })';
  const lines = wrapLines(code, { first: "// ", width: 50, code: true });
  assert.deepEqual(lines, ['// quantityAt(t, "value", { partner_name:', '// "Russian Federation", flow: "exports" })']);
  assert.equal(lines.map((l) => l.slice(3)).join(" "), code, "uncommented and joined, the code is unchanged");
  assert.deepEqual(wrapLines("see https://example.org/a/very/long/address ok", { width: 12 }), [
    "see",
    "https://example.org/a/very/long/address",
    "ok",
  ]);
  assert.deepEqual(wrapLines("", { first: "// " }), ["//"]);
});
