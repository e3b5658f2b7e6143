/**
 * Ids: case-insensitive, unique per kind, displayed in the author's spelling.
 *
 * @module
 */
import { z } from 'zod';
import { SecGovError } from './errors.js';
import { hasIdCharacters, kindOf } from './arguments.js';

/** Longest accepted id, in characters. Platform metadata names are far shorter. */
export const MAX_ID_LENGTH = 256;
/** Longest accepted display name or label. */
export const MAX_NAME_LENGTH = 1_000;
/** Longest accepted free text (descriptions, justifications, risk texts). */
export const MAX_TEXT_LENGTH = 10_000;

/** Schema of an id: 1 to {@link MAX_ID_LENGTH} characters, no control characters, not blank. */
export const idSchema = z
  .string()
  .min(1, 'id must not be empty')
  .max(MAX_ID_LENGTH, `id must be at most ${MAX_ID_LENGTH} characters`)
  .refine(hasIdCharacters, 'id must not be blank or contain control characters');

/** Schema of a display name. */
export const nameSchema = z
  .string()
  .min(1, 'name must not be empty')
  .max(MAX_NAME_LENGTH, `name must be at most ${MAX_NAME_LENGTH} characters`);

/** Schema of free text. */
export const textSchema = z.string().max(MAX_TEXT_LENGTH, `text must be at most ${MAX_TEXT_LENGTH} characters`);

/** The error for an id argument that is not a string (built only on the failure branch). */
function notAnId(fn: string, param: string, value: unknown): SecGovError {
  const kind = kindOf(value);
  return new SecGovError('VALIDATION_FAILED', `${fn}: ${param} must be a string, not ${kind}`, { ids: [param] });
}

/**
 * The lookup key of an id: ids are case-insensitive, so `LedgerJournalEntry` and
 * `ledgerjournalentry` name the same object. Any string has a key (lookups of overlong ids simply
 * find nothing).
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming `id` when it is not a string
 */
export function idKey(id: string): string {
  if (typeof id !== 'string') throw notAnId('idKey', 'id', id);
  return id.toLowerCase();
}

/**
 * True when two ids name the same object.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming `a` or `b` when it is not a string
 */
export function sameId(a: string, b: string): boolean {
  if (typeof a !== 'string') throw notAnId('sameId', 'a', a);
  if (typeof b !== 'string') throw notAnId('sameId', 'b', b);
  return a === b || idKey(a) === idKey(b);
}
