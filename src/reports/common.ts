/**
 * Helpers shared by the report functions. @internal
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import type { Scope } from '../model/schemas.js';
import { instantSchema } from '../model/time.js';
import { parseOrThrow } from '../model/zod-problems.js';

/** Validate an instant argument and return its canonical form. @internal */
export function instant(value: unknown, what: string): string {
  return parseOrThrow(instantSchema, value, what);
}

/** Compare two strings by id key, then as written (a stable order for ids). @internal */
export function byKey(a: string, b: string): number {
  const ka = idKey(a);
  const kb = idKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** A scope in words: `all`, or the organizations (`+children` when granted with their children). @internal */
export function scopeText(scope: Scope): string {
  if (scope === 'all') return 'all';
  return scope.organizations.map((o) => (o.includeChildren ? `${o.id} (+children)` : o.id)).join(', ');
}

/** Users (display ids) holding each role (by key), from the model's assignments. @internal */
export function holdersByRole(model: SecurityModel): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of model.assignments.values()) {
    const key = idKey(a.role);
    const user = model.users.get(idKey(a.user))?.id ?? a.user;
    const list = out.get(key);
    if (list) list.push(user);
    else out.set(key, [user]);
  }
  return out;
}
