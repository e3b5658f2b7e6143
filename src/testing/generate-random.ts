/**
 * A small seeded pseudo-random generator for the model generator: same seed, same sequence, on every
 * platform. Not for anything security-relevant.
 *
 * @module
 */

/** Mix 32-bit words into one 32-bit hash (a multiply-xorshift finalizer). */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit hash of a safe integer seed and a stream label, so that each part of a model has its own stream. */
function seedState(seed: number, stream: string): number {
  const low = seed >>> 0;
  const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
  let h = mix32(low ^ 0x9e37_79b9);
  h = mix32(h ^ high);
  for (let i = 0; i < stream.length; i++) h = mix32(h ^ stream.charCodeAt(i));
  return h;
}

/**
 * Seeded random numbers (the mulberry32 construction: a Weyl sequence through an
 * avalanche mix). Each stream label gives an independent sequence for the same seed, so adding
 * users does not reshuffle privileges.
 *
 * @internal
 */
export class Random {
  private state: number;

  /**
   * @param seed - a non-negative safe integer
   * @param stream - a label selecting an independent sequence
   */
  constructor(seed: number, stream: string) {
    this.state = seedState(seed, stream);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b_79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * One element of a non-empty list, skewed towards the front: index ≈ n·u^skew, so `skew` 2
   * makes the first elements much more popular (realistic for shared tables and menu items).
   */
  pickSkewed<T>(items: readonly T[], skew: number): T {
    return items[Math.floor(Math.pow(this.next(), skew) * items.length)]!;
  }

  /** One key of a table of weights, with probability proportional to its weight. */
  weighted<K extends string>(weights: readonly (readonly [K, number])[]): K {
    let total = 0;
    for (const [, w] of weights) total += w;
    let r = this.next() * total;
    for (const [key, w] of weights) {
      r -= w;
      if (r < 0) return key;
    }
    return weights[weights.length - 1]![0];
  }

  /** Shuffle a list in place (Fisher–Yates) and return it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /**
   * A count with mean about `mean` and a long tail (exponential, at least `min`, at most `max`):
   * most privileges have a handful of grants, a few have hundreds.
   */
  skewedCount(mean: number, min: number, max: number): number {
    const u = 1 - this.next(); // (0, 1]: log is finite
    const value = min + Math.floor(-Math.log(u) * (mean - min + 0.5));
    return Math.min(max, value);
  }
}
