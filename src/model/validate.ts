/**
 * Validation of a batch of changes against the resulting model: references, duplicates and cycles.
 * Only what the batch touched is checked, so small changes to a large model stay cheap.
 *
 * @module
 */
import type { ObjectKind } from './changes.js';
import type { Problem } from './errors.js';
import { idKey } from './ids.js';
import type { SecurityModel } from './model.js';
import type { Assignment, Role } from './schemas.js';
import { entryPointId } from './schemas.js';

/** What a batch of changes touched. @internal */
export interface ChangedSet {
  /** Keys of objects added or updated, by kind. */
  readonly touched: Map<ObjectKind, Set<string>>;
  /** Keys (to display ids) of objects removed, by kind. */
  readonly removed: Map<ObjectKind, Map<string, string>>;
  /** Keys of assignments added or replaced. */
  readonly assignments: Set<string>;
  /** Keys of conflicts raised or resolved. */
  readonly conflicts: Set<string>;
  /** Keys of exclusions added. */
  readonly exclusions: Set<string>;
  removedAssignments: boolean;
  licenses: boolean;
  administratorRole: boolean;
}

type Report = (problem: Problem) => void;

/** The keys of one kind a batch touched. */
function touchedOf(changed: ChangedSet, kind: ObjectKind): ReadonlySet<string> {
  return changed.touched.get(kind) ?? NOTHING_TOUCHED;
}

const NOTHING_TOUCHED: ReadonlySet<string> = new Set();

/**
 * Run `check` for each key. The loops live here, not in {@link validateChanged}: a first batch as
 * big as a whole model made V8 compile validateChanged on the stack from one of its loops, and
 * every later batch entered that code and left it again at the first call it had not seen then
 * (one deoptimization per `applyChanges`, measured with `--trace-deopt`).
 */
function each(keys: Iterable<string>, check: (key: string) => void): void {
  for (const key of keys) check(key);
}

