/**
 * Turns a kernel's IOPub messages into nbformat 4.5 outputs the way
 * Jupyter's own executor (nbclient) does:
 *
 * - `stream`, `display_data`, `execute_result`, `error` become outputs
 *   (consecutive stream chunks of the same name are merged, as Jupyter front
 *   ends show them);
 * - `clear_output` clears the cell's outputs at once, or with `wait: true`
 *   just before the next output arrives;
 * - `update_display_data` (and any new output carrying a known `display_id`)
 *   replaces the data and metadata of every earlier output with that
 *   display id, in any cell of the notebook;
 * - `execute_input`, `status`, comms and unknown types are not outputs;
 *   any `execution_count` sets the cell's count, as in nbclient.
 *
 * @example
 * ```ts
 * const recorder = new OutputRecorder(notebook.cells);
 * recorder.begin(2);
 * recorder.handle(2, message); // for each IOPub message of the cell
 * ```
 * @module
 */

import type { JupyterMessage } from "../kernel/wire.ts";
import type { Cell, CodeCell, MimeBundle, Output } from "./notebook.ts";

/**
 * Collects outputs into the cells of one notebook.
 *
 * @example
 * ```ts
 * const recorder = new OutputRecorder(notebook.cells);
 * recorder.begin(0);
 * recorder.handle(0, iopubMessage);
 * ```
 */
export class OutputRecorder {
  #cells: Cell[];
  /** display_id → cell index → indices of outputs showing it. */
  #displays = new Map<string, Map<number, number[]>>();
  /**
   * Cells with a `clear_output` (`wait: true`) still to apply. Per cell: a cell's output can arrive after the next
   * cell began (the kernel's late results, QUIRKS.md 1), and must still clear the outputs its own cell waited to clear.
   */
  #clearBeforeNextOutput = new Set<number>();

  constructor(cells: Cell[]) {
    this.#cells = cells;
  }

  /** Starts a cell: clears its outputs and execution count, like nbclient. */
  begin(cellIndex: number): void {
    const cell = this.#codeCell(cellIndex);
    cell.outputs = [];
    cell.execution_count = null;
    this.#clearBeforeNextOutput.delete(cellIndex);
    this.#forgetDisplays(cellIndex);
  }

  /** Applies one IOPub message caused by the cell's execution. */
  handle(cellIndex: number, message: JupyterMessage): void {
    const cell = this.#codeCell(cellIndex);
    const type = message.header.msg_type;
    const content = message.content;
    // Like nbclient: the execution count comes with execute_input (so a cell that never answers still shows it).
    if (typeof content.execution_count === "number") cell.execution_count = content.execution_count;
    if (type === "execute_input") {
      const execution = (cell.metadata.execution ??= {}) as Record<string, unknown>;
      execution["iopub.execute_input"] = message.header.date;
    }
    const displayId = displayIdOf(content);
    if (displayId && (type === "execute_result" || type === "display_data" || type === "update_display_data")) {
      this.#updateDisplay(displayId, content);
    }
    if (type === "clear_output") {
      if (content.wait) this.#clearBeforeNextOutput.add(cellIndex);
      else this.#clear(cell, cellIndex);
      return;
    }
    const output = outputFrom(type, content);
    if (!output) return;
    if (this.#clearBeforeNextOutput.delete(cellIndex)) this.#clear(cell, cellIndex);
    const last = cell.outputs.at(-1);
    if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) {
      last.text = joinText(last.text) + joinText(output.text);
      return;
    }
    if (displayId && output.output_type !== "stream" && output.output_type !== "error") {
      const byCell = this.#displays.get(displayId) ?? new Map<number, number[]>();
      this.#displays.set(displayId, byCell);
      const indices = byCell.get(cellIndex) ?? [];
      byCell.set(cellIndex, indices);
      indices.push(cell.outputs.length);
    }
    cell.outputs.push(output);
  }

  /** Adds an output the executor made itself (a timeout or a dead kernel). */
  append(cellIndex: number, output: Output): void {
    this.#codeCell(cellIndex).outputs.push(output);
  }

  #clear(cell: CodeCell, cellIndex: number): void {
    cell.outputs = [];
    this.#forgetDisplays(cellIndex);
  }

  #forgetDisplays(cellIndex: number): void {
    for (const byCell of this.#displays.values()) byCell.delete(cellIndex);
  }

  #updateDisplay(displayId: string, content: Record<string, unknown>): void {
    const byCell = this.#displays.get(displayId);
    if (!byCell) return;
    for (const [cellIndex, indices] of byCell) {
      const outputs = this.#codeCell(cellIndex).outputs;
      for (const index of indices) {
        const output = outputs[index];
        if (output && (output.output_type === "display_data" || output.output_type === "execute_result")) {
          output.data = (content.data as MimeBundle) ?? {};
          output.metadata = (content.metadata as Record<string, unknown>) ?? {};
        }
      }
    }
  }

  #codeCell(index: number): CodeCell {
    const cell = this.#cells[index];
    if (cell?.cell_type !== "code") throw new Error(`cell ${index + 1} is not a code cell`);
    return cell;
  }
}

function displayIdOf(content: Record<string, unknown>): string | undefined {
  const transient = content.transient as { display_id?: unknown } | undefined;
  return typeof transient?.display_id === "string" ? transient.display_id : undefined;
}

/**
 * The nbformat output for an IOPub message, or undefined when the message is not an output.
 *
 * @example
 * ```ts
 * outputFrom("stream", { name: "stdout", text: "hi\n" }); // { output_type: "stream", name: "stdout", text: "hi\n" }
 * ```
 */
export function outputFrom(type: string, content: Record<string, unknown>): Output | undefined {
  switch (type) {
    case "stream":
      return {
        output_type: "stream",
        name: content.name === "stderr" ? "stderr" : "stdout",
        text: joinText(content.text as string | string[]),
      };
    case "display_data":
      return {
        output_type: "display_data",
        data: (content.data as MimeBundle) ?? {},
        metadata: (content.metadata as Record<string, unknown>) ?? {},
      };
    case "execute_result":
      return {
        output_type: "execute_result",
        execution_count: typeof content.execution_count === "number" ? content.execution_count : null,
        data: (content.data as MimeBundle) ?? {},
        metadata: (content.metadata as Record<string, unknown>) ?? {},
      };
    case "error":
      return {
        output_type: "error",
        ename: String(content.ename ?? "Error"),
        evalue: String(content.evalue ?? ""),
        traceback: Array.isArray(content.traceback) ? content.traceback.map(String) : [],
      };
    default:
      return undefined;
  }
}

function joinText(text: string | string[] | undefined): string {
  if (text === undefined) return "";
  return Array.isArray(text) ? text.join("") : text;
}
