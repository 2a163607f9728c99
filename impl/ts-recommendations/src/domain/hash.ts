/** MurmurHash3's 32-bit finaliser: a fast, well-mixing bijection of 32-bit integers. */
export function mix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Four 32-bit words derived from `parts` (joined with NUL): four FNV-1a passes over
 * the UTF-16 code units with different offset bases, each finished with
 * {@link mix32}. Fast and deterministic across machines and releases of Node; not
 * cryptographic — it only seeds rankings.
 */
export function seedKey(...parts: ReadonlyArray<string | number>): Uint32Array {
  const text = parts.join("\u0000");
  const key = new Uint32Array(4);
  for (let word = 0; word < 4; word += 1) {
    let h = (0x811c9dc5 ^ Math.imul(word + 1, 0x9e3779b9)) >>> 0;
    for (let index = 0; index < text.length; index += 1) {
      h ^= text.charCodeAt(index);
      h = Math.imul(h, 0x01000193);
    }
    key[word] = mix32(h ^ text.length);
  }
  return key;
}
