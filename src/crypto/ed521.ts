// Ed521 signature verification: EdDSA on the E-521 curve as the TSE's UE2020/UE2022 urnas (and the AC UE2020/UE2022
// CAs) use it — ECPy's "Ed521" at the commit pinned by the TSE manual (docs/TSE-FORMATS.md §5). No library implements
// it, so the curve arithmetic is written here with BigInt. Verification only: nothing secret passes through this
// module, so variable-time code is fine.
//
//   curve   x² + y² = 1 + d·x²·y² over p = 2^521 − 1, d = −376014 (a = 1, complete: d is a non-square)
//   points  66 bytes, little-endian y, top bit of the last byte = parity of x
//   sig     R (66 bytes) ‖ S (66 bytes, little-endian)
//   k       SHAKE256("SigEd521" ‖ 0x00 ‖ 0x00 ‖ R ‖ A ‖ M, 132 bytes) as a little-endian integer mod n
//   accept  iff S < n and S·B == R + k·A (no cofactor clearing, as ECPy)
//
// Speed (bench/signatures.bench.ts): field elements are BigInts kept in [0, p); reduction uses p being a Mersenne
// prime (fold the high half onto the low half, no division). Points are in extended coordinates (X:Y:Z:T), T computed
// only when an addition follows. The check is rewritten with half-size scalars (see verifyEd521) so that its four
// terms share one chain of ~262 doublings (Straus), with width-8 wNAFs over precomputed affine tables of odd
// multiples of B and 2^262·B, and width-5 wNAFs over odd multiples of A (cached per key) and of R.
import { createHash } from 'node:crypto';

export const ED521_PUBLIC_KEY_BYTES = 66;
export const ED521_SIGNATURE_BYTES = 132;

const P = (1n << 521n) - 1n;
const D_ABS = 376014n; // d = −376014 ≡ p − 376014
/** Order of the base point (prime); the group order is 4·N. */
export const ED521_ORDER =
  0x7ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd15b6c64746fc85f736b8af5e7ec53f04fbd8c4569a8f1f4540ea2435f5180d6bn;
const BASE_X =
  0x752cb45c48648b189df90cb2296b2878a3bfd9f42fc6c818ec8bf3c9c0c6203913f6ecc5ccc72434b1ae949d568fc99c6059d0fb13364838aa302a940a2f19ba6cn;
const BASE_Y = 12n;
const DOM = new TextEncoder().encode('SigEd521\u0000\u0000');

// ---- field arithmetic mod p = 2^521 − 1 -------------------------------------------------------------------------

/** Reduces 0 ≤ t < 2^1042 (any product of two reduced elements). */
function red(t: bigint): bigint {
  t = (t & P) + (t >> 521n);
  return t >= P ? t - P : t;
}
const mul = (a: bigint, b: bigint): bigint => red(a * b);
const sqr = (a: bigint): bigint => red(a * a);
function add(a: bigint, b: bigint): bigint {
  const s = a + b;
  return s >= P ? s - P : s;
}
function sub(a: bigint, b: bigint): bigint {
  const s = a - b;
  return s < 0n ? s + P : s;
}
const neg = (a: bigint): bigint => (a === 0n ? 0n : P - a);
/** a·d = −376014·a, cheaper than a full multiplication. */
const mulD = (a: bigint): bigint => red(neg(a) * D_ABS);

function sqrN(a: bigint, n: number): bigint {
  for (let i = 0; i < n; i++) a = red(a * a);
  return a;
}

/** a^(2^519 − 1): the addition chain shared by inversion and square root (523 squarings, 12 multiplications). */
function pow2_519m1(a: bigint): bigint {
  const a2 = mul(sqr(a), a); // 2^2 − 1
  const a3 = mul(sqr(a2), a); // 2^3 − 1
  const a4 = mul(sqrN(a2, 2), a2);
  const a7 = mul(sqrN(a4, 3), a3);
  const a8 = mul(sqrN(a4, 4), a4);
  const a16 = mul(sqrN(a8, 8), a8);
  const a32 = mul(sqrN(a16, 16), a16);
  const a64 = mul(sqrN(a32, 32), a32);
  const a128 = mul(sqrN(a64, 64), a64);
  const a256 = mul(sqrN(a128, 128), a128);
  const a512 = mul(sqrN(a256, 256), a256);
  return mul(sqrN(a512, 7), a7);
}

/** a^(p − 2) = a^(4·(2^519 − 1) + 1) = a⁻¹ (0 for 0). */
const inv = (a: bigint): bigint => mul(sqrN(pow2_519m1(a), 2), a);

