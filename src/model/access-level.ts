/**
 * The summary access level of a grant.
 *
 * @module
 */
import type { Grant, Right } from './schemas.js';
import { rights } from './schemas.js';
import { SecGovError } from './errors.js';
import { kindOf } from './arguments.js';

/** The summary access level of a grant. */
export type AccessLevel = 'read' | 'write' | 'denied' | 'not-specified';

/**
 * The summary access level of a grant: `write` when any right other than read is allowed, `read`
 * when only read is allowed, `denied` when read is denied (and nothing else allowed), and
 * `not-specified` otherwise.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming `grant` when it is not an object whose six
 * rights are each `allow`, `deny` or `unset`
 */
export function accessLevel(grant: Pick<Grant, Right>): AccessLevel {
  if (typeof grant !== 'object' || grant === null || Array.isArray(grant)) {
    throw new SecGovError('VALIDATION_FAILED', `accessLevel: grant must be an object with the six rights, not ${kindOf(grant)}`, { ids: ['grant'] });
  }
  let readPermission: unknown;
  let writeAllowed = false;
  for (const right of rights) {
    let permission: unknown;
    try {
      permission = grant[right];
    } catch {
      throw new SecGovError('VALIDATION_FAILED', `accessLevel: grant.${right} could not be read`, { ids: ['grant'] });
    }
    if (right === 'read') readPermission = permission;
    else if (permission === 'allow') writeAllowed = true;
    if (permission !== 'allow' && permission !== 'deny' && permission !== 'unset') {
      throw new SecGovError('VALIDATION_FAILED', `accessLevel: grant.${right} must be "allow", "deny" or "unset", not ${kindOf(permission)}`, { ids: ['grant'] });
    }
  }
  if (writeAllowed) return 'write';
  if (readPermission === 'allow') return 'read';
  if (readPermission === 'deny') return 'denied';
  return 'not-specified';
}

