/**
 * SHA-256 (FIPS 180-4), synchronous and dependency-free, so the core stays browser-safe.
 *
 * Why not Web Crypto: `crypto.subtle.digest` is asynchronous, and one call per audit entry costs far
 * more than the hash itself (about 30,000 chained digests per second in Node 20, against several
 * hundred thousand here). The audit chain is sequential by nature, so the round trips cannot be
 * hidden. Tests check this implementation against Web Crypto on random inputs.
 *
 * @module
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Int32Array(64);
const encoder = new TextEncoder();
const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** The digest as 64 character codes, made into one string at the end (not 40 small ones). */
const DIGEST = new Array<number>(64).fill(0);

let buffer = new Uint8Array(1024);
let view = new DataView(buffer.buffer);

/** Make the reused buffer at least `size` bytes. */
function reserve(size: number): void {
  if (buffer.length >= size) return;
  buffer = new Uint8Array(size);
  view = new DataView(buffer.buffer);
}

/** The SHA-256 digest of `input` (a string is hashed as UTF-8), as 64 lowercase hex digits. */
export function sha256Hex(input: string | Uint8Array): string {
  let length: number;
  if (typeof input === 'string') {
    // UTF-8 needs at most 3 bytes per UTF-16 unit; the buffer is reused between calls.
    reserve(input.length * 3 + 72);
    length = encoder.encodeInto(input, buffer).written;
  } else {
    length = input.length;
    reserve(length + 72);
    buffer.set(input);
  }
  const data = buffer;
  // Padding: 0x80, zeros, then the bit length as a 64-bit big-endian number.
  const blocks = ((length + 9 + 63) >>> 6) << 6;
  data.fill(0, length, blocks);
  data[length] = 0x80;
  const high = Math.floor(length / 0x20000000);
  const low = (length << 3) >>> 0;
  data[blocks - 8] = high >>> 24; data[blocks - 7] = high >>> 16; data[blocks - 6] = high >>> 8; data[blocks - 5] = high;
  data[blocks - 4] = low >>> 24; data[blocks - 3] = low >>> 16; data[blocks - 2] = low >>> 8; data[blocks - 1] = low;

  let h0 = 0x6a09e667, h1 = 0xbb67ae85 | 0, h2 = 0x3c6ef372, h3 = 0xa54ff53a | 0;
  let h4 = 0x510e527f, h5 = 0x9b05688c | 0, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  const w = W;
  const k = K;
  for (let offset = 0; offset < blocks; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getInt32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const w15 = w[i - 15]!;
      const w2 = w[i - 2]!;
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + k[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0;
      d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
  }
  hex(0, h0); hex(8, h1); hex(16, h2); hex(24, h3); hex(32, h4); hex(40, h5); hex(48, h6); hex(56, h7);
  return String.fromCharCode.apply(null, DIGEST);
}

/** Write `v` as 8 hex digits into the digest from `at`. */
function hex(at: number, v: number): void {
  for (let i = at + 7; i >= at; i--) {
    DIGEST[i] = HEX_DIGITS[v & 15]!;
    v >>>= 4;
  }
}
