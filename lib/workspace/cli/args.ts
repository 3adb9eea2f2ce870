/**
 * The one seam every command goes through: its options declared once (the
 * parser's table and the help text come from the same declaration), strict
 * parsing (an unknown flag is a usage error, never a stack trace), the exit
 * codes, and the workspace root.
 *
 * Adding a flag to a command is one entry in its `options`:
 *
 * ```ts
 * options: { from: { type: "string", value: "FILE", help: "start from the document's text in FILE" } }
 * ```
 *
 * @example
 * ```ts
 * import { EXIT, parseCommandLine } from "./args.ts";
 * const parsed = parseCommandLine(SPEC, args);
 * if (typeof parsed === "number") return parsed; // --help printed (0) or a usage error printed (2)
 * parsed.values.force; // boolean | undefined
 * ```
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

/**
 * Exit codes shared by every command.
 *
 * @example
 * ```ts
 * return result.ok ? EXIT.ok : EXIT.failed;
 * ```
 */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** The work failed (a notebook, a check, a write); the message says which. */
  failed: 1,
  /** Bad command line: unknown flag, missing or malformed value. */
  usage: 2,
  /** Stopped by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + SIGTERM). */
  terminated: 143,
} as const;

/**
 * The exit code for a run stopped by a signal (128 + its number).
 *
 * @example
 * ```ts
 * exitCodeForSignal("SIGTERM"); // 143
 * ```
 */
export function exitCodeForSignal(signal: "SIGINT" | "SIGTERM"): number {
  return signal === "SIGTERM" ? EXIT.terminated : EXIT.interrupted;
}

/**
 * The workspace root (the folder holding `deno.json` and `main.ts`), without
 * a trailing slash. Every command finds it here, and only here.
 *
 * @example
 * ```ts
 * join(workspaceRoot(), "data", "documents.json");
 * ```
 */
export function workspaceRoot(): string {
  return fileURLToPath(new URL("../../../", import.meta.url)).replace(/[\\/]$/, "");
}

/** One option of a command. */
export interface OptionSpec {
  type: "string" | "boolean";
  /** One-letter alias, e.g. `j` for `-j`. */
  short?: string;
  /** Name of the value in the help text, e.g. `N` or `DIR` (string options). */
  value?: string;
  /** Help text; further lines (after `\n`) are indented under the first. */
  help: string;
}

/** What a command accepts. */
export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  /** As typed after `deno task`, e.g. `data:import`. */
  name: string;
  /** What follows the name in the usage line, e.g. `[options] [notebook ...]`. */
  synopsis: string;
  /** A paragraph on what the command does. */
  description: string;
  options: O;
  /** How many positional arguments are allowed (default none). */
  positionals?: { min?: number; max?: number; name?: string };
  /** Text after the options (environment, exit status, lists). */
  footer?: string;
}

/** The values of a command's options, typed from its spec. */
export type OptionValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string;
};

/** A parsed command line. */
export interface ParsedCommandLine<O extends Record<string, OptionSpec>> {
  values: OptionValues<O>;
  positionals: string[];
}

const HELP_OPTION: OptionSpec = { type: "boolean", short: "h", help: "show this help" };

/**
 * The full help text of a command: usage line, description, options (from
 * the same table the parser uses), footer.
 *
 * @example
 * ```ts
 * console.log(usageText(SPEC));
 * ```
 */
export function usageText(spec: CommandSpec): string {
  const options = { ...spec.options, help: HELP_OPTION };
  const labels = Object.entries(options).map(([name, o]) => {
    const long = `--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
    return o.short ? `-${o.short}, ${long}` : `    ${long}`;
  });
  const width = Math.max(...labels.map((l) => l.length));
  const lines = Object.values(options).map((o, i) =>
    `  ${labels[i].padEnd(width)}  ${o.help.split("\n").join(`\n${" ".repeat(width + 4)}`)}`
  );
  return [
    `usage: deno task ${spec.name} ${spec.synopsis}`.trimEnd(),
    "",
    spec.description,
    "",
    "options:",
    ...lines,
    ...(spec.footer ? ["", spec.footer] : []),
  ].join("\n");
}

/**
 * Prints a usage error (the reason, then the help) on stderr and returns
 * the usage exit code.
 *
 * @example
 * ```ts
 * if (!validDate(values.date)) return usageError(SPEC, `--date takes YYYY-MM-DD, got "${values.date}"`);
 * ```
 */
export function usageError(spec: CommandSpec, reason: string): number {
  console.error(`claimbook ${spec.name}: ${reason}\n\n${usageText(spec)}`);
  return EXIT.usage;
}

/**
 * Parses a command line strictly against the spec. Returns the parsed values,
 * or an exit code when the command should stop here: 0 after printing the
 * help (`--help`, `-h`), 2 after printing a usage error on stderr (unknown
 * flag, missing value, wrong number of arguments).
 *
 * @example
 * ```ts
 * const parsed = parseCommandLine(SPEC, ["--jobs", "2"]);
 * if (typeof parsed === "number") return parsed;
 * ```
 */
export function parseCommandLine<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  args: string[],
): ParsedCommandLine<O> | number {
  const config: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const [name, option] of Object.entries({ ...spec.options, help: HELP_OPTION })) {
    config[name] = option.short ? { type: option.type, short: option.short } : { type: option.type };
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options: config, allowPositionals: true, strict: true });
  } catch (error) {
    return usageError(spec, plainReason(error, args));
  }
  if (parsed.values.help) {
    console.log(usageText(spec));
    return EXIT.ok;
  }
  const { min = 0, max = 0, name = "argument" } = spec.positionals ?? {};
  const count = parsed.positionals.length;
  if (count > max) {
    return usageError(
      spec,
      max === 0
        ? `unexpected argument(s): ${parsed.positionals.join(" ")}`
        : `too many arguments (${count}); give at most ${max} ${name}(s)`,
    );
  }
  if (count < min) return usageError(spec, `give ${min === max ? "exactly" : "at least"} ${min} ${name}(s)`);
  const { help: _help, ...values } = parsed.values;
  return { values: values as OptionValues<O>, positionals: parsed.positionals };
}

/**
 * node:util's message, without its "To specify a positional argument…"
 * advice; a word given with one dash (`-lead`) is named whole, with the fix.
 */
function plainReason(error: unknown, args: string[]): string {
  const message = (error instanceof Error ? error.message : String(error))
    .split(". To specify a positional argument")[0].replace(/\.$/, "");
  const short = /^Unknown option '-([^-])'/.exec(message)?.[1];
  const end = args.indexOf("--");
  const word = (end === -1 ? args : args.slice(0, end)).find((a) => /^-[^-]{2,}/.test(a) && a[1] === short);
  return word ? `unknown option ${word}; long options take two dashes (--${word.slice(1)})` : message;
}
