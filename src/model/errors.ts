/**
 * The one error family of secgov. Every failure a caller can act on is a {@link SecGovError}
 * with a stable {@link SecGovErrorCode}, a message that names the offending ids, and the ids
 * and any further problems in {@link SecGovError.details}.
 *
 * @module
 */

/**
 * Stable error codes. New codes may be added in minor releases; existing codes never change meaning.
 */
export const errorCodes = [
  /** Input failed schema validation (wrong type, missing field, too long, unknown value). */
  'VALIDATION_FAILED',
  /** An id is used twice for one kind of object (ids are case-insensitive). */
  'DUPLICATE_ID',
  /** An object refers to an object that does not exist. */
  'MISSING_REFERENCE',
  /** An object cannot be removed because others still refer to it. */
  'IN_USE',
  /** Sub-roles form a cycle. */
  'ROLE_CYCLE',
  /** The object asked for does not exist. */
  'NOT_FOUND',
  /** The acting user may not run this command. */
  'NOT_AUTHORIZED',
  /** A stale write: the record changed since it was read. Retry with fresh data. */
  'CONCURRENT_MODIFICATION',
  /** The store failed (connection lost, disk full, injected fault). Retryable. */
  'STORE_FAILURE',
  /** A session event is not allowed in the session's current state. */
  'SESSION_INVALID_TRANSITION',
  /** A session's values are not acceptable (dates, length, overlap, unknown user or role). */
  'SESSION_INVALID',
  /** A recording event arrived while the session was not active. */
  'SESSION_NOT_ACTIVE',
  /** A role would contain both duties of an enabled segregation-of-duties rule. */
  'SOD_ROLE_CONFLICT',
  /** An assignment or session is blocked by an unresolved segregation-of-duties conflict. */
  'SOD_UNRESOLVED_CONFLICT',
  /** A duty or privilege overlaps an existing one beyond the similarity level. */
  'SIMILARITY_THRESHOLD',
  /** An input exceeded a size, depth or count limit. */
  'LIMIT_EXCEEDED',
  /** Stored data failed an integrity check (for example a broken audit hash chain). */
  'INTEGRITY_VIOLATION',
  /** An XML or JSON document could not be read. */
  'PARSE_FAILED',
] as const;

/** A stable error code; see {@link errorCodes}. */
export type SecGovErrorCode = (typeof errorCodes)[number];

/** One problem found while validating; an error may carry several. */
export interface Problem {
  /** The code of this problem. */
  readonly code: SecGovErrorCode;
  /** A readable message naming the ids involved. */
  readonly message: string;
  /** Ids of the objects involved, in the spelling the author used. */
  readonly ids?: readonly string[];
  /** Where in the input the problem is (property path, or line/column for documents). */
  readonly path?: readonly (string | number)[];
}

/** Structured details of a {@link SecGovError}. */
export interface SecGovErrorDetails {
  /** Ids of the objects involved. */
  readonly ids?: readonly string[];
  /** Every problem found (the error's own code and message describe the first). */
  readonly problems?: readonly Problem[];
  /** Whether retrying the same command may succeed (store failures, concurrent modification). */
  readonly retryable?: boolean;
  /** Any further, code-specific facts (for example the rule, duties and paths of an SoD conflict). */
  readonly [key: string]: unknown;
}

/**
 * The error thrown by every secgov function. Test with `instanceof SecGovError` or
 * {@link isSecGovError}, and branch on {@link SecGovError.code}.
 */
export class SecGovError extends Error {
  /** The stable error code. */
  readonly code: SecGovErrorCode;
  /** Ids and problems behind the error. */
  readonly details: SecGovErrorDetails;

  /**
   * @param code - the stable error code
   * @param message - a readable message naming the offending ids
   * @param details - ids, problems and code-specific facts
   */
  constructor(code: SecGovErrorCode, message: string, details: SecGovErrorDetails = {}) {
    // A message that is not a string (from a caller's own code) must not make the error itself throw.
    super(typeof message === 'string' ? message : asText(message));
    this.name = 'SecGovError';
    this.code = code;
    this.details = details;
  }

  /** Build an error from a list of problems: the first gives the code and message. */
  static fromProblems(problems: readonly Problem[]): SecGovError {
    const first = problems[0];
    if (!first) return new SecGovError('VALIDATION_FAILED', 'validation failed');
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    return new SecGovError(first.code, first.message + more, {
      ...(first.ids ? { ids: first.ids } : {}),
      problems,
    });
  }
}

/** True when `error` is a {@link SecGovError}, optionally with the given code. */
export function isSecGovError(error: unknown, code?: SecGovErrorCode): error is SecGovError {
  try {
    return error instanceof SecGovError && (code === undefined || error.code === code);
  } catch {
    // A Proxy whose traps throw: whatever it is, it is not one of ours (and a guard must not throw).
    return false;
  }
}

/**
 * `String(value)`, or the object's tag when even that throws (an object without a prototype), or
 * its type when that throws too (a Proxy whose traps throw).
 */
function asText(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return `[${typeof value}]`;
    }
  }
}
