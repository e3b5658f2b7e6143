/**
 * A deliberately simple reference implementation of applying change records, for the property
 * test: plain arrays, linear searches, and a full (not incremental) validation of the result.
 * It says whether a batch is accepted and what the model then holds.
 */
import { changesSchema, idKey, entryPointId, type Change, type ModelData, type SecGovErrorCode } from '../../src/index.js';

type Row = Record<string, unknown>;
/** The reference state: the plain-data form of a model. */
export type RefState = ModelData;

const same = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
const listOf = { entryPoint: 'entryPoints', privilege: 'privileges', duty: 'duties', role: 'roles', user: 'users', organization: 'organizations', sodRule: 'sodRules', securityCategory: 'securityCategories', process: 'processes', task: 'tasks', assignmentRule: 'assignmentRules' } as const;
const idOf = (kind: string, row: Row): string => (kind === 'entryPoint' ? entryPointId(row as never) : String(row['id']));

/** The outcome of a batch in the reference: the next state, or the codes of the problems found. */
export type RefResult = { ok: true; state: RefState } | { ok: false; codes: Set<SecGovErrorCode> };

/** Apply `input` to a copy of `state`. */
export function referenceApply(state: RefState, input: unknown): RefResult {
  const parsed = changesSchema.safeParse(input);
  if (!parsed.success) return { ok: false, codes: new Set(['VALIDATION_FAILED']) };
  const next = structuredClone(state) as unknown as Record<string, Row[]> & { licenses: RefState['licenses']; parameters: RefState['parameters'] };
  const codes = new Set<SecGovErrorCode>();
  const flags = { administratorRoleChanged: false };
  for (const change of parsed.data) applyOne(next, change, codes, flags);
  if (codes.size > 0) return { ok: false, codes };
  const result = next as unknown as RefState;
  const admin = state.parameters?.administratorRole;
  const adminExisted = admin !== undefined && state.roles.some((r) => same(r.id, admin));
  validate(result, codes, flags.administratorRoleChanged, adminExisted);
  return codes.size > 0 ? { ok: false, codes } : { ok: true, state: result };
}

function applyOne(s: Record<string, Row[]> & { licenses: unknown; parameters: unknown }, change: Change, codes: Set<SecGovErrorCode>, flags: { administratorRoleChanged: boolean }): void {
  switch (change.op) {
    case 'add': {
      const list = s[listOf[change.kind]]!;
      const id = idOf(change.kind, change.value as Row);
      if (list.some((row) => same(idOf(change.kind, row), id))) codes.add('DUPLICATE_ID');
      else list.push(structuredClone(change.value) as Row);
      return;
    }
    case 'update': {
      const list = s[listOf[change.kind]]!;
      const index = list.findIndex((row) => same(idOf(change.kind, row), change.id));
      if (index < 0) return void codes.add('NOT_FOUND');
      const row = { ...list[index]! };
      for (const [field, value] of Object.entries(change.patch)) {
        if (value === undefined) continue;
        // null clears an optional field; user.lastSignIn is nullable, so null is its value.
        if (value === null && !(change.kind === 'user' && field === 'lastSignIn')) delete row[field];
        else row[field] = value;
      }
      list[index] = row;
      return;
    }
    case 'remove': {
      const list = s[listOf[change.kind]]!;
      const index = list.findIndex((row) => same(idOf(change.kind, row), change.id));
      if (index < 0) return void codes.add('NOT_FOUND');
      list.splice(index, 1);
      return;
    }
    case 'assign': {
      const list = s['assignments']!;
      const index = list.findIndex((a) => same(a['user'], change.assignment.user) && same(a['role'], change.assignment.role));
      if (index < 0) list.push(change.assignment as unknown as Row);
      else list[index] = change.assignment as unknown as Row;
      return;
    }
    case 'unassign': {
      const list = s['assignments']!;
      const index = list.findIndex((a) => same(a['user'], change.user) && same(a['role'], change.role));
      if (index < 0) return void codes.add('NOT_FOUND');
      list.splice(index, 1);
      return;
    }
    case 'setGrant':
    case 'removeGrant': {
      const list = s['privileges']!;
      const index = list.findIndex((p) => same(p['id'], change.privilege));
      if (index < 0) return void codes.add('NOT_FOUND');
      const privilege = list[index]!;
      const target = change.op === 'setGrant' ? change.grant.entryPoint : change.entryPoint;
      const grants = (privilege['grants'] as Row[]).filter((g) => !same(g['entryPoint'], target));
      if (change.op === 'setGrant') grants.push(change.grant as unknown as Row);
      else if (grants.length === (privilege['grants'] as Row[]).length) return void codes.add('NOT_FOUND');
      list[index] = { ...privilege, grants };
      return;
    }
    case 'setLicenseCatalogue':
      s.licenses = change.catalogue;
      return;
    case 'setParameters': {
      const patch = Object.fromEntries(Object.entries(change.patch).filter(([, v]) => v !== undefined));
      // The administrator role must exist once it is changed; the default may be absent.
      const previous = (s.parameters as { administratorRole?: string } | undefined)?.administratorRole;
      if (change.patch.administratorRole !== undefined && !same(change.patch.administratorRole, previous)) flags.administratorRoleChanged = true;
      s.parameters = { ...(s.parameters as object), ...patch };
      return;
    }
  }
}

