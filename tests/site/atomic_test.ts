import assert from "node:assert/strict";
import { join } from "node:path";
import { denoFileSystem, type SwapFileSystem, writeSiteAtomically } from "../../lib/workspace/site/atomic.ts";
import { SiteError } from "../../lib/workspace/site/errors.ts";

async function siteWith(content: string): Promise<{ parent: string; site: string }> {
  const parent = await Deno.makeTempDir({ prefix: "claimbook-atomic-" });
  const site = join(parent, "_site");
  await writeSiteAtomically(site, new Map([["index.html", content], ["data/a/b.csv", "x,y"]]));
  return { parent, site };
}

async function entries(folder: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(folder)) names.push(entry.name);
  return names.sort();
}

Deno.test("a new site replaces the old one as a whole, and no temporary folder is left", async () => {
  const { parent, site } = await siteWith("old");
  await writeSiteAtomically(site, new Map([["index.html", "new"]]));
  assert.equal(await Deno.readTextFile(join(site, "index.html")), "new");
  assert.deepEqual(await entries(site), [".claimbook", "index.html"], "the site and its marker");
  assert.deepEqual(await entries(parent), ["_site"]);
  assert.equal((await Deno.stat(site)).mode! & 0o777, 0o755);
  await Deno.remove(parent, { recursive: true });
});

Deno.test("a disk that fills up mid-write leaves the previous site intact and says so", async () => {
  const { parent, site } = await siteWith("old");
  const full: SwapFileSystem = {
    ...denoFileSystem,
    writeFile: async (path, data) => {
      if (path.endsWith("second.html")) throw new Error("No space left on device (os error 28)");
      await denoFileSystem.writeFile(path, data);
    },
  };
  const files = new Map([["index.html", "new"], ["second.html", "new"]]);
  await assert.rejects(
    () => writeSiteAtomically(site, files, full),
    (error: unknown) =>
      error instanceof SiteError &&
      /writing second\.html .* failed \(No space left on device.*free some disk space.*previous site, if any, is unchanged/
        .test(error.message),
  );
  assert.equal(await Deno.readTextFile(join(site, "index.html")), "old");
  assert.deepEqual(await entries(parent), ["_site"]);
  await Deno.remove(parent, { recursive: true });
});

Deno.test("a read-only output folder fails with a clear message and leaves the previous site intact", async () => {
  const { parent, site } = await siteWith("old");
  const readOnly: SwapFileSystem = {
    ...denoFileSystem,
    makeTempDir: () => Promise.reject(new Error("Read-only file system (os error 30)")),
  };
  await assert.rejects(
    () => writeSiteAtomically(site, new Map([["index.html", "new"]]), readOnly),
    (error: unknown) =>
      error instanceof SiteError && error.message.includes(site) &&
      error.message.includes("cannot create a folder beside it") && error.message.includes(`make ${parent} writable`),
  );
  assert.equal(await Deno.readTextFile(join(site, "index.html")), "old");
  await Deno.remove(parent, { recursive: true });
});

Deno.test("a real read-only folder (permissions, or /sys for root) is refused with a clear message", async () => {
  const isRoot = Deno.uid() === 0;
  if (isRoot) {
    // Root ignores permission bits; /sys refuses new folders to everyone.
    let sysWritable = true;
    try {
      await Deno.mkdir("/sys/claimbook-probe");
      await Deno.remove("/sys/claimbook-probe");
    } catch {
      sysWritable = false;
    }
    if (sysWritable) {
      console.warn("skipped: running as root and no read-only folder available");
      return;
    }
    await assert.rejects(
      () => writeSiteAtomically("/sys/_site", new Map([["index.html", "x"]])),
      (error: unknown) =>
        error instanceof SiteError && error.message.includes("/sys/_site") &&
        error.message.includes("make /sys writable"),
    );
    return;
  }
  const { parent, site } = await siteWith("old");
  await Deno.chmod(parent, 0o555);
  try {
    await assert.rejects(
      () => writeSiteAtomically(site, new Map([["index.html", "new"]])),
      (error: unknown) => error instanceof SiteError && /denied|read-only/i.test(error.message),
    );
    assert.equal(await Deno.readTextFile(join(site, "index.html")), "old");
  } finally {
    await Deno.chmod(parent, 0o755);
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("if the new site cannot be moved in, the previous one is put back", async () => {
  const { parent, site } = await siteWith("old");
  let renames = 0;
  const stuck: SwapFileSystem = {
    ...denoFileSystem,
    rename: async (from, to) => {
      renames++;
      // The second rename moves the new site in; make exactly that one fail.
      if (renames === 2) throw new Error("Device or resource busy (os error 16)");
      await denoFileSystem.rename(from, to);
    },
  };
  await assert.rejects(() => writeSiteAtomically(site, new Map([["index.html", "new"]]), stuck), SiteError);
  assert.equal(await Deno.readTextFile(join(site, "index.html")), "old");
  assert.deepEqual(await entries(parent), ["_site"]);
  await Deno.remove(parent, { recursive: true });
});

Deno.test("a first build creates the site folder and its parent", async () => {
  const parent = await Deno.makeTempDir({ prefix: "claimbook-atomic-" });
  const site = join(parent, "deeper", "_site");
  await writeSiteAtomically(site, new Map([["index.html", "first"]]));
  assert.equal(await Deno.readTextFile(join(site, "index.html")), "first");
  await Deno.remove(parent, { recursive: true });
});

Deno.test("file paths cannot escape the site folder", async () => {
  const parent = await Deno.makeTempDir({ prefix: "claimbook-atomic-" });
  await assert.rejects(
    () => writeSiteAtomically(join(parent, "_site"), new Map([["../escape.html", "x"]])),
    SiteError,
  );
  assert.deepEqual(await entries(parent), []);
  await Deno.remove(parent, { recursive: true });
});
