/**
 * The Deno kernelspec Jupyter uses for the notebooks (`kernels/deno/` in
 * Jupyter's data folder). `deno jupyter --install` writes the path of the
 * running Deno binary into it — under `npx`, a folder of npm's cache
 * (`~/.npm/_npx/…`) that disappears when the cache is pruned, and the kernel
 * no longer starts. This kernelspec runs a small script kept beside it
 * instead, which finds the pinned Deno at start: the Deno that installed it
 * if it is still there, `$CLAIMBOOK_DENO`, `deno` on the PATH or
 * `~/.deno/bin/deno` when its version matches, else `npx -y deno@<version>`
 * (which downloads it again if need be).
 *
 * @module
 */

import { join } from "node:path";
import { writeFileAtomic } from "../atomic.ts";

/** The kernelspec's name; the notebooks' `metadata.kernelspec.name`. */
export const KERNEL_NAME = "deno";

/** File name of the start script inside the kernelspec folder. */
export const KERNEL_SCRIPT = "claimbook-deno-kernel.sh";

/** A kernelspec (`kernel.json`). */
export interface Kernelspec {
  argv: string[];
  display_name: string;
  language: string;
  /**
   * How Jupyter interrupts a running cell. "message" (`interrupt_request` on the control channel): the Deno
   * kernel stops the cell and lives on, where the default, SIGINT, ends the kernel (kernel/QUIRKS.md).
   */
  interrupt_mode: "message" | "signal";
  metadata: Record<string, unknown>;
}

/**
 * The start script: runs `deno <args>` with the given Deno version, wherever
 * it is installed. `installedDeno` (the Deno that installed the kernelspec)
 * is tried first because it is fastest when it is still there — but only
 * tried: when it has gone (npm's npx cache pruned), the script looks on.
 *
 * @example
 * ```ts
 * kernelScript("2.9.6").startsWith("#!/bin/sh"); // true
 * ```
 */
export function kernelScript(denoVersion: string, installedDeno?: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(denoVersion)) throw new Error(`not a Deno version: ${JSON.stringify(denoVersion)}`);
  const first = installedDeno ? `${shellQuote(installedDeno)} ` : "";
  return `#!/bin/sh
# Starts Deno's Jupyter kernel with Deno ${denoVersion}, the version claimbook pins, wherever it is
# installed. Written by \`deno task notebook\`. The Deno that installed it is tried first, then
# $CLAIMBOOK_DENO, deno on the PATH and ~/.deno/bin/deno (each only if it is ${denoVersion}); else npx
# fetches it. So the kernel still starts after npm's npx cache is pruned.
want="${denoVersion}"
for deno in ${first}"\${CLAIMBOOK_DENO:-}" "$(command -v deno 2>/dev/null)" "\${HOME:-}/.deno/bin/deno"; do
  [ -n "$deno" ] && [ -x "$deno" ] || continue
  case "$("$deno" --version 2>/dev/null)" in
    "deno $want "*) exec "$deno" "$@" ;;
  esac
done
exec npx -y "deno@$want" "$@"
`;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The kernelspec for a kernelspec folder.
 *
 * @example
 * ```ts
 * kernelspecFor("/root/.local/share/jupyter/kernels/deno", "2.9.6").argv[1];
 * // "/root/.local/share/jupyter/kernels/deno/claimbook-deno-kernel.sh"
 * ```
 */
export function kernelspecFor(kernelDir: string, denoVersion: string): Kernelspec {
  return {
    argv: ["/bin/sh", join(kernelDir, KERNEL_SCRIPT), "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: "Deno",
    language: "typescript",
    interrupt_mode: "message",
    metadata: { claimbook: { deno: denoVersion, installedBy: "deno task notebook" } },
  };
}

/**
 * Jupyter's user data folder, as `jupyter --data-dir` reports it
 * (`$JUPYTER_DATA_DIR`, else `~/.local/share/jupyter` on Linux); worked out
 * from the environment when `jupyter` is not installed.
 *
 * @example
 * ```ts
 * await jupyterDataDir(); // "/root/.local/share/jupyter"
 * ```
 */
export async function jupyterDataDir(env: Record<string, string | undefined> = Deno.env.toObject()): Promise<string> {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  try {
    const output = await new Deno.Command("jupyter", { args: ["--data-dir"], stdout: "piped", stderr: "null" })
      .output();
    const dir = new TextDecoder().decode(output.stdout).trim();
    if (output.success && dir) return dir;
  } catch {
    // No jupyter on the PATH: the platform's default below.
  }
  const home = env.HOME ?? env.USERPROFILE ?? ".";
  if (Deno.build.os === "darwin") return join(home, "Library", "Jupyter");
  if (Deno.build.os === "windows") return join(env.APPDATA ?? home, "jupyter");
  return join(env.XDG_DATA_HOME ?? join(home, ".local", "share"), "jupyter");
}

/** What {@link installKernelspec} wrote. */
export interface InstalledKernelspec {
  /** The kernelspec folder, `<data dir>/kernels/deno`. */
  dir: string;
  kernelspec: Kernelspec;
}

/**
 * Writes (or re-points) the Deno kernelspec: `kernel.json` and the start
 * script, each atomically. Other files in the folder (Deno's logos) stay.
 *
 * @example
 * ```ts
 * const { dir } = await installKernelspec({ dataDir: await jupyterDataDir() });
 * ```
 */
export async function installKernelspec(
  options: { dataDir: string; denoVersion?: string; installedDeno?: string },
): Promise<InstalledKernelspec> {
  const version = options.denoVersion ?? Deno.version.deno;
  const dir = join(options.dataDir, "kernels", KERNEL_NAME);
  const kernelspec = kernelspecFor(dir, version);
  const installedDeno = options.installedDeno ?? (version === Deno.version.deno ? Deno.execPath() : undefined);
  await writeFileAtomic(join(dir, KERNEL_SCRIPT), kernelScript(version, installedDeno));
  if (Deno.build.os !== "windows") await Deno.chmod(join(dir, KERNEL_SCRIPT), 0o755);
  await writeFileAtomic(join(dir, "kernel.json"), JSON.stringify(kernelspec, null, 2) + "\n");
  return { dir, kernelspec };
}
