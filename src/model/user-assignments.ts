/**
 * One user's assignments carried across a change batch without reading the new model's map: what
 * incremental indexes (the SoD monitor, the service's assignments by user) keep per user.
 *
 * @module
 */
import type { Change } from './changes.js';
import { idKey } from './ids.js';
import type { Assignment } from './schemas.js';

/**
 * The assignments of the user `userKey` after `changes` (which all applied), from the list before
 * them. The order is the model's own: a replaced assignment keeps its place, a new one goes last,
 * an unassigned one leaves. Removing a user leaves the list alone: a batch may remove a user and add
 * it again, and a user removed for good had to lose its assignments first.
 *
 * @internal
 */
export function assignmentsAfter(before: readonly Assignment[], userKey: string, changes: readonly Change[]): Assignment[] {
  const list = new Map(before.map((a) => [idKey(a.role), a] as const));
  for (const c of changes) {
    if (c.op === 'assign' && idKey(c.assignment.user) === userKey) list.set(idKey(c.assignment.role), c.assignment);
    else if (c.op === 'unassign' && idKey(c.user) === userKey) list.delete(idKey(c.role));
  }
  return [...list.values()];
}
