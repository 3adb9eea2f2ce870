/**
 * Every curated resource of `data/`, in the order they appear in
 * `datapackage.json`.
 *
 * @module
 */

import type { CuratedResource } from "./types.ts";
import { censusGoodsByPartnerMonthly } from "./census.ts";
import { imfDotsAnnual } from "./imf-dots.ts";
import { wtoKoreaImportsByChapter } from "./wto.ts";
import { usitcKoreaExportsBySector, usitcKoreaTotals } from "./usitc.ts";
import {
  pressEvents,
  pressKoreaExportItems,
  pressKoreaExportsMonthly,
  pressKoreaRussiaExchange,
  pressKoreaRussiaTrade,
  pressKoreaUsTrade,
  pressRussianArrivals,
  pressUsKoreaGoods,
} from "./press.ts";

export type { CuratedResource, RawReader } from "./types.ts";

/** The curated resources. */
export const RESOURCES: readonly CuratedResource[] = [
  censusGoodsByPartnerMonthly,
  imfDotsAnnual,
  wtoKoreaImportsByChapter,
  usitcKoreaExportsBySector,
  usitcKoreaTotals,
  pressKoreaRussiaTrade,
  pressKoreaUsTrade,
  pressRussianArrivals,
  pressKoreaRussiaExchange,
  pressKoreaExportsMonthly,
  pressKoreaExportItems,
  pressUsKoreaGoods,
  pressEvents,
];
