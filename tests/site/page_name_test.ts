import assert from "node:assert/strict";
import { pageNameProblem } from "../../lib/workspace/site/page-name.ts";

Deno.test("page names: the site's own pages and names that cannot be file names are refused, with what to do", () => {
  assert.equal(pageNameProblem("korus-kei-2018"), undefined);
  assert.equal(pageNameProblem("a.b_c-1"), undefined);
  assert.match(pageNameProblem("index") ?? "", /"index" is the name of one of the site's own pages \(index\.html\)/);
  assert.match(pageNameProblem("claims") ?? "", /claims\.html/);
  for (const stem of ["my notes", "-dash", ".hidden", "a/b", "ü"]) {
    assert.match(pageNameProblem(stem) ?? "", /cannot be a page name: use letters, digits/, stem);
  }
});