/**
 * The x with x² = u/v, or null when u/v is not a square. p ≡ 3 (mod 4), so x = (u/v)^((p+1)/4), computed without an
 * inversion as u³v·(u⁵v³)^((p−3)/4) (the Ed448 trick; (p−3)/4 = 2^519 − 1).
 */
function sqrtRatio(u: bigint, v: bigint): bigint | null {
  const u2 = sqr(u);
  const u3v = mul(mul(u2, u), v);
  const u5v3 = mul(mul(u3v, u2), sqr(v));
  const x = mul(u3v, pow2_519m1(u5v3));
  return mul(v, sqr(x)) === u ? x : null;
}

// ---- points --------------------------------------------------------------------------------------------------------

/** Extended coordinates: x = X/Z, y = Y/Z, x·y = T/Z. */
interface Point {
  X: bigint;
  Y: bigint;
  Z: bigint;
  T: bigint;
}

/** A point prepared to be added: X + Y and d·T precomputed; Z = 1 for the affine table of B (saves a product). */
interface Cached {
  X: bigint;
  Y: bigint;
  Z: bigint;
  XpY: bigint;
  Td: bigint;
}

const IDENTITY: Point = { X: 0n, Y: 1n, Z: 1n, T: 0n };

/** dbl-2008-hwcd with a = 1: 3M + 4S, plus 1M for T when an addition follows. */
function dbl(p: Point, withT: boolean): Point {
  const A = sqr(p.X);
  const B = sqr(p.Y);
  const z2 = sqr(p.Z);
  const C = add(z2, z2);
  const E = sub(sub(sqr(add(p.X, p.Y)), A), B);
  const G = add(A, B);
  const F = sub(G, C);
  const H = sub(A, B);
  return { X: mul(E, F), Y: mul(G, H), Z: mul(F, G), T: withT ? mul(E, H) : 0n };
}

/** add-2008-hwcd with a = 1 (complete on E-521): 8M (7M when q.Z = 1), plus 1M for T when needed. */
function addCached(p: Point, q: Cached, withT: boolean): Point {
  const A = mul(p.X, q.X);
  const B = mul(p.Y, q.Y);
  const C = mul(p.T, q.Td);
  const Dz = q.Z === 1n ? p.Z : mul(p.Z, q.Z);
  const E = sub(sub(mul(add(p.X, p.Y), q.XpY), A), B);
  const F = sub(Dz, C);
  const G = add(Dz, C);
  const H = sub(B, A);
  return { X: mul(E, F), Y: mul(G, H), Z: mul(F, G), T: withT ? mul(E, H) : 0n };
}

function toCached(p: Point): Cached {
  return { X: p.X, Y: p.Y, Z: p.Z, XpY: add(p.X, p.Y), Td: mulD(p.T) };
}

function negCached(q: Cached): Cached {
  return { X: neg(q.X), Y: q.Y, Z: q.Z, XpY: sub(q.Y, q.X), Td: neg(q.Td) };
}

/** Odd multiples P, 3P, …, (2·count − 1)P, each with its negation, for a wNAF. */
function oddMultiples(p: Point, count: number): { pos: Cached[]; neg: Cached[] } {
  const twice = toCached(dbl(p, true));
  const points: Point[] = [p];
  for (let i = 1; i < count; i++) points.push(addCached(points[i - 1]!, twice, true));
  const pos = points.map(toCached);
  return { pos, neg: pos.map(negCached) };
}

/** Same, normalised to Z = 1 with one shared inversion (Montgomery's trick): the table of B lives for the process. */
function affineOddMultiples(p: Point, count: number): { pos: Cached[]; neg: Cached[] } {
  const { pos } = oddMultiples(p, count);
  const prefix: bigint[] = [];
  let acc = 1n;
  for (const q of pos) {
    prefix.push(acc);
    acc = mul(acc, q.Z);
  }
  let accInv = inv(acc);
  const affine: Cached[] = new Array<Cached>(pos.length);
  for (let i = pos.length - 1; i >= 0; i--) {
    const q = pos[i]!;
    const zInv = mul(accInv, prefix[i]!);
    accInv = mul(accInv, q.Z);
    const x = mul(q.X, zInv);
    const y = mul(q.Y, zInv);
    affine[i] = { X: x, Y: y, Z: 1n, XpY: add(x, y), Td: mulD(mul(x, y)) };
  }
  return { pos: affine, neg: affine.map(negCached) };
}

/**
 * Width-w non-adjacent form, least significant digit first: odd digits in (−2^(w−1), 2^(w−1)) separated by at least
 * w − 1 zeros (the carry-based formulation of libsecp256k1's ecmult_wnaf).
 */
