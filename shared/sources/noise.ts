/**
 * Deterministic smooth noise over time: the same (seed, t) always gives the same value, and
 * nearby times give nearby values. The synthetic source builds prices from it, so prices continue
 * across invocations without any stored state.
 */

/** A 32-bit hash of three integers (murmur3's finaliser over a simple mix). */
export function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h ^= Math.imul(b ^ 0xc2b2ae35, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h ^= Math.imul(c ^ 0x165667b1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Uniform in [0, 1) from a hash of three integers. */
export function unit(a: number, b: number, c: number): number {
  return hash3(a, b, c) / 4_294_967_296;
}

/** A stable 32-bit seed from a string (FNV-1a). */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Value noise in [-1, 1] at position x (in lattice units), cosine-interpolated between lattice
 * points whose values come from the hash.
 */
export function valueNoise(seed: number, octave: number, x: number): number {
  const i = Math.floor(x);
  const f = x - i;
  // Split the lattice index so times far from the epoch still hash every bit.
  const hi = Math.floor(i / 4_294_967_296);
  const a = unit(seed, octave * 131 + hi, i >>> 0) * 2 - 1;
  const b = unit(seed, octave * 131 + Math.floor((i + 1) / 4_294_967_296), (i + 1) >>> 0) * 2 - 1;
  const w = (1 - Math.cos(f * Math.PI)) / 2;
  return a + (b - a) * w;
}
