/**
 * Incremental maintenance of the index: from the change records that produced the next model,
 * recompile only what they affect.
 *
 * - A privilege's grants: only the changed entry points of the compiled roles holding it.
 * - A duty or role's members: the roles whose sub-tree it is in (reverse edges up to the top).
 * - Assignments and users: only those users. Organizations: only the scopes.
 * - The administrator role parameter: every user's administrator flag.
 *
 * @module
 */
import type { Change, ObjectKind } from '../model/changes.js';
import { SecGovError } from '../model/errors.js';
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import { assignmentKey } from '../model/model.js';
import { objectKey } from '../model/collections.js';
import { MAX_ROLES } from './closures.js';
import type { AccessCore } from './core.js';
import { OrganizationTree } from './organizations.js';

/** What a batch of changes touched, as keys. @internal */
interface Touched {
  readonly keys: Record<ObjectKind, Set<string>>;
  /** Assignment keys assigned or unassigned, with the user id of each. */
  readonly assignments: Map<string, string>;
  administratorRole: boolean;
}

function touchedBy(changes: readonly Change[]): Touched {
  const touched: Touched = {
    keys: { entryPoint: new Set(), privilege: new Set(), duty: new Set(), role: new Set(), user: new Set(), organization: new Set(), sodRule: new Set(), securityCategory: new Set(), process: new Set(), task: new Set(), assignmentRule: new Set() },
    assignments: new Map(),
    administratorRole: false,
  };
  for (const change of changes) {
    switch (change.op) {
      case 'add':
        touched.keys[change.kind].add(objectKey(change.kind, change.value));
        break;
      case 'update':
      case 'remove':
        touched.keys[change.kind].add(idKey(change.id));
        break;
      case 'assign':
        touched.assignments.set(assignmentKey(change.assignment.user, change.assignment.role), change.assignment.user);
        touched.keys.user.add(idKey(change.assignment.user));
        break;
      case 'unassign':
        touched.assignments.set(assignmentKey(change.user, change.role), change.user);
        touched.keys.user.add(idKey(change.user));
        break;
      case 'setGrant':
      case 'removeGrant':
        touched.keys.privilege.add(idKey(change.privilege));
        break;
      case 'setParameters':
        if (change.patch.administratorRole !== undefined) touched.administratorRole = true;
        break;
      case 'setLicenseCatalogue':
        break; // licences do not affect access
      case 'raiseConflict':
      case 'resolveConflict':
      case 'exclude':
      case 'include':
        break; // SoD conflicts and exclusions are records about people, not access (their assignments come as assign changes)
      default:
        // Not a change record: it cannot have produced the next model (the caller rebuilds).
        throw new SecGovError('VALIDATION_FAILED', 'not a change record');
    }
  }
  return touched;
}

/**
 * Bring `core` from `core.model` to `next`, given the changes between them.
 *
 * @internal
 */
