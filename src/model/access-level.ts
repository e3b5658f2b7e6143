/**
 * The summary access level of a grant.
 *
 * @module
 */
import type { Grant, Right } from './schemas.js';
import { rights } from './schemas.js';

/** The summary access level of a grant. */
export type AccessLevel = 'read' | 'write' | 'denied' | 'not-specified';

/**
 * The summary access level of a grant: `write` when any right other than read is allowed, `read`
 * when only read is allowed, `denied` when read is denied (and nothing else allowed), and
 * `not-specified` otherwise.
 */
export function accessLevel(grant: Pick<Grant, Right>): AccessLevel {
  let readAllowed = false;
  for (const right of rights) {
    if (grant[right] !== 'allow') continue;
    if (right !== 'read') return 'write';
    readAllowed = true;
  }
  if (readAllowed) return 'read';
  if (grant.read === 'deny') return 'denied';
  return 'not-specified';
}
