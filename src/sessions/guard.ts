/**
 * Cheap structural checks of the arguments of the pure session and audit functions. They run on
 * hot paths (the processor steps tens of thousands of sessions a second), so they use `typeof`,
 * `Array.isArray`, set lookups and one small regular expression, never a zod parse; a wrong
 * argument is a `VALIDATION_FAILED` {@link SecGovError} naming it, not a `TypeError` from deep inside.
 *
 * @module
 * @internal
 */
import { SecGovError } from '../model/errors.js';
import { kindOf } from '../model/value-kind.js';
import { MAX_ID_LENGTH, MAX_TEXT_LENGTH } from '../model/ids.js';
import { instantSchema } from '../model/time.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { MAX_SESSION_ROLES, sessionKinds, sessionStatuses, type Session } from './schemas.js';

/** The `VALIDATION_FAILED` error for the argument (or the part of it) `name`. @internal */
export function invalid(name: string, expected: string, value: unknown): SecGovError {
  return new SecGovError('VALIDATION_FAILED', `${name} must be ${expected}, not ${kindOf(value)}`, { ids: [name] });
}

/** True for a plain record: an object, not null, not an array. @internal */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a string of 1 to {@link MAX_ID_LENGTH} characters (the cheap part of an id check). @internal */
export function isIdString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

// The canonical form instantSchema yields: `YYYY-MM-DDTHH:mm:ss.sssZ`, years 1000 to 9999.
const CANONICAL = /^[1-9]\d{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/**
 * True for an instant in the canonical form instantSchema yields (`2026-01-31T09:00:00.000Z`, years
 * 1000 to 9999, a real calendar day and time). One small regular expression and no allocation
 * (but for days 29 to 31): it runs several times for every session step.
 *
 * @internal
 */
export function isCanonicalInstant(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 24 || !CANONICAL.test(value)) return false;
  // Days 29 to 31 exist only in some months: ask the calendar only then.
  const day = (value.charCodeAt(8) - 48) * 10 + value.charCodeAt(9) - 48;
  return day <= 28 || new Date(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, day)).getUTCDate() === day;
}

/**
 * An instant argument in canonical form: canonical strings as they are (the fast path), other
 * ISO-8601 strings with an offset and `Date`s converted, anything else refused.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument
 * @internal
 */
export function instantArg(value: unknown, name: string): string {
  if (isCanonicalInstant(value)) return value;
  if ((typeof value === 'string' && value.length <= 64) || value instanceof Date) return parseOrThrow(instantSchema, value, name);
  throw invalid(name, 'an ISO-8601 instant such as 2026-01-31T09:00:00.000Z', value);
}

const kinds: ReadonlySet<unknown> = new Set(sessionKinds);
const statuses: ReadonlySet<unknown> = new Set(sessionStatuses);
const sessionTypes: ReadonlySet<unknown> = new Set(['merge', 'replace']);
const accountActions: ReadonlySet<unknown> = new Set([null, 'enable', 'disable']);
const endReasons: ReadonlySet<unknown> = new Set([null, 'end-reached', 'ended-early', 'expired-before-start']);

/**
 * The name of an argument in messages: `name`, or `name[index]` for an element of a list argument.
 * Built only on the failure branch, so checks allocate nothing when the value is good.
 *
 * @internal
 */
export function argName(name: string, index?: number): string {
  return index === undefined ? name : `${name}[${index}]`;
}

/** The error for the field `field` of the argument `name` (element `index`). */
function fieldError(value: Record<string, unknown>, name: string, index: number | undefined, field: string, expected: string): SecGovError {
  return invalid(`${argName(name, index)}.${field}`, expected, value[field]);
}

function idList(value: unknown, name: string, index: number | undefined, field: string, max: number): void {
  if (!Array.isArray(value) || value.length > max) throw invalid(`${argName(name, index)}.${field}`, `a list of at most ${max} ids`, value);
  for (let i = 0; i < value.length; i++) if (!isIdString(value[i])) throw invalid(`${argName(name, index)}.${field}[${i}]`, 'an id', value[i]);
}

const isText = (v: unknown) => typeof v === 'string' && v.length <= MAX_TEXT_LENGTH;
const INSTANT = 'a canonical instant such as 2026-01-31T09:00:00.000Z';

