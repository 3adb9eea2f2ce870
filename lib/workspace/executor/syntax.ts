/**
 * The Deno kernel (2.9) answers a cell that does not parse with a bare
 * "Error: Execution failed" and no traceback. To say what is wrong, the cell
 * is handed to Deno's own parser (`deno fmt`, the same TypeScript syntax the
 * kernel uses), whose message names the line and column.
 * (lib/workspace/kernel/QUIRKS.md, 4.)
 *
 * @module
 */

import stripAnsi from "strip-ansi";

/** A syntax error found in a cell. */
export interface CellSyntaxError {
  ename: "SyntaxError";
  /** What the parser says, e.g. "Expression expected". */
  evalue: string;
  /** The parser's excerpt with the line and column, as traceback lines. */
  traceback: string[];
}

/**
 * Whether a failed reply carries no explanation (the kernel's answer to a
 * cell it could not parse).
 *
 * @example
 * ```ts
 * isSilentFailure("Error", "Execution failed", []); // true
 * ```
 */
export function isSilentFailure(ename: string, evalue: string, traceback: string[]): boolean {
  return ename === "Error" && evalue.trim() === "Execution failed" && traceback.length === 0;
}

/**
 * Parses a cell with Deno's parser; returns its syntax error, or undefined
 * when the cell parses (the failure then had another cause).
 *
 * @example
 * ```ts
 * (await findSyntaxError("const broken = ;"))?.evalue; // "Expression expected (line 1, column 16)"
 * ```
 */
export async function findSyntaxError(code: string): Promise<CellSyntaxError | undefined> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=ts", "-"],
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(code));
  await writer.close();
  const { success, stderr } = await child.output();
  if (success) return undefined;
  const text = stripAnsi(new TextDecoder().decode(stderr));
  const message = /error: (?:SyntaxError: )?(.+)/.exec(text)?.[1]?.trim();
  if (!message) return undefined;
  const where = /:(\d+):(\d+)\s*$/m.exec(text);
  const excerpt = text.split("\n").filter((line) => /^\s*\d*\s*\|/.test(line));
  return {
    ename: "SyntaxError",
    evalue: where ? `${message} (line ${where[1]}, column ${where[2]})` : message,
    traceback: excerpt,
  };
}
