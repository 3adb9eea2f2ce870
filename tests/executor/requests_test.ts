/**
 * The request flows local and remote kernels share (`requests.ts`), over
 * in-memory channels: the test plays the kernel, delivering replies and
 * IOPub messages through a `MessageRouter` as the real channels do.
 */

import assert from "node:assert/strict";
import { CellTimeoutError, ExecutionCancelledError } from "../../lib/workspace/kernel/errors.ts";
import {
  executeWithinLimit,
  type RequestHost,
  settleLateMessages,
  waitWatching,
} from "../../lib/workspace/kernel/requests.ts";
import { MessageRouter } from "../../lib/workspace/kernel/router.ts";
import { createMessage, type JupyterMessage } from "../../lib/workspace/kernel/wire.ts";

/** Channels whose requests the test answers: `sent` lists each request; `answer` and `publish` play the kernel. */
function fakeChannels() {
  const router = new MessageRouter();
  const sent: JupyterMessage[] = [];
  const sentAgain = new EventTarget();
  return {
    sent,
    /** Resolves with the `n`-th request (1-based) once it has been sent. */
    nth(n: number): Promise<JupyterMessage> {
      if (sent.length >= n) return Promise.resolve(sent[n - 1]);
      return new Promise((resolve) => {
        const onSent = () => {
          if (sent.length < n) return;
          sentAgain.removeEventListener("sent", onSent);
          resolve(sent[n - 1]);
        };
        sentAgain.addEventListener("sent", onSent);
      });
    },
    answer(request: JupyterMessage, content: Record<string, unknown> = { status: "ok", execution_count: 1 }): void {
      const type = request.header.msg_type.replace(/_request$/, "_reply");
      router.deliver("shell", createMessage(type, content, { session: "k", parent: request.header }), fail);
    },
    publish(request: JupyterMessage, type: string, content: Record<string, unknown>): void {
      router.deliver("iopub", createMessage(type, content, { session: "k", parent: request.header }), fail);
    },
    channels: {
      request(_channel: "shell" | "control", msgType: string, content: object, msgId?: string) {
        const message = createMessage(msgType, content as Record<string, unknown>, { session: "c" });
        if (msgId) message.header.msg_id = msgId;
        const reply = router.expectReply(message.header.msg_id);
        sent.push(message);
        sentAgain.dispatchEvent(new Event("sent"));
        return { msgId: message.header.msg_id, reply };
      },
      watch: (msgId: string, handler: (message: JupyterMessage) => void) => router.watch(msgId, handler),
      watchAll: (handler: (message: JupyterMessage) => void) => router.watchAll(handler),
    },
  };
}

function fail(error: Error): never {
  throw error;
}

/** A host whose kernel never dies and whose wait is `waitWatching` itself. */
function hostOf(channels: RequestHost["channels"]): RequestHost {
  return {
    channels,
    until: (promise, timeoutMs, signal) =>
      waitWatching(promise, timeoutMs, {
        signal,
        death: new Promise(() => {}),
        cancel: () => Promise.reject(new ExecutionCancelledError()),
      }),
  };
}

const neverStops = { interrupt: () => assert.fail("not interrupted"), end: () => assert.fail("not ended") };

Deno.test("executeWithinLimit: the reply and the outputs; a result after 'idle' still reaches the cell until settleLateMessages", async () => {
  const kernel = fakeChannels();
  const host = hostOf(kernel.channels as unknown as RequestHost["channels"]);
  const outputs: string[] = [];
  const lingering: (() => void)[] = [];
  const running = executeWithinLimit(host, neverStops, lingering, "1 + 1", {
    onIopub: (message) => outputs.push(message.header.msg_type),
  });
  const request = await kernel.nth(1);
  assert.equal(request.content.code, "1 + 1");
  kernel.publish(request, "status", { execution_state: "busy" });
  kernel.publish(request, "stream", { name: "stdout", text: "two\n" });
  kernel.answer(request);
  kernel.publish(request, "status", { execution_state: "idle" });
  const outcome = await running;
  assert.equal(outcome.reply.status, "ok");
  assert.equal(outcome.complete, true);
  assert.equal(lingering.length, 1, "the request's watcher lingers");

  kernel.publish(request, "execute_result", { data: { "text/plain": "2" } }); // the Deno kernel's late result
  assert.deepEqual(outputs, ["stream", "execute_result"]);

  const settling = settleLateMessages(host, true, lingering, 5000);
  const probe = await kernel.nth(2);
  assert.equal(probe.header.msg_type, "kernel_info_request");
  kernel.answer(probe, { status: "ok" });
  kernel.publish(probe, "status", { execution_state: "idle" });
  await settling;
  assert.equal(lingering.length, 0);
  kernel.publish(request, "display_data", { data: {} });
  assert.deepEqual(outputs, ["stream", "execute_result"], "nothing reaches the cell once settled");
});

