/**
 * The two list questions: what one user reaches ({@link rightsOf}) and who reaches one entry point
 * ({@link whoCanReach}).
 *
 * @module
 */
import { accessLevel } from '../model/access-level.js';
import type { Grant, Permission, Right } from '../model/schemas.js';
import { rights } from '../model/schemas.js';
import type { AccessCore } from './core.js';
import { allows, effectiveMasks } from './evaluate.js';
import { RIGHT_COUNT, rightsOfMask } from './rights.js';
import type { Subject } from './subjects.js';
import { compareIds } from './subjects.js';
import type { EffectiveRights } from './types.js';

/**
 * Every entry point `subject` reaches in `org` (or in some organization): the candidates are the
 * entry points of the closures of the roles it holds (every entry point for an administrator).
 *
 * @internal
 */
export function rightsOf(core: AccessCore, subject: Subject, org: number): EffectiveRights[] {
  if (!subject.enabled) return [];
  const { graph, closures } = core;
  const candidates: number[] = [];
  if (subject.adminAll || subject.scoped?.some((s) => s.admin)) {
    for (let e = 0; e < graph.entryPoints.capacity; e++) if (graph.entryPoints.has(e)) candidates.push(e);
  } else {
    const seen = new Set<number>();
    for (const r of subject.held) {
      closures.ensure(r);
      for (const p of closures.privSets[r]!) {
        const start = graph.grants.start(p);
        const end = start + graph.grants.length(p);
        for (let k = start; k < end; k += 2) seen.add(graph.grants.data[k]!);
      }
    }
    candidates.push(...seen);
  }
  const out: EffectiveRights[] = [];
  for (const e of candidates) {
    const masks = effectiveMasks(core, subject, e, org);
    if (masks === 0) continue;
    const allowed = rightsOfMask(masks);
    const denied = rightsOfMask(masks >>> RIGHT_COUNT);
    out.push({ entryPoint: graph.entryPoints.id(e), allowed, denied, accessLevel: levelOf(allowed, denied) });
  }
  return out.sort((a, b) => compareIds(a.entryPoint, b.entryPoint));
}

/**
 * Every user who has right `bit` on `e` in `org`: the holders of the roles whose closure allows it
 * and of the administrator role, each checked in full (another role may deny).
 *
 * @internal
 */
export function whoCanReach(core: AccessCore, e: number, bit: number, org: number): string[] {
  const candidates = new Set<number>();
  const addHolders = (r: number): void => {
    for (const u of core.roleUsers[r] ?? []) candidates.add(u);
  };
  core.closures.store.forEach(e, (r, bits) => {
    if ((bits & (1 << bit)) !== 0) addHolders(r);
  });
  if (core.adminRole >= 0) addHolders(core.adminRole);
  const out: string[] = [];
  for (const u of candidates) {
    const subject = core.subjects[u]!;
    if (allows(core, subject, e, bit, org)) out.push(subject.id);
  }
  return out.sort(compareIds);
}

function levelOf(allowed: readonly Right[], denied: readonly Right[]): ReturnType<typeof accessLevel> {
  const grant = {} as Record<Right, Permission>;
  for (const right of rights) grant[right] = allowed.includes(right) ? 'allow' : denied.includes(right) ? 'deny' : 'unset';
  return accessLevel(grant as Pick<Grant, Right>);
}
