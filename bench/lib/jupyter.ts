/**
 * The baseline: Jupyter's own `nbconvert --execute` with the Deno kernel.
 * Installs Debian's Jupyter when it is missing (as the CI does), and the
 * Deno kernelspec pointing at this Deno.
 *
 * @module
 */

import { basename, join } from "node:path";

/**
 * Whether a command is on PATH.
 *
 * @example
 * ```ts
 * await onPath("jupyter-nbconvert");
 * ```
 */
export async function onPath(command: string): Promise<boolean> {
  const out = await new Deno.Command("sh", { args: ["-c", `command -v ${command}`], stdout: "null", stderr: "null" })
    .output();
  return out.success;
}

async function run(cmd: string, args: string[]): Promise<boolean> {
  const out = await new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" }).output();
  if (!out.success) console.error(new TextDecoder().decode(out.stderr).slice(-2000));
  return out.success;
}

/**
 * Makes sure `jupyter nbconvert` and the Deno kernelspec are there; returns
 * false (with a message) when they cannot be installed.
 *
 * @example
 * ```ts
 * if (!(await ensureJupyter())) console.log("skipping the nbconvert baseline");
 * ```
 */
export async function ensureJupyter(): Promise<boolean> {
  if (!(await onPath("jupyter-nbconvert"))) {
    console.log("jupyter-nbconvert missing: installing Debian's jupyter-nbconvert (apt-get)…");
    const sudo = Deno.uid?.() === 0 ? [] : ["sudo"];
    const apt = (args: string[]) => sudo.length ? run("sudo", ["apt-get", ...args]) : run("apt-get", args);
    if (
      !(await apt(["update", "-qq"])) ||
      !(await apt(["install", "-y", "-qq", "jupyter-notebook", "jupyter-nbconvert", "python3-ipykernel"]))
    ) {
      console.error("could not install Jupyter; the nbconvert baseline is skipped");
      return false;
    }
  }
  // --force: an existing kernelspec may point at another Deno (the one CI or npx installed).
  return await run(Deno.execPath(), ["jupyter", "--install", "--force"]);
}

/**
 * Executes one notebook with `jupyter nbconvert --to notebook --execute`,
 * writing the result into `outDir`. Throws with nbconvert's error tail.
 *
 * @example
 * ```ts
 * await nbconvertExecute("notebooks/korus-kei-2018.ipynb", "/tmp/out");
 * ```
 */
export async function nbconvertExecute(notebook: string, outDir: string): Promise<string> {
  await Deno.mkdir(outDir, { recursive: true });
  const output = join(outDir, basename(notebook));
  const out = await new Deno.Command("jupyter", {
    args: [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      notebook,
      "--output",
      output,
      "--ExecutePreprocessor.timeout=300",
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`nbconvert failed on ${notebook}:\n${new TextDecoder().decode(out.stderr).slice(-1500)}`);
  }
  return output;
}
