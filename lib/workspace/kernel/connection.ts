/**
 * The kernel's connection file: five free loopback ports and a random signing
 * key, written with mode 0600 in a private temporary folder (the key is what
 * keeps other local users from running code in the kernel).
 *
 * @example
 * ```ts
 * const file = await createConnectionFile();
 * file.info.ip; // "127.0.0.1"
 * await file.remove();
 * ```
 * @module
 */

import { join } from "node:path";

/** The contents of a connection file (Jupyter's names). */
export interface ConnectionInfo {
  ip: string;
  transport: "tcp";
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: "hmac-sha256";
  kernel_name: string;
}

/** A written connection file and the way to delete it. */
export interface ConnectionFile {
  /** Absolute path of the file (inside its own temporary folder). */
  path: string;
  /** The folder holding it; also a private place for other per-kernel files. */
  dir: string;
  info: ConnectionInfo;
  /** Deletes the file and its folder (idempotent). */
  remove(): Promise<void>;
}

/**
 * Prefix of the temporary folders, so that leak checks can find our kernels by their command line.
 *
 * @example
 * ```ts
 * (await createConnectionFile()).dir.includes(CONNECTION_DIR_PREFIX); // true
 * ```
 */
export const CONNECTION_DIR_PREFIX = "claimbook-kernel-";

const liveDirs = new Set<string>();

/**
 * `count` distinct loopback ports that are free right now. (Another process
 * could take one before the kernel binds it; the kernel then fails to start
 * with a clear error, as with Jupyter's own launcher.)
 *
 * @example
 * ```ts
 * const [shell, iopub] = freeLoopbackPorts(2);
 * ```
 */
export function freeLoopbackPorts(count: number): number[] {
  const listeners = Array.from({ length: count }, () => Deno.listen({ hostname: "127.0.0.1", port: 0 }));
  const ports = listeners.map((l) => (l.addr as Deno.NetAddr).port);
  for (const l of listeners) l.close();
  return ports;
}

/**
 * A random signing key (256 bits, hex).
 *
 * @example
 * ```ts
 * randomKey().length; // 64
 * ```
 */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Writes a fresh connection file (mode 0600) in a new temporary folder (mode 0700).
 *
 * @example
 * ```ts
 * const file = await createConnectionFile({ kernelName: "deno" });
 * JSON.parse(await Deno.readTextFile(file.path)).signature_scheme; // "hmac-sha256"
 * await file.remove();
 * ```
 */
export async function createConnectionFile(options: { kernelName?: string } = {}): Promise<ConnectionFile> {
  const [shell, iopub, stdin, control, hb] = freeLoopbackPorts(5);
  const info: ConnectionInfo = {
    ip: "127.0.0.1",
    transport: "tcp",
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomKey(),
    signature_scheme: "hmac-sha256",
    kernel_name: options.kernelName ?? "deno",
  };
  const dir = await Deno.makeTempDir({ prefix: CONNECTION_DIR_PREFIX });
  liveDirs.add(dir);
  await Deno.chmod(dir, 0o700);
  const path = join(dir, "connection.json");
  await Deno.writeTextFile(path, JSON.stringify(info, null, 2), { mode: 0o600, createNew: true });
  let removed = false;
  return {
    path,
    dir,
    info,
    remove: async () => {
      if (removed) return;
      removed = true;
      liveDirs.delete(dir);
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

/**
 * The ZeroMQ address of one of the kernel's channels.
 *
 * @example
 * ```ts
 * channelAddress(info, "shell_port"); // "tcp://127.0.0.1:52011"
 * ```
 */
export function channelAddress(
  info: ConnectionInfo,
  port: "shell_port" | "iopub_port" | "stdin_port" | "control_port" | "hb_port",
): string {
  return `${info.transport}://${info.ip}:${info[port]}`;
}

/**
 * Deletes, at once, every connection folder this process created and has not
 * deleted yet (for an emergency exit, after killing the kernels).
 *
 * @example
 * ```ts
 * killAllKernels();
 * removeAllConnectionFilesSync();
 * Deno.exit(130);
 * ```
 */
export function removeAllConnectionFilesSync(): number {
  const dirs = [...liveDirs];
  for (const dir of dirs) {
    liveDirs.delete(dir);
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch {
      // Already gone.
    }
  }
  return dirs.length;
}
