/**
 * The state of a compiled access index and its full build.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import type { Assignment } from '../model/schemas.js';
import { MAX_ROLES, RoleClosures } from './closures.js';
import { SecurityGraph } from './graph.js';
import { Interner, dictionary } from './interner.js';
import { OrganizationTree } from './organizations.js';
import type { Subject, Strictness } from './subjects.js';
import { compileSubject } from './subjects.js';
import type { AssignmentOverride } from './types.js';

/**
 * Everything the index knows. Functions in the other modules of this folder read and maintain it.
 *
 * @internal
 */
export class AccessCore {
  model: SecurityModel;
  readonly graph = new SecurityGraph();
  readonly closures: RoleClosures;
  orgs: OrganizationTree;
  /** The administrator role's integer, or -1 when the model has no such role. */
  adminRole = -1;
  /** User integers. */
  readonly users = new Interner();
  /**
   * The effective subject of each user under the author's spelling and the lowercase key: the
   * first lookup of a check.
   */
  readonly subjectById = dictionary<Subject>();
  /** Effective subject by user integer. */
  readonly subjects: (Subject | undefined)[] = [];
  /** Session overrides by user integer. */
  readonly overrides = new Map<number, AssignmentOverride>();
  /**
   * The model's subject of users with an override, kept so that ending the override reinstalls it
   * without compiling. Valid only while the model does not change: updates clear it.
   */
  readonly bases = new Map<number, Subject>();
  /** Users whose effective subject holds each role (any scope), by role. */
  readonly roleUsers: (Set<number> | undefined)[] = [];
  /**
   * Assignment keys of each user, by user integer: built on first use from the model as it is
   * then (updates need it; the build groups the assignments once without keeping them).
   */
  private assignmentIndex: (string[] | undefined)[] | null = null;

  constructor(model: SecurityModel) {
    this.model = model;
    this.closures = new RoleClosures(this.graph);
    this.orgs = new OrganizationTree(model);
    this.build();
  }

  private build(): void {
    const { model, graph } = this;
    for (const [key, ep] of model.entryPoints) graph.putEntryPoint(ep, key);
    const privs = [...model.privileges].map(([key, p]) => [graph.internPrivilege(p.id, key), p] as const);
    const duties = [...model.duties].map(([key, d]) => [graph.internDuty(d.id, key), d] as const);
    const roles = [...model.roles].map(([key, r]) => [graph.internRole(r.id, MAX_ROLES, key), r] as const);
    for (const [p, privilege] of privs) graph.setGrants(p, privilege, true);
    for (const [d, duty] of duties) graph.setDuty(d, duty);
    for (const [r, role] of roles) graph.setRole(r, role);
    this.adminRole = graph.roles.find(model.parameters.administratorRole);

    for (const [key, user] of model.users) this.users.intern(user.id, key);
    const byUser: (Assignment[] | undefined)[] = [];
    for (const assignment of model.assignments.values()) {
      const u = this.users.find(assignment.user);
      if (u < 0) continue;
      const list = byUser[u];
      if (list === undefined) byUser[u] = [assignment];
      else list.push(assignment);
    }
    for (let u = 0; u < this.users.capacity; u++) this.install(u, this.compileUser(u, undefined, 'skip', byUser[u] ?? []), false);
    const needed: number[] = [];
    this.roleUsers.forEach((holders, r) => {
      if (holders !== undefined && holders.size > 0) needed.push(r);
    });
    this.closures.loadAll(needed);
  }

  /**
   * Record that assignment `key` of `user` exists (when it does in {@link model}) or not. Nothing to
   * do while the index of assignments is not built: it will be built from the model as it is then.
   */
  linkAssignment(key: string, user: string): void {
    const index = this.assignmentIndex;
    if (index === null) return;
    const u = this.users.find(user);
    if (u < 0) return;
    const keys = index[u];
    if (this.model.assignments.has(key)) {
      if (keys === undefined) index[u] = [key];
      else if (!keys.includes(key)) keys.push(key);
    } else if (keys !== undefined) {
      const at = keys.indexOf(key);
      if (at >= 0) keys.splice(at, 1);
      if (keys.length === 0) index[u] = undefined;
    }
  }

