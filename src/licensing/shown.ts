/**
 * Ids as shown in error messages.
 *
 * @module
 * @internal
 */
import { MAX_ID_LENGTH } from '../model/ids.js';

/**
 * `id` for an error message: a caller may pass any string, so an overlong one is cut to the
 * longest valid id length and marked, keeping messages small.
 * @internal
 */
export function shownId(id: unknown): string {
  const text = String(id);
  return text.length <= MAX_ID_LENGTH ? text : `${text.slice(0, MAX_ID_LENGTH)}… (${text.length} characters)`;
}

/** True when `id` is longer than any id can be, so it names nothing (and need not be lower-cased). @internal */
export function tooLongForAnId(id: string): boolean {
  return id.length > MAX_ID_LENGTH;
}
