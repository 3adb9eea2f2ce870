/**
 * Reading the parts of a ZIP archive (an .xlsx workbook is one): the central
 * directory, and each wanted part stored or inflated by the runtime's own
 * `DecompressionStream` (native code, not a JavaScript inflater).
 *
 * @module
 */

/** The parts of an archive: their names, and their bytes on request. */
export interface ZipArchive {
  /** Part names, in the order of the central directory. */
  names: string[];
  /** The bytes of a part, or undefined when the archive has none of that name. */
  read(name: string): Promise<Uint8Array | undefined>;
}

interface Entry {
  method: number;
  compressedSize: number;
  localHeader: number;
}

/**
 * Opens an archive held in memory. Throws an Error saying what is wrong when
 * the bytes are not a ZIP archive (no end-of-central-directory record), or
 * use ZIP64 or a compression other than stored or deflated.
 *
 * @example
 * ```ts
 * const zip = openZip(await Deno.readFile("country.xlsx"));
 * new TextDecoder().decode(await zip.read("xl/workbook.xml"));
 * ```
 */
export function openZip(bytes: Uint8Array): ZipArchive {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = endOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) throw new Error("ZIP64 archives are not supported");
  const entries = new Map<string, Entry>();
  const names: string[] = [];
  const utf8 = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) {
      throw new Error("the central directory of the ZIP archive is damaged");
    }
    const nameLength = view.getUint16(at + 28, true);
    const name = utf8.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.set(name, {
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      localHeader: view.getUint32(at + 42, true),
    });
    names.push(name);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return {
    names,
    read(name) {
      const entry = entries.get(name);
      return entry ? partBytes(bytes, view, name, entry) : Promise.resolve(undefined);
    },
  };
}

function endOfCentralDirectory(view: DataView): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (view.getUint32(at, true) === 0x06054b50) return at;
  }
  throw new Error("no end-of-central-directory record: not a ZIP archive");
}

async function partBytes(bytes: Uint8Array, view: DataView, name: string, entry: Entry): Promise<Uint8Array> {
  const header = entry.localHeader;
  if (header + 30 > bytes.length || view.getUint32(header, true) !== 0x04034b50) {
    throw new Error(`the local header of ${name} is damaged`);
  }
  const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw new Error(`${name} is cut short`);
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw new Error(`${name} uses compression method ${entry.method}, not stored or deflated`);
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new DecompressionStream("deflate-raw"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
