/**
 * Validation of a session's values against the model, the other sessions and the time.
 *
 * @module
 */
import { z } from 'zod';
import { assertModel } from '../model/assert-model.js';
import { SecGovError, type Problem } from '../model/errors.js';
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { instantArg } from '../model/arguments.js';
import { sessionSchema, type Session } from './schemas.js';

/** The longest a privileged user session may last: 24 hours of elapsed time. */
export const MAX_PRIVILEGED_SESSION_MS = 24 * 60 * 60 * 1000;

/** Statuses in which a session holds its time slot. */
export const schedulingStatuses = ['planned', 'approved', 'active'] as const;

// A stored session as the store gives it back: the fields of sessionSchema, any extra ones ignored.
const storedSessionSchema = z.object(sessionSchema.shape);
const otherSessionsSchema = z.array(storedSessionSchema);

/**
 * Check a session's values: known user, roles and organizations; end after start and not past;
 * at most 24 hours for a privileged session (elapsed time, so daylight-saving changes cannot
 * stretch it); a justification when the parameters require one; and no forbidden overlap with
 * `others` (the user's other Planned, Approved or Active sessions): sessions of one user may
 * overlap only if both are Merge, and overlapping privileged sessions must agree on the account.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument (with every problem in
 *   `details.problems`) when `session` is not a session, `model` not a SecurityModel, `others` not
 *   an array of sessions, or `now` not an ISO-8601 instant
 * @throws {@link SecGovError} `SESSION_INVALID` naming the session and the values, with every
 *   problem in `details.problems`
 */
export function validateSession(session: Session, model: SecurityModel, others: readonly Session[], now: string): void {
  const parsed = parseOrThrow(storedSessionSchema, session, 'session');
  assertModel(model, 'model');
  check(parsed, model, parseOrThrow(otherSessionsSchema, others, 'others'), instantArg(now, 'now'));
}

function check(session: Session, model: SecurityModel, others: readonly Session[], now: string): void {
  const problems: Problem[] = [];
  const id = session.id;
  const add = (code: Problem['code'], message: string, ids: string[] = [id]) => problems.push({ code, message: `session "${id}": ${message}`, ids });

  if (!model.users.has(idKey(session.user))) add('MISSING_REFERENCE', `unknown user "${session.user}"`, [id, session.user]);
  const seen = new Set<string>();
  for (const role of session.roles) {
    if (seen.has(idKey(role))) add('DUPLICATE_ID', `role "${role}" is listed twice`, [id, role]);
    seen.add(idKey(role));
    if (!model.roles.has(idKey(role))) add('MISSING_REFERENCE', `unknown role "${role}"`, [id, role]);
  }
  if (session.scope !== 'all') {
    for (const org of session.scope.organizations) {
      if (!model.organizations.has(idKey(org.id))) add('MISSING_REFERENCE', `unknown organization "${org.id}"`, [id, org.id]);
    }
  }
  if (session.end <= session.start) add('SESSION_INVALID', `end ${session.end} is not after start ${session.start}`);
  if (session.end <= now) add('SESSION_INVALID', `end ${session.end} has already passed (now ${now})`);
  if (session.kind === 'privileged') {
    const length = Date.parse(session.end) - Date.parse(session.start);
    if (length > MAX_PRIVILEGED_SESSION_MS) {
      add('SESSION_INVALID', `a privileged session lasts at most 24 hours; ${session.start} to ${session.end} is ${(length / 3_600_000).toFixed(2)} hours`);
    }
  }
  if (model.parameters.requireJustification && !session.justification) add('SESSION_INVALID', 'a justification is required');

  for (const other of others) {
    if (idKey(other.id) === idKey(id) || idKey(other.user) !== idKey(session.user)) continue;
    if (!(schedulingStatuses as readonly string[]).includes(other.status)) continue;
    const overlaps = other.start < session.end && session.start < other.end;
    if (!overlaps) continue;
    const replace = (s: Session) => s.kind === 'temporary-role' && s.type === 'replace';
    if (replace(session) || replace(other)) {
      add('SESSION_INVALID', `overlaps session "${other.id}" (${other.start} to ${other.end}) of user "${session.user}"; sessions of one user may overlap only if both are Merge`, [id, other.id]);
    } else if (session.kind === 'privileged' && other.kind === 'privileged' && session.account !== other.account) {
      add('SESSION_INVALID', `overlaps privileged session "${other.id}", which would ${other.account} the account while this one would ${session.account} it`, [id, other.id]);
    }
  }
  if (problems.length > 0) {
    const first = SecGovError.fromProblems(problems);
    throw new SecGovError('SESSION_INVALID', first.message, { ids: [id], problems });
  }
}
