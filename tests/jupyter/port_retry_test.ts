/**
 * A Jupyter application told to use a port that another process bound in
 * the meantime (`freePort()` closes the port it found, and Python takes a
 * second to start) is started again on another port; any other failure is
 * not retried. The last case starts a real `jupyter server` on a port held
 * here (with its Jupyter folders in a temporary one), so that Jupyter's own
 * wording of "port taken" is what is recognised.
 */

import assert from "node:assert/strict";
import { jupyterAvailable, retryWhenPortTaken, spawnJupyter, untilAnswering } from "../../bench/lib/jupyter-process.ts";

const TAKEN =
  "jupyter server did not answer within 60 s:\n[I ServerApp] The port 41234 is already in use.\n[C ServerApp] ERROR";

Deno.test("retryWhenPortTaken: a port taken meanwhile is retried, up to the attempts given", async () => {
  let calls = 0;
  const started = await retryWhenPortTaken(() => {
    calls++;
    return calls < 3 ? Promise.reject(new Error(TAKEN)) : Promise.resolve("server");
  });
  assert.equal(started, "server");
  assert.equal(calls, 3);

  calls = 0;
  await assert.rejects(
    retryWhenPortTaken(() => {
      calls++;
      return Promise.reject(new Error(TAKEN));
    }, 2),
    /The port 41234 is already in use/,
  );
  assert.equal(calls, 2, "no more than the attempts given");
});

Deno.test("retryWhenPortTaken: any other failure is thrown at once", async () => {
  let calls = 0;
  await assert.rejects(
    retryWhenPortTaken(() => {
      calls++;
      return Promise.reject(
        new Error("jupyter server did not answer within 60 s:\nModuleNotFoundError: jupyter_server"),
      );
    }),
    /ModuleNotFoundError/,
  );
  assert.equal(calls, 1);
});

Deno.test({
  name: "retryWhenPortTaken: Jupyter Server's own message for a port in use is recognised",
  ignore: !(await jupyterAvailable("server")),
  fn: async () => {
    const held = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (held.addr as Deno.NetAddr).port;
    const home = await Deno.makeTempDir({ prefix: "claimbook-port-retry-" });
    const attempts: string[] = [];
    try {
      const started = await retryWhenPortTaken(async () => {
        if (attempts.push("try") > 1) return "another port";
        const args = ["server", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0"];
        if (Deno.uid() === 0) args.push("--allow-root");
        const app = spawnJupyter(args, home);
        try {
          const url = `http://127.0.0.1:${port}`;
          await untilAnswering({ url, seconds: 60, running: app.running, log: app.log, what: "jupyter server" });
          return "the held port";
        } finally {
          if (app.running()) app.child.kill("SIGKILL");
          await app.exited;
          await app.logClosed;
        }
      });
      assert.equal(started, "another port");
      assert.equal(attempts.length, 2);
    } finally {
      held.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});