function wnaf(k: bigint, w: number): Int16Array {
  const s = k.toString(2);
  const len = s.length;
  const bits = new Uint8Array(len + w);
  for (let i = 0; i < len; i++) bits[i] = s.charCodeAt(len - 1 - i) - 48;
  const out = new Int16Array(len + 1);
  let carry = 0;
  let bit = 0;
  while (bit < len) {
    if (bits[bit] === carry) {
      bit++;
      continue;
    }
    const now = Math.min(w, len - bit);
    let word = carry;
    for (let j = now - 1; j >= 0; j--) word += bits[bit + j]! << j;
    carry = (word >> (w - 1)) & 1;
    word -= carry << w;
    out[bit] = word;
    bit += now;
  }
  if (carry) out[len] = 1;
  return out;
}

// ---- encoding --------------------------------------------------------------------------------------------------------

function readLE(bytes: Uint8Array, start: number, end: number): bigint {
  // One hex parse, bytes in reverse order, instead of 66 shifts and ors.
  let hex = '';
  for (let i = end - 1; i >= start; i--) hex += HEX[bytes[i]!]!;
  return BigInt('0x' + hex);
}
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** y and the x-parity bit of a 66-byte encoding, or null when not canonical (y ≥ p or bits 521..526 set). */
function readEncoding(bytes: Uint8Array, start: number): { y: bigint; sign: number } | null {
  const last = bytes[start + 65]!;
  if ((last & 0x7e) !== 0) return null;
  const y = readLE(bytes, start, start + 65) + (BigInt(last & 1) << 520n);
  if (y >= P) return null;
  return { y, sign: last >> 7 };
}

/** The point of a 66-byte encoding, or null when the bytes are not a canonical encoding of a point of E-521. */
function decodePoint(bytes: Uint8Array): Point | null {
  if (bytes.length !== ED521_PUBLIC_KEY_BYTES) return null;
  const enc = readEncoding(bytes, 0);
  if (!enc) return null;
  const y2 = sqr(enc.y);
  // x² = (1 − y²) / (1 − d·y²)
  let x = sqrtRatio(sub(1n, y2), sub(1n, mulD(y2)));
  if (x === null) return null;
  if (x === 0n && enc.sign === 1) return null; // "−0" is not canonical
  if (Number(x & 1n) !== enc.sign) x = neg(x);
  return { X: x, Y: enc.y, Z: 1n, T: mul(x, enc.y) };
}

/** True when the 66 bytes are the canonical encoding of a point of E-521 (e.g. a certificate's public key). */
export function isEd521Point(bytes: Uint8Array): boolean {
  try {
    return decodePoint(bytes) !== null;
  } catch {
    return false;
  }
}

type Table = { pos: Cached[]; neg: Cached[] };

const WINDOW_B = 8;
const WINDOW_AR = 5;
/** S' is split as s0 + 2^SPLIT·s1 so that every scalar of the check has about 262 bits (see verifyEd521). */
const SPLIT = 262n;
let baseTables: { lo: Table; hi: Table } | undefined;

/** Odd multiples of B and of 2^262·B, affine, built once per process (~10 ms). */
function baseMultiples(): { lo: Table; hi: Table } {
  if (!baseTables) {
    const b: Point = { X: BASE_X, Y: BASE_Y, Z: 1n, T: mul(BASE_X, BASE_Y) };
    let b2 = b;
    for (let i = 0n; i < SPLIT; i++) b2 = dbl(b2, true);
    baseTables = { lo: affineOddMultiples(b, 1 << (WINDOW_B - 2)), hi: affineOddMultiples(b2, 1 << (WINDOW_B - 2)) };
  }
  return baseTables;
}

// Decoding A costs one exponentiation and its table seven additions; a signature file has one key for a dozen
// signatures and a chain check reuses the CA key, so the last keys are kept.
const keyCache = new Map<string, Table | null>();
function keyMultiples(publicKey: Uint8Array): Table | null {
  let id = '';
  for (const b of publicKey) id += HEX[b]!;
  if (keyCache.has(id)) return keyCache.get(id)!;
  const a = decodePoint(publicKey);
  const table = a ? oddMultiples(a, 1 << (WINDOW_AR - 2)) : null;
  if (keyCache.size >= 64) keyCache.delete(keyCache.keys().next().value!);
  keyCache.set(id, table);
  return table;
}

