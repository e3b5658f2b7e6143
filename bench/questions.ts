/**
 * Random access questions ("may user U use right R on entry point E in organization O?"), built
 * once before timing as arrays of the string ids callers pass: the display spelling of users and
 * entry point ids, not lookup keys.
 *
 * @module
 */
import { idKey } from '../src/model/ids.js';
import type { SecurityModel } from '../src/model/model.js';
import { entryPointId, rights } from '../src/model/schemas.js';
import type { Right } from '../src/model/schemas.js';
import { Random } from '../src/testing/generate-random.js';

/** Questions as parallel arrays, so the timed loop only indexes arrays. */
export interface Questions {
  readonly users: string[];
  readonly entryPoints: string[];
  readonly rights: Right[];
  /** Undefined: the question names no organization. */
  readonly organizations: (string | undefined)[];
  readonly length: number;
}

/** How questions are drawn. */
export interface QuestionOptions {
  /** Share of questions about an entry point the user's roles grant (the rest are uniform, mostly "no"). */
  readonly reachableShare?: number;
  /** Share of questions naming an organization. */
  readonly organizationShare?: number;
  /** Only ask about these users (by default, all users). */
  readonly users?: readonly string[];
}

/**
 * Draw `count` questions from the model, deterministic in `seed`. Half (by default) follow a
 * random path from one of the user's assignments down to a grant, so that "yes" answers and deep
 * traversals are measured too, not only misses.
 */
export function makeQuestions(model: SecurityModel, count: number, seed: number, options: QuestionOptions = {}): Questions {
  const { reachableShare = 0.5, organizationShare = 0.2 } = options;
  const rng = new Random(seed, 'bench-questions');
  const userIds = options.users ? [...options.users] : [...model.users.values()].map((u) => u.id);
  const entryPointIds = [...model.entryPoints.values()].map((ep) => entryPointId(ep));
  const organizationIds = [...model.organizations.values()].map((o) => o.id);
  const rolesOf = new Map<string, string[]>();
  for (const a of model.assignments.values()) {
    const key = idKey(a.user);
    let roles = rolesOf.get(key);
    if (!roles) rolesOf.set(key, (roles = []));
    roles.push(a.role);
  }

  const questions: Questions = { users: [], entryPoints: [], rights: [], organizations: [], length: count };
  for (let i = 0; i < count; i++) {
    const user = rng.pick(userIds);
    let entryPoint: string | undefined;
    let right: Right | undefined;
    if (rng.chance(reachableShare)) {
      const grant = randomGrantOf(model, rolesOf.get(idKey(user)) ?? [], rng);
      if (grant) {
        entryPoint = model.entryPoints.get(idKey(grant.entryPoint)) ? entryPointId(model.entryPoints.get(idKey(grant.entryPoint))!) : grant.entryPoint;
        const set = rights.filter((r) => grant[r] !== 'unset');
        right = set.length > 0 ? rng.pick(set) : undefined;
      }
    }
    questions.users.push(user);
    questions.entryPoints.push(entryPoint ?? rng.pick(entryPointIds));
    questions.rights.push(right ?? rng.pick(rights));
    questions.organizations.push(organizationIds.length > 0 && rng.chance(organizationShare) ? rng.pick(organizationIds) : undefined);
  }
  return questions;
}

type GrantLike = { readonly entryPoint: string } & Readonly<Record<Right, string>>;

/** A random grant reached from one of `roles` through sub-roles, duties and privileges, if any. */
function randomGrantOf(model: SecurityModel, roles: readonly string[], rng: Random): GrantLike | undefined {
  if (roles.length === 0) return undefined;
  let role = model.roles.get(idKey(rng.pick(roles)));
  for (let depth = 0; role && depth < 16; depth++) {
    const options = role.duties.length + role.privileges.length + role.subRoles.length;
    if (options === 0) return undefined;
    let n = rng.int(0, options - 1);
    if (n < role.subRoles.length) {
      role = model.roles.get(idKey(role.subRoles[n]!));
      continue;
    }
    n -= role.subRoles.length;
    let privilegeId: string | undefined;
    if (n < role.duties.length) {
      const duty = model.duties.get(idKey(role.duties[n]!));
      if (!duty || duty.privileges.length === 0) return undefined;
      privilegeId = rng.pick(duty.privileges);
    } else {
      privilegeId = role.privileges[n - role.duties.length];
    }
    const privilege = privilegeId === undefined ? undefined : model.privileges.get(idKey(privilegeId));
    return privilege && privilege.grants.length > 0 ? rng.pick(privilege.grants) : undefined;
  }
  return undefined;
}
