/**
 * fast-check arbitraries for small valid models with random licence catalogues: incomparable and
 * layered licences, an optional `none` anywhere in the order, any access level, sub-role DAGs,
 * disabled users, an administrator role, hostile ids and references spelled in another case.
 */
import fc from 'fast-check';
import type { LicenseCatalogueInput, ModelDataInput } from '../../src/model/index.js';

const permission = fc.constantFrom('allow', 'deny', 'unset', 'unset', 'unset');

/** Spells ids in another case now and then, driven by generated bits. */
function speller(bits: readonly boolean[]): (id: string) => string {
  let next = 0;
  return (id) => (bits[next++ % bits.length] ? id.toUpperCase() : id);
}

/** A random valid catalogue of `count` licences; `none` (when present) may sit anywhere in the order. */
export function catalogueArb(count: number): fc.Arbitrary<LicenseCatalogueInput> {
  return fc
    .record({
      noneAt: fc.integer({ min: -1, max: count - 1 }),
      // covers[i][j]: licence i covers licence j directly (only j < i is used, so the relation is acyclic).
      covers: fc.array(fc.array(fc.boolean(), { minLength: count, maxLength: count }), { minLength: count, maxLength: count }),
      order: fc.shuffledSubarray(
        Array.from({ length: count }, (_, i) => i),
        { minLength: count, maxLength: count },
      ),
      bits: fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
    })
    .map(({ noneAt, covers, order, bits }) => {
      const spell = speller(bits);
      const id = (i: number) => (i === noneAt ? 'none' : `Lic${i}`);
      return {
        licenses: order.map((i) => ({
          id: id(i),
          name: `Licence ${i}`,
          covers: Array.from({ length: i }, (_, j) => j).filter((j) => covers[i]![j]).map((j) => spell(id(j))),
        })),
      };
    });
}

/** A random valid model as plain data (build it with `createModel`). */
export const modelDataArb: fc.Arbitrary<ModelDataInput> = fc
  .record({
    licences: fc.integer({ min: 1, max: 6 }),
    entryPoints: fc.integer({ min: 1, max: 6 }),
    privileges: fc.integer({ min: 0, max: 6 }),
    duties: fc.integer({ min: 0, max: 4 }),
    roles: fc.integer({ min: 0, max: 6 }),
    users: fc.integer({ min: 0, max: 5 }),
  })
  .chain((size) => {
    const index = (n: number) => fc.integer({ min: 0, max: Math.max(0, n - 1) });
    const some = (n: number) => (n === 0 ? fc.constant<number[]>([]) : fc.uniqueArray(index(n), { maxLength: n }));
    return fc.record({
      catalogue: catalogueArb(size.licences),
      entryPoints: fc.array(fc.record({ view: index(size.licences), maintain: index(size.licences) }), { minLength: size.entryPoints, maxLength: size.entryPoints }),
      privileges: fc.array(
        fc.uniqueArray(
          fc.record({ ep: index(size.entryPoints), read: permission, update: permission, create: permission, delete: permission, correct: permission, invoke: permission }),
          { selector: (g) => g.ep, maxLength: size.entryPoints },
        ),
        { minLength: size.privileges, maxLength: size.privileges },
      ),
      duties: fc.array(some(size.privileges), { minLength: size.duties, maxLength: size.duties }),
      roles: fc.array(fc.record({ duties: some(size.duties), privileges: some(size.privileges), subRoles: some(size.roles) }), { minLength: size.roles, maxLength: size.roles }),
      users: fc.array(fc.record({ enabled: fc.constantFrom(true, true, true, false), roles: some(size.roles) }), { minLength: size.users, maxLength: size.users }),
      administrator: fc.oneof(fc.constant(-1), fc.integer({ min: -1, max: size.roles - 1 })),
      bits: fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
    });
  })
  .map((g) => {
    const spell = speller(g.bits);
    const licenceIds = g.catalogue.licenses.map((l) => l.id).sort((a, b) => a.localeCompare(b));
    const licence = (i: number) => spell(licenceIds[i % licenceIds.length]!);
    const epName = (i: number) => `Ep${i}`;
    const privilegeId = (i: number) => (i === 0 ? 'constructor' : `Priv${i}`);
    const dutyId = (i: number) => `Duty${i}`;
    const roleId = (i: number) => (i === 0 ? '__proto__' : `Role${i}`);
    const userId = (i: number) => (i === 0 ? 'toString' : `User${i}`);
    return {
      licenses: g.catalogue,
      entryPoints: g.entryPoints.map((e, i) => ({ kind: 'table' as const, name: epName(i), viewLicense: licence(e.view), maintainLicense: licence(e.maintain) })),
      privileges: g.privileges.map((grants, i) => ({
        id: privilegeId(i),
        name: `Privilege ${i}`,
        grants: grants.map(({ ep, ...rights }) => ({ entryPoint: spell(`table:${epName(ep)}`), ...rights })),
      })),
      duties: g.duties.map((privileges, i) => ({ id: dutyId(i), name: `Duty ${i}`, privileges: privileges.map((p) => spell(privilegeId(p))) })),
      roles: g.roles.map((r, i) => ({
        id: roleId(i),
        name: `Role ${i}`,
        duties: r.duties.map((d) => spell(dutyId(d))),
        privileges: r.privileges.map((p) => spell(privilegeId(p))),
        // Only earlier roles, so the sub-role graph is acyclic.
        subRoles: r.subRoles.filter((s) => s < i).map((s) => spell(roleId(s))),
      })),
      users: g.users.map((u, i) => ({ id: userId(i), name: `User ${i}`, enabled: u.enabled })),
      assignments: g.users.flatMap((u, i) => u.roles.map((r) => ({ user: spell(userId(i)), role: spell(roleId(r)) }))),
      ...(g.administrator >= 0 ? { parameters: { administratorRole: spell(roleId(g.administrator)) } } : {}),
    } satisfies ModelDataInput;
  });