/** Check everything `changed` touched in `model`, appending to `problems`. @internal */
export function validateChanged(model: SecurityModel, changed: ChangedSet, problems: Problem[]): void {
  const report: Report = (p) => problems.push(p);

  const missing = (ownerKind: string, owner: string, kind: string, id: string) =>
    report({ code: 'MISSING_REFERENCE', message: `${ownerKind} "${owner}" refers to missing ${kind} "${id}"`, ids: [owner, id] });

  const checkMembers = (ownerKind: string, owner: string, kind: string, ids: readonly string[], target: ReadonlyMap<string, unknown>) => {
    const seen = new Set<string>();
    for (const id of ids) {
      const key = idKey(id);
      if (seen.has(key)) report({ code: 'DUPLICATE_ID', message: `${ownerKind} "${owner}" lists ${kind} "${id}" twice`, ids: [owner, id] });
      seen.add(key);
      if (!target.has(key)) missing(ownerKind, owner, kind, id);
    }
  };

  // Licences
  const licenseIds = new Set(model.licenses.licenses.map((l) => idKey(l.id)));
  if (changed.licenses) validateCatalogue(model, report);
  const checkEntryPointLicences = (key: string) => {
    const ep = model.entryPoints.get(key);
    if (!ep) return;
    for (const license of [ep.viewLicense, ep.maintainLicense]) {
      if (!licenseIds.has(idKey(license))) missing('entry point', entryPointId(ep), 'licence', license);
    }
  };
  each(changed.licenses ? model.entryPoints.keys() : touchedOf(changed, 'entryPoint'), checkEntryPointLicences);

  each(touchedOf(changed, 'privilege'), (key) => {
    const privilege = model.privileges.get(key);
    if (privilege) checkMembers('privilege', privilege.id, 'entry point', privilege.grants.map((g) => g.entryPoint), model.entryPoints);
  });
  each(touchedOf(changed, 'duty'), (key) => {
    const duty = model.duties.get(key);
    if (duty) checkMembers('duty', duty.id, 'privilege', duty.privileges, model.privileges);
  });
  const roleKeys = touchedOf(changed, 'role');
  each(roleKeys, (key) => {
    const role = model.roles.get(key);
    if (!role) return;
    checkMembers('role', role.id, 'duty', role.duties, model.duties);
    checkMembers('role', role.id, 'privilege', role.privileges, model.privileges);
    checkMembers('role', role.id, 'sub-role', role.subRoles, model.roles);
  });
  if (roleKeys.size > 0) findRoleCycles(model.roles, roleKeys, report);

  const acyclicOrganizations = new Set<string>();
  each(touchedOf(changed, 'organization'), (key) => {
    const org = model.organizations.get(key);
    if (!org || org.parent === undefined) return;
    if (!model.organizations.has(idKey(org.parent))) missing('organization', org.id, 'parent organization', org.parent);
    else checkParentCycle('organization', model.organizations, key, report, acyclicOrganizations);
  });

  each(changed.assignments, (key) => {
    const a = model.assignments.get(key);
    if (a) checkAssignment(model, a, report, missing);
  });

  each(touchedOf(changed, 'sodRule'), (key) => {
    const rule = model.sodRules.get(key);
    if (!rule) return;
    for (const duty of [rule.firstDuty, rule.secondDuty]) if (!model.duties.has(idKey(duty))) missing('SoD rule', rule.id, 'duty', duty);
    if (idKey(rule.firstDuty) === idKey(rule.secondDuty)) {
      report({ code: 'VALIDATION_FAILED', message: `SoD rule "${rule.id}" names duty "${rule.firstDuty}" twice: a rule needs two different duties`, ids: [rule.id, rule.firstDuty] });
    }
  });
  // Processes known to reach a root: later walks stop there, so a deep chain added in one batch
  // is checked in linear time instead of walking to the root from every node.
  const acyclicProcesses = new Set<string>();
  const processKeys = touchedOf(changed, 'process');
  // A process that changed category takes its children along only if they change too: check them.
  const toCheck = new Set(processKeys);
  if (processKeys.size > 0) {
    model.processes.forEach((p, key) => {
      if (p.parent !== undefined && processKeys.has(idKey(p.parent))) toCheck.add(key);
    });
  }
  each(toCheck, (key) => {
    const process = model.processes.get(key);
    if (!process) return;
    if (!model.securityCategories.has(idKey(process.category))) missing('process', process.id, 'security category', process.category);
    if (process.parent === undefined) return;
    const parent = model.processes.get(idKey(process.parent));
    if (!parent) missing('process', process.id, 'parent process', process.parent);
    else if (idKey(parent.category) !== idKey(process.category)) {
      report({ code: 'VALIDATION_FAILED', message: `process "${process.id}" is in category "${process.category}" but its parent "${parent.id}" is in "${parent.category}"`, ids: [process.id, parent.id] });
    } else checkParentCycle('process', model.processes, key, report, acyclicProcesses);
  });
  each(touchedOf(changed, 'task'), (key) => {
    const task = model.tasks.get(key);
    if (!task) return;
    if (!model.processes.has(idKey(task.process))) missing('task', task.id, 'process', task.process);
    checkMembers('task', task.id, 'entry point', task.entryPoints.map((g) => g.entryPoint), model.entryPoints);
  });
  each(touchedOf(changed, 'assignmentRule'), (key) => {
    const rule = model.assignmentRules.get(key);
    if (!rule) return;
    if (!model.roles.has(idKey(rule.role))) missing('assignment rule', rule.id, 'role', rule.role);
    if (rule.scope !== 'all') for (const o of rule.scope.organizations) if (!model.organizations.has(idKey(o.id))) missing('assignment rule', rule.id, 'organization', o.id);
  });
  each(changed.conflicts, (key) => {
    const c = model.conflicts.get(key);
    if (!c || c.status !== 'unresolved') return;
    if (!model.users.has(idKey(c.user))) missing('conflict', c.id, 'user', c.user);
    if (!model.roles.has(idKey(c.role))) missing('conflict', c.id, 'role', c.role);
  });
  each(changed.exclusions, (key) => {
    const e = model.exclusions.get(key);
    if (!e) return;
    if (!model.users.has(idKey(e.user))) missing('exclusion', `${e.role}@${e.user}`, 'user', e.user);
    if (!model.roles.has(idKey(e.role))) missing('exclusion', `${e.role}@${e.user}`, 'role', e.role);
  });

  checkRemoved(model, changed, report);

  if (changed.administratorRole && !model.roles.has(idKey(model.parameters.administratorRole))) {
    missing('parameter', 'administratorRole', 'role', model.parameters.administratorRole);
  }
}

function checkAssignment(model: SecurityModel, a: Assignment, report: Report, missing: (ok: string, o: string, k: string, id: string) => void): void {
  const label = `${a.role}@${a.user}`;
  if (!model.users.has(idKey(a.user))) missing('assignment', label, 'user', a.user);
  if (!model.roles.has(idKey(a.role))) missing('assignment', label, 'role', a.role);
  if (a.scope === 'all') return;
  const seen = new Set<string>();
  for (const org of a.scope.organizations) {
    const key = idKey(org.id);
    if (seen.has(key)) report({ code: 'DUPLICATE_ID', message: `assignment "${label}" lists organization "${org.id}" twice`, ids: [label, org.id] });
    seen.add(key);
    if (!model.organizations.has(key)) missing('assignment', label, 'organization', org.id);
  }
}

