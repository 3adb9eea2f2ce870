/**
 * No secret and no absolute local path in what is shared (the site, the
 * executed notebooks beside it) or committed (notebooks, data); every page
 * carries a Content-Security-Policy. The updater's network and write limits
 * are tested in tests/update/permissions_test.ts.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { renderedWorkspace } from "../helpers/rendered_workspace.ts";
import { ROOT } from "../helpers/paths.ts";

const FORBIDDEN = [
  { what: "an absolute local path", pattern: /(?:file:\/\/)?\/(?:work|root|home|tmp|Users)\/[\w.-]+/ },
  { what: "an API key", pattern: /(?:UserID|api[_-]?key|key)=[0-9A-Za-z-]{12,}/i },
  { what: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: "a token", pattern: /\b(?:ghp|github_pat|sk)_[0-9A-Za-z_]{20,}/ },
];

async function filesUnder(dir: string, extensions: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...await filesUnder(path, extensions));
    else if (extensions.some((e) => entry.name.endsWith(e))) out.push(path);
  }
  return out;
}

async function assertClean(files: string[]): Promise<void> {
  assert.ok(files.length > 0, "something to scan");
  for (const file of files) {
    const text = await Deno.readTextFile(file);
    for (const { what, pattern } of FORBIDDEN) {
      const hit = pattern.exec(text)?.[0];
      assert.equal(hit, undefined, `${relative(ROOT, file)} contains ${what}: ${hit}`);
    }
  }
}

Deno.test("committed notebooks and data hold no secret and no local path", async () => {
  await assertClean([
    ...await filesUnder(join(ROOT, "notebooks"), [".ipynb"]),
    ...await filesUnder(join(ROOT, "data"), [".json", ".csv", ".md"]),
  ]);
});

Deno.test("the rendered site and executed notebooks hold no secret and no local path; every page has a CSP", async () => {
  const { siteDir, buildDir } = await renderedWorkspace();
  await assertClean([
    ...await filesUnder(siteDir, [".html", ".json", ".csv", ".ipynb", ".css", ".js"]),
    ...await filesUnder(join(buildDir, "notebooks"), [".ipynb"]),
  ]);
  for (const page of await filesUnder(siteDir, [".html"])) {
    assert.match(
      await Deno.readTextFile(page),
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/,
      page,
    );
  }
});
