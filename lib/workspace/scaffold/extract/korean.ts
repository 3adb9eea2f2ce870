/**
 * Korean amounts written with Korean number units ("8억9천만달러" = 890
 * million dollars). compromise reads English only; Korean trade releases
 * print amounts this way, so they are read here rather than skipped.
 *
 * @module
 */

/** A Korean amount found in a sentence: in dollars, or set aside (won) with the reason. */
export type KoreanAmount =
  | { text: string; start: number; end: number; value: number; unit: "USD" }
  | { text: string; start: number; end: number; unit: null; reason: string };

// Digits and the units 조 (10^12), 억 (10^8), 만 (10^4), 천, 백, 십, then the currency.
const AMOUNT = /[0-9][0-9.,]*\s?(?:[조억만천백십]\s?[0-9.,]*\s?)+(달러|불|원)/gu;
const BIG: [string, number][] = [["조", 1e12], ["억", 1e8], ["만", 1e4]];
const SMALL: Record<string, number> = { "천": 1e3, "백": 1e2, "십": 10 };

/**
 * Korean amounts in a sentence.
 *
 * @example
 * ```ts
 * koreanAmounts("수출액은 8억9천만달러였다")[0]; // { text: "8억9천만달러", value: 890000000, unit: "USD", … }
 * ```
 */
export function koreanAmounts(sentence: string): KoreanAmount[] {
  const found: KoreanAmount[] = [];
  for (const match of sentence.matchAll(AMOUNT)) {
    const text = match[0];
    const start = match.index ?? 0;
    const end = start + text.length;
    const value = koreanNumber(text.replace(/(달러|불|원)$/u, ""));
    if (value === null) {
      found.push({
        text,
        start,
        end,
        unit: null,
        reason: "a Korean amount that could not be read; write it in digits",
      });
    } else if (match[1] === "원") {
      found.push({ text, start, end, unit: null, reason: "an amount in won: claimbook's money units are US dollars" });
    } else {
      found.push({ text, start, end, value, unit: "USD" });
    }
  }
  return found;
}

/**
 * The value of a number written with Korean units, or null when malformed.
 *
 * @example
 * ```ts
 * koreanNumber("8억9천만"); // 890000000
 * koreanNumber("1조2천억"); // 1200000000000
 * ```
 */
export function koreanNumber(text: string): number | null {
  let rest = text.replace(/[\s,]/g, "");
  let total = 0;
  for (const [unit, scale] of BIG) {
    const at = rest.indexOf(unit);
    if (at < 0) continue;
    const group = smallNumber(rest.slice(0, at));
    if (group === null) return null;
    total += (group === 0 ? 1 : group) * scale;
    rest = rest.slice(at + 1);
  }
  const tail = smallNumber(rest);
  if (tail === null) return null;
  return total + tail;
}

/** A number below 10,000: digits with 천/백/십 ("9천" = 9000, "2천5백" = 2500). */
function smallNumber(text: string): number | null {
  if (text === "") return 0;
  let total = 0;
  let digits = "";
  for (const ch of text) {
    if (/[0-9.]/.test(ch)) digits += ch;
    else if (SMALL[ch]) {
      total += (digits === "" ? 1 : Number(digits)) * SMALL[ch];
      digits = "";
    } else return null;
  }
  if (digits !== "") total += Number(digits);
  return Number.isFinite(total) ? total : null;
}
