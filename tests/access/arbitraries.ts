/**
 * fast-check arbitraries for effective access: small valid models (all entry point kinds, allow and
 * deny grants, sub-role DAGs, organization hierarchies and scoped assignments, disabled users, an
 * administrator role, hostile ids, references spelled in another case), and random change batches
 * derived from a model.
 */
import fc from 'fast-check';
import type { Assignment, AssignmentInput, ChangeInput, GrantInput, ModelDataInput, SecurityModel } from '../../src/model/index.js';
import { entryPointId, entryPointKinds, rights } from '../../src/model/index.js';

const permission = fc.constantFrom('allow', 'deny', 'unset', 'unset', 'allow', 'allow');

/** Spells ids in another case now and then, driven by generated bits. */
function speller(bits: readonly boolean[]): (id: string) => string {
  let next = 0;
  return (id) => (bits[next++ % bits.length] ? id.toUpperCase() : id);
}

const privilegeId = (i: number) => (i === 0 ? 'constructor' : `Priv${i}`);
const dutyId = (i: number) => (i === 0 ? 'valueOf' : `Duty${i}`);
const roleId = (i: number) => (i === 0 ? '__proto__' : `Role${i}`);
const userId = (i: number) => (i === 0 ? 'toString' : `User${i}`);
const orgId = (i: number) => (i === 0 ? 'hasOwnProperty' : `Org${i}`);

/** A random valid model as plain data (build it with `createModel`). */
export const accessModelArb: fc.Arbitrary<ModelDataInput> = fc
  .record({
    entryPoints: fc.integer({ min: 1, max: 7 }),
    privileges: fc.integer({ min: 0, max: 6 }),
    duties: fc.integer({ min: 0, max: 4 }),
    roles: fc.integer({ min: 0, max: 6 }),
    users: fc.integer({ min: 0, max: 5 }),
    organizations: fc.integer({ min: 0, max: 5 }),
  })
  .chain((size) => {
    const index = (n: number) => fc.integer({ min: 0, max: Math.max(0, n - 1) });
    const some = (n: number) => (n === 0 ? fc.constant<number[]>([]) : fc.uniqueArray(index(n), { maxLength: n }));
    const scope =
      size.organizations === 0
        ? fc.constant<'all'>('all')
        : fc.oneof(
            fc.constant<'all'>('all'),
            fc.uniqueArray(fc.record({ org: index(size.organizations), includeChildren: fc.boolean() }), { minLength: 1, maxLength: size.organizations, selector: (o) => o.org }),
          );
    return fc.record({
      entryPoints: fc.array(fc.record({ kind: fc.constantFrom(...entryPointKinds, 'service-operation', 'data-entity'), child: fc.boolean() }), {
        minLength: size.entryPoints,
        maxLength: size.entryPoints,
      }),
      privileges: fc.array(
        fc.uniqueArray(
          fc.record({ ep: index(size.entryPoints), read: permission, update: permission, create: permission, delete: permission, correct: permission, invoke: permission }),
          { selector: (g) => g.ep, maxLength: size.entryPoints },
        ),
        { minLength: size.privileges, maxLength: size.privileges },
      ),
      duties: fc.array(some(size.privileges), { minLength: size.duties, maxLength: size.duties }),
      roles: fc.array(fc.record({ duties: some(size.duties), privileges: some(size.privileges), subRoles: some(size.roles) }), {
        minLength: size.roles,
        maxLength: size.roles,
      }),
      organizations: fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: size.organizations, maxLength: size.organizations }),
      users: fc.array(
        fc.record({
          enabled: fc.constantFrom(true, true, true, false),
          assignments: fc.uniqueArray(fc.record({ role: index(size.roles), scope }), { maxLength: size.roles, selector: (a) => a.role }),
        }),
        { minLength: size.users, maxLength: size.users },
      ),
      // -2: no administrator role in the model; -1: a `-SYSADMIN-` role; otherwise that role is the administrator role.
      administrator: fc.integer({ min: -2, max: size.roles - 1 }),
      bits: fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
    });
  })
  .map((g) => {
    const spell = speller(g.bits);
    const entryPoints = g.entryPoints.map((e, i) => ({
      kind: e.kind,
      name: i === 0 ? '__proto__' : `Ep${i}`,
      ...(e.child && (e.kind === 'data-entity' || e.kind === 'form-control') ? { childName: `Child${i}` } : {}),
    }));
    const roles = g.roles.map((r, i) => ({
      id: roleId(i),
      name: `Role ${i}`,
      duties: r.duties.map((d) => spell(dutyId(d))),
      privileges: r.privileges.map((p) => spell(privilegeId(p))),
      // Only earlier roles, so the sub-role graph is acyclic.
      subRoles: r.subRoles.filter((s) => s < i).map((s) => spell(roleId(s))),
    }));
    if (g.administrator === -1) roles.push({ id: '-SYSADMIN-', name: 'System administrator', duties: [], privileges: [], subRoles: [] });
    return {
      entryPoints,
      privileges: g.privileges.map((grants, i) => ({
        id: privilegeId(i),
        name: `Privilege ${i}`,
        grants: grants.map(({ ep, ...set }) => ({ entryPoint: spell(entryPointId(entryPoints[ep]!)), ...set })),
      })),
      duties: g.duties.map((privileges, i) => ({ id: dutyId(i), name: `Duty ${i}`, privileges: privileges.map((p) => spell(privilegeId(p))) })),
      roles,
      organizations: g.organizations.map((parent, i) => ({
        id: orgId(i),
        name: `Organization ${i}`,
        ...(parent === undefined || i === 0 ? {} : { parent: spell(orgId(parent % i)) }),
      })),
      users: g.users.map((u, i) => ({ id: userId(i), name: `User ${i}`, enabled: u.enabled })),
      assignments: g.users.flatMap((u, i) =>
        u.assignments.map(
          (a): AssignmentInput => ({
            user: spell(userId(i)),
            role: spell(roleId(a.role)),
            scope: a.scope === 'all' ? 'all' : { organizations: a.scope.map((o) => ({ id: spell(orgId(o.org)), includeChildren: o.includeChildren })) },
          }),
        ),
      ),
      ...(g.administrator >= 0 ? { parameters: { administratorRole: spell(roleId(g.administrator)) } } : {}),
    } satisfies ModelDataInput;
  });

