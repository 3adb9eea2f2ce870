import assert from "node:assert/strict";
import { createProgress, type LiveLog, liveProgress } from "../../lib/workspace/executor/progress.ts";

/** A stand-in for log-update: keeps the last block drawn. */
function recordingLog(): { log: LiveLog; last: () => string } {
  let last = "";
  const log = Object.assign((...text: string[]) => (last = text.join(" ")), { done() {}, clear() {} });
  return { log, last: () => last };
}

Deno.test("live progress: a note stays listed under the notebooks after every redraw", () => {
  const { log, last } = recordingLog();
  const progress = liveProgress(log);
  try {
    progress.onEvent({ type: "plan", notebooks: [{ notebook: "notebooks/a.ipynb", cells: 3 }], jobs: 1 });
    progress.onEvent({ type: "notebook-start", notebook: "notebooks/a.ipynb", cells: 3 });
    const note =
      "notebooks/a.ipynb, cell 2: 1 message(s) from the kernel rejected; the cell's output may be incomplete";
    progress.onEvent({ type: "note", message: note });
    assert.ok(last().includes(`⚠ ${note}`), last());
    progress.onEvent({ type: "notebook-done", notebook: "notebooks/a.ipynb", status: "ok", ms: 1200 });
    assert.ok(last().includes(`⚠ ${note}`), "still there after the notebook finished");
    assert.match(last(), /✔ notebooks\/a\.ipynb +3 cells/);
  } finally {
    progress.stop();
  }
});

Deno.test("plain progress: a note is printed as it comes", async () => {
  const lines: string[] = [];
  const progress = await createProgress({ mode: "plain", writeLine: (line) => lines.push(line) });
  progress.onEvent({ type: "note", message: "a note" });
  assert.deepEqual(lines, ["a note"]);
});
