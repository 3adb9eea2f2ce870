/**
 * Decoding publishers' text files strictly: a file in another encoding than
 * the publisher's fails with the file and what to do, instead of reaching
 * the data as mojibake.
 *
 * @module
 */

import { FormatError } from "../errors.ts";

const HANGUL = /[\uac00-\ud7a3]/;

function tryDecode(bytes: Uint8Array, label: string): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decodes UTF-8 text, failing on bytes that are not UTF-8 or on NUL
 * characters (a UTF-16 file).
 *
 * @example
 * ```ts
 * decodeUtf8(new TextEncoder().encode("CTY_CODE,CTY_DESC"), "enduse_exports.csv"); // "CTY_CODE,CTY_DESC"
 * ```
 */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  const text = tryDecode(bytes, "utf-8");
  if (text === undefined || text.includes("\u0000")) {
    throw new FormatError(
      `${source}:1`,
      "not UTF-8 text (another encoding, e.g. UTF-16 or a legacy code page); restore the file (sha256 in PROVENANCE.md) " +
        "or convert it with `iconv -t UTF-8`",
    );
  }
  return text.replace(/^\uFEFF/, "");
}

/**
 * Decodes a CP949 (Korean Windows) file with WHATWG's `euc-kr` decoder,
 * which is windows-949. A UTF-8 copy, or a file that does not decode to a
 * Korean first line, fails with what to do.
 *
 * @example
 * ```ts
 * decodeCp949(await Deno.readFile("moj_2019.cp949.csv"), "moj_2019.cp949.csv").slice(0, 2); // "대륙"
 * ```
 */
export function decodeCp949(bytes: Uint8Array, source: string): string {
  const utf8 = tryDecode(bytes, "utf-8");
  if (utf8 !== undefined && HANGUL.test(utf8)) {
    throw new FormatError(
      `${source}:1`,
      "the file is UTF-8, not CP949 as the publisher issues it; restore the original bytes " +
        "(sha256 in PROVENANCE.md) or convert it back with `iconv -f UTF-8 -t CP949`",
    );
  }
  const text = tryDecode(bytes, "euc-kr");
  if (text === undefined || !HANGUL.test(text.split(/\r?\n/, 1)[0])) {
    throw new FormatError(
      `${source}:1`,
      "not CP949 (EUC-KR) text with a Korean header; restore the publisher's file (sha256 in PROVENANCE.md)",
    );
  }
  return text;
}
