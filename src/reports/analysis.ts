/**
 * Security analysis of one user: roles → duties → privileges → entry points with rights, the
 * effective rights per entry point, and the users whose access is most alike.
 *
 * @module
 */
import { z } from 'zod';
import { accessLevel, type AccessLevel } from '../model/access-level.js';
import { SecGovError } from '../model/errors.js';
import { idKey, idSchema } from '../model/ids.js';
import { assertModel } from '../model/assert-model.js';
import type { SecurityModel } from '../model/model.js';
import { entryPointId, rights, type EntryPointKind, type Grant, type Right, type Role } from '../model/schemas.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { byKey, scopeText } from './common.js';
import { column, table, type ReportDocument } from './document.js';

/** Most path rows one analysis lists (the effective rights and similar users are always complete). */
export const MAX_ANALYSIS_PATHS = 200_000;

/**
 * Most steps of one analysis' walk over role chains: a role entered, or a role of a chain spelled
 * out for its rows. Bounds the walk where rows do not: a lattice of sub-roles without grants has
 * exponentially many chains, and a deep one long chains.
 */
export const MAX_ANALYSIS_STEPS = 2_000_000;

/** One way the user reaches one grant: assignment → role chain → duty → privilege → entry point. */
export interface SecurityPathRow {
  /** The assigned role, then the sub-roles down to the role holding the duty or privilege. */
  readonly roles: readonly string[];
  /** The assignment's organization scope, in words (`all`, or organizations). */
  readonly scope: string;
  /** The duty, or null for a direct privilege of the last role. */
  readonly duty: string | null;
  /** The privilege. */
  readonly privilege: string;
  /** The entry point id. */
  readonly entryPoint: string;
  /** Securable type. */
  readonly securableType: EntryPointKind;
  /** AOT name. */
  readonly aotName: string;
  /** Child name, or null. */
  readonly childName: string | null;
  /** Rights the grant allows. */
  readonly allowed: readonly Right[];
  /** Rights the grant denies. */
  readonly denied: readonly Right[];
  /** The grant's access level. */
  readonly accessLevel: AccessLevel;
}

/** What the user may do on one entry point, over all organizations. */
export interface EffectiveEntryPointRow {
  /** The entry point id. */
  readonly entryPoint: string;
  /** Securable type. */
  readonly securableType: EntryPointKind;
  /** AOT name. */
  readonly aotName: string;
  /** Child name, or null. */
  readonly childName: string | null;
  /** Rights allowed by some grant and denied by none. */
  readonly allowed: readonly Right[];
  /** Rights denied by some grant (deny wins). */
  readonly denied: readonly Right[];
  /** The summary access level. */
  readonly accessLevel: AccessLevel;
  /** Privileges granting it. */
  readonly privileges: readonly string[];
}

/** A user with access like the analysed user's. */
export interface SimilarUserRow {
  /** The other user. */
  readonly user: string;
  /** Their name. */
  readonly userName: string;
  /** Entry points both reach (through grants that allow some right). */
  readonly shared: number;
  /** Share of the analysed user's entry points the other reaches, in percent (two decimals). */
  readonly percentOfUser: number;
  /** Entry points the other user reaches. */
  readonly otherEntryPoints: number;
  /** Shared over the union of both (Jaccard), in percent (two decimals). */
  readonly jaccard: number;
}

/** Options of {@link userSecurityAnalysis}. */
export interface AnalysisOptions {
  /** How many similar users to list (default 10, 0 for none). */
  readonly similarUsers?: number;
}

/** The security analysis of one user. */
export interface SecurityAnalysisReport extends ReportDocument {
  /** The user (display id). */
  readonly user: string;
  /** Whether the account is enabled (a disabled user has no access: {@link effective} is empty). */
  readonly enabled: boolean;
  /** Whether the user holds the administrator role (full access, beyond what the grants list). */
  readonly administrator: boolean;
  /** Every path to a grant, assignments by role, depth first (at most {@link MAX_ANALYSIS_PATHS}). */
  readonly paths: readonly SecurityPathRow[];
  /** True when there were more paths than listed (more than {@link MAX_ANALYSIS_PATHS}, or a walk past {@link MAX_ANALYSIS_STEPS}). */
  readonly truncated: boolean;
  /** The effective rights per entry point, by entry point id. */
  readonly effective: readonly EffectiveEntryPointRow[];
  /** The most similar users, most shared entry points first. */
  readonly similar: readonly SimilarUserRow[];
}