/** Σ scalar·P over the terms (scalars ≥ 0; a negated term swaps its table), one shared chain of doublings. */
function multiScalarMul(terms: { scalar: bigint; table: Table; negate: boolean; w: number }[]): Point {
  const digits = terms.map((t) => wnaf(t.scalar, t.w));
  let top = Math.max(...digits.map((d) => d.length)) - 1;
  while (top >= 0 && digits.every((d) => (d[top] ?? 0) === 0)) top--;
  let acc = IDENTITY;
  let started = false;
  for (let i = top; i >= 0; i--) {
    let pending = 0;
    for (const d of digits) if ((d[i] ?? 0) !== 0) pending++;
    if (started) acc = dbl(acc, pending > 0);
    for (let j = 0; j < terms.length; j++) {
      const digit = digits[j]![i] ?? 0;
      if (digit === 0) continue;
      const t = terms[j]!;
      const positive = digit > 0 !== t.negate;
      const point = (positive ? t.table.pos : t.table.neg)[Math.abs(digit) >> 1]!;
      acc = addCached(acc, point, --pending > 0);
      started = true;
    }
  }
  return acc;
}

/** ⌊√x⌋ for x > 0 (Newton). */
function isqrt(x: bigint): bigint {
  let r = 1n << BigInt((x.toString(2).length + 1) >> 1);
  for (;;) {
    const next = (r + x / r) >> 1n;
    if (next >= r) return r;
    r = next;
  }
}
const FOUR_N = 4n * ED521_ORDER;
const SQRT_FOUR_N = isqrt(FOUR_N);

/**
 * Short (u, v) with u ≡ v·k (mod 4n) and v odd, both about √(4n) ≈ 2^262: the extended Euclidean algorithm on
 * (4n, k) stopped half-way (each remainder r_i ≡ t_i·k). Consecutive t_i are coprime, so one of two is odd.
 */
function halfSize(k: bigint): { u: bigint; v: bigint } {
  let [r0, r1, t0, t1] = [FOUR_N, k, 0n, 1n];
  while (r1 >= SQRT_FOUR_N) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if ((t1 & 1n) === 0n) {
    const q = r0 / r1; // r1 ≠ 0 here: k = 0 stops at once with t1 = 1, odd
    [r1, t1] = [r0 - q * r1, t0 - q * t1];
  }
  return t1 < 0n ? { u: -r1, v: -t1 } : { u: r1, v: t1 };
}

function shakeChallenge(r: Uint8Array, a: Uint8Array, message: Uint8Array): bigint {
  const h = createHash('shake256', { outputLength: 132 }).update(DOM).update(r).update(a).update(message).digest();
  return readLE(h, 0, 132) % ED521_ORDER;
}

/**
 * Ed521 verification (TSE-FORMATS §5). `publicKey` is the 66-byte encoded point (a certificate's key), `signature`
 * R ‖ S (132 bytes). Returns false, never throws, for any malformed input: wrong lengths, non-canonical encodings of
 * A or R, points not on the curve, S ≥ n.
 *
 * The rule is S·B == R + k·A. Checked as v·S·B − u·A − v·R == 0 with u ≡ v·k (mod 4n), v odd and u, v of half
 * size (Pornin, "Optimized lattice basis reduction in dimension 2, and fast Schnorr and EdDSA signature
 * verification", 2020): half the doublings. It is the same rule, not a cofactored one: every point's order divides
 * 4n, so (v·k)·A = u·A, and v·D = 0 implies D = 0 for D = S·B − R − k·A since v is prime to 4n.
 */
export function verifyEd521(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (publicKey.length !== ED521_PUBLIC_KEY_BYTES || signature.length !== ED521_SIGNATURE_BYTES) return false;
    const s = readLE(signature, 66, 132);
    if (s >= ED521_ORDER) return false;
    const rEncoding = signature.subarray(0, 66);
    const r = decodePoint(rEncoding);
    if (!r) return false;
    const a = keyMultiples(publicKey);
    if (!a) return false;
    const k = shakeChallenge(rEncoding, publicKey, message);
    const { u, v } = halfSize(k);
    const sv = (s * v) % ED521_ORDER;
    const b = baseMultiples();
    const q = multiScalarMul([
      { scalar: sv & ((1n << SPLIT) - 1n), table: b.lo, negate: false, w: WINDOW_B },
      { scalar: sv >> SPLIT, table: b.hi, negate: false, w: WINDOW_B },
      { scalar: u < 0n ? -u : u, table: a, negate: u >= 0n, w: WINDOW_AR },
      { scalar: v, table: oddMultiples(r, 1 << (WINDOW_AR - 2)), negate: true, w: WINDOW_AR },
    ]);
    // The identity is (0 : Z : Z).
    return q.X === 0n && q.Y === q.Z;
  } catch {
    return false;
  }
}
