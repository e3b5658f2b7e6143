/**
 * When a session is next due, for a session already checked: the body of `sessionDueAt`, for
 * stores, which check the sessions they are given once, when they are written, and read them
 * unchecked later.
 *
 * @module
 * @internal
 */
import type { Session } from './schemas.js';

/** `sessionDueAt` of a session already checked. @internal */
export function dueAtOf(session: Session): string | null {
  switch (session.status) {
    case 'planned':
    case 'approved':
      return session.start < session.end ? session.start : session.end;
    case 'active':
      return session.end;
    default:
      return null;
  }
}
