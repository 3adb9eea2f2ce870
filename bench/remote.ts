/**
 * `deno task bench:remote`: 200 small generated notebooks executed as a
 * person runs them — `deno task run --force --jobs 2` — on local kernels and
 * on the kernels of Debian's Jupyter Server started here
 * (`--kernel-server`), interleaved round after round so that load from
 * other work falls on both alike. Counts each command's wall time and CPU
 * (the command with the kernels it waited for; for the server's kernels, the
 * server's own CPU and its kernels'), and the start-up of one kernel each
 * way (ready to `kernel_info_reply`, then shut down). Prints a table and
 * appends it to bench/RESULTS.md.
 *
 *   deno task bench:remote                      200 notebooks, 2 rounds
 *   deno task bench:remote --count 20 --rounds 1 --no-write   to try it out
 *
 * @module
 */

import { parseArgs } from "node:util";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { codeNotebook } from "../lib/workspace/scaffold/mod.ts";
import { startKernel } from "../lib/workspace/kernel/client.ts";
import { KernelServer } from "../lib/workspace/kernel/remote/server.ts";
import { startRemoteKernel } from "../lib/workspace/kernel/remote/kernel.ts";
import { jupyterServerAvailable, startJupyterServer } from "./lib/jupyter-server.ts";
import { median, seconds } from "./lib/stats.ts";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const TICKS_PER_SECOND = 100;

/** Wall time and CPU of one run. */
interface RunCost {
  ms: number;
  /** CPU of the command and the processes it waited for (local kernels). */
  commandCpuMs: number;
  /** CPU of the Jupyter Server and the kernels it waited for (remote runs). */
  serverCpuMs: number;
}

/** CPU from /proc/<pid>/stat: the process itself and its waited-for children, in ms. */
function cpuMs(pid: number | "self", which: "children" | "all"): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
  const [utime, stime, cutime, cstime] = fields.slice(11, 15);
  const ticks = which === "children" ? cutime + cstime : utime + stime + cutime + cstime;
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Writes `count` small notebooks (a catalog load, a balance, a table, a print) inside the workspace. */
async function generate(dir: string, count: number): Promise<string[]> {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (let n = 0; n < count; n++) {
    const year = 1995 + (n % 25);
    const where = `{ reporter: "KOR", partner: "USA", flow: "%s", year: ${year} }`;
    const nb = codeNotebook([
      `import { balance, load, quantityAt, report, show } from "@lib/analysis/mod.ts";\nconst dots = load("imf-dots-annual");`,
      `const b = balance(quantityAt(dots, "value", ${where.replace("%s", "exports")}), quantityAt(dots, "value", ${
        where.replace("%s", "imports")
      }));\nb.value`,
      `await report(show(dots.filter((d) => d.year === ${year}).slice(0, 3)));`,
      `console.log("notebook ${n} done");`,
    ]);
    const path = join(dir, `remote-${String(n).padStart(3, "0")}.ipynb`);
    await Deno.writeTextFile(path, JSON.stringify(nb));
    paths.push(path);
  }
  return paths;
}

async function runCommand(
  args: string[],
  env: Record<string, string>,
  serverPid: number,
): Promise<RunCost> {
  const commandBefore = cpuMs("self", "children");
  const serverBefore = cpuMs(serverPid, "all");
  const started = performance.now();
  const out = await new Deno.Command(Deno.execPath(), { args, cwd: ROOT, env, stdout: "null", stderr: "piped" })
    .output();
  const ms = performance.now() - started;
  if (!out.success) {
    throw new Error(
      `deno ${args.slice(0, 8).join(" ")} … failed:\n${new TextDecoder().decode(out.stderr).slice(-2000)}`,
    );
  }
  return {
    ms,
    commandCpuMs: cpuMs("self", "children") - commandBefore,
    serverCpuMs: cpuMs(serverPid, "all") - serverBefore,
  };
}

/** Kernel ready and shut down, one at a time, each way, interleaved. */
async function kernelStarts(server: KernelServer, times: number): Promise<{ local: number[]; remote: number[] }> {
  const local: number[] = [];
  const remote: number[] = [];
  for (let i = 0; i < times; i++) {
    let started = performance.now();
    const kernel = await startKernel({ cwd: join(ROOT, "notebooks") });
    await kernel.shutdown();
    local.push(performance.now() - started);
    started = performance.now();
    const far = await startRemoteKernel({ server, path: "notebooks" });
    await far.shutdown();
    remote.push(performance.now() - started);
  }
  return { local, remote };
}

const { values } = parseArgs({
  args: Deno.args,
  options: {
    count: { type: "string", default: "200" },
    rounds: { type: "string", default: "2" },
    jobs: { type: "string", default: "2" },
    "no-write": { type: "boolean", default: false },
  },
});
const count = Number(values.count);
const rounds = Number(values.rounds);
const jobs = Number(values.jobs);