/**
 * Check that `value` has the shape of a stored {@link Session}, or throw: every field of the right
 * type, statuses and kinds known, instants canonical. Cheap: no zod, no allocation on success.
 *
 * @param name - the argument's name in the message
 * @param index - the position of the session in the argument, when it is a list
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument and the field
 * @internal
 */
export function assertSession(value: unknown, name = 'session', index?: number): asserts value is Session {
  if (!isRecord(value)) throw invalid(argName(name, index), 'a session', value);
  const s = value;
  if (!isIdString(s['id'])) throw fieldError(s, name, index, 'id', 'an id');
  if (!kinds.has(s['kind'])) throw fieldError(s, name, index, 'kind', `one of ${sessionKinds.join(', ')}`);
  if (!statuses.has(s['status'])) throw fieldError(s, name, index, 'status', `one of ${sessionStatuses.join(', ')}`);
  if (!isIdString(s['user'])) throw fieldError(s, name, index, 'user', 'an id');
  idList(s['roles'], name, index, 'roles', MAX_SESSION_ROLES);
  const scope = s['scope'];
  if (scope !== 'all') {
    const organizations = isRecord(scope) ? scope['organizations'] : undefined;
    if (!Array.isArray(organizations) || organizations.length === 0) throw fieldError(s, name, index, 'scope', "'all' or { organizations: [...] }");
    for (let i = 0; i < organizations.length; i++) {
      const org: unknown = organizations[i];
      if (!isRecord(org) || !isIdString(org['id']) || typeof org['includeChildren'] !== 'boolean') {
        throw invalid(`${argName(name, index)}.scope.organizations[${i}]`, 'an organization { id, includeChildren }', org);
      }
    }
  }
  if (!sessionTypes.has(s['type'])) throw fieldError(s, name, index, 'type', 'merge or replace');
  if (!accountActions.has(s['account'])) throw fieldError(s, name, index, 'account', 'enable, disable or null');
  if (!isCanonicalInstant(s['start'])) throw fieldError(s, name, index, 'start', INSTANT);
  if (!isCanonicalInstant(s['end'])) throw fieldError(s, name, index, 'end', INSTANT);
  if (s['justification'] !== null && !isText(s['justification'])) throw fieldError(s, name, index, 'justification', `a text of at most ${MAX_TEXT_LENGTH} characters or null`);
  if (s['ticket'] !== null && !isIdString(s['ticket'])) throw fieldError(s, name, index, 'ticket', 'a ticket reference or null');
  if (!isIdString(s['requestedBy'])) throw fieldError(s, name, index, 'requestedBy', 'an id');
  if (!isCanonicalInstant(s['requestedAt'])) throw fieldError(s, name, index, 'requestedAt', INSTANT);
  if (s['approvedBy'] !== null && !isIdString(s['approvedBy'])) throw fieldError(s, name, index, 'approvedBy', 'an id or null');
  if (s['approvedAt'] !== null && !isCanonicalInstant(s['approvedAt'])) throw fieldError(s, name, index, 'approvedAt', `${INSTANT}, or null`);
  if (s['startedAt'] !== null && !isCanonicalInstant(s['startedAt'])) throw fieldError(s, name, index, 'startedAt', `${INSTANT}, or null`);
  if (s['endedAt'] !== null && !isCanonicalInstant(s['endedAt'])) throw fieldError(s, name, index, 'endedAt', `${INSTANT}, or null`);
  if (!endReasons.has(s['endReason'])) throw fieldError(s, name, index, 'endReason', 'end-reached, ended-early, expired-before-start or null');
  idList(s['assignedDuring'], name, index, 'assignedDuring', 100_000);
  const version = s['version'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) throw fieldError(s, name, index, 'version', 'a whole number from 1');
}

/**
 * Check that `value` is an array whose every element passes `check`, or throw naming the element.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument or the element
 * @internal
 */
export function assertArrayOf(value: unknown, name: string, check: (element: unknown, name: string, index: number) => void): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(name, 'an array', value);
  for (let i = 0; i < value.length; i++) check(value[i], name, i);
}
