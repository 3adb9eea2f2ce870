import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { contentSecurityPolicy, cspHash, cspMetaTag, extendPolicyInPage } from "../../lib/workspace/site/csp.ts";

Deno.test("hashes are SHA-256 of the exact text, base64, quoted", () => {
  const text = "body { color: red }\n";
  const expected = createHash("sha256").update(text).digest("base64");
  assert.equal(cspHash(text), `'sha256-${expected}'`);
});

Deno.test("the policy allows the page's own script and styles by hash, images as data only, no fetch", () => {
  const policy = contentSecurityPolicy({ scripts: ["run()"], styles: ["a{}", "a{}", "b{}"] });
  const directives = Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
  assert.deepEqual(directives["default-src"], ["'none'"]);
  assert.deepEqual(directives["script-src"], [cspHash("run()")]);
  assert.deepEqual(directives["style-src-elem"], [cspHash("a{}"), cspHash("b{}")]);
  assert.deepEqual(directives["img-src"], ["data:"]);
  assert.deepEqual(directives["connect-src"], ["'none'"]);
  assert.deepEqual(directives["base-uri"], ["'none'"]);
  assert.doesNotMatch(directives["script-src"].join(" "), /unsafe|'self'/);
});

Deno.test("the preview can extend a page's policy for its reload script and event stream", () => {
  const page = `<head>${cspMetaTag(contentSecurityPolicy({ scripts: ["a()"], styles: [] }))}</head>`;
  const extended = extendPolicyInPage(page, { "script-src": ["'sha256-r'"], "connect-src": ["'self'"] });
  assert.match(extended, new RegExp(`script-src ${cspHash("a()").replace(/[+/]/g, "\\$&")} 'sha256-r';`));
  assert.match(extended, /connect-src 'self';/);
  assert.equal(extendPolicyInPage("<p>no policy</p>", { "script-src": ["x"] }), "<p>no policy</p>");
});