function validateCatalogue(model: SecurityModel, report: Report): void {
  const byKey = new Map<string, string[]>();
  for (const license of model.licenses.licenses) {
    const key = idKey(license.id);
    if (byKey.has(key)) report({ code: 'DUPLICATE_ID', message: `licence "${license.id}" is listed twice`, ids: [license.id] });
    byKey.set(key, license.covers.map(idKey));
    for (const covered of license.covers) {
      if (!model.licenses.licenses.some((l) => idKey(l.id) === idKey(covered))) {
        report({ code: 'MISSING_REFERENCE', message: `licence "${license.id}" covers missing licence "${covered}"`, ids: [license.id, covered] });
      }
    }
  }
  // The covers relation must be a partial order: no licence may cover itself, directly or not.
  for (const [start] of byKey) {
    const stack = [...(byKey.get(start) ?? [])];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const key = stack.pop()!;
      if (key === start) {
        report({ code: 'VALIDATION_FAILED', message: `licence "${start}" covers itself through the covers relation`, ids: [start] });
        break;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      stack.push(...(byKey.get(key) ?? []));
    }
  }
}

/**
 * Find sub-role cycles reachable from `starts` with an iterative depth-first search (deep
 * hierarchies must not overflow the stack). A cycle created by a batch runs through a role the
 * batch touched, so starting there finds every new cycle.
 */
function findRoleCycles(roles: ReadonlyMap<string, Role>, starts: Iterable<string>, report: Report): void {
  const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: done
  for (const start of starts) {
    if (state.has(start) || !roles.has(start)) continue;
    const path: string[] = [start];
    const iterators: Iterator<string>[] = [roles.get(start)!.subRoles[Symbol.iterator]()];
    state.set(start, 1);
    while (iterators.length > 0) {
      const step = iterators[iterators.length - 1]!.next();
      if (step.done) {
        iterators.pop();
        state.set(path.pop()!, 2);
        continue;
      }
      const key = idKey(step.value);
      const child = roles.get(key);
      if (!child) continue; // reported as a missing reference
      const s = state.get(key);
      if (s === 1) {
        const cycle = path.slice(path.indexOf(key)).map((k) => roles.get(k)!.id);
        cycle.push(child.id);
        report({ code: 'ROLE_CYCLE', message: `sub-roles form a cycle: ${cycle.join(' → ')}`, ids: cycle.slice(0, -1) });
        continue;
      }
      if (s === 2) continue;
      state.set(key, 1);
      path.push(key);
      iterators.push(child.subRoles[Symbol.iterator]());
    }
  }
}

