/**
 * The layout of an Arrow IPC file (the "Feather v2" format): where its
 * schema, dictionaries and record batches lie, read from the file's footer,
 * so that a reader can fetch only the batches it needs. Reads go through an
 * {@link ArrowSource}: bytes already in memory, or an open file read piece
 * by piece into a reused buffer (fresh memory is slow to fault in; a reused
 * buffer is not).
 *
 * @example
 * ```ts
 * const source = fileSource("data/trade.arrow");
 * const layout = readArrowLayout(source);
 * layout.batches.length; // record batches in the file
 * source.close();
 * ```
 * @module
 */

import { createHash } from "node:crypto";

/** Where one message (a dictionary or record batch) lies in the file. */
export interface ArrowBlock {
  /** Byte offset of the message in the file. */
  offset: number;
  /** Bytes of the message's prefix and metadata, padding included. */
  metaDataLength: number;
  /** Bytes of the message's body. */
  bodyLength: number;
}

/** The parts of an Arrow IPC file. */
export interface ArrowLayout {
  /** The schema message, as bytes (an IPC stream starts with it). */
  schema: Uint8Array;
  dictionaries: ArrowBlock[];
  batches: ArrowBlock[];
}

/** Random access to the bytes of an Arrow file. */
export interface ArrowSource {
  readonly size: number;
  /**
   * Bytes `[offset, offset + length)`. With `reuse`, they may land in a
   * buffer that the next reusing read overwrites.
   */
  read(offset: number, length: number, reuse?: boolean): Uint8Array;
  close(): void;
}

/** Raised when bytes are not an Arrow IPC file. */
export class ArrowFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArrowFormatError";
  }
}

const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

/**
 * A source over bytes in memory.
 *
 * @example
 * ```ts
 * const source = memorySource(await Deno.readFile("data/trade.arrow"));
 * ```
 */
export function memorySource(bytes: Uint8Array): ArrowSource {
  return {
    size: bytes.length,
    read: (offset, length) => {
      if (offset < 0 || offset + length > bytes.length) {
        throw new ArrowFormatError(`a block at byte ${offset} runs past the end of the file (${bytes.length} bytes)`);
      }
      return bytes.subarray(offset, offset + length);
    },
    close: () => {},
  };
}

/**
 * A source over a file, read on demand.
 *
 * @example
 * ```ts
 * const source = fileSource("data/trade.arrow");
 * source.read(0, 6); // "ARROW1"
 * source.close();
 * ```
 */
export function fileSource(path: string): ArrowSource {
  const file = Deno.openSync(path, { read: true });
  const size = file.statSync().size;
  let scratch = new Uint8Array(0);
  return {
    size,
    read: (offset, length, reuse = false) => {
      if (offset < 0 || offset + length > size) {
        throw new ArrowFormatError(`a block at byte ${offset} runs past the end of the file (${size} bytes)`);
      }
      if (reuse && scratch.length < length) scratch = new Uint8Array(Math.max(length, scratch.length * 2));
      const into = reuse ? scratch.subarray(0, length) : new Uint8Array(length);
      file.seekSync(offset, Deno.SeekMode.Start);
      let done = 0;
      while (done < length) {
        const read = file.readSync(into.subarray(done));
        if (read === null || read === 0) throw new ArrowFormatError(`the file ended at byte ${offset + done}`);
        done += read;
      }
      return into;
    },
    close: () => file.close(),
  };
}

/**
 * SHA-256 (hex) of a source's bytes, read in chunks into one reused buffer.
 *
 * @example
 * ```ts
 * sourceSha256(memorySource(new TextEncoder().encode("abc"))).slice(0, 8); // "ba7816bf"
 * ```
 */
export function sourceSha256(source: ArrowSource): string {
  const hash = createHash("sha256");
  const chunk = 4 * 1024 * 1024;
  for (let offset = 0; offset < source.size; offset += chunk) {
    hash.update(source.read(offset, Math.min(chunk, source.size - offset), true));
  }
  return hash.digest("hex");
}

/**
 * Reads the footer of an Arrow IPC file: the schema message and the blocks
 * of its dictionaries and record batches. Throws {@link ArrowFormatError}
 * when the bytes are not an Arrow IPC file.
 *
 * @example
 * ```ts
 * const { batches } = readArrowLayout(memorySource(bytes));
 * ```
 */