  private assignmentsByUser(): (string[] | undefined)[] {
    if (this.assignmentIndex !== null) return this.assignmentIndex;
    const index: (string[] | undefined)[] = [];
    for (const [key, assignment] of this.model.assignments) {
      const u = this.users.find(assignment.user);
      if (u < 0) continue;
      const keys = index[u];
      if (keys === undefined) index[u] = [key];
      else keys.push(key);
    }
    this.assignmentIndex = index;
    return index;
  }

  /** The model assignments of user `u`. */
  modelAssignments(u: number): Assignment[] {
    const keys = this.assignmentsByUser()[u];
    if (keys === undefined) return [];
    const out: Assignment[] = [];
    for (const key of keys) {
      const assignment = this.model.assignments.get(key);
      if (assignment !== undefined) out.push(assignment);
    }
    return out;
  }

  /**
   * Compile the effective subject of user `u`: its override when it has one (or `override` given),
   * else its model assignments.
   */
  compileUser(u: number, override: AssignmentOverride | undefined, strictness: Strictness, own?: readonly Assignment[]): Subject {
    const active = override ?? this.overrides.get(u);
    const assignments = active?.assignments ?? own ?? this.modelAssignments(u);
    // The interner holds the user's display id; the model's record is read only for its flag.
    const enabled = active?.enabled ?? this.model.users.get(this.users.keyOf(u))!.enabled;
    return compileSubject(this.graph, this.orgs, this.adminRole, u, this.users.id(u), enabled, assignments, strictness);
  }

  /**
   * Make `subject` the effective subject of user `u`: the lookup map, the holders of each role and,
   * when `compile`, the closures of roles it holds for the first time.
   */
  install(u: number, subject: Subject, compile: boolean): void {
    const key = this.users.keyOf(u);
    const old = this.subjects[u];
    const held = subject.held;
    if (old === undefined) {
      for (const r of held) this.addHolder(r, u, compile);
    } else {
      // Both lists are ascending and distinct: walk them together and touch only the roles that
      // differ (a session usually adds one role to the user's own).
      const before = old.held;
      let i = 0;
      let j = 0;
      while (i < before.length || j < held.length) {
        const a = i < before.length ? before[i]! : Infinity;
        const b = j < held.length ? held[j]! : Infinity;
        if (a === b) {
          if (compile) this.closures.ensure(b);
          i++;
          j++;
        } else if (a < b) {
          this.removeHolder(a, u);
          i++;
        } else {
          this.addHolder(b, u, compile);
          j++;
        }
      }
      // Re-spelled in another case: the old spelling no longer finds the user.
      if (old.id !== subject.id && old.id !== key) delete this.subjectById[old.id];
    }
    this.subjects[u] = subject;
    this.subjectById[key] = subject;
    if (subject.id !== key) this.subjectById[subject.id] = subject;
  }

  private addHolder(r: number, u: number, compile: boolean): void {
    let holders = this.roleUsers[r];
    if (holders === undefined) this.roleUsers[r] = holders = new Set();
    holders.add(u);
    if (compile) this.closures.ensure(r);
  }

  private removeHolder(r: number, u: number): void {
    const holders = this.roleUsers[r];
    if (holders === undefined) return;
    holders.delete(u);
    if (holders.size === 0) this.roleUsers[r] = undefined;
  }

  /** Forget user `u` entirely (the user was removed). */
  uninstall(u: number): void {
    const old = this.subjects[u];
    if (old !== undefined) {
      for (const r of old.held) this.removeHolder(r, u);
      delete this.subjectById[idKey(old.id)];
      delete this.subjectById[old.id];
    }
    this.subjects[u] = undefined;
    if (this.assignmentIndex !== null) this.assignmentIndex[u] = undefined;
    this.overrides.delete(u);
    this.bases.delete(u);
    this.users.release(u);
  }
}
