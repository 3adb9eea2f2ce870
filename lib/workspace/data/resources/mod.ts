/**
 * Every curated resource of `data/`, in the order they appear in
 * `datapackage.json`.
 *
 * @module
 */

import type { CuratedResource } from "./types.ts";
import { censusGoodsByPartnerMonthly } from "./census.ts";
import { censusGoodsByCountryAnnual, censusGoodsByCountryMonthly } from "./census-country.ts";
import { imfDotsAnnual, imfDotsPartnersAnnual } from "./imf-dots.ts";
import { wtoKoreaImportsByChapter } from "./wto.ts";
import { beaTradeByCountry } from "./bea-country.ts";
import { mojForeignEntrantsMonthly } from "./moj.ts";
import { censusEnduseExports, censusEnduseImports } from "./census-enduse.ts";
import { usitcKoreaExportsBySector, usitcKoreaTotals } from "./usitc.ts";
import {
  pressEvents,
  pressKoreaExportItems,
  pressKoreaExportsMonthly,
  pressKoreaRussiaExchange,
  pressKoreaRussiaTrade,
  pressKoreaSemiconductorExports,
  pressKoreaUsTrade,
  pressRussianArrivals,
  pressUsKoreaAutos,
  pressUsKoreaGoods,
} from "./press.ts";

export type { CuratedResource, RawReader } from "./types.ts";

/** The curated resources. */
export const RESOURCES: readonly CuratedResource[] = [
  censusGoodsByPartnerMonthly,
  censusGoodsByCountryAnnual,
  censusGoodsByCountryMonthly,
  censusEnduseImports,
  censusEnduseExports,
  imfDotsAnnual,
  imfDotsPartnersAnnual,
  wtoKoreaImportsByChapter,
  beaTradeByCountry,
  mojForeignEntrantsMonthly,
  usitcKoreaExportsBySector,
  usitcKoreaTotals,
  pressKoreaRussiaTrade,
  pressKoreaUsTrade,
  pressRussianArrivals,
  pressKoreaRussiaExchange,
  pressKoreaExportsMonthly,
  pressKoreaExportItems,
  pressKoreaSemiconductorExports,
  pressUsKoreaGoods,
  pressUsKoreaAutos,
  pressEvents,
];