export function readArrowLayout(source: ArrowSource): ArrowLayout {
  const size = source.size;
  if (size < 6 + 2 + 4 + 6 || !hasMagic(source.read(0, 6)) || !hasMagic(source.read(size - 6, 6))) {
    throw new ArrowFormatError(
      'not an Arrow IPC file (it must start and end with "ARROW1"; an Arrow stream or a Parquet file is not read here)',
    );
  }
  const footerLength = view(source.read(size - 10, 4)).getInt32(0, true);
  if (footerLength <= 0 || footerLength > size - 18) throw new ArrowFormatError("the file's footer is damaged");
  const footer = source.read(size - 10 - footerLength, footerLength);
  const table = flatTable(footer, 0);
  // Footer fields: 0 version, 1 schema, 2 dictionaries, 3 recordBatches, 4 custom_metadata.
  const dictionaries = blocks(footer, table, 2);
  const batches = blocks(footer, table, 3);
  // The stream inside the file starts after the magic and its padding with the schema message.
  const prefix = view(source.read(8, 8));
  const continued = prefix.getInt32(0, true) === -1;
  const metadata = continued ? prefix.getInt32(4, true) : prefix.getInt32(0, true);
  const schemaLength = (continued ? 8 : 4) + metadata;
  if (metadata <= 0 || 8 + schemaLength > size) throw new ArrowFormatError("the file's schema message is damaged");
  return { schema: source.read(8, schemaLength).slice(), dictionaries, batches };
}

function hasMagic(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A flatbuffers table: its position and a lookup of its fields' positions. */
interface FlatTable {
  field(index: number): number | undefined;
}

function flatTable(bytes: Uint8Array, at: number): FlatTable {
  const data = view(bytes);
  const position = at + data.getUint32(at, true);
  const vtable = position - data.getInt32(position, true);
  const vtableSize = data.getUint16(vtable, true);
  return {
    field: (index) => {
      const entry = 4 + 2 * index;
      if (entry >= vtableSize) return undefined;
      const offset = data.getUint16(vtable + entry, true);
      return offset === 0 ? undefined : position + offset;
    },
  };
}

function blocks(bytes: Uint8Array, table: FlatTable, index: number): ArrowBlock[] {
  const at = table.field(index);
  if (at === undefined) return [];
  const data = view(bytes);
  const vector = at + data.getUint32(at, true);
  const count = data.getUint32(vector, true);
  const out: ArrowBlock[] = [];
  for (let i = 0; i < count; i++) {
    // struct Block { offset: long; metaDataLength: int; (padding) bodyLength: long } = 24 bytes
    const base = vector + 4 + 24 * i;
    out.push({
      offset: Number(data.getBigInt64(base, true)),
      metaDataLength: data.getInt32(base + 8, true),
      bodyLength: Number(data.getBigInt64(base + 16, true)),
    });
  }
  return out;
}

/**
 * The bytes of consecutive blocks `[first, last]` in one read (they lie
 * next to each other in a file written in order), as one buffer holding
 * their messages back to back.
 *
 * @example
 * ```ts
 * const bytes = readBlocks(source, layout.batches, 0, 3, true);
 * ```
 */
export function readBlocks(
  source: ArrowSource,
  blocks: readonly ArrowBlock[],
  first: number,
  last: number,
  reuse = false,
): Uint8Array[] {
  const start = blocks[first].offset;
  const end = blocks[last].offset + blocks[last].metaDataLength + blocks[last].bodyLength;
  // Blocks are normally contiguous; if some other message sits between them, read each block on its own.
  let contiguous = true;
  for (let i = first + 1; i <= last && contiguous; i++) {
    const previous = blocks[i - 1];
    contiguous = previous.offset + previous.metaDataLength + previous.bodyLength === blocks[i].offset;
  }
  if (contiguous) return [source.read(start, end - start, reuse)];
  const out: Uint8Array[] = [];
  for (let i = first; i <= last; i++) {
    out.push(source.read(blocks[i].offset, blocks[i].metaDataLength + blocks[i].bodyLength));
  }
  return out;
}
