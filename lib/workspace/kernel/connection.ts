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

/** Ports handed to kernels of this process, with when they may be handed out again. */
const reserved = new Map<number, number>();
/** How long a port handed to one kernel is kept from the next (it binds it within a second or two). */
const RESERVE_MS = 60_000;

/**
 * `count` distinct loopback ports that are free right now and were not
 * handed to another kernel of this process in the last minute: the OS may
 * offer a just-closed port again, and two kernels starting together must not
 * race for it. (Another process could still take one before the kernel binds
 * it; `startKernel` then starts the kernel again on new ports.)
 *
 * @example
 * ```ts
 * const [shell, iopub] = freeLoopbackPorts(2);
 * ```
 */
export function freeLoopbackPorts(count: number): number[] {
  const now = Date.now();
  for (const [port, until] of reserved) if (until <= now) reserved.delete(port);
  const listeners: Deno.Listener[] = [];
  const ports: number[] = [];
  // Listeners stay open until enough ports are found, so the OS cannot offer the same one twice.
  while (ports.length < count && listeners.length < count + 64) {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    listeners.push(listener);
    const port = (listener.addr as Deno.NetAddr).port;
    if (!reserved.has(port)) ports.push(port);
  }
  for (const l of listeners) l.close();
  if (ports.length < count) throw new Error(`could not find ${count} free loopback ports`);
  for (const port of ports) reserved.set(port, now + RESERVE_MS);
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
