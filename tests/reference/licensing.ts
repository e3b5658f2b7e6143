/**
 * A deliberately simple reference for the licence roll-up: every question walks the model again,
 * collects every licence required anywhere beneath the object and keeps the maximal ones. Slow and
 * obvious, so property tests can compare the compiled index against it.
 */
import type { Grant, SecurityModel } from '../../src/model/index.js';
import { entryPointId } from '../../src/model/index.js';
import type { LicenseEntitlement, LicenseObjectKind, LicenseRequirement, LicenseSummary } from '../../src/licensing/index.js';

const lower = (s: string) => s.toLowerCase();
const same = (a: string, b: string) => lower(a) === lower(b);

/** The reference's answers for one model. */
export interface ReferenceLicenses {
  covers(a: string, b: string): boolean;
  grantLicense(grant: Grant): string | null;
  of(kind: Exclude<LicenseObjectKind, 'entryPoint'>, id: string): LicenseRequirement;
  summary(): LicenseSummary;
}

/** Build the reference for `model`. */
export function referenceLicenses(model: SecurityModel): ReferenceLicenses {
  const catalogue = model.licenses.licenses;
  const find = (id: string) => catalogue.find((l) => same(l.id, id));
  const position = (id: string) => catalogue.findIndex((l) => same(l.id, id));

  // a covers b: breadth-first search along "covers" lists, starting from a itself.
  const covers = (a: string, b: string): boolean => {
    const queue = [a];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const current = queue.shift()!;
      if (same(current, b)) return true;
      if (seen.has(lower(current))) continue;
      seen.add(lower(current));
      queue.push(...(find(current)?.covers ?? []));
    }
    return false;
  };
  const isFree = (license: string) => find('none') !== undefined && covers('none', license);
  const spell = (license: string) => find(license)!.id;

  const grantLicense = (grant: Grant): string | null => {
    const allowed = (['read', 'update', 'create', 'delete', 'correct', 'invoke'] as const).filter((r) => grant[r] === 'allow');
    const ep = [...model.entryPoints.values()].find((e) => same(entryPointId(e), grant.entryPoint))!;
    let license: string;
    if (allowed.some((r) => r !== 'read')) license = ep.maintainLicense;
    else if (allowed.includes('read')) license = ep.viewLicense;
    else return null;
    return isFree(license) ? null : spell(license);
  };

  const isAdmin = (role: string) => same(role, model.parameters.administratorRole);
  const get = <T extends { id: string }>(map: ReadonlyMap<string, T>, id: string) => [...map.values()].find((v) => same(v.id, id));
  const idOf = (kind: Exclude<LicenseObjectKind, 'entryPoint'>, id: string): string => {
    const map: ReadonlyMap<string, { id: string }> =
      kind === 'privilege' ? model.privileges : kind === 'duty' ? model.duties : kind === 'role' ? model.roles : model.users;
    return get(map, id)!.id;
  };

  // Every licence needed by any grant beneath the object, duplicates and covered ones included.
  const leaves = (kind: Exclude<LicenseObjectKind, 'entryPoint'>, id: string): string[] => {
    if (kind === 'privilege') return get(model.privileges, id)!.grants.map(grantLicense).filter((l): l is string => l !== null);
    if (kind === 'duty') return get(model.duties, id)!.privileges.flatMap((p) => leaves('privilege', p));
    if (kind === 'role') {
      const role = get(model.roles, id)!;
      return [
        ...role.duties.flatMap((d) => leaves('duty', d)),
        ...role.privileges.flatMap((p) => leaves('privilege', p)),
        ...role.subRoles.filter((r) => !isAdmin(r)).flatMap((r) => leaves('role', r)),
      ];
    }
    const user = get(model.users, id)!;
    if (!user.enabled) return [];
    return [...model.assignments.values()].filter((a) => same(a.user, id) && !isAdmin(a.role)).flatMap((a) => leaves('role', a.role));
  };

  const maximal = (licenses: string[]): string[] => {
    const distinct = [...new Set(licenses.map(spell))];
    return distinct.filter((l) => !distinct.some((m) => m !== l && covers(m, l))).sort((a, b) => position(a) - position(b));
  };

  type Kid = { kind: LicenseObjectKind; id: string; required: string[]; exempt: boolean };
  const kids = (kind: Exclude<LicenseObjectKind, 'entryPoint'>, id: string): Kid[] => {
    const of = (k: 'privilege' | 'duty' | 'role', childId: string, exempt: boolean): Kid => ({
      kind: k,
      id: idOf(k, childId),
      required: maximal(leaves(k, childId)),
      exempt,
    });
    if (kind === 'privilege') {
      return get(model.privileges, id)!.grants.map((g) => {
        const ep = [...model.entryPoints.values()].find((e) => same(entryPointId(e), g.entryPoint))!;
        const license = grantLicense(g);
        return { kind: 'entryPoint', id: entryPointId(ep), required: license === null ? [] : [license], exempt: false };
      });
    }
    if (kind === 'duty') return get(model.duties, id)!.privileges.map((p) => of('privilege', p, false));
    if (kind === 'role') {
      const role = get(model.roles, id)!;
      return [...role.duties.map((d) => of('duty', d, false)), ...role.privileges.map((p) => of('privilege', p, false)), ...role.subRoles.map((r) => of('role', r, isAdmin(r)))];
    }
    const disabled = !get(model.users, id)!.enabled;
    return [...model.assignments.values()].filter((a) => same(a.user, id)).map((a) => of('role', a.role, disabled || isAdmin(a.role)));
  };

  const of = (kind: Exclude<LicenseObjectKind, 'entryPoint'>, id: string): LicenseRequirement => {
    const displayId = idOf(kind, id);
    const licenses = maximal(leaves(kind, id));
    const children = kids(kind, id);
    const entitles = (license: string, kid: Kid) => !kid.exempt && kid.required.length > 0 && kid.required.every((r) => covers(license, r));
    const coveredCount = (license: string) => catalogue.filter((l) => covers(license, l.id)).length;
    let base: string | null = null;
    for (const license of licenses) {
      if (base === null) {
        base = license;
        continue;
      }
      const a = children.filter((k) => entitles(license, k)).length;
      const b = children.filter((k) => entitles(base!, k)).length;
      if (a > b || (a === b && coveredCount(license) > coveredCount(base)) || (a === b && coveredCount(license) === coveredCount(base) && position(license) > position(base))) base = license;
    }
    const attach = licenses.filter((l) => l !== base);
    const entitlement: LicenseEntitlement[] = children.map((k) => {
      const ref = { kind: k.kind, id: k.id };
      if (k.exempt) return { ...ref, required: k.required, status: 'exempt', attach: [] };
      if (k.required.length === 0) return { ...ref, required: k.required, status: 'not-required', attach: [] };
      const uncovered = k.required.filter((r) => !covers(base!, r));
      if (uncovered.length === 0) return { ...ref, required: k.required, status: 'entitled', attach: [] };
      return { ...ref, required: k.required, status: 'not-entitled', attach: attach.filter((l) => uncovered.some((r) => covers(l, r))) };
    });
    const drivers = licenses.map((license) => ({
      license,
      objects: children.filter((k) => !k.exempt && k.required.includes(license)).map((k) => ({ kind: k.kind, id: k.id })),
    }));
    const exempt = kind === 'role' ? isAdmin(id) : kind === 'user' ? !get(model.users, id)!.enabled : false;
    return { object: { kind, id: displayId }, licenses, base, attach, exempt, drivers, entitlement };
  };

  const summary = (): LicenseSummary => {
    const usage = catalogue.filter((l) => !isFree(l.id)).map((l) => ({ license: l.id, name: l.name, base: 0, attach: 0 }));
    let licensedUsers = 0;
    let unlicensedUsers = 0;
    let disabledUsers = 0;
    for (const user of model.users.values()) {
      if (!user.enabled) disabledUsers += 1;
      else {
        const r = of('user', user.id);
        if (r.base === null) unlicensedUsers += 1;
        else {
          licensedUsers += 1;
          usage.find((u) => u.license === r.base)!.base += 1;
          for (const a of r.attach) usage.find((u) => u.license === a)!.attach += 1;
        }
      }
    }
    const attachLicenses = usage.reduce((sum, u) => sum + u.attach, 0);
    return { licenses: usage, users: model.users.size, licensedUsers, unlicensedUsers, disabledUsers, attachLicenses };
  };

  return { covers, grantLicense, of, summary };
}
