/**
 * Demo-grade authentication for the admin console: an HMAC-SHA-256 signed cookie naming the
 * signed-in user, a per-visitor nonce from which the CSRF token of every form is derived, and a
 * sign-in against the model's users with one shared console password.
 *
 * This is enough to show that no endpoint changes state without an authenticated administrator;
 * it is not a production identity system (no per-user passwords, no lockout, no TLS of its own).
 *
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The name of the console's cookie. */
export const COOKIE_NAME = 'secgov_console';
/** How long a cookie stays valid (wall-clock time: the console clock is for governance only). */
export const COOKIE_LIFETIME_MS = 8 * 3_600_000;

/** What the signed cookie holds. */
export interface Visitor {
  /** The signed-in user, or null before sign-in. */
  readonly user: string | null;
  /** A random nonce: the CSRF token is derived from it; sign-in and sign-out replace it. */
  readonly nonce: string;
  /** When the cookie stops being valid (ms since the epoch, wall clock). */
  readonly expires: number;
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** Signs and checks cookies and CSRF tokens with one secret. */
export class Signer {
  private readonly key: Buffer;

  /** @param secret - the HMAC key: at least 16 bytes (a random 32-byte key when omitted) */
  constructor(secret?: string | Uint8Array) {
    const key = secret === undefined ? randomBytes(32) : Buffer.from(secret);
    if (key.length < 16) throw new Error('the console secret must be at least 16 bytes');
    this.key = key;
  }

  private mac(purpose: string, data: string): Buffer {
    return createHmac('sha256', this.key).update(`${purpose}\u0000${data}`).digest();
  }

  /** A new visitor (not signed in) with a fresh nonce. */
  newVisitor(user: string | null = null, now = Date.now()): Visitor {
    return { user, nonce: b64(randomBytes(18)), expires: now + COOKIE_LIFETIME_MS };
  }

  /** The cookie value of a visitor: `payload.signature`. */
  seal(visitor: Visitor): string {
    const payload = b64(JSON.stringify({ u: visitor.user, n: visitor.nonce, x: visitor.expires }));
    return `${payload}.${b64(this.mac('cookie', payload))}`;
  }

  /** The visitor a cookie value names, or null when it is malformed, forged or expired. */
  open(value: string | undefined, now = Date.now()): Visitor | null {
    if (value === undefined || value.length > 1_000) return null;
    const dot = value.indexOf('.');
    if (dot <= 0) return null;
    const payload = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1), 'base64url');
    const expected = this.mac('cookie', payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; n?: unknown; x?: unknown };
      if (typeof data.n !== 'string' || typeof data.x !== 'number' || (data.u !== null && typeof data.u !== 'string')) return null;
      if (data.x <= now) return null;
      return { user: data.u, nonce: data.n, expires: data.x };
    } catch {
      return null;
    }
  }

  /** The CSRF token of a visitor's forms. */
  csrfToken(visitor: Visitor): string {
    return b64(this.mac('csrf', visitor.nonce));
  }

  /** Whether `token` is the visitor's CSRF token (constant time). */
  checkCsrf(visitor: Visitor, token: unknown): boolean {
    if (typeof token !== 'string' || token.length > 200) return false;
    const given = Buffer.from(token);
    const expected = Buffer.from(this.csrfToken(visitor));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Whether two secrets are equal, in time independent of where they differ. */
  sameSecret(given: string, expected: string): boolean {
    return timingSafeEqual(this.mac('password', given), this.mac('password', expected));
  }
}

/** The `Set-Cookie` header for a visitor (HttpOnly, SameSite=Strict, Secure when served over HTTPS). */
export function cookieHeader(signer: Signer, visitor: Visitor, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((visitor.expires - Date.now()) / 1000));
  return `${COOKIE_NAME}=${signer.seal(visitor)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

/** The value of one cookie in a `Cookie` request header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A random password for a console started without one. */
export function randomPassword(): string {
  return b64(randomBytes(12));
}
