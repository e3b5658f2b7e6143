/**
 * The packed form of a grant used throughout the compiled index: 6 allow bits (bit i for right i
 * of {@link rights}) and 6 deny bits above them, so combining grants is a bitwise OR.
 *
 * @module
 */
import type { Grant, Right } from '../model/schemas.js';
import { rights } from '../model/schemas.js';
import { SecGovError } from '../model/errors.js';

/** Number of rights; deny bits start at this bit. @internal */
export const RIGHT_COUNT = 6;
/** Mask of the six allow bits. @internal */
export const ALLOW_MASK = 0x3f;
/** Index of `invoke` in {@link rights}. */
const INVOKE = 5;
/** Allow mask of the rights that apply to invoke-only entry points. @internal */
export const INVOKE_ONLY_MASK = 1 << INVOKE;

/**
 * The index of a right in {@link rights}, or -1. A switch over literals compares interned strings,
 * which is cheaper than a Map lookup on the hot path.
 *
 * @internal
 */
export function rightIndex(right: unknown): number {
  switch (right) {
    case 'read':
      return 0;
    case 'update':
      return 1;
    case 'create':
      return 2;
    case 'delete':
      return 3;
    case 'correct':
      return 4;
    case 'invoke':
      return 5;
    default:
      return -1;
  }
}

/** The error for a value that is not one of the six rights. @internal */
export function invalidRight(right: unknown): SecGovError {
  const shown = typeof right === 'string' ? `"${right.length > 64 ? `${right.slice(0, 64)}…` : right}"` : `a value of type ${right === null ? 'null' : typeof right}`;
  return new SecGovError('VALIDATION_FAILED', `right ${shown} is not one of ${rights.join(', ')}`, typeof right === 'string' ? { ids: [right] } : {});
}

/** The packed allow/deny bits of a grant. Unrolled: the build computes it for every grant. @internal */
export function grantBits(grant: Pick<Grant, Right>): number {
  return (
    permissionBits(grant.read, 0) |
    permissionBits(grant.update, 1) |
    permissionBits(grant.create, 2) |
    permissionBits(grant.delete, 3) |
    permissionBits(grant.correct, 4) |
    permissionBits(grant.invoke, 5)
  );
}

function permissionBits(permission: string, i: number): number {
  return permission === 'allow' ? 1 << i : permission === 'deny' ? 1 << (i + RIGHT_COUNT) : 0;
}

/** The rights whose bit is set in a 6-bit mask, in the order of {@link rights}. @internal */
export function rightsOfMask(mask: number): Right[] {
  const out: Right[] = [];
  for (let i = 0; i < RIGHT_COUNT; i++) if ((mask & (1 << i)) !== 0) out.push(rights[i]!);
  return out;
}

/**
 * The rights a packed value effectively allows (allowed and not denied), as a 6-bit mask,
 * restricted to `applicable`.
 *
 * @internal
 */
export function effectiveAllow(bits: number, applicable: number): number {
  return bits & ~(bits >>> RIGHT_COUNT) & applicable;
}
