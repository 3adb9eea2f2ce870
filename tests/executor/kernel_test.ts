import assert from "node:assert/strict";
import { join } from "node:path";
import { startKernel } from "../../lib/workspace/kernel/client.ts";
import { createConnectionFile } from "../../lib/workspace/kernel/connection.ts";
import { KernelStartError } from "../../lib/workspace/kernel/errors.ts";
import { liveKernels } from "../../lib/workspace/kernel/process.ts";
import { NOTEBOOKS, ROOT, tempDir } from "./helpers.ts";

async function fakeDeno(dir: string, script: string): Promise<string> {
  const path = join(dir, "fake-deno.sh");
  await Deno.writeTextFile(path, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return path;
}

Deno.test("the connection file is private (0600 in a 0700 folder), has a random key and is deleted", async () => {
  const file = await createConnectionFile();
  try {
    assert.equal((await Deno.stat(file.path)).mode! & 0o777, 0o600);
    assert.equal((await Deno.stat(file.dir)).mode! & 0o777, 0o700);
    const info = JSON.parse(await Deno.readTextFile(file.path));
    assert.equal(info.signature_scheme, "hmac-sha256");
    assert.equal(info.ip, "127.0.0.1");
    assert.match(info.key, /^[0-9a-f]{64}$/);
    const ports = [info.shell_port, info.iopub_port, info.stdin_port, info.control_port, info.hb_port];
    assert.equal(new Set(ports).size, 5);
    assert.notEqual(await createConnectionFile().then(async (f) => (await f.remove(), f.info.key)), info.key);
  } finally {
    await file.remove();
  }
  await assert.rejects(Deno.stat(file.dir), Deno.errors.NotFound);
});

Deno.test("a kernel that dies during start-up is reported with its stderr", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const denoPath = await fakeDeno(dir, 'echo "fatal: cannot load the kernel" >&2\nexit 3');
    await assert.rejects(startKernel({ cwd: dir, denoPath }), (error: Error) => {
      assert.ok(error instanceof KernelStartError);
      assert.match(error.message, /the kernel exited \(code 3\) before it was ready/);
      assert.match(error.message, /fatal: cannot load the kernel/);
      return true;
    });
    assert.equal(liveKernels().length, 0);
  } finally {
    await cleanup();
  }
});

Deno.test("a kernel that never opens its ports times out and is killed", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const denoPath = await fakeDeno(dir, "exec sleep 30");
    const started = performance.now();
    await assert.rejects(
      startKernel({ cwd: dir, denoPath, startTimeoutMs: 400 }),
      /did not open its ports within 0\.4 s/,
    );
    assert.ok(performance.now() - started < 3000);
    assert.equal(liveKernels().length, 0);
  } finally {
    await cleanup();
  }
});

Deno.test("the real kernel: ready, runs code, reports its language, shuts down", async () => {
  const kernel = await startKernel({ cwd: join(NOTEBOOKS, "ok") });
  try {
    assert.equal(kernel.info.protocol_version, "5.3");
    assert.equal(kernel.info.language_info.name, "typescript");
    const types: string[] = [];
    const outcome = await kernel.execute("console.log('hi'); 6 * 7", { onIopub: (m) => types.push(m.header.msg_type) });
    assert.equal(outcome.reply.status, "ok");
    assert.equal(outcome.reply.execution_count, 1);
    await kernel.settle();
    assert.ok(types.includes("stream") && types.includes("execute_result"), types.join(","));
  } finally {
    await kernel.shutdown();
  }
  assert.equal(kernel.process.running, false);
  await assert.rejects(Deno.stat(kernel.connection.path), Deno.errors.NotFound);
});

Deno.test("a kernel port that drops the handshake (another process took it) is started again on new ports", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const resetter = join(dir, "resetter.ts");
    // Another program on the shell port: it accepts, then hangs up before the ZMTP handshake completes.
    await Deno.writeTextFile(
      resetter,
      `const info = JSON.parse(Deno.readTextFileSync(Deno.args[0]));
const listener = Deno.listen({ hostname: "127.0.0.1", port: info.shell_port });
for await (const conn of listener) setTimeout(() => conn.close(), 300);`,
    );
    const mark = join(dir, "first-attempt");
    const denoPath = await fakeDeno(
      dir,
      `if [ ! -e "${mark}" ]; then touch "${mark}"; exec "${Deno.execPath()}" run -A "${resetter}" "$4"; fi\n` +
        `exec "${Deno.execPath()}" "$@"`,
    );
    const kernel = await startKernel({ cwd: join(ROOT, "notebooks"), denoPath });
    try {
      assert.ok((await Deno.stat(mark)).isFile, "the first attempt met the other program");
      const outcome = await kernel.execute("1 + 1");
      assert.equal(outcome.reply.status, "ok");
    } finally {
      await kernel.shutdown(0);
    }
    assert.equal(liveKernels().length, 0);
  } finally {
    await cleanup();
  }
});
