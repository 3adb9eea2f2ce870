/**
 * Loads danfojs at a fifth of its usual cost. danfojs 1.1 requires, when it
 * loads, mathjs's CommonJS build — some 2,500 files, about 0.9 s of CPU per
 * kernel — and SheetJS (`xlsx`, 0.3 s), which only its Excel readers and
 * writers use. Before importing danfojs this module puts two entries in
 * Node's module cache, under the very paths danfojs would load:
 *
 * - mathjs: the same package's single-file build (`lib/browser/math.js`,
 *   the same version and functions, bundled), loaded at once;
 * - xlsx: a stand-in that loads the real module the first time anything
 *   reads from it, so `readExcel` and `toExcel` work as before.
 *
 * When danfojs or its dependencies are laid out otherwise (another version,
 * no `node_modules` folder), nothing is seeded and danfojs loads as usual.
 *
 * @example
 * ```ts
 * const dfd = await importDanfojs();
 * new dfd.Series([1, 2, 3]).std(); // 1
 * ```
 * @module
 */

import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

// deno-lint-ignore no-explicit-any
type Loaded = any;

/** A module-cache entry, as Node's `require.cache` holds them. */
interface CacheEntry {
  id: string;
  filename: string;
  loaded: boolean;
  exports: Loaded;
  children: unknown[];
  paths: string[];
}

/**
 * Imports danfojs, seeding the module cache first (see the module doc).
 *
 * @example
 * ```ts
 * const dfd = await importDanfojs();
 * ```
 */
export async function importDanfojs(): Promise<Loaded> {
  try {
    seedModuleCache();
  } catch {
    // Another layout than the one measured: load danfojs as it comes.
  }
  return await import("danfojs");
}

/**
 * Puts the single-file mathjs and a lazy xlsx into the module cache under
 * the paths danfojs resolves; returns which were seeded.
 *
 * @example
 * ```ts
 * seedModuleCache(); // ["mathjs", "xlsx"]
 * ```
 */
export function seedModuleCache(): string[] {
  const main = fileURLToPath(import.meta.resolve("danfojs"));
  // danfojs's own modules require mathjs and xlsx; resolve both as they would.
  const fromDanfo = createRequire(createRequire(main).resolve("../../danfojs-base/core/series.js"));
  const cache = (fromDanfo as unknown as { cache: Record<string, CacheEntry> }).cache;
  const seeded: string[] = [];
  const entry = (filename: string, exports: Loaded): CacheEntry => ({
    id: filename,
    filename,
    loaded: true,
    exports,
    children: [],
    paths: [],
  });

  const mathjs = fromDanfo.resolve("mathjs");
  if (!cache[mathjs]) {
    cache[mathjs] = entry(mathjs, fromDanfo("mathjs/lib/browser/math.js"));
    seeded.push("mathjs");
  }
  const xlsx = fromDanfo.resolve("xlsx");
  if (!cache[xlsx]) {
    let real: Loaded;
    const load = () => {
      if (real) return real;
      delete cache[xlsx]; // let the real module take its place
      return (real = fromDanfo(xlsx));
    };
    cache[xlsx] = entry(
      xlsx,
      new Proxy({}, {
        get: (_, key) => load()[key],
        has: (_, key) => key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_, key) => {
          const descriptor = Object.getOwnPropertyDescriptor(load(), key);
          return descriptor && { ...descriptor, configurable: true };
        },
      }),
    );
    seeded.push("xlsx");
  }
  return seeded;
}