/**
 * Full validation of a whole state: every reference, duplicate and cycle. The administrator
 * role must exist when the batch changed it, or when it exists no longer (it was removed).
 */
function validate(s: RefState, codes: Set<SecGovErrorCode>, administratorRoleChanged: boolean, administratorRoleExisted: boolean): void {
  const has = (list: readonly { id: string }[], id: string) => list.some((row) => same(row.id, id));
  const members = (ids: readonly string[], list: readonly { id: string }[]) => {
    ids.forEach((id, i) => {
      if (ids.findIndex((other) => same(other, id)) !== i) codes.add('DUPLICATE_ID');
      if (!has(list, id)) codes.add('MISSING_REFERENCE');
    });
  };
  const licences = s.licenses?.licenses ?? [];
  licences.forEach((l, i) => {
    if (licences.findIndex((o) => same(o.id, l.id)) !== i) codes.add('DUPLICATE_ID');
    for (const c of l.covers) if (!has(licences, c)) codes.add('MISSING_REFERENCE');
  });
  // Covers must not loop back to the licence itself.
  const coversItself = (start: string): boolean => {
    const stack = [...(licences.find((l) => same(l.id, start))?.covers ?? [])];
    const seen: string[] = [];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (same(id, start)) return true;
      if (seen.some((x) => same(x, id))) continue;
      seen.push(id);
      stack.push(...(licences.find((l) => same(l.id, id))?.covers ?? []));
    }
    return false;
  };
  if (licences.some((l) => coversItself(l.id))) codes.add('VALIDATION_FAILED');
  for (const ep of s.entryPoints) for (const l of [ep.viewLicense, ep.maintainLicense]) if (!has(licences, l)) codes.add('MISSING_REFERENCE');
  const entryPointIds = s.entryPoints.map((ep) => ({ id: entryPointId(ep) }));
  for (const p of s.privileges) members(p.grants.map((g) => g.entryPoint), entryPointIds);
  for (const d of s.duties) members(d.privileges, s.privileges);
  for (const r of s.roles) {
    members(r.duties, s.duties);
    members(r.privileges, s.privileges);
    members(r.subRoles, s.roles);
  }
  // A role is on a cycle when it can reach itself through sub-roles.
  const reaches = (from: string, target: string): boolean => {
    const stack = [from];
    const seen: string[] = [];
    while (stack.length > 0) {
      const id = stack.pop()!;
      for (const sub of s.roles.find((r) => same(r.id, id))?.subRoles ?? []) {
        if (same(sub, target)) return true;
        if (!seen.some((x) => same(x, sub))) {
          seen.push(sub);
          stack.push(sub);
        }
      }
    }
    return false;
  };
  if (s.roles.some((r) => reaches(r.id, r.id))) codes.add('ROLE_CYCLE');
  for (const o of s.organizations) {
    if (o.parent === undefined) continue;
    if (!has(s.organizations, o.parent)) codes.add('MISSING_REFERENCE');
    let current: string | undefined = o.parent;
    for (let steps = 0; current !== undefined && steps <= s.organizations.length; steps++) {
      if (same(current, o.id)) {
        codes.add('VALIDATION_FAILED');
        break;
      }
      current = s.organizations.find((x) => same(x.id, current))?.parent;
    }
  }
  for (const a of s.assignments) {
    if (!has(s.users, a.user) || !has(s.roles, a.role)) codes.add('MISSING_REFERENCE');
    if (a.scope !== 'all') members(a.scope.organizations.map((o) => o.id), s.organizations);
  }
  for (const rule of s.sodRules) {
    if (!has(s.duties, rule.firstDuty) || !has(s.duties, rule.secondDuty)) codes.add('MISSING_REFERENCE');
    if (same(rule.firstDuty, rule.secondDuty)) codes.add('VALIDATION_FAILED');
  }
  const admin = s.parameters?.administratorRole;
  if (admin !== undefined && (administratorRoleChanged || administratorRoleExisted) && !has(s.roles, admin)) codes.add('MISSING_REFERENCE');
}

/** The state sorted by key, for comparisons that ignore order. */
export function sortedState(s: RefState): RefState {
  const byId = <T>(kind: string) => (a: T, b: T) => (idKey(idOf(kind, a as Row)) < idKey(idOf(kind, b as Row)) ? -1 : 1);
  const assignmentKey = (a: { user: string; role: string }) => `${idKey(a.user)}\u0000${idKey(a.role)}`;
  return {
    ...s,
    entryPoints: [...s.entryPoints].sort(byId('entryPoint')),
    privileges: [...s.privileges].sort(byId('privilege')),
    duties: [...s.duties].sort(byId('duty')),
    roles: [...s.roles].sort(byId('role')),
    users: [...s.users].sort(byId('user')),
    organizations: [...s.organizations].sort(byId('organization')),
    sodRules: [...s.sodRules].sort(byId('sodRule')),
    assignments: [...s.assignments].sort((a, b) => (assignmentKey(a) < assignmentKey(b) ? -1 : 1)),
  };
}