/** Random numbers that {@link changeFrom} turns into one batch of changes against a model. */
export const changeSeedArb = fc.array(fc.nat({ max: 1_000_000 }), { minLength: 12, maxLength: 12 });

/**
 * A batch of changes against `model`, chosen by `seed`. The batch may be invalid (a cycle, a
 * removal of something in use); callers skip those.
 */
export function changeFrom(model: SecurityModel, seed: readonly number[]): ChangeInput[] {
  let next = 0;
  const n = (): number => seed[next++ % seed.length]! + next;
  const pick = <T>(items: readonly T[]): T | undefined => (items.length === 0 ? undefined : items[n() % items.length]);
  const subset = <T>(items: readonly T[]): T[] => items.filter(() => n() % 3 === 0);
  const upper = (s: string) => (n() % 2 === 0 ? s.toUpperCase() : s);
  const eps = [...model.entryPoints.values()].map(entryPointId);
  const privileges = [...model.privileges.values()];
  const duties = [...model.duties.values()];
  const roles = [...model.roles.values()];
  const users = [...model.users.values()];
  const orgs = [...model.organizations.values()];
  const assignments = [...model.assignments.values()];
  const perm = (): 'allow' | 'deny' | 'unset' => (['allow', 'deny', 'unset', 'allow'] as const)[n() % 4]!;
  const grant = (ep: string): GrantInput => Object.fromEntries([['entryPoint', upper(ep)], ...rights.map((r) => [r, perm()])]) as GrantInput;
  const scope = (): AssignmentInput['scope'] => {
    const chosen = subset(orgs);
    if (chosen.length === 0 || n() % 2 === 0) return 'all';
    return { organizations: chosen.map((o) => ({ id: upper(o.id), includeChildren: n() % 2 === 0 })) };
  };
  const fresh = `New${n() % 1000}`;
  const one = (kind: number): ChangeInput[] => {
    switch (kind) {
      case 0: {
        const p = pick(privileges);
        const ep = pick(eps);
        return p && ep ? [{ op: 'setGrant', privilege: upper(p.id), grant: grant(ep) }] : [];
      }
      case 1: {
        const p = pick(privileges.filter((x) => x.grants.length > 0));
        const g = p && pick(p.grants);
        return p && g ? [{ op: 'removeGrant', privilege: p.id, entryPoint: upper(g.entryPoint) }] : [];
      }
      case 2: {
        const p = pick(privileges);
        return p ? [{ op: 'update', kind: 'privilege', id: p.id, patch: { grants: subset(eps).map(grant) } }] : [];
      }
      case 3:
        return [{ op: 'add', kind: 'privilege', value: { id: `${fresh}Priv`, name: 'New privilege', grants: subset(eps).map(grant) } }];
      case 4: {
        const p = pick(privileges);
        return p ? [{ op: 'remove', kind: 'privilege', id: upper(p.id) }] : [];
      }
      case 5: {
        const d = pick(duties);
        return d ? [{ op: 'update', kind: 'duty', id: d.id, patch: { privileges: subset(privileges).map((p) => upper(p.id)) } }] : [];
      }
      case 6:
        return [{ op: 'add', kind: 'duty', value: { id: `${fresh}Duty`, name: 'New duty', privileges: subset(privileges).map((p) => p.id) } }];
      case 7: {
        const d = pick(duties);
        return d ? [{ op: 'remove', kind: 'duty', id: d.id }] : [];
      }
      case 8: {
        const r = pick(roles);
        if (!r) return [];
        const which = n() % 3;
        const patch =
          which === 0
            ? { duties: subset(duties).map((d) => upper(d.id)) }
            : which === 1
              ? { privileges: subset(privileges).map((p) => p.id) }
              : { subRoles: subset(roles.filter((s) => s !== r)).map((s) => upper(s.id)) };
        return [{ op: 'update', kind: 'role', id: upper(r.id), patch }];
      }
      case 9:
        return [
          {
            op: 'add',
            kind: 'role',
            value: { id: `${fresh}Role`, name: 'New role', duties: subset(duties).map((d) => d.id), privileges: subset(privileges).map((p) => p.id), subRoles: subset(roles).map((r) => r.id) },
          },
        ];
      case 10: {
        const r = pick(roles);
        return r ? [{ op: 'remove', kind: 'role', id: r.id }] : [];
      }
      case 11: {
        const u = pick(users);
        const r = pick(roles);
        return u && r ? [{ op: 'assign', assignment: { user: upper(u.id), role: upper(r.id), scope: scope() } }] : [];
      }
      case 12: {
        const a = pick(assignments);
        return a ? [{ op: 'unassign', user: upper(a.user), role: a.role }] : [];
      }
      case 13: {
        const u = pick(users);
        return u ? [{ op: 'update', kind: 'user', id: upper(u.id), patch: { enabled: !u.enabled } }] : [];
      }
      case 14:
        return [{ op: 'add', kind: 'user', value: { id: `${fresh}User`, name: 'New user', enabled: n() % 4 !== 0 } }];
      case 15: {
        const u = pick(users);
        if (!u) return [];
        // Remove the user's assignments first, in the same batch.
        const own = assignments.filter((a) => a.user.toLowerCase() === u.id.toLowerCase());
        return [...own.map((a): ChangeInput => ({ op: 'unassign', user: a.user, role: a.role })), { op: 'remove', kind: 'user', id: u.id }];
      }
      case 16: {
        const parent = pick(orgs);
        return [{ op: 'add', kind: 'organization', value: { id: `${fresh}Org`, name: 'New organization', ...(parent && n() % 2 === 0 ? { parent: parent.id } : {}) } }];
      }
      case 17: {
        const o = pick(orgs);
        const parent = pick(orgs);
        return o ? [{ op: 'update', kind: 'organization', id: o.id, patch: { parent: parent && n() % 3 !== 0 ? upper(parent.id) : null } }] : [];
      }
      case 18: {
        const o = pick(orgs);
        return o ? [{ op: 'remove', kind: 'organization', id: o.id }] : [];
      }
      case 19:
        return [{ op: 'add', kind: 'entryPoint', value: { kind: pick(entryPointKinds)!, name: `${fresh}Ep` } }];
      case 20: {
        const ep = pick([...model.entryPoints.values()]);
        if (!ep) return [];
        const id = entryPointId(ep);
        // Drop its grants first, in the same batch.
        const drops = privileges
          .filter((p) => p.grants.some((g) => g.entryPoint.toLowerCase() === id.toLowerCase()))
          .map((p): ChangeInput => ({ op: 'removeGrant', privilege: p.id, entryPoint: id }));
        return [...drops, { op: 'remove', kind: 'entryPoint', id }];
      }
      case 21: {
        const r = pick(roles);
        return r ? [{ op: 'setParameters', patch: { administratorRole: upper(r.id) } }] : [];
      }
      case 22: {
        // Re-spell a user in another case: remove it and add it again.
        const u = pick(users.filter((x) => !assignments.some((a) => a.user.toLowerCase() === x.id.toLowerCase())));
        return u ? [{ op: 'remove', kind: 'user', id: u.id }, { op: 'add', kind: 'user', value: { ...u, id: u.id.toUpperCase() === u.id ? u.id.toLowerCase() : u.id.toUpperCase() } }] : [];
      }
      default:
        return [{ op: 'setLicenseCatalogue', catalogue: model.licenses }];
    }
  };
  const count = 1 + (n() % 3);
  const changes: ChangeInput[] = [];
  for (let i = 0; i < count; i++) changes.push(...one(n() % 24));
  return changes;
}