export function updateCore(core: AccessCore, next: SecurityModel, changes: readonly Change[]): void {
  const touched = touchedBy(changes);
  const { graph, closures } = core;

  // Phase 1, on the old graph: the compiled roles whose privilege set may change are the touched
  // roles, the roles holding touched duties, and their ancestors. (A role that gains such a
  // descendant through the batch reaches it through a touched role, so old ancestors suffice.)
  // Drop their closures while the grants they were compiled from are still known.
  const start: number[] = [];
  for (const key of touched.keys.role) {
    const r = graph.roles.findKey(key);
    if (r >= 0) start.push(r);
  }
  for (const key of touched.keys.duty) {
    const d = graph.duties.findKey(key);
    if (d >= 0) start.push(...graph.rolesWithDuty(d));
  }
  const restructured: number[] = [];
  graph.ancestors(start, closures.walkMarks, (r) => {
    if (closures.isCompiled(r)) restructured.push(r);
  });
  for (const r of restructured) closures.drop(r);

  // Phase 2: bring the graph to `next`. Intern everything present first, so members may refer to
  // objects added later in the batch; then set members; then release what is gone.
  const added: number[] = [];
  for (const key of touched.keys.entryPoint) {
    const ep = next.entryPoints.get(key);
    if (ep !== undefined) added.push(graph.putEntryPoint(ep, key));
  }
  closures.store.ensureEntryPoints(graph.entryPoints.capacity);
  for (const e of added) closures.store.setFlags(e, graph.epFlags[e]!);
  const present = <T>(keys: Set<string>, map: ReadonlyMap<string, T>): [string, T | undefined][] => [...keys].map((key) => [key, map.get(key)]);
  const privileges = present(touched.keys.privilege, next.privileges);
  const duties = present(touched.keys.duty, next.duties);
  const roles = present(touched.keys.role, next.roles);
  for (const [key, p] of privileges) if (p !== undefined) graph.internPrivilege(p.id, key);
  for (const [key, d] of duties) if (d !== undefined) graph.internDuty(d.id, key);
  for (const [key, r] of roles) if (r !== undefined) graph.internRole(r.id, MAX_ROLES, key);

  const regranted: { p: number; eps: Int32Array }[] = [];
  for (const [key, privilege] of privileges) {
    const p = graph.privileges.findKey(key);
    if (p < 0) continue;
    const eps = graph.setGrants(p, privilege);
    if (privilege !== undefined && eps.length > 0) regranted.push({ p, eps });
  }
  for (const [key, duty] of duties) {
    const d = graph.duties.findKey(key);
    if (d >= 0) graph.setDuty(d, duty);
  }
  for (const [key, role] of roles) {
    const r = graph.roles.findKey(key);
    if (r >= 0) graph.setRole(r, role);
  }
  let rolesRemoved = false;
  for (const [key, role] of roles) {
    const r = graph.roles.findKey(key);
    if (role !== undefined || r < 0) continue;
    rolesRemoved = true;
    closures.forget(r);
    core.roleUsers[r] = undefined;
    graph.releaseRole(r);
  }
  for (const [key, duty] of duties) {
    const d = graph.duties.findKey(key);
    if (duty === undefined && d >= 0) graph.releaseDuty(d);
  }
  for (const [key, privilege] of privileges) {
    const p = graph.privileges.findKey(key);
    if (privilege === undefined && p >= 0) graph.releasePrivilege(p);
  }

  // Phase 3: new grants of privileges whose holders kept their structure: refresh only the
  // changed entry points of the compiled roles holding them.
  for (const { p, eps } of regranted) {
    graph.rolesContainingPrivilege(p, closures.walkMarks, (r) => closures.refresh(r, eps));
  }

  // Phase 4: subjects. New users first, so their assignments can be linked to them.
  core.model = next;
  for (const key of touched.keys.user) {
    const user = next.users.get(key);
    if (user !== undefined) core.users.intern(user.id, key);
  }
  for (const [key, user] of touched.assignments) core.linkAssignment(key, user);
  const adminRole = graph.roles.find(next.parameters.administratorRole);
  const organizationsChanged = touched.keys.organization.size > 0;
  if (organizationsChanged) core.orgs = new OrganizationTree(next);
  const recompile = new Set<number>();
  if (touched.administratorRole || adminRole !== core.adminRole) {
    core.adminRole = adminRole;
    core.subjects.forEach((s, u) => {
      if (s !== undefined) recompile.add(u);
    });
  }
  if (organizationsChanged) {
    core.subjects.forEach((s, u) => {
      if (s?.scoped != null) recompile.add(u);
    });
    for (const u of core.overrides.keys()) recompile.add(u);
  }
  if (rolesRemoved) for (const u of core.overrides.keys()) recompile.add(u);
  for (const key of touched.keys.user) {
    const u = core.users.findKey(key);
    if (u < 0) continue;
    if (next.users.has(key)) {
      recompile.add(u);
    } else {
      core.uninstall(u);
      recompile.delete(u);
    }
  }
  for (const u of recompile) core.install(u, core.compileUser(u, undefined, 'skip'), true);

  // Phase 5: compile again the restructured roles that still exist.
  for (const r of restructured) if (graph.roles.has(r)) closures.ensure(r);

  // Phase 6: entry points that are gone (no grant refers to them any more).
  for (const key of touched.keys.entryPoint) {
    if (next.entryPoints.has(key)) continue;
    const e = graph.entryPoints.findKey(key);
    if (e < 0) continue;
    closures.store.clear(e);
    graph.releaseEntryPoint(e);
  }
}

/** What a list of change records does to the assignments: their count after, and each named one's presence. */
export interface AssignmentOutcome {
  readonly count: number;
  readonly held: ReadonlyMap<string, boolean> | undefined;
}

/**
 * What `changes` do to the assignments of `model` (only `assign` and `unassign` change them),
 * computed from the previous model: one lookup per assignment change.
 */
export function assignmentOutcome(model: SecurityModel, changes: readonly Change[]): AssignmentOutcome {
  let count = model.assignments.size;
  let held: Map<string, boolean> | undefined;
  for (const c of changes) {
    if (c.op !== 'assign' && c.op !== 'unassign') continue;
    const key = c.op === 'assign' ? assignmentKey(c.assignment.user, c.assignment.role) : assignmentKey(c.user, c.role);
    held ??= new Map();
    const before = held.get(key) ?? model.assignments.has(key);
    const after = c.op === 'assign';
    if (before !== after) count += after ? 1 : -1;
    held.set(key, after);
  }
  return { count, held };
}

/**
 * Whether `next` has the assignments `outcome` says: as many, and each one the changes named held
 * or not as they left it. Change records naming other assignments than those that changed (or
 * leaving some out) fail it.
 */
export function assignmentsMatch(next: SecurityModel, outcome: AssignmentOutcome): boolean {
  if (next.assignments.size !== outcome.count) return false;
  if (outcome.held) for (const [key, held] of outcome.held) if (next.assignments.has(key) !== held) return false;
  return true;
}