function checkRemoved(model: SecurityModel, changed: ChangedSet, report: Report): void {
  // Only objects still gone at the end of the batch count (remove then add again is a replace).
  const gone = (kind: ObjectKind): Map<string, string> => {
    const removed = changed.removed.get(kind);
    if (!removed) return new Map();
    const collection = { entryPoint: model.entryPoints, privilege: model.privileges, duty: model.duties, role: model.roles, user: model.users, organization: model.organizations, sodRule: model.sodRules, securityCategory: model.securityCategories, process: model.processes, task: model.tasks, assignmentRule: model.assignmentRules }[kind];
    return new Map([...removed].filter(([key]) => !collection.has(key)));
  };
  const inUse = (kind: string, id: string, byKind: string, by: string) =>
    report({ code: 'IN_USE', message: `${kind} "${id}" cannot be removed: ${byKind} "${by}" refers to it`, ids: [id, by] });

  const entryPoints = gone('entryPoint');
  if (entryPoints.size > 0) {
    for (const p of model.privileges.values()) for (const g of p.grants) {
      const id = entryPoints.get(idKey(g.entryPoint));
      if (id !== undefined) inUse('entry point', id, 'privilege', p.id);
    }
  }
  const privileges = gone('privilege');
  const duties = gone('duty');
  const roles = gone('role');
  if (privileges.size > 0) for (const d of model.duties.values()) for (const p of d.privileges) {
    const id = privileges.get(idKey(p));
    if (id !== undefined) inUse('privilege', id, 'duty', d.id);
  }
  if (privileges.size + duties.size + roles.size > 0) {
    for (const r of model.roles.values()) {
      for (const p of r.privileges) { const id = privileges.get(idKey(p)); if (id !== undefined) inUse('privilege', id, 'role', r.id); }
      for (const d of r.duties) { const id = duties.get(idKey(d)); if (id !== undefined) inUse('duty', id, 'role', r.id); }
      for (const s of r.subRoles) { const id = roles.get(idKey(s)); if (id !== undefined) inUse('role', id, 'role', r.id); }
    }
  }
  if (duties.size > 0) for (const rule of model.sodRules.values()) for (const d of [rule.firstDuty, rule.secondDuty]) {
    const id = duties.get(idKey(d));
    if (id !== undefined) inUse('duty', id, 'SoD rule', rule.id);
  }
  const users = gone('user');
  const organizations = gone('organization');
  if (roles.size + users.size + organizations.size > 0) {
    for (const a of model.assignments.values()) {
      const role = roles.get(idKey(a.role));
      if (role !== undefined) inUse('role', role, 'assignment', `${a.role}@${a.user}`);
      const user = users.get(idKey(a.user));
      if (user !== undefined) inUse('user', user, 'assignment', `${a.role}@${a.user}`);
      if (a.scope !== 'all') for (const o of a.scope.organizations) {
        const id = organizations.get(idKey(o.id));
        if (id !== undefined) inUse('organization', id, 'assignment', `${a.role}@${a.user}`);
      }
    }
  }
  // Exclusions, and conflicts still waiting for a decision, name a user and a role that must exist
  // (as when they are added); decided conflicts are history and keep the ids they had.
  if (roles.size + users.size > 0) {
    const refer = (byKind: string, by: string, user: string, role: string) => {
      const r = roles.get(idKey(role));
      if (r !== undefined) inUse('role', r, byKind, by);
      const u = users.get(idKey(user));
      if (u !== undefined) inUse('user', u, byKind, by);
    };
    for (const e of model.exclusions.values()) refer('exclusion', `${e.role}@${e.user}`, e.user, e.role);
    for (const c of model.conflicts.values()) if (c.status === 'unresolved') refer('unresolved conflict', c.id, c.user, c.role);
  }
  if (organizations.size > 0) for (const o of model.organizations.values()) {
    const id = o.parent === undefined ? undefined : organizations.get(idKey(o.parent));
    if (id !== undefined) inUse('organization', id, 'organization', o.id);
  }
  if (entryPoints.size > 0) for (const t of model.tasks.values()) for (const g of t.entryPoints) {
    const id = entryPoints.get(idKey(g.entryPoint));
    if (id !== undefined) inUse('entry point', id, 'task', t.id);
  }
  if (roles.size > 0) for (const r of model.assignmentRules.values()) {
    const id = roles.get(idKey(r.role));
    if (id !== undefined) inUse('role', id, 'assignment rule', r.id);
  }
  if (organizations.size > 0) for (const r of model.assignmentRules.values()) if (r.scope !== 'all') for (const o of r.scope.organizations) {
    const id = organizations.get(idKey(o.id));
    if (id !== undefined) inUse('organization', id, 'assignment rule', r.id);
  }
  const categories = gone('securityCategory');
  const processes = gone('process');
  if (categories.size + processes.size > 0) for (const p of model.processes.values()) {
    const c = categories.get(idKey(p.category));
    if (c !== undefined) inUse('security category', c, 'process', p.id);
    const parent = p.parent === undefined ? undefined : processes.get(idKey(p.parent));
    if (parent !== undefined) inUse('process', parent, 'process', p.id);
  }
  if (processes.size > 0) for (const t of model.tasks.values()) {
    const id = processes.get(idKey(t.process));
    if (id !== undefined) inUse('process', id, 'task', t.id);
  }
  const admin = roles.get(idKey(model.parameters.administratorRole));
  if (admin !== undefined) inUse('role', admin, 'parameter', 'administratorRole');
}

/**
 * Report a cycle through `parent` links starting at `start` (organizations, processes). `settled`
 * holds keys already walked from (they reach a root, or their cycle was reported): a walk stops at
 * one, so a deep chain is checked in linear time and each cycle is reported once.
 */
function checkParentCycle(label: string, map: ReadonlyMap<string, { readonly id: string; readonly parent?: string | undefined }>, start: string, report: Report, settled: Set<string>): void {
  if (settled.has(start)) return;
  const seen = new Set<string>([start]);
  const path = [map.get(start)!.id];
  let current = map.get(start);
  while (current?.parent !== undefined) {
    const key = idKey(current.parent);
    if (settled.has(key)) break;
    current = map.get(key);
    if (!current) break;
    path.push(current.id);
    if (seen.has(key)) {
      report({ code: 'VALIDATION_FAILED', message: `${label} parents form a cycle: ${path.join(' → ')}`, ids: path });
      break;
    }
    seen.add(key);
  }
  for (const key of seen) settled.add(key);
}
