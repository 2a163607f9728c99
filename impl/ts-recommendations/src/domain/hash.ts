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
  // The four passes run side by side in one loop over the text (same words as four loops).
  let h0 = (0x811c9dc5 ^ Math.imul(1, 0x9e3779b9)) >>> 0;
  let h1 = (0x811c9dc5 ^ Math.imul(2, 0x9e3779b9)) >>> 0;
  let h2 = (0x811c9dc5 ^ Math.imul(3, 0x9e3779b9)) >>> 0;
  let h3 = (0x811c9dc5 ^ Math.imul(4, 0x9e3779b9)) >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    h0 = Math.imul(h0 ^ code, 0x01000193);
    h1 = Math.imul(h1 ^ code, 0x01000193);
    h2 = Math.imul(h2 ^ code, 0x01000193);
    h3 = Math.imul(h3 ^ code, 0x01000193);
  }
  const key = new Uint32Array(4);
  key[0] = mix32(h0 ^ text.length);
  key[1] = mix32(h1 ^ text.length);
  key[2] = mix32(h2 ^ text.length);
  key[3] = mix32(h3 ^ text.length);
  return key;
}
