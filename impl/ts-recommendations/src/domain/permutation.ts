/** A pseudo-random bijection of `0 … size-1`, evaluated one position at a time. */
export interface Permutation {
  /** Number of positions. */
  readonly size: number;
  /** The value at `position` (0 ≤ position < size): O(1) expected, independent of `size`. */
  at(position: number): number;
}

const ROUNDS = 4;

/**
 * A keyed pseudo-random permutation of `0 … size-1` (size < 2^32): a balanced
 * four-round Feistel network over the smallest even number of bits that covers
 * `size`, cycle-walked back into range. The domain is under 4 × size, so a position
 * costs fewer than four network evaluations on average, whatever the size. `key` holds
 * the four 32-bit round keys; equal keys give equal permutations.
 */
export function createPermutation(size: number, key: Uint32Array): Permutation {
  if (!Number.isInteger(size) || size < 0 || size > 0xffffffff) throw new RangeError(`invalid permutation size ${size}`);
  if (key.length < ROUNDS) throw new RangeError(`a permutation key needs ${ROUNDS} words`);
  const bits = Math.max(1, Math.ceil(Math.ceil(Math.log2(Math.max(size, 2))) / 2));
  const mask = bits === 16 ? 0xffff : (1 << bits) - 1;
  const keys = Array.from(key.subarray(0, ROUNDS));
  const encrypt = (value: number): number => {
    let left = Math.floor(value / (mask + 1));
    let right = value % (mask + 1);
    for (const roundKey of keys) {
      const next = (left ^ (mix32(right ^ roundKey) & mask)) >>> 0;
      left = right;
      right = next;
    }
    return left * (mask + 1) + right;
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

/** MurmurHash3's 32-bit finaliser: a fast, well-mixing bijection of 32-bit integers. */
function mix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
