/**
 * The user's effective roles: their own assignments overlaid by the sessions active for them.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import type { Assignment, Scope } from '../model/schemas.js';
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

/** The assignments a session grants to its user. */
export function sessionAssignments(session: Session): Assignment[] {
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
 */
export function overlaySessions(base: readonly Assignment[], enabled: boolean, sessions: readonly Session[]): EffectiveState {
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
    assignments.push(...sessionAssignments(session));
    if (session.kind === 'privileged' && session.account !== null) effectiveEnabled = session.account === 'enable';
  }
  return { assignments, enabled: effectiveEnabled, sessions: ordered.map((s) => s.id) };
}

/**
 * Whether a session is in force at `instant`: Active (until its end), or, for a look at another
 * moment, Planned/Approved with `start <= instant < end`, or Ended after having run over `instant`.
 * A session is never in force at or after its end.
 */
export function inForceAt(session: Session, instant: string, options: { readonly includeDrafts?: boolean } = {}): boolean {
  if (instant >= session.end) return false;
  switch (session.status) {
    case 'active':
      return instant >= (session.startedAt ?? session.start);
    case 'planned':
    case 'approved':
      return instant >= session.start;
    case 'draft':
      return options.includeDrafts === true && instant >= session.start;
    case 'ended':
      return session.startedAt !== null && session.endedAt !== null && instant >= session.startedAt && instant < session.endedAt;
    default:
      return false;
  }
}
