/**
 * The security audit trail: one entry per command that changed governed state, chained by
 * SHA-256 so that altering, removing or reordering an entry is detected.
 *
 * Each stored entry is `{ seq, prev, hash, body }`: `body` is the entry's content as JSON text (kept
 * as written, so verification hashes exactly the bytes that were hashed), `prev` the previous
 * entry's hash (64 zeros for the first) and `hash = SHA-256(seq + "\n" + prev + "\n" + body)`.
 *
 * @module
 */
import { z } from 'zod';
import type { Change } from '../model/changes.js';
import { invalid } from '../model/arguments.js';
import { sha256Hex } from './sha256.js';

/** The `prev` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The log stream of the audit trail in the {@link Store}. */
export const AUDIT_STREAM = 'audit';

/** What one audit entry says happened. */
export interface AuditContent {
  /** When (ISO-8601, from the Clock). */
  readonly at: string;
  /** Who: a user id, or `processor` for the background processor. */
  readonly actor: string;
  /** The command, for example `apply`, `approveSession`, `process`, `restoreVersion`. */
  readonly command: string;
  /** The change records the command committed to the governed state (possibly none). */
  readonly changes: readonly Change[];
  /** Why, when the actor said so. */
  readonly reason: string | null;
  /** Command-specific facts (session transitions, version ids...), as plain JSON data. */
  readonly details: Readonly<Record<string, unknown>> | null;
}

/** An audit entry as kept in the store. */
export interface StoredAuditEntry {
  /** Position in the trail, from 1. */
  readonly seq: number;
  /** The previous entry's hash. */
  readonly prev: string;
  /** This entry's hash. */
  readonly hash: string;
  /** The content, as JSON text. */
  readonly body: string;
}

/** An audit entry with its content decoded. */
export interface AuditEntry extends AuditContent {
  /** Position in the trail, from 1. */
  readonly seq: number;
  /** This entry's hash. */
  readonly hash: string;
}

/** The hash of an entry. */
export function auditHash(seq: number, prev: string, body: string): string {
  return sha256Hex(`${seq}\n${prev}\n${body}`);
}

/** Make the stored form of the entry following `previous` (null for the first). */
export function sealAuditEntry(previous: { readonly seq: number; readonly hash: string } | null, content: AuditContent): StoredAuditEntry {
  const seq = (previous?.seq ?? 0) + 1;
  const prev = previous?.hash ?? GENESIS_HASH;
  const body = JSON.stringify(content);
  return { seq, prev, hash: auditHash(seq, prev, body), body };
}

const storedSchema = z.strictObject({ seq: z.number().int().min(1), prev: z.string().length(64), hash: z.string().length(64), body: z.string() });

/** Decode a stored entry (as read back from the log). */
export function openAuditEntry(data: unknown): AuditEntry {
  const stored = storedSchema.parse(data);
  return { ...(JSON.parse(stored.body) as AuditContent), seq: stored.seq, hash: stored.hash };
}

/** Why verification stopped. */
export type AuditFailureReason = 'malformed' | 'out-of-order' | 'link-broken' | 'content-altered';

/** The answer of a verification. */
export type AuditVerification =
  | { readonly ok: true; readonly entries: number; readonly head: string }
  | {
      readonly ok: false;
      readonly entries: number;
      /** Position (in the store) of the first entry that fails. */
      readonly seq: number;
      readonly reason: AuditFailureReason;
      readonly message: string;
    };

/**
 * Verifies a trail entry by entry, in order, without keeping the entries: feed it the log records
 * as they are read, page by page. The first failure is final.
 */
export class AuditChainVerifier {
  private expectedSeq = 1;
  private prev = GENESIS_HASH;
  private failure: Extract<AuditVerification, { ok: false }> | null = null;

  /**
   * Check the next record of the stream. `position` is the record's place in the store.
   * @returns false once the chain is broken (a record that is not an audit entry breaks it)
   * @throws {@link SecGovError} `VALIDATION_FAILED` when `position` is not an integer
   */
  push(position: number, data: unknown): boolean {
    if (!Number.isSafeInteger(position)) throw invalid('position', "the record's position in the store (an integer)", position);
    if (this.failure) return false;
    const e = entryOf(data);
    if (e === undefined) return this.fail(position, 'malformed', 'not an audit entry');
    if (e.seq !== this.expectedSeq || position !== this.expectedSeq) {
      return this.fail(position, 'out-of-order', `expected entry ${this.expectedSeq} here, found entry ${e.seq} (an entry was removed, inserted or moved)`);
    }
    if (e.prev !== this.prev) return this.fail(position, 'link-broken', 'does not link to the previous entry (the previous entry was altered or replaced)');
    if (auditHash(e.seq, e.prev, e.body) !== e.hash) return this.fail(position, 'content-altered', 'its content does not match its hash (it was altered)');
    this.prev = e.hash;
    this.expectedSeq += 1;
    return true;
  }

  private fail(position: number, reason: AuditFailureReason, message: string): false {
    this.failure = { ok: false, entries: this.expectedSeq - 1, seq: position, reason, message: `audit entry ${position}: ${message}` };
    return false;
  }

  /** The verdict so far. */
  result(): AuditVerification {
    return this.failure ?? { ok: true, entries: this.expectedSeq - 1, head: this.prev };
  }
}

/** `data` when it has the fields of a stored entry (read once each), else undefined: also when reading it throws (a getter, a proxy's trap). */
function entryOf(data: unknown): StoredAuditEntry | undefined {
  try {
    if (typeof data !== 'object' || data === null) return undefined;
    const { seq, prev, hash, body } = data as Partial<StoredAuditEntry>;
    return typeof seq === 'number' && typeof prev === 'string' && typeof hash === 'string' && typeof body === 'string' ? { seq, prev, hash, body } : undefined;
  } catch {
    return undefined;
  }
}