/** A session override for one user, as {@link overrideFrom} makes it. */
export interface AccessOverride {
  readonly user: string;
  readonly override: { readonly assignments: Assignment[]; readonly enabled?: boolean };
}

/** A valid override (roles and organizations of `model`) for one of its users, chosen by `seed`; undefined without users. */
export function overrideFrom(model: SecurityModel, seed: readonly number[]): AccessOverride | undefined {
  const users = [...model.users.values()];
  const roles = [...model.roles.values()];
  const orgs = [...model.organizations.values()];
  if (users.length === 0) return undefined;
  const user = users[seed[1]! % users.length]!;
  const count = roles.length === 0 ? 0 : seed[2]! % 4;
  const assignments: Assignment[] = Array.from({ length: count }, (_, i) => {
    const x = seed[3 + i]!;
    const role = roles[x % roles.length]!;
    const scoped = orgs.length > 0 && x % 3 === 0;
    return {
      user: user.id,
      role: x % 2 === 0 ? role.id.toUpperCase() : role.id,
      scope: scoped ? { organizations: [{ id: orgs[x % orgs.length]!.id, includeChildren: x % 2 === 0 }] } : 'all',
      source: 'manual',
    };
  });
  const enabled = seed[7]! % 3;
  return { user: user.id, override: enabled === 0 ? { assignments } : { assignments, enabled: enabled === 1 } };
}
