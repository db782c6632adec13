/**
 * Seeded, deterministic randomness for the simulator (Math.random is never used: a population must be the same
 * on every run and every machine for a given seed).
 *
 * `hashInts` derives an independent 32-bit seed from any tuple of integers, so record i of stream s is drawn
 * from its own generator and can be produced on demand without generating records 0..i-1 first.
 */

// Bound once: a global `Math` lookup per call is slow inside sandboxed contexts such as jest's, and these run
// millions of times per population.
const { imul, floor } = Math;

/** A 32-bit finaliser (xorshift-multiply), used both to hash tuples and to step the generator. */
function mix32(value: number): number {
  let x = value | 0;
  x = imul(x ^ (x >>> 16), 0x7feb352d);
  x = imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

export function hashInts(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Splitting into low and high halves keeps seeds and indices above 2^32 from colliding.
    h = mix32(h ^ mix32((part >>> 0) + 0x6a09e667));
    h = mix32(h ^ floor(part / 0x100000000));
  }
  return h;
}

export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** A uniform number in [0, 1) from a tuple, for single draws that need no generator (defect decisions). */
export function unitFromInts(...parts: readonly number[]): number {
  return hashInts(...parts) / 0x100000000;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Index drawn with the given non-negative weights (they need not sum to 1). */
  weightedIndex(weights: readonly number[]): number;
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
}

/** mulberry32: small, fast, and good enough for synthetic data (not for cryptography). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  };
  const weightedIndex = (weights: readonly number[]): number => {
    let total = 0;
    for (const w of weights) total += w;
    let target = next() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i] ?? 0;
      if (target < 0) return i;
    }
    return weights.length - 1;
  };
  const pick = <T>(items: readonly T[]): T => {
    const item = items[floor(next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  return {
    next,
    int: (min, max) => min + floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick,
    weightedIndex,
    weighted: <T>(items: readonly T[], weights: readonly number[]): T => {
      const item = items[weightedIndex(weights)];
      if (item === undefined) throw new Error('weights and items differ in length');
      return item;
    },
  };
}
