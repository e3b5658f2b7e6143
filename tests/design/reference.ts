/**
 * A deliberately simple reference for the design algorithms: walks the model naively, compares ids
 * by lower-casing, and combines grants right by right.
 */
import type { Grant, SecurityModel } from '../../src/index.js';
import { rights } from '../../src/index.js';

const lower = (s: string) => s.toLowerCase();
const byId = <T extends { id: string }>(map: ReadonlyMap<string, T>, id: string): T | undefined => [...map.values()].find((v) => lower(v.id) === lower(id));

/** The privileges a role reaches (its own, its duties', its sub-roles' at any depth), as lower-case ids. */
export function referencePrivileges(model: SecurityModel, kind: 'role' | 'duty' | 'privilege', id: string): Set<string> {
  const out = new Set<string>();
  if (kind === 'privilege') {
    out.add(lower(id));
    return out;
  }
  if (kind === 'duty') {
    for (const p of byId(model.duties, id)?.privileges ?? []) out.add(lower(p));
    return out;
  }
  const roles = [id];
  const seen = new Set<string>();
  while (roles.length > 0) {
    const r = byId(model.roles, roles.pop()!);
    if (!r || seen.has(lower(r.id))) continue;
    seen.add(lower(r.id));
    for (const p of r.privileges) out.add(lower(p));
    for (const d of r.duties) for (const p of byId(model.duties, d)?.privileges ?? []) out.add(lower(p));
    roles.push(...r.subRoles);
  }
  return out;
}

/** The combined grant per entry point (lower-case id) of a role, duty or privilege: deny wins, all-unset left out. */
export function referenceGrants(model: SecurityModel, kind: 'role' | 'duty' | 'privilege', id: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const p of referencePrivileges(model, kind, id)) {
    for (const g of byId(model.privileges, p)?.grants ?? []) {
      const key = lower(g.entryPoint);
      const held = out.get(key) ?? Object.fromEntries(rights.map((r) => [r, 'unset']));
      for (const r of rights) {
        if (g[r] === 'deny' || held[r] === 'deny') held[r] = 'deny';
        else if (g[r] === 'allow') held[r] = 'allow';
      }
      out.set(key, held);
    }
  }
  for (const [key, g] of out) if (rights.every((r) => g[r] === 'unset')) out.delete(key);
  return out;
}

/** A grant's rights as a plain record, for comparisons. */
export function rightsOf(grant: Grant): Record<string, string> {
  return Object.fromEntries(rights.map((r) => [r, grant[r]]));
}
