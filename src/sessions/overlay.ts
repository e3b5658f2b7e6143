/**
 * The user's effective roles: their own assignments overlaid by the sessions active for them.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import type { Assignment, Scope } from '../model/schemas.js';
import { assertSession } from './guard.js';
import { assertArrayOf, assertAssignmentShape, instantArg, invalid, isRecord } from '../model/arguments.js';
import type { Session } from './schemas.js';

/** A user's effective state: the assignments that apply, and whether the account is enabled. */
export interface EffectiveState {
  /** The assignments in force: own (not suspended) plus session-granted. */
  readonly assignments: readonly Assignment[];
  /** Whether the account is enabled. */
  readonly enabled: boolean;
  /** The sessions applied, in id order. */
  readonly sessions: readonly string[];
}

/**
 * The assignments a session grants to its user.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming `session` (and the field) when it is not a
 *   stored session
 */
export function sessionAssignments(session: Session): Assignment[] {
  assertSession(session, 'session');
  return grantedBy(session);
}

function grantedBy(session: Session): Assignment[] {
  return session.roles.map((role) => ({ user: session.user, role, scope: session.scope as Scope, source: 'manual' as const }));
}

/**
 * Overlay `sessions` (those in force for the user at the moment asked about) onto the user's own
 * `base` assignments and enabled flag, exactly as DOMAIN.md says:
 * - Merge (and privileged sessions) add the session's roles to the user's roles.
 * - Replace suspends the user's own assignments for the session; roles an administrator assigned
 *   while it was active (`assignedDuring`) apply at once, next to the session's roles.
 * - A privileged session enables or disables the account while it applies.
 * Nothing is deleted: when no session applies, the result is exactly `base`.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument (and the element) when
 *   `base` is not an array of assignments, `enabled` not a boolean, or `sessions` not an array of
 *   stored sessions
 */
export function overlaySessions(base: readonly Assignment[], enabled: boolean, sessions: readonly Session[]): EffectiveState {
  assertArrayOf(base, 'base', assertAssignmentShape);
  if (typeof enabled !== 'boolean') throw invalid('enabled', 'a boolean', enabled);
  assertArrayOf(sessions, 'sessions', assertSession);
  if (sessions.length === 0) return { assignments: base, enabled, sessions: [] };
  const ordered = [...sessions].sort((a, b) => (idKey(a.id) < idKey(b.id) ? -1 : 1));
  const replace = ordered.find((s) => s.kind === 'temporary-role' && s.type === 'replace');
  let own: readonly Assignment[] = base;
  if (replace) {
    const keep = new Set(replace.assignedDuring.map(idKey));
    own = base.filter((a) => keep.has(idKey(a.role)));
  }
  const assignments = [...own];
  let effectiveEnabled = enabled;
  for (const session of ordered) {
    assignments.push(...grantedBy(session));
    if (session.kind === 'privileged' && session.account !== null) effectiveEnabled = session.account === 'enable';
  }
  return { assignments, enabled: effectiveEnabled, sessions: ordered.map((s) => s.id) };
}

/**
 * Whether a session is in force at `instant`: Active (until its end), or, for a look at another
 * moment, Planned/Approved with `start <= instant < end`, or Ended after having run over `instant`.
 * A session is never in force at or after its end.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument when `session` is not a stored
 *   session, `instant` not an ISO-8601 instant, or `options` not an object with an optional boolean
 *   `includeDrafts`
 */
export function inForceAt(session: Session, instant: string, options: { readonly includeDrafts?: boolean } = {}): boolean {
  assertSession(session, 'session');
  const at = instantArg(instant, 'instant');
  if (!isRecord(options)) throw invalid('options', 'an object { includeDrafts? }', options);
  if (options.includeDrafts !== undefined && typeof options.includeDrafts !== 'boolean') throw invalid('options.includeDrafts', 'a boolean', options.includeDrafts);
  if (at >= session.end) return false;
  switch (session.status) {
    case 'active':
      return at >= (session.startedAt ?? session.start);
    case 'planned':
    case 'approved':
      return at >= session.start;
    case 'draft':
      return options.includeDrafts === true && at >= session.start;
    case 'ended':
      return session.startedAt !== null && session.endedAt !== null && at >= session.startedAt && at < session.endedAt;
    default:
      return false;
  }
}
