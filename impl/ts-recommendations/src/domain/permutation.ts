import { mix32 } from "./hash.js";

/** A pseudo-random bijection of `0 … size-1`, evaluated one position at a time. */
export interface Permutation {
  /** Number of positions. */
  readonly size: number;
  /** The value at `position` (0 ≤ position < size): O(1) expected, independent of `size`. */
  at(position: number): number;
}

/**
 * A keyed pseudo-random permutation of `0 … size-1` (size < 2^32): a balanced
 * four-round Feistel network over the smallest even number of bits that covers
 * `size`, cycle-walked back into range. The domain is under 4 × size, so a position
 * costs fewer than four network evaluations on average, whatever the size. `key` holds
 * the four 32-bit round keys; equal keys give equal permutations.
 */
export function createPermutation(size: number, key: Uint32Array): Permutation {
  if (!Number.isInteger(size) || size < 0 || size > 0xffffffff) throw new RangeError(`invalid permutation size ${size}`);
  if (key.length < 4) throw new RangeError("a permutation key needs 4 words");
  let bits = 1;
  while (4 ** bits < size) bits += 1;
  const half = 2 ** bits;
  const mask = half - 1;
  const [k0, k1, k2, k3] = key as unknown as [number, number, number, number];
  const encrypt = (value: number): number => {
    let left = Math.floor(value / half);
    let right = value & mask;
    left ^= mix32(right ^ k0) & mask;
    right ^= mix32(left ^ k1) & mask;
    left ^= mix32(right ^ k2) & mask;
    right ^= mix32(left ^ k3) & mask;
    return left * half + right;
  };
  return {
    size,
    at(position) {
      if (!(position >= 0 && position < size)) throw new RangeError(`position ${position} outside 0..${size - 1}`);
      let value = position;
      do value = encrypt(value);
      while (value >= size);
      return value;
    },
  };
}
