import assert from "node:assert/strict";
import { MessageRouter } from "../../lib/workspace/kernel/router.ts";
import { createMessage, type JupyterMessage } from "../../lib/workspace/kernel/wire.ts";

function child(type: string, parent: JupyterMessage, content: Record<string, unknown> = {}): JupyterMessage {
  return createMessage(type, content, { session: "s", parent: parent.header });
}

Deno.test("router: a reply settles its request only; IOPub reaches the all-handlers and its request's watcher", async () => {
  const router = new MessageRouter();
  const first = createMessage("execute_request", {}, { session: "s" });
  const second = createMessage("execute_request", {}, { session: "s" });
  const firstReply = router.expectReply(first.header.msg_id);
  const secondReply = router.expectReply(second.header.msg_id);
  const seen: string[] = [];
  const stopWatching = router.watch(first.header.msg_id, (m) => seen.push(`first:${m.header.msg_type}`));
  router.watchAll((m) => seen.push(`all:${m.header.msg_type}`));
  const errors: Error[] = [];
  router.deliver("iopub", child("stream", first), (e) => errors.push(e));
  router.deliver("iopub", child("stream", second), (e) => errors.push(e));
  router.deliver("shell", child("execute_reply", second, { status: "ok" }), (e) => errors.push(e));
  assert.equal((await secondReply).content.status, "ok");
  assert.deepEqual(seen, ["all:stream", "first:stream", "all:stream"]);
  stopWatching();
  router.deliver("iopub", child("status", first), (e) => errors.push(e));
  assert.deepEqual(seen.slice(3), ["all:status"], "a stopped watcher hears nothing more");
  router.close("closed");
  await assert.rejects(firstReply, /closed/);
  assert.deepEqual(errors, []);
});

Deno.test("router: a handler that throws loses that message for itself only, and is reported", () => {
  const router = new MessageRouter();
  const request = createMessage("execute_request", {}, { session: "s" });
  const seen: string[] = [];
  router.watchAll(() => {
    throw new Error("boom");
  });
  router.watch(request.header.msg_id, (m) => seen.push(m.header.msg_type));
  const errors: Error[] = [];
  router.deliver("iopub", child("display_data", request), (e) => errors.push(e));
  assert.deepEqual(seen, ["display_data"]);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /a display_data message could not be recorded: boom/);
});