const optionsSchema = z.strictObject({ similarUsers: z.number().int().min(0).max(10_000).default(10) });

function splitRights(grant: Grant): { allowed: Right[]; denied: Right[] } {
  const allowed: Right[] = [];
  const denied: Right[] = [];
  for (const r of rights) {
    if (grant[r] === 'allow') allowed.push(r);
    else if (grant[r] === 'deny') denied.push(r);
  }
  return { allowed, denied };
}

/** Privilege keys reachable from a role (duties, direct privileges, sub-roles at any depth), iteratively. */
function privilegesOfRole(model: SecurityModel, roleKey: string, into: Set<string>, seenRoles: Set<string>): void {
  const stack = [roleKey];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (seenRoles.has(key)) continue;
    seenRoles.add(key);
    const role = model.roles.get(key);
    if (!role) continue;
    for (const d of role.duties) for (const p of model.duties.get(idKey(d))?.privileges ?? []) into.add(idKey(p));
    for (const p of role.privileges) into.add(idKey(p));
    for (const s of role.subRoles) stack.push(idKey(s));
  }
}

/**
 * The security analysis of one user: every path from the user's assignments through roles,
 * sub-roles, duties and privileges to the grants on entry points, with the rights each grant
 * allows and denies; the effective rights per entry point over all organizations (a right is
 * allowed when some grant allows it and none denies it; empty for a disabled user); and the users
 * with the most similar access, counted in shared entry points (grants that allow some right)
 * through an inverted index from entry points to roles to users, never by comparing all pairs.
 * For one organization's answer use the access index (`rightsOf(user, organization)`).
 *
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown user, `VALIDATION_FAILED` for bad options or
 *   a `model` that is not a model
 */
