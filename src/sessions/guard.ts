/**
 * The cheap structural check of a session argument of the pure session functions. They run on hot
 * paths (the processor steps tens of thousands of sessions a second), so it uses `typeof`,
 * `Array.isArray`, set lookups and the checks of `model/arguments`, never a zod parse; a wrong
 * argument is a `VALIDATION_FAILED` {@link SecGovError} naming it, not a `TypeError` from deep inside.
 *
 * @module
 * @internal
 */
import type { SecGovError } from '../model/errors.js';
import { argName, invalid, isCanonicalInstant, isId, isIdString, isRecord, unreadable } from '../model/arguments.js';
import { MAX_TEXT_LENGTH } from '../model/ids.js';
import { MAX_MEMBERS } from '../model/schemas.js';
import { MAX_SESSION_ROLES, sessionKinds, sessionSchema, sessionStatuses, type Session } from './schemas.js';

const kinds: ReadonlySet<unknown> = new Set(sessionKinds);
const statuses: ReadonlySet<unknown> = new Set(sessionStatuses);
const sessionTypes: ReadonlySet<unknown> = new Set(['merge', 'replace']);
const accountActions: ReadonlySet<unknown> = new Set([null, 'enable', 'disable']);
const endReasons: ReadonlySet<unknown> = new Set([null, 'end-reached', 'ended-early', 'expired-before-start']);
/** How many fields a session has: a session with any other key is refused, as the schema does. */
const SESSION_FIELDS = Object.keys(sessionSchema.shape).length;

/** The error for the field `field` of the argument `name` (element `index`). */
function fieldError(value: Record<string, unknown>, name: string, index: number | undefined, field: string, expected: string): SecGovError {
  return invalid(`${argName(name, index)}.${field}`, expected, value[field]);
}

function idList(value: unknown, name: string, index: number | undefined, field: string, max: number): void {
  if (!Array.isArray(value) || value.length > max) throw invalid(`${argName(name, index)}.${field}`, `a list of at most ${max} ids`, value);
  for (let i = 0; i < value.length; i++) if (!isId(value[i])) throw invalid(`${argName(name, index)}.${field}[${i}]`, 'an id', value[i]);
}

const isJustification = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT_LENGTH;
const INSTANT = 'a canonical instant such as 2026-01-31T09:00:00.000Z';

/**
 * Check that `value` has the shape of a stored {@link Session}, or throw: every field of the right
 * type, statuses and kinds known, instants canonical, no other keys. Cheap: no zod, no allocation
 * on success but the key count. What it accepts, the session schema accepts unchanged (a property
 * test holds it to that).
 *
 * @param name - the argument's name in the message
 * @param index - the position of the session in the argument, when it is a list
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument and the field
 * @internal
 */
export function assertSession(value: unknown, name = 'session', index?: number): asserts value is Session {
  if (checked.has(value as object)) return;
  try {
    checkSession(value, name, index);
  } catch (error) {
    throw unreadable(argName(name, index), error);
  }
}

function checkSession(value: unknown, name: string, index: number | undefined): void {
  if (!isRecord(value)) throw invalid(argName(name, index), 'a session', value);
  const s = value;
  if (Object.keys(s).length !== SESSION_FIELDS) throw invalid(argName(name, index), `a session (its ${SESSION_FIELDS} fields, no others)`, value);
  if (!isId(s['id'])) throw fieldError(s, name, index, 'id', 'an id');
  if (!kinds.has(s['kind'])) throw fieldError(s, name, index, 'kind', `one of ${sessionKinds.join(', ')}`);
  if (!statuses.has(s['status'])) throw fieldError(s, name, index, 'status', `one of ${sessionStatuses.join(', ')}`);
  if (!isId(s['user'])) throw fieldError(s, name, index, 'user', 'an id');
  idList(s['roles'], name, index, 'roles', MAX_SESSION_ROLES);
  const scope = s['scope'];
  if (scope !== 'all') {
    const organizations = isRecord(scope) && Object.keys(scope).length === 1 ? scope['organizations'] : undefined;
    if (!Array.isArray(organizations) || organizations.length === 0 || organizations.length > MAX_MEMBERS) throw fieldError(s, name, index, 'scope', "'all' or { organizations: [...] }");
    for (let i = 0; i < organizations.length; i++) {
      const org: unknown = organizations[i];
      if (!isRecord(org) || Object.keys(org).length !== 2 || !isId(org['id']) || typeof org['includeChildren'] !== 'boolean') {
        throw invalid(`${argName(name, index)}.scope.organizations[${i}]`, 'an organization { id, includeChildren }', org);
      }
    }
  }
  if (!sessionTypes.has(s['type'])) throw fieldError(s, name, index, 'type', 'merge or replace');
  if (!accountActions.has(s['account'])) throw fieldError(s, name, index, 'account', 'enable, disable or null');
  if (!isCanonicalInstant(s['start'])) throw fieldError(s, name, index, 'start', INSTANT);
  if (!isCanonicalInstant(s['end'])) throw fieldError(s, name, index, 'end', INSTANT);
  if (s['justification'] !== null && !isJustification(s['justification'])) throw fieldError(s, name, index, 'justification', `a text of 1 to ${MAX_TEXT_LENGTH} characters or null`);
  if (s['ticket'] !== null && !isIdString(s['ticket'])) throw fieldError(s, name, index, 'ticket', 'a ticket reference or null');
  if (!isId(s['requestedBy'])) throw fieldError(s, name, index, 'requestedBy', 'an id');
  if (!isCanonicalInstant(s['requestedAt'])) throw fieldError(s, name, index, 'requestedAt', INSTANT);
  if (s['approvedBy'] !== null && !isId(s['approvedBy'])) throw fieldError(s, name, index, 'approvedBy', 'an id or null');
  if (s['approvedAt'] !== null && !isCanonicalInstant(s['approvedAt'])) throw fieldError(s, name, index, 'approvedAt', `${INSTANT}, or null`);
  if (s['startedAt'] !== null && !isCanonicalInstant(s['startedAt'])) throw fieldError(s, name, index, 'startedAt', `${INSTANT}, or null`);
  if (s['endedAt'] !== null && !isCanonicalInstant(s['endedAt'])) throw fieldError(s, name, index, 'endedAt', `${INSTANT}, or null`);
  if (!endReasons.has(s['endReason'])) throw fieldError(s, name, index, 'endReason', 'end-reached, ended-early, expired-before-start or null');
  idList(s['assignedDuring'], name, index, 'assignedDuring', 100_000);
  const version = s['version'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) throw fieldError(s, name, index, 'version', 'a whole number from 1');
  if (deeplyFrozen(s as Session)) checked.add(s);
}

/**
 * Sessions found good that cannot change any more (frozen to the last array, as stores keep
 * them): one session is checked by several steps of the processor (the store's answer, when it is
 * due, its transition, whether it is in force), and a frozen one need be checked only once.
 */
const checked = new WeakSet<object>();

function deeplyFrozen(s: Session): boolean {
  if (!Object.isFrozen(s) || !Object.isFrozen(s.roles) || !Object.isFrozen(s.assignedDuring)) return false;
  if (s.scope === 'all') return true;
  if (!Object.isFrozen(s.scope) || !Object.isFrozen(s.scope.organizations)) return false;
  return s.scope.organizations.every((o) => Object.isFrozen(o));
}
