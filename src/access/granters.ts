/**
 * Security diagnostics: which existing privileges, duties and roles grant a requested set of entry
 * points and rights, smallest first.
 *
 * @module
 */
import type { AccessCore } from './core.js';
import { effectiveAllow, rightsOfMask } from './rights.js';
import { compareIds } from './subjects.js';
import type { Granter, Granters } from './types.js';

/** One requested entry point and the rights wanted on it, as a 6-bit mask. @internal */
export interface WantedEntryPoint {
  readonly e: number;
  readonly mask: number;
}

/**
 * The granters of `wanted` (entry points distinct). An object grants a pair when its own grants,
 * OR-ed over everything beneath it, allow the right and do not deny it; a right that does not
 * apply to the entry point is granted by nothing.
 *
 * @internal
 */
export function grantersOf(core: AccessCore, wanted: readonly WantedEntryPoint[]): Granters {
  const { graph, closures } = core;
  const grants = (bits: number, w: WantedEntryPoint): boolean => (effectiveAllow(bits, graph.applicable(w.e)) & w.mask) === w.mask;

  // Privileges, per entry point and for all.
  const byEntryPoint = wanted.map((w) => {
    const privileges: number[] = [];
    graph.forEachGrantOn(w.e, (p, bits) => {
      if (grants(bits, w)) privileges.push(p);
    });
    return { w, privileges };
  });
  let privileges = byEntryPoint[0]?.privileges ?? [];
  for (const { privileges: more } of byEntryPoint.slice(1)) {
    const keep = new Set(more);
    privileges = privileges.filter((p) => keep.has(p));
  }
  const privilegeGranter = (p: number): Granter => ({ id: graph.privileges.id(p), entryPoints: graph.privAllow[p]! });

  // Duties: OR the bits of their privileges per entry point.
  let duties: number[] | undefined;
  for (const w of wanted) {
    const bits = new Map<number, number>();
    graph.forEachGrantOn(w.e, (p, b) => {
      for (const d of graph.dutiesWith(p)) bits.set(d, (bits.get(d) ?? 0) | b);
    });
    const granting = [...bits].filter(([, b]) => grants(b, w)).map(([d]) => d);
    duties = duties === undefined ? granting : intersect(duties, granting);
  }
  const dutyGranter = (d: number): Granter => ({ id: graph.duties.id(d), entryPoints: closures.allowedEntryPointsOf(graph.dutyPrivs.get(d)) });

  // Roles: propagate the bits on each entry point up the role graph (bits only grow, so each role
  // is revisited at most once per new bit), without compiling roles nobody asked about.
  let roles: number[] | undefined;
  for (const w of wanted) {
    const bits = roleBitsOn(core, w.e);
    const granting = [...bits].filter(([, b]) => grants(b, w)).map(([r]) => r);
    roles = roles === undefined ? granting : intersect(roles, granting);
  }
  const roleGranter = (r: number): Granter => ({ id: graph.roles.id(r), entryPoints: closures.allowedEntryPoints(r) });

  return {
    privileges: sortGranters(privileges.map(privilegeGranter)),
    duties: sortGranters((duties ?? []).map(dutyGranter)),
    roles: sortGranters((roles ?? []).map(roleGranter)),
    byEntryPoint: byEntryPoint.map(({ w, privileges: ps }) => ({
      entryPoint: graph.entryPoints.id(w.e),
      rights: rightsOfMask(w.mask),
      privileges: sortGranters(ps.map(privilegeGranter)),
    })),
  };
}

/** The bits every role's whole sub-tree grants on `e`, for the roles that grant anything there. */
function roleBitsOn(core: AccessCore, e: number): Map<number, number> {
  const { graph } = core;
  const bits = new Map<number, number>();
  const work: number[] = [];
  const add = (r: number, b: number): void => {
    const old = bits.get(r) ?? 0;
    if ((old | b) === old) return;
    bits.set(r, old | b);
    work.push(r);
  };
  graph.forEachGrantOn(e, (p, b) => {
    for (const r of graph.rolesWithPrivilege(p)) add(r, b);
    for (const d of graph.dutiesWith(p)) for (const r of graph.rolesWithDuty(d)) add(r, b);
  });
  while (work.length > 0) {
    const r = work.pop()!;
    const b = bits.get(r)!;
    for (const parent of graph.parentsOf(r)) add(parent, b);
  }
  return bits;
}

function intersect(a: readonly number[], b: readonly number[]): number[] {
  const keep = new Set(b);
  return a.filter((x) => keep.has(x));
}

function sortGranters(list: Granter[]): Granter[] {
  return list.sort((a, b) => a.entryPoints - b.entryPoints || compareIds(a.id, b.id));
}
