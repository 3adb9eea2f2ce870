import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type Cell,
  ensureCellIds,
  NotebookError,
  parseNotebook,
  readNotebook,
  serializeNotebook,
} from "../../lib/workspace/executor/notebook.ts";
import { NOTEBOOKS, ROOT } from "./helpers.ts";

const encode = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
const at = { path: join(ROOT, "notebooks/demo.ipynb"), root: ROOT };
const deno = { name: "deno", display_name: "Deno", language: "typescript" };

async function rejection(file: string): Promise<NotebookError> {
  try {
    await readNotebook(join(NOTEBOOKS, "invalid", file), { root: ROOT });
  } catch (error) {
    assert.ok(error instanceof NotebookError, String(error));
    return error;
  }
  throw new Error(`${file} was accepted`);
}

Deno.test("invalid JSON is refused, naming the file", async () => {
  const error = await rejection("bad-json.ipynb");
  assert.match(error.message, /^tests\/fixtures\/notebooks\/invalid\/bad-json\.ipynb: /);
  assert.match(error.message, /not valid JSON/);
});

Deno.test("nbformat 3 is refused with the command that converts it", async () => {
  const error = await rejection("nbformat3.ipynb");
  assert.match(error.message, /nbformat3\.ipynb: nbformat 3 is not supported/);
  assert.match(error.message, /jupyter nbconvert --to notebook --nbformat 4/);
});

Deno.test("a missing kernelspec is refused, saying how to choose the Deno kernel", async () => {
  const error = await rejection("no-kernelspec.ipynb");
  assert.match(error.message, /no-kernelspec\.ipynb: metadata\.kernelspec is missing/);
  assert.match(error.message, /"name": "deno"/);
});

Deno.test("a non-Deno kernelspec is refused", async () => {
  const error = await rejection("python.ipynb");
  assert.match(error.message, /python\.ipynb: the notebook's kernel is "python3", not the Deno kernel/);
});

Deno.test("a missing file is refused, naming it", async () => {
  await assert.rejects(
    readNotebook(join(ROOT, "notebooks/no-such.ipynb"), { root: ROOT }),
    /notebooks\/no-such\.ipynb: cannot read/,
  );
});

Deno.test("metadata.claimbook.timeout must be a positive number", () => {
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: deno, claimbook: { timeout: "soon" } },
    cells: [],
  };
  assert.throws(() => parseNotebook(encode(notebook), at), /metadata\.claimbook\.timeout must be a positive number/);
});

Deno.test("document id and timeout come from metadata.claimbook; the stem is the default document", () => {
  const withMeta = parseNotebook(
    encode({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: deno, claimbook: { document: "d-1", timeout: 5 } },
      cells: [],
    }),
    at,
  );
  assert.equal(withMeta.documentId, "d-1");
  assert.equal(withMeta.timeoutSeconds, 5);
  assert.equal(withMeta.relativePath, "notebooks/demo.ipynb");
  const plain = parseNotebook(
    encode({ nbformat: 4, nbformat_minor: 4, metadata: { kernelspec: deno }, cells: [] }),
    at,
  );
  assert.equal(plain.documentId, "demo");
  assert.equal(plain.notebook.nbformat_minor, 5);
});

Deno.test("every cell gets a unique, valid id; existing good ids are kept", () => {
  const notebook = parseNotebook(
    encode({
      nbformat: 4,
      nbformat_minor: 4,
      metadata: { kernelspec: deno },
      cells: [
        { cell_type: "markdown", metadata: {}, source: "# title" },
        { cell_type: "code", id: "keep-me", metadata: {}, source: ["1 +", " 1"], outputs: [], execution_count: null },
        { cell_type: "code", id: "keep-me", metadata: {}, source: "2", outputs: [], execution_count: null },
        { cell_type: "code", id: "bad id!", metadata: {}, source: "3", outputs: [], execution_count: null },
      ],
    }),
    at,
  );
  const ids = notebook.notebook.cells.map((c) => c.id);
  assert.equal(ids[1], "keep-me");
  assert.equal(new Set(ids).size, 4);
  for (const id of ids) assert.match(id, /^[a-zA-Z0-9-_]{1,64}$/);
  // Deterministic: the same notebook gets the same ids again.
  const again = parseNotebook(
    encode({
      nbformat: 4,
      nbformat_minor: 4,
      metadata: { kernelspec: deno },
      cells: [{ cell_type: "raw", metadata: {}, source: "" }],
    }),
    at,
  );
  const cells: Cell[] = [{ id: "", cell_type: "raw", metadata: {}, source: "" }];
  ensureCellIds(cells, "demo");
  assert.equal(again.notebook.cells[0].id, cells[0].id);
});

Deno.test("notebooks are written as nbformat writes them: sorted keys, one-space indent, final newline", () => {
  const text = serializeNotebook({ nbformat: 4, nbformat_minor: 5, metadata: { b: 1, a: 2 }, cells: [] });
  assert.ok(text.endsWith("}\n"));
  assert.ok(text.indexOf('"a"') < text.indexOf('"b"'));
  assert.match(text, /^\{\n "cells"/);
});
