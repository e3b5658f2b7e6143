/**
 * Timing helpers for the benchmarks: warm-up, median of runs, a sink that keeps results alive,
 * and heap measurement after garbage collection when it can be forced.
 *
 * @module
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** The summary of a repeated measurement, in milliseconds. */
export interface Timing {
  /** Median of the measured runs. */
  readonly median: number;
  /** Fastest run. */
  readonly min: number;
  /** Slowest run. */
  readonly max: number;
  /** How many runs were measured (warm-up runs excluded). */
  readonly runs: number;
}

/** How often to run a measured function. */
export interface RunOptions {
  /** Runs before measuring, to let the JIT compile the code (default 1). */
  readonly warmup?: number;
  /** Measured runs (default 5). */
  readonly runs?: number;
}

/**
 * Results are added here so that the JIT cannot drop a computation whose result is unused.
 * Print it at the end to keep it observable.
 */
export const sink = { value: 0 };

/** Fold any value into {@link sink}. */
export function consume(value: unknown): void {
  if (typeof value === 'boolean') sink.value += value ? 1 : 0;
  else if (typeof value === 'number') sink.value += value;
  else if (value !== undefined && value !== null) sink.value += 1;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summarize(times: readonly number[]): Timing {
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), runs: times.length };
}

/** Time `fn` after `warmup` unmeasured runs: the median of `runs` measured runs. */
export function measure(fn: () => unknown, options: RunOptions = {}): Timing {
  const { warmup = 1, runs = 5 } = options;
  for (let i = 0; i < warmup; i++) consume(fn());
  const times: number[] = [];
  for (let i = 0; i < Math.max(1, runs); i++) {
    const start = performance.now();
    consume(fn());
    times.push(performance.now() - start);
  }
  return summarize(times);
}

/**
 * Time several functions in alternation (a, b, a, b, ...) and summarize each: on a shared machine
 * the load changes over time, so figures that feed one ratio are taken side by side.
 */
export function measureInterleaved<K extends string>(fns: Readonly<Record<K, () => unknown>>, options: RunOptions = {}): Record<K, Timing> {
  const { warmup = 1, runs = 5 } = options;
  const keys = Object.keys(fns) as K[];
  for (let i = 0; i < warmup; i++) for (const key of keys) consume(fns[key]());
  const times = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < Math.max(1, runs); i++) {
    for (const key of keys) {
      const start = performance.now();
      consume(fns[key]());
      times[key].push(performance.now() - start);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, summarize(times[k])])) as Record<K, Timing>;
}

/** Like {@link measure}, for asynchronous work. */
export async function measureAsync(fn: () => Promise<unknown>, options: RunOptions = {}): Promise<Timing> {
  const { warmup = 1, runs = 5 } = options;
  for (let i = 0; i < warmup; i++) consume(await fn());
  const times: number[] = [];
  for (let i = 0; i < Math.max(1, runs); i++) {
    const start = performance.now();
    consume(await fn());
    times.push(performance.now() - start);
  }
  return summarize(times);
}

/**
 * Time each of `items` once through `fn` (after warming up on the first few): the median
 * per item. For operations whose cost depends on the input, such as "all rights of one user".
 */
export function measureEach<T>(items: readonly T[], fn: (item: T) => unknown, warmup = 3): Timing {
  for (let i = 0; i < Math.min(warmup, items.length); i++) consume(fn(items[i]!));
  const times = items.map((item) => {
    const start = performance.now();
    consume(fn(item));
    return performance.now() - start;
  });
  return summarize(times.length > 0 ? times : [0]);
}

/**
 * Run `fn` on items in order until `budgetMs` has passed (at least `minItems`, at most all of
 * them): the number of items run and the mean time per item. For slow baselines timed on a sample.
 */
export function sampleWithin<T>(items: readonly T[], fn: (item: T) => unknown, budgetMs: number, minItems = 1): { readonly count: number; readonly perItemMs: number } {
  const start = performance.now();
  let count = 0;
  while (count < items.length && (count < minItems || performance.now() - start < budgetMs)) {
    consume(fn(items[count]!));
    count++;
  }
  const elapsed = performance.now() - start;
  return { count, perItemMs: count > 0 ? elapsed / count : 0 };
}

let forcedGc: (() => void) | undefined;
let gcResolved = false;

/**
 * A function that forces a full garbage collection, or undefined when the runtime refuses.
 * `npm run bench` starts node without `--expose-gc`, so the flag is switched on at run time and
 * the function is taken from a fresh context, where V8 installs it.
 */
export function garbageCollector(): (() => void) | undefined {
  if (gcResolved) return forcedGc;
  gcResolved = true;
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return (forcedGc = existing);
  try {
    v8.setFlagsFromString('--expose-gc');
    const fromContext = vm.runInNewContext('gc') as unknown;
    if (typeof fromContext === 'function') forcedGc = fromContext as () => void;
  } catch {
    forcedGc = undefined;
  }
  return forcedGc;
}

/**
 * Force a full collection when one can be forced: before timing a figure, so it does not pay for
 * the garbage of whatever ran before it (another library's baseline, for instance).
 */
export function collectGarbage(): void {
  garbageCollector()?.();
}

/** Bytes of heap in use, after a full collection when one can be forced. */
export function heapUsed(): number {
  const gc = garbageCollector();
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}