Deno.test("executeWithinLimit: at the limit the cell is interrupted; unanswered, the kernel is ended", async (t) => {
  await t.step("the interrupt is answered: CellTimeoutError, not killed, after what the cell printed", async () => {
    const kernel = fakeChannels();
    const printed: string[] = [];
    let interrupts = 0;
    const running = executeWithinLimit(
      hostOf(kernel.channels as unknown as RequestHost["channels"]),
      { interrupt: () => interrupts++, end: () => assert.fail("not ended") },
      [],
      "while (true) {}",
      { timeoutMs: 30, onIopub: (m) => printed.push(String(m.content.text)) },
    );
    const request = await kernel.nth(1);
    while (interrupts === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    kernel.publish(request, "stream", { name: "stdout", text: "stopped" });
    kernel.answer(request, { status: "error", ename: "Interrupted", evalue: "", execution_count: 1 });
    kernel.publish(request, "status", { execution_state: "idle" });
    const error = await running.then(() => assert.fail("no timeout"), (e) => e);
    assert.ok(error instanceof CellTimeoutError, String(error));
    assert.deepEqual([error.timeoutMs, error.interrupted, error.killed], [30, true, false]);
    assert.deepEqual(printed, ["stopped"]);
  });

  await t.step(
    "the interrupt is not answered within its grace: the kernel is ended, CellTimeoutError, killed",
    async () => {
      const kernel = fakeChannels();
      const steps: string[] = [];
      const running = executeWithinLimit(
        hostOf(kernel.channels as unknown as RequestHost["channels"]),
        { interrupt: () => steps.push("interrupt"), end: () => Promise.resolve(void steps.push("end")) },
        [],
        "while (true) {}",
        { timeoutMs: 20, interruptGraceMs: 20 },
      );
      const error = await running.then(() => assert.fail("no timeout"), (e) => e);
      assert.ok(error instanceof CellTimeoutError, String(error));
      assert.equal(error.killed, true);
      assert.deepEqual(steps, ["interrupt", "end"]);
    },
  );
});

Deno.test("waitWatching: a value, the limit, the kernel's death, and a cancellation", async () => {
  const alive = { death: new Promise<Error>(() => {}), cancel: () => Promise.reject(new Error("not cancelled")) };
  assert.deepEqual(await waitWatching(Promise.resolve(7), 1000, alive), { kind: "value", value: 7 });
  assert.deepEqual(await waitWatching(new Promise(() => {}), 10, alive), { kind: "timeout" });

  const died = new Error("the kernel exited (code 1)");
  await assert.rejects(
    waitWatching(new Promise(() => {}), undefined, { ...alive, death: Promise.resolve(died) }),
    (error) => error === died,
  );

  const abort = new AbortController();
  let stopped = 0;
  const cancel = () => {
    stopped++;
    return Promise.reject(new ExecutionCancelledError());
  };
  const { promise: reply, reject: closeChannels } = Promise.withResolvers<never>();
  const waiting = waitWatching(reply, undefined, { ...alive, signal: abort.signal, cancel });
  abort.abort();
  closeChannels(new Error("channels closed")); // what stopping the kernel does to a pending reply
  await assert.rejects(waiting, ExecutionCancelledError);
  assert.equal(stopped, 1, "the kernel is stopped once");
  await assert.rejects(
    waitWatching(Promise.resolve(1), 10, { ...alive, signal: abort.signal, cancel }),
    ExecutionCancelledError,
  );

  let polls = 0;
  const settled = await waitWatching(new Promise((resolve) => setTimeout(() => resolve("late"), 40)), undefined, {
    ...alive,
    alongside: () => {
      const timer = setInterval(() => polls++, 5);
      return () => clearInterval(timer);
    },
  });
  assert.deepEqual(settled, { kind: "value", value: "late" });
  const pollsThen = polls;
  assert.ok(pollsThen > 0, "what runs alongside runs while the wait waits");
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(polls, pollsThen, "and stops with it");
});