if (!(await jupyterServerAvailable())) {
  console.error("bench:remote needs Jupyter Server: apt-get install jupyter-server");
  Deno.exit(1);
}
const loadBefore = loadAverage();
const dir = join(ROOT, "_build", "bench", "remote");
const paths = await generate(join(dir, "notebooks"), count);
const jupyter = await startJupyterServer(ROOT);
const costs: { local: RunCost[]; remote: RunCost[] } = { local: [], remote: [] };
let starts: { local: number[]; remote: number[] };
let protocol = "";
try {
  const server = await KernelServer.open({ url: jupyter.url, token: jupyter.token });
  const probe = await startRemoteKernel({ server, path: "notebooks" });
  protocol = probe.channels.protocol || "JSON";
  await probe.shutdown();
  const base = ["task", "run", "--force", "--quiet", "--jobs", String(jobs)];
  const env = { NO_COLOR: "1" };
  const local = (round: number) =>
    runCommand([...base, "--build-dir", join(dir, `build-local-${round}`), ...paths], env, jupyter.pid);
  const remote = (round: number) =>
    runCommand(
      [...base, "--kernel-server", jupyter.url, "--build-dir", join(dir, `build-remote-${round}`), ...paths],
      { ...env, CLAIMBOOK_KERNEL_TOKEN: jupyter.token },
      jupyter.pid,
    );
  for (let round = 0; round < rounds; round++) {
    // ABBA: each goes first in every other round.
    const order = round % 2 === 0 ? ["local", "remote"] as const : ["remote", "local"] as const;
    for (const kind of order) {
      const cost = await (kind === "local" ? local(round) : remote(round));
      costs[kind].push(cost);
      console.log(`round ${round + 1} ${kind}: ${seconds(cost.ms)}`);
    }
  }
  starts = await kernelStarts(server, 5);
} finally {
  await jupyter.stop();
}

const wall = (list: RunCost[]) => median(list.map((c) => c.ms));
const cpu = (list: RunCost[], server: boolean) =>
  median(list.map((c) => c.commandCpuMs + (server ? c.serverCpuMs : 0))) / count;
const rows = [
  ["", "local kernels", "Jupyter Server's kernels", "remote ÷ local"],
  [
    `\`deno task run --force --jobs ${jobs}\`, ${count} notebooks (median of ${rounds})`,
    seconds(wall(costs.local)),
    seconds(wall(costs.remote)),
    `${(wall(costs.remote) / wall(costs.local)).toFixed(2)}×`,
  ],
  [
    "per notebook, wall",
    seconds(wall(costs.local) / count),
    seconds(wall(costs.remote) / count),
    "",
  ],
  [
    "CPU per notebook (claimbook + kernels; remote: + the server)",
    seconds(cpu(costs.local, false)),
    seconds(cpu(costs.remote, true)),
    `${(cpu(costs.remote, true) / cpu(costs.local, false)).toFixed(2)}×`,
  ],
  [
    "… of which the server and its kernels",
    "",
    seconds(median(costs.remote.map((c) => c.serverCpuMs)) / count),
    "",
  ],
  [
    "one kernel started, ready and shut down (median of 5, interleaved)",
    seconds(median(starts.local)),
    seconds(median(starts.remote)),
    `${(median(starts.remote) / median(starts.local)).toFixed(2)}×`,
  ],
];
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
const table = [line(rows[0]), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.slice(1).map(line)]
  .join("\n");
const memory = Deno.systemMemoryInfo();
const machine = `${navigator.hardwareConcurrency} cores, ${
  (memory.total / 1024 ** 3).toFixed(0)
} GiB · Deno ${Deno.version.deno} · Jupyter Server ${await version()} on 127.0.0.1, WebSocket ${protocol} · load average ${loadBefore} before, ${loadAverage()} after (other work on the machine)`;
console.log(`\n${machine}\n\n${table}`);
if (!values["no-write"]) {
  const entry =
    `\n## Remote kernels: ${count} notebooks through a Jupyter Server (${
      new Date().toISOString().slice(0, 10)
    })\n\n${machine}; \`deno task bench:remote\`. Each notebook: a catalog load, a balance, a small table, a print ` +
    `(4 cells). The same command both ways, rounds interleaved; the server runs on this machine, so its kernels ` +
    `share the same 2 cores.\n\n${table}\n`;
  await Deno.writeTextFile(join(ROOT, "bench", "RESULTS.md"), entry, { append: true });
  console.log("appended to bench/RESULTS.md");
}
await Deno.remove(dir, { recursive: true }).catch(() => {});

async function version(): Promise<string> {
  try {
    const out = await new Deno.Command("jupyter", { args: ["server", "--version"], stdout: "piped", stderr: "null" })
      .output();
    return new TextDecoder().decode(out.stdout).trim();
  } catch {
    return "?";
  }
}

/** The 1-minute load average (other work on this shared machine slows every figure alike). */
function loadAverage(): string {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ")[0];
  } catch {
    return "?";
  }
}
