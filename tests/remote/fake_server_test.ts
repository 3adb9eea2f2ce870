/**
 * What Debian's Jupyter Server cannot be made to do on demand, from a small
 * stand-in served on 127.0.0.1: a kernel the server reports `dead` (its
 * restarter gave up), and an error answer that quotes the token. The
 * stand-in speaks the same REST routes and the JSON WebSocket format.
 */

import assert from "node:assert/strict";
import { RemoteKernelDiedError } from "../../lib/workspace/kernel/remote/errors.ts";
import { liveRemoteKernels, startRemoteKernel } from "../../lib/workspace/kernel/remote/kernel.ts";
import { KernelServer } from "../../lib/workspace/kernel/remote/server.ts";
import { KernelServerError } from "../../lib/workspace/kernel/remote/errors.ts";

const TOKEN = `secret-${crypto.randomUUID()}`;

interface FakeServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** A kernel server whose one kernel answers kernel_info_request, and dies on `execute_request`s of "die". */
function fakeServer(options: { failStart?: boolean } = {}): FakeServer {
  const requests: string[] = [];
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    const { pathname } = new URL(request.url);
    requests.push(`${request.method} ${pathname}`);
    if (request.headers.get("Authorization") !== `token ${TOKEN}`) return json({ message: "Forbidden" }, 403);
    if (pathname === "/api/kernelspecs") {
      return json({ default: "deno", kernelspecs: { deno: { name: "deno", spec: { language: "typescript" } } } });
    }
    if (pathname === "/api/kernels" && request.method === "POST") {
      // Some servers quote the request in their errors: the token must not reach a message.
      if (options.failStart) return json({ message: `could not start: Authorization: token ${TOKEN}` }, 500);
      return json({ id: "k-1", name: "deno", execution_state: "starting" }, 201);
    }
    if (pathname === "/api/kernels/k-1" && request.method === "DELETE") return new Response(null, { status: 204 });
    if (pathname === "/api/kernels/k-1") return json({ id: "k-1", name: "deno", execution_state: "busy" });
    if (pathname === "/api/kernels/k-1/channels") {
      const { socket, response } = Deno.upgradeWebSocket(request);
      const reply = (parent: Record<string, unknown>, channel: string, type: string, content: unknown) =>
        socket.send(JSON.stringify({
          channel,
          header: {
            msg_id: crypto.randomUUID(),
            msg_type: type,
            session: "fake",
            username: "",
            date: "",
            version: "5.3",
          },
          parent_header: parent,
          metadata: {},
          content,
        }));
      socket.onmessage = (event) => {
        const message = JSON.parse(event.data);
        const header = message.header;
        if (header.msg_type === "kernel_info_request") {
          reply(header, "iopub", "status", { execution_state: "busy" });
          reply(header, "shell", "kernel_info_reply", {
            protocol_version: "5.3",
            language_info: { name: "typescript" },
          });
          reply(header, "iopub", "status", { execution_state: "idle" });
        } else if (header.msg_type === "execute_request" && message.content.code === "die") {
          reply(header, "iopub", "status", { execution_state: "busy" });
          reply({}, "iopub", "status", { execution_state: "dead" }); // as Jupyter Server reports a failed restart
        }
      };
      return response;
    }
    return json({ message: "not found" }, 404);
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, requests, close: () => server.shutdown() };
}

Deno.test("a kernel the server reports dead fails its request with that reason, and is shut down", async () => {
  const fake = fakeServer();
  try {
    const server = await KernelServer.open({ url: fake.url, token: TOKEN });
    const kernel = await startRemoteKernel({ server, format: "json" });
    assert.equal(kernel.channels.protocol, "");
    const error = await kernel.execute("die", { timeoutMs: 10_000 }).catch((e) => e);
    assert.ok(error instanceof RemoteKernelDiedError, String(error));
    assert.match(error.message, /the kernel died: the kernel server reported it dead/);
    assert.equal(kernel.process.running, false);
    await kernel.shutdown();
    assert.deepEqual(fake.requests.filter((r) => r.startsWith("DELETE")), ["DELETE /api/kernels/k-1"]);
    assert.equal(liveRemoteKernels().length, 0);
  } finally {
    await fake.close();
  }
});

Deno.test("a server's error that quotes the token reaches the message with the token replaced by ***", async () => {
  const fake = fakeServer({ failStart: true });
  try {
    const server = await KernelServer.open({ url: fake.url, token: TOKEN });
    const error = await startRemoteKernel({ server }).catch((e) => e);
    assert.ok(error instanceof KernelServerError);
    assert.match(
      error.message,
      /answered POST \/api\/kernels with HTTP 500: could not start: Authorization: token \*\*\*/,
    );
    assert.ok(!error.message.includes(TOKEN));
  } finally {
    await fake.close();
  }
});

Deno.test("a wrong token: refused once, then every later request fails without reaching the server", async () => {
  const fake = fakeServer();
  try {
    const server = new KernelServer({ url: fake.url, token: "wrong" });
    await assert.rejects(server.kernelspecs(), /refused the token \(HTTP 403 on GET \/api\/kernelspecs\)/);
    await assert.rejects(startRemoteKernel({ server }), /refused the token/);
    await assert.rejects(server.kernel("k-1"), /refused the token/);
    assert.deepEqual(fake.requests, ["GET /api/kernelspecs"]);
  } finally {
    await fake.close();
  }
});