export function userSecurityAnalysis(model: SecurityModel, user: string, options: AnalysisOptions = {}): SecurityAnalysisReport {
  assertModel(model);
  const userKey = idKey(parseOrThrow(idSchema, user, 'user'));
  const { similarUsers } = parseOrThrow(optionsSchema, options, 'options');
  const record = model.users.get(userKey);
  if (!record) throw new SecGovError('NOT_FOUND', `user "${user}" does not exist`, { ids: [user] });
  const adminKey = idKey(model.parameters.administratorRole);
  const assignments = [...model.assignments.values()].filter((a) => idKey(a.user) === userKey).sort((a, b) => byKey(a.role, b.role));

  // Paths, depth first over every chain of sub-roles (a role two chains reach is listed on both):
  // each role's duties in order, its direct privileges, then its sub-roles. An explicit stack, and a
  // chain spelled out only for a role that has rows, keep deep hierarchies linear; the walk stops
  // (truncated) after MAX_ANALYSIS_PATHS rows or MAX_ANALYSIS_STEPS steps, since a lattice of
  // sub-roles has exponentially many chains.
  const paths: SecurityPathRow[] = [];
  let truncated = false;
  let steps = 0;
  const grantRows = (roles: () => readonly string[], scope: string, duty: string | null, privilegeId: string): void => {
    const privilege = model.privileges.get(idKey(privilegeId));
    if (!privilege) return;
    for (const grant of privilege.grants) {
      if (paths.length >= MAX_ANALYSIS_PATHS) {
        truncated = true;
        return;
      }
      const ep = model.entryPoints.get(idKey(grant.entryPoint));
      if (!ep) continue;
      paths.push({ roles: roles(), scope, duty, privilege: privilege.id, entryPoint: entryPointId(ep), securableType: ep.kind, aotName: ep.name, childName: ep.childName ?? null, ...splitRights(grant), accessLevel: accessLevel(grant) });
    }
  };
  for (const a of assignments) {
    const scope = scopeText(a.scope);
    const chain: { readonly key: string; readonly role: Role; next: number }[] = [];
    const onChain = new Set<string>();
    const enter = (key: string): void => {
      const role = model.roles.get(key);
      if (!role) return;
      if (++steps > MAX_ANALYSIS_STEPS) {
        truncated = true;
        return;
      }
      chain.push({ key, role, next: 0 });
      onChain.add(key);
      let names: readonly string[] | undefined;
      const roles = () => {
        if (names === undefined) {
          steps += chain.length;
          names = chain.map((link) => link.role.id);
        }
        return names;
      };
      for (const d of role.duties) {
        const duty = model.duties.get(idKey(d));
        if (duty) for (const p of duty.privileges) grantRows(roles, scope, duty.id, p);
      }
      for (const p of role.privileges) grantRows(roles, scope, null, p);
    };
    enter(idKey(a.role));
    while (chain.length > 0 && !truncated) {
      const top = chain[chain.length - 1]!;
      if (top.next < top.role.subRoles.length) {
        const sub = idKey(top.role.subRoles[top.next++]!);
        if (!onChain.has(sub)) enter(sub);
        continue;
      }
      chain.pop();
      onChain.delete(top.key);
    }
    if (truncated) break;
  }

  // Effective rights over the privileges reachable from all assignments.
  const privilegeKeys = new Set<string>();
  const seenRoles = new Set<string>();
  for (const a of assignments) privilegesOfRole(model, idKey(a.role), privilegeKeys, seenRoles);
  const effective: EffectiveEntryPointRow[] = [];
  if (record.enabled) {
    const byEp = new Map<string, { allow: Set<Right>; deny: Set<Right>; privileges: string[] }>();
    for (const pk of privilegeKeys) {
      const privilege = model.privileges.get(pk);
      if (!privilege) continue;
      for (const grant of privilege.grants) {
        const key = idKey(grant.entryPoint);
        let e = byEp.get(key);
        if (!e) byEp.set(key, (e = { allow: new Set(), deny: new Set(), privileges: [] }));
        // Each privilege comes once, its grants together: only the last one pushed can be it (a
        // search of the list made an entry point granted by many privileges quadratic).
        if (e.privileges[e.privileges.length - 1] !== privilege.id) e.privileges.push(privilege.id);
        for (const r of rights) {
          if (grant[r] === 'allow') e.allow.add(r);
          else if (grant[r] === 'deny') e.deny.add(r);
        }
      }
    }
    for (const [key, e] of byEp) {
      const ep = model.entryPoints.get(key);
      if (!ep) continue;
      const allowed = rights.filter((r) => e.allow.has(r) && !e.deny.has(r));
      const denied = rights.filter((r) => e.deny.has(r));
      if (allowed.length === 0 && denied.length === 0) continue;
      const perm = (r: Right) => (allowed.includes(r) ? 'allow' : denied.includes(r) ? 'deny' : 'unset');
      const level = accessLevel({ read: perm('read'), update: perm('update'), create: perm('create'), delete: perm('delete'), correct: perm('correct'), invoke: perm('invoke') });
      effective.push({ entryPoint: entryPointId(ep), securableType: ep.kind, aotName: ep.name, childName: ep.childName ?? null, allowed, denied, accessLevel: level, privileges: e.privileges.sort(byKey) });
    }
    effective.sort((a, b) => byKey(a.entryPoint, b.entryPoint));
  }

  const similar = similarUsers === 0 ? [] : findSimilarUsers(model, userKey, similarUsers);
  const administrator = assignments.some((a) => idKey(a.role) === adminKey);
  const reached = effective.filter((e) => e.allowed.length > 0).length;
  return {
    name: 'security-analysis',
    title: `Security analysis of ${record.id}`,
    description: `What ${record.name} can reach and why: roles → duties → privileges → entry points with rights, the effective rights per entry point, and the users with the most similar access.`,
    at: null,
    summary: [
      { label: 'Enabled', value: record.enabled ? 'yes' : 'no (no access)' },
      { label: 'Administrator', value: administrator ? 'yes (full access)' : 'no' },
      { label: 'Roles assigned', value: assignments.length },
      { label: 'Privileges reached', value: privilegeKeys.size },
      { label: 'Entry points allowed', value: reached },
      { label: 'Paths', value: truncated ? `${paths.length} (truncated)` : paths.length },
    ],
    charts: [],
    tables: [
      table('effective', 'Effective rights per entry point', [
        column<EffectiveEntryPointRow>('entryPoint', 'Entry point', 'text', (r) => r.entryPoint),
        column<EffectiveEntryPointRow>('securableType', 'Securable type', 'text', (r) => r.securableType),
        column<EffectiveEntryPointRow>('aotName', 'AOT name', 'text', (r) => r.aotName),
        column<EffectiveEntryPointRow>('childName', 'Child name', 'text', (r) => r.childName),
        column<EffectiveEntryPointRow>('allowed', 'Allowed', 'list', (r) => r.allowed),
        column<EffectiveEntryPointRow>('denied', 'Denied', 'list', (r) => r.denied),
        column<EffectiveEntryPointRow>('accessLevel', 'Access level', 'text', (r) => r.accessLevel),
        column<EffectiveEntryPointRow>('privileges', 'Privileges', 'list', (r) => r.privileges),
      ], effective),
      table('paths', 'Roles → duties → privileges → entry points', [
        column<SecurityPathRow>('roles', 'Roles', 'text', (r) => r.roles.join(' > ')),
        column<SecurityPathRow>('scope', 'Organizations', 'text', (r) => r.scope),
        column<SecurityPathRow>('duty', 'Duty', 'text', (r) => r.duty),
        column<SecurityPathRow>('privilege', 'Privilege', 'text', (r) => r.privilege),
        column<SecurityPathRow>('securableType', 'Securable type', 'text', (r) => r.securableType),
        column<SecurityPathRow>('aotName', 'AOT name', 'text', (r) => r.aotName),
        column<SecurityPathRow>('childName', 'Child name', 'text', (r) => r.childName),
        column<SecurityPathRow>('allowed', 'Allowed', 'list', (r) => r.allowed),
        column<SecurityPathRow>('denied', 'Denied', 'list', (r) => r.denied),
        column<SecurityPathRow>('accessLevel', 'Access level', 'text', (r) => r.accessLevel),
      ], paths),
      table('similar', 'Users with the most similar access', [
        column<SimilarUserRow>('user', 'User', 'text', (r) => r.user),
        column<SimilarUserRow>('userName', 'Name', 'text', (r) => r.userName),
        column<SimilarUserRow>('shared', 'Shared entry points', 'number', (r) => r.shared),
        column<SimilarUserRow>('percentOfUser', `% of ${record.id}'s`, 'number', (r) => r.percentOfUser),
        column<SimilarUserRow>('otherEntryPoints', 'Their entry points', 'number', (r) => r.otherEntryPoints),
        column<SimilarUserRow>('jaccard', 'Jaccard %', 'number', (r) => r.jaccard),
      ], similar),
    ],
    user: record.id,
    enabled: record.enabled,
    administrator,
    paths,
    truncated,
    effective,
    similar,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The users sharing most entry points with one user. Entry points and users are numbered; each
 * role's entry point set (through duties, privileges and sub-roles) is computed once; an inverted
 * index maps the user's entry points to the roles reaching them (a bitset per role over those
 * entry points), so a user's shared count is the population count of the union of their roles'
 * bitsets: users holding none of those roles cost nothing, and no two users are ever compared.
 * The per-model part (entry point sets of privileges and roles, users' roles) is built once per
 * model object and kept while the model lives, so analysing further users of one model is cheaper.
 * @internal
 */
/** What similar-user searches need from a model, built once per (immutable) model. */
interface SimilarityState {
  readonly epCount: number;
  readonly setOfRole: (roleKey: string) => Int32Array;
  readonly userIds: readonly string[];
  readonly userKeys: readonly string[];
  readonly userNumber: ReadonlyMap<string, number>;
  readonly rolesOfUser: readonly (readonly string[])[];
  readonly held: ReadonlySet<string>;
  readonly stamp: Int32Array;
  stampValue: number;
}

const states = new WeakMap<SecurityModel, SimilarityState>();

function similarityState(model: SecurityModel): SimilarityState {
  const known = states.get(model);
  if (known) return known;
  // Entry points reached by each privilege (grants allowing some right), as numbers. Grants usually
  // spell the id as the entry point does, so most lookups need no lower-casing.
  const bySpelling = new Map<string, number>();
  const byKey = new Map<string, number>();
  let epCount = 0;
  const numberOf = (id: string): number => {
    let n = bySpelling.get(id);
    if (n !== undefined) return n;
    const k = idKey(id);
    n = byKey.get(k);
    if (n === undefined) byKey.set(k, (n = epCount++));
    if (bySpelling.size < 1_000_000) bySpelling.set(id, n);
    return n;
  };
  const privilegeEps = new Map<string, Int32Array>();
  for (const [key, p] of model.privileges) {
    const list: number[] = [];
    for (const g of p.grants) {
      if (g.read === 'allow' || g.update === 'allow' || g.create === 'allow' || g.delete === 'allow' || g.correct === 'allow' || g.invoke === 'allow') list.push(numberOf(g.entryPoint));
    }
    privilegeEps.set(key, Int32Array.from(list));
  }
  const stamp = new Int32Array(epCount).fill(-1);
  // Each role's entry point set, unioned over the privileges it reaches.
  const roleEps = new Map<string, Int32Array>();
  let state: SimilarityState;
  const setOfRole = (roleKey: string): Int32Array => {
    let found = roleEps.get(roleKey);
    if (found) return found;
    const privileges = new Set<string>();
    privilegesOfRole(model, roleKey, privileges, new Set());
    const out: number[] = [];
    const s = state.stampValue++;
    for (const p of privileges) {
      const eps = privilegeEps.get(p);
      if (!eps) continue;
      for (let i = 0; i < eps.length; i++) {
        const n = eps[i]!;
        if (stamp[n] !== s) {
          stamp[n] = s;
          out.push(n);
        }
      }
    }
    roleEps.set(roleKey, (found = Int32Array.from(out)));
    return found;
  };
  // Users numbered; each user's roles; each role's holders.
  const userIds: string[] = [];
  const userKeys: string[] = [];
  const userNumber = new Map<string, number>();
  for (const [key, u] of model.users) {
    userNumber.set(key, userIds.length);
    userIds.push(u.id);
    userKeys.push(key);
  }
  const rolesOfUser: string[][] = userIds.map(() => []);
  const held = new Set<string>();
  for (const a of model.assignments.values()) {
    const u = userNumber.get(idKey(a.user));
    if (u === undefined) continue;
    const r = idKey(a.role);
    rolesOfUser[u]!.push(r);
    held.add(r);
  }
  state = { epCount, setOfRole, userIds, userKeys, userNumber, rolesOfUser, held, stamp, stampValue: 0 };
  states.set(model, state);
  return state;
}

export function findSimilarUsers(model: SecurityModel, userKey: string, limit: number): SimilarUserRow[] {
  const state = similarityState(model);
  const { epCount, setOfRole, userIds, userKeys, userNumber, rolesOfUser, held, stamp } = state;
  const self = userNumber.get(userKey)!;
  // The user's entry points, each given a position.
  const position = new Int32Array(epCount).fill(-1);
  let mine = 0;
  for (const r of rolesOfUser[self]!) for (const n of setOfRole(r)) if (position[n] === -1) position[n] = mine++;
  if (mine === 0) return [];
  // Inverted index from the user's entry points to the roles reaching them, kept per role as a
  // bitset over those positions; roles reaching none of them are left out.
  const words = (mine + 31) >>> 5;
  const roleBits = new Map<string, Uint32Array>();
  for (const r of held) {
    const eps = setOfRole(r);
    let bits: Uint32Array | undefined;
    for (let i = 0; i < eps.length; i++) {
      const j = position[eps[i]!]!;
      if (j < 0) continue;
      bits ??= new Uint32Array(words);
      bits[j >>> 5]! |= 1 << (j & 31);
    }
    if (bits) roleBits.set(r, bits);
  }
  // Only holders of those roles share anything: the union of their roles' bitsets, counted.
  const acc = new Uint32Array(words);
  const shared = new Int32Array(userIds.length);
  for (let u = 0; u < userIds.length; u++) {
    if (u === self) continue;
    let any = false;
    for (const r of rolesOfUser[u]!) {
      const bits = roleBits.get(r);
      if (!bits) continue;
      if (!any) acc.set(bits);
      else for (let w = 0; w < words; w++) acc[w]! |= bits[w]!;
      any = true;
    }
    if (!any) continue;
    let count = 0;
    for (let w = 0; w < words; w++) {
      let x = acc[w]!;
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      count += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    shared[u] = count;
  }
  const candidates: number[] = [];
  for (let u = 0; u < shared.length; u++) if (shared[u]! > 0) candidates.push(u);
  candidates.sort((a, b) => shared[b]! - shared[a]! || (userKeys[a]! < userKeys[b]! ? -1 : userKeys[a]! > userKeys[b]! ? 1 : 0));
  return candidates.slice(0, limit).map((u) => {
    const s = state.stampValue++;
    let theirs = 0;
    for (const r of rolesOfUser[u]!) for (const n of setOfRole(r)) if (stamp[n] !== s) { stamp[n] = s; theirs += 1; }
    const id = userIds[u]!;
    return {
      user: id,
      userName: model.users.get(userKeys[u]!)!.name,
      shared: shared[u]!,
      percentOfUser: round2((shared[u]! / mine) * 100),
      otherEntryPoints: theirs,
      jaccard: round2((shared[u]! / (mine + theirs - shared[u]!)) * 100),
    };
  });
}
