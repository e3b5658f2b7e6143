/**
 * How public functions check their arguments cheaply (no schema parse, for hot paths) and name a
 * wrong one in a `VALIDATION_FAILED` error.
 *
 * @module
 */
import { SecGovError } from './errors.js';
import { MAX_ID_LENGTH } from './ids.js';
import { instantSchema } from './time.js';
import { parseOrThrow } from './zod-problems.js';

/**
 * What kind of value `value` is, for an error message: its type, and a string quoted when short (up
 * to 20 characters, escaped as JSON), else its length: never long content, which may be huge or
 * hostile. @internal
 */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length <= 20 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : 'a number';
  return typeof value === 'object' ? 'an object' : typeof value;
}

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

// Control characters would make ids invisible in reports and logs.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const VISIBLE = /\S/;

/** True when an id's characters are acceptable: no control characters, not blank (idSchema's rule). @internal */
export function hasIdCharacters(id: string): boolean {
  return !CONTROL.test(id) && VISIBLE.test(id);
}

/** True for a value idSchema accepts (as it is): {@link isIdString} and {@link hasIdCharacters}. @internal */
export function isId(value: unknown): value is string {
  return isIdString(value) && hasIdCharacters(value);
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
  if ((typeof value === 'string' && value.length <= 64) || isDate(value)) return parseOrThrow(instantSchema, value, name);
  throw invalid(name, 'an ISO-8601 instant such as 2026-01-31T09:00:00.000Z', value);
}

/** True for a `Date`; false for anything else, also a Proxy whose traps throw when asked what it is. */
function isDate(value: unknown): boolean {
  try {
    return value instanceof Date;
  } catch {
    return false;
  }
}

/**
 * The name of an argument in messages: `name`, or `name[index]` for an element of a list argument.
 * Built only on the failure branch, so checks allocate nothing when the value is good.
 *
 * @internal
 */
export function argName(name: string, index?: number): string {
  return index === undefined ? name : `${name}[${index}]`;
}

/**
 * Check that `value` is an array whose every element passes `check`, or throw naming the element.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument or the element
 * @internal
 */
export function assertArrayOf(value: unknown, name: string, check: (element: unknown, name: string, index: number) => void): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(name, 'an array', value);
  readArgument(name, () => {
    for (let i = 0; i < value.length; i++) check(value[i], name, i);
  });
}

/**
 * Check that `value` is an array or an object that can be iterated (a string cannot stand for a
 * list: its items are characters), or throw naming it.
 *
 * @param expected - what the argument should be, for the message
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument
 * @internal
 */
export function assertIterable(value: unknown, name: string, expected: string): asserts value is Iterable<unknown> {
  if (Array.isArray(value)) return;
  const iterator = typeof value === 'object' && value !== null ? readArgument(name, () => (value as { [Symbol.iterator]?: unknown })[Symbol.iterator]) : undefined;
  if (typeof iterator !== 'function') throw invalid(name, expected, value);
}

/**
 * Check that `value` has the shape of an assignment as the pure functions read it (a user and a
 * role id, a scope of `'all'` or organizations with ids), or throw naming it (`name[index]`).
 * Cheap: no schema parse, for lists callers hand in or callbacks answer on hot paths.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the element and the field
 * @internal
 */
export function assertAssignmentShape(value: unknown, name: string, index?: number): void {
  // No closure for readArgument here: this runs once per assignment on hot paths.
  try {
    checkAssignmentShape(value, name, index);
  } catch (error) {
    throw unreadable(argName(name, index), error);
  }
}

function checkAssignmentShape(value: unknown, name: string, index?: number): void {
  if (!isRecord(value)) throw invalid(argName(name, index), 'an assignment { user, role, scope, source }', value);
  if (!isIdString(value['user'])) throw invalid(`${argName(name, index)}.user`, 'an id', value['user']);
  if (!isIdString(value['role'])) throw invalid(`${argName(name, index)}.role`, 'an id', value['role']);
  const scope = value['scope'];
  if (scope === 'all') return;
  const organizations = isRecord(scope) ? scope['organizations'] : undefined;
  if (!Array.isArray(organizations)) throw invalid(`${argName(name, index)}.scope`, "'all' or { organizations: [...] }", scope);
  for (let i = 0; i < organizations.length; i++) {
    const org: unknown = organizations[i];
    if (!isRecord(org) || !isIdString(org['id'])) throw invalid(`${argName(name, index)}.scope.organizations[${i}]`, 'an organization { id, includeChildren }', org);
  }
}

/**
 * What a failure of a caller's port or callback says, for a message: an Error's message (cut at
 * 200 characters), or what was thrown when it is not an Error (`it threw null`). @internal
 */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return `it threw ${kindOf(error)}`;
  const message = typeof error.message === 'string' ? error.message : kindOf(error.message);
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

/**
 * The error for a failure of a caller's port (a store, a clock, a file system): `error` itself when
 * it is a SecGovError, else a SecGovError `code` saying `where` failed and why, with `error` as its
 * `cause`. @internal
 */
export function portFailure(code: 'STORE_FAILURE' | 'VALIDATION_FAILED', where: string, error: unknown, details: Record<string, unknown> = {}): SecGovError {
  if (error instanceof SecGovError) return error;
  const failure = new SecGovError(code, `${where} failed: ${reasonOf(error)}`, details);
  (failure as Error).cause = error;
  return failure;
}

/**
 * Check that a compiled part a caller hands back (an SoD context, a licence index: each holds the
 * `model` it was compiled from) is of `model`, or throw naming it: one of another model would
 * answer for that model. `undefined` passes (the callee compiles its own).
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument
 * @internal
 */
export function assertCompiledFrom(value: unknown, model: unknown, name: string, what: string): void {
  if (value !== undefined && (!isRecord(value) || readArgument(name, () => value['model']) !== model)) throw invalid(name, `${what} compiled from model`, value);
}

/**
 * Run `read`, a hand-written check of the caller's argument `name`: what the argument's own code
 * throws on the way (a getter, a Proxy's trap) becomes {@link unreadable}, as the schema checks
 * answer (see parseProblems). A SecGovError passes on. @internal
 */
export function readArgument<T>(name: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw unreadable(name, error);
  }
}

/**
 * The fields `keys` of an options object, each read once, here (a getter may answer differently
 * the second time): what reading one throws (a getter, a Proxy's trap) is {@link unreadable},
 * naming `name`. @internal
 */
export function readOptions<K extends string>(options: Record<string, unknown>, keys: readonly K[], name = 'options'): Record<K, unknown> {
  return readArgument(name, () => {
    const read = {} as Record<K, unknown>;
    for (const key of keys) read[key] = options[key];
    return read;
  });
}

/**
 * The error for the argument `name` whose reading threw `error`: `VALIDATION_FAILED` saying so and
 * why, with `error` as its `cause`; `error` itself when it is a SecGovError (our own check). @internal
 */
export function unreadable(name: string, error: unknown): SecGovError {
  if (error instanceof SecGovError) return error;
  const failure = new SecGovError('VALIDATION_FAILED', `${name} could not be read: ${reasonOf(error)}`, { ids: [name] });
  (failure as Error).cause = error;
  return failure;
}
