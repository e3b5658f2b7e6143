/**
 * Continuous SoD monitoring: a compliance scan kept up to date incrementally. After a change only the
 * affected users are checked again: one user for an assignment, the holders of a role (and of the
 * roles containing it) for a role change; everyone only when rules or organizations change.
 *
 * @module
 */
import type { Change } from '../model/changes.js';
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import type { Assignment } from '../model/schemas.js';
import { assignmentsAfter } from '../model/user-assignments.js';
import type { Conflict, ConflictRule } from '../model/governance-schemas.js';
import { advanceSodContext, compileSodContext, type SodContext } from './context.js';
import type { RoleRuleTable } from './role-rule-table.js';
import { assignmentsByUser, expiredOverrides, overrideValid, overridesByUserRule, ruleHits, ruleHitsNumbered, ruleTable, violationsOf, type ComplianceReport, type Violation } from './compliance.js';

/** The effective assignments of a user (by key) when they differ from the model's own (sessions), else undefined. */
export type EffectiveAssignments = (userKey: string) => readonly Assignment[] | undefined;

/**
 * A compliance scan kept up to date. {@link SodMonitor.scan} answers exactly like a full
 * {@link verifyCompliance}; {@link SodMonitor.update} moves it to a new model and marks only the
 * affected users for re-checking; {@link SodMonitor.refreshUser} re-checks one user (for example when
 * a session starts or ends). Users are re-checked lazily, on the next question about them.
 *
 * @example
 * const monitor = new SodMonitor(model);
 * monitor.scan('2026-01-01T00:00:00Z').violations;
 * const next = applyChanges(model, changes);
 * monitor.update(next, changes); // re-checks only the users the changes affect
 */
export class SodMonitor {
  /**
   * The compiled roles, rules and organizations. Its `model` may trail {@link SodMonitor.current}
   * by assignment changes only, which change nothing compiled: the common update does not copy it.
   */
  private compiled: SodContext;
  private current: SecurityModel;
  /**
   * Everything kept per user in one record (own assignments, last hits, whether stale, the hits as
   * violations), so a change touches one map entry: after a model change the caches are cold and
   * each extra lookup costs.
   */
  private readonly users = new Map<string, UserState>();
  /** User keys holding each role key directly (built on the first role change). */
  private holders: Map<string, Set<string>> | undefined;
  /** Keys of users marked stale since the last scan (a key may repeat; the record's flag decides). */
  private queue: string[] = [];
  private staleCount = 0;
  /** Roles numbered by key (and by the spellings seen, {@link SodMonitor.roleNumberOf}), for each user's `roles` and the {@link RoleRuleTable}. */
  private readonly roleNumbers = new Map<string, number>();
  private readonly roleKeys: string[] = [];
  private table: RoleRuleTable | undefined;
  /** The role closures and rules {@link SodMonitor.table} was made from. */
  private tableFor: SodContext['roleDuties'] | undefined;
  private tableRules: SodContext['rulesByDuty'] | undefined;

  /**
   * @param model - the model to watch
   * @param effective - the effective assignments of a user (sessions included), when they differ
   *   from the model's own
   */
  constructor(
    model: SecurityModel,
    private readonly effective?: EffectiveAssignments,
  ) {
    this.compiled = compileSodContext(model);
    this.current = model;
    for (const key of model.roles.keys()) this.roleNumber(key);
    for (const [key, own] of assignmentsByUser(model)) this.users.set(key, { own, roles: this.numbered(own), hits: NONE, stale: false });
    for (const key of model.users.keys()) this.refreshUser(key);
  }

  /** The model the monitor reflects. */
  get model(): SecurityModel {
    return this.current;
  }

  /** The compiled context (role duties, rules by duty, organizations). @internal */
  get sodContext(): SodContext {
    if (this.compiled.model !== this.current) this.compiled = { ...this.compiled, model: this.current };
    return this.compiled;
  }

  /** The assignments checked for a user (by key): effective ones when given, else the model's own. */
  assignmentsOf(userKey: string): readonly Assignment[] {
    return this.effective?.(userKey) ?? this.ownAssignmentsOf(userKey);
  }

  /** The model's own assignments of a user (by key). */
  ownAssignmentsOf(userKey: string): readonly Assignment[] {
    return this.users.get(userKey)?.own ?? NONE_ASSIGNED;
  }

  /** Mark a user (by key) for re-checking, for example when one of their sessions starts or ends. */
  refreshUser(userKey: string): void {
    // A user the model does not know has nothing to check (and gets no record).
    if (this.users.has(userKey) || this.current.users.has(userKey)) this.markStale(userKey, this.stateOf(userKey));
  }

  /** The user's record, made empty when there is none yet. */
  private stateOf(userKey: string): UserState {
    let state = this.users.get(userKey);
    if (!state) this.users.set(userKey, (state = { own: [], roles: [], hits: NONE, stale: false }));
    return state;
  }

  private markStale(userKey: string, state: UserState): void {
    if (state.stale) return;
    state.stale = true;
    this.staleCount++;
    // Answered users leave their keys behind until the next scan: drop those now and then, so a
    // monitor that is only asked about single users does not grow.
    if (this.queue.length >= 2 * this.users.size + 1024) this.queue = [...new Set(this.queue.filter((key) => this.users.get(key)?.stale))];
    this.queue.push(userKey);
  }

  private check(userKey: string, state: UserState): void {
    state.stale = false;
    this.staleCount--;
    // Own lists follow the model (a removed user has none); effective ones may name anyone.
    const effective = this.effective ? (this.current.users.has(userKey) ? this.effective(userKey) : NONE_ASSIGNED) : undefined;
    if (effective) state.hits = effective.length === 0 ? NONE : ruleHits(this.compiled, effective);
    // Checked by role number in the monitor's own table: the user's roles need no lookup.
    else state.hits = state.own.length === 0 ? NONE : ruleHitsNumbered(this.compiled, this.tableNow(), state.roles, state.own);
    state.violations = undefined;
  }

  /** The rules a user (by key) breaks now, before overrides are taken into account. */
  hitsOf(userKey: string): readonly ConflictRule[] {
    const state = this.users.get(userKey);
    if (!state) return NONE;
    if (state.stale) this.check(userKey, state);
    return state.hits;
  }

  /** Number of users waiting to be re-checked. */
  get pending(): number {
    return this.staleCount;
  }

  /** Every violation, as a full scan would report it at `at` (ISO-8601). Re-checks only stale users. */
  scan(at: string): ComplianceReport {
    for (const key of this.queue) {
      const state = this.users.get(key);
      if (state?.stale) this.check(key, state);
    }
    this.queue = [];
    const model = this.current;
    let overrides: Map<string, Conflict> | undefined;
    // Users in key order, each user's hits in rule key order (as ruleHits gives them): the order of
    // a full scan without comparing violations.
    const found: [string, UserState][] = [];
    for (const entry of this.users) if (entry[1].hits.length > 0) found.push(entry);
    found.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const violations: Violation[] = [];
    const overridden: Violation[] = [];
    for (const [userKey, state] of found) {
      // Kept from the last scan while the user's hits and the model's conflicts are the same.
      if (state.violations === undefined || state.violationsFor !== model.conflicts) {
        overrides ??= overridesByUserRule(model);
        state.violations = violationsOf(this.compiled, model.users.get(userKey)!.id, state.hits, overrides).map(frozen);
        state.violationsFor = model.conflicts;
      }
      for (const v of state.violations) (v.override !== null && overrideValid(v.override, at) ? overridden : violations).push(v);
    }
    return { at, violations, overridden, expiredOverrides: expiredOverrides(model, at), users: model.users.size };
  }

  /** Move to `next`, the model after `changes`, marking only the affected users for re-checking. */
  update(next: SecurityModel, changes: readonly Change[]): void {
    if (changes.length === 1 && (changes[0]!.op === 'assign' || changes[0]!.op === 'unassign')) {
      this.updateOneAssignment(next, changes[0]!);
      return;
    }
    const advance = advanceSodContext(this.sodContext, next, changes);
    this.compiled = advance.context;
    this.current = next;
    for (const userKey of advance.users) {
      const previous = this.ownAssignmentsOf(userKey);
      const now = this.ownFromModel(next, userKey, changes);
      if (this.holders) {
        for (const a of previous) this.holders.get(idKey(a.role))?.delete(userKey);
        for (const a of now) this.holdersOf(idKey(a.role)).add(userKey);
      }
      if (!next.users.has(userKey)) {
        const state = this.users.get(userKey);
        if (state?.stale) this.staleCount--;
        this.users.delete(userKey);
        continue;
      }
      const state = this.stateOf(userKey);
      state.own = now;
      state.roles = this.numbered(now);
      this.markStale(userKey, state);
    }
    if (advance.everyone) {
      for (const key of next.users.keys()) this.refreshUser(key);
      return;
    }
    if (advance.roles.size > 0) {
      this.holders ??= this.buildHolders();
      for (const role of advance.roles) for (const user of this.holders.get(role) ?? []) this.refreshUser(user);
      // Users whose effective roles (sessions) include a changed role are checked again too.
      if (this.effective) {
        for (const [userKey, state] of this.users) if (state.hits.some((h) => [...h.firstRoles, ...h.secondRoles].some((r) => advance.roles.has(idKey(r))))) this.refreshUser(userKey);
      }
    }
  }

  /**
   * The common case, kept lean: one assignment or unassignment changes nothing compiled (roles,
   * rules, organizations), only the user's own list, patched in place of a copy.
   */
  private updateOneAssignment(next: SecurityModel, change: Extract<Change, { op: 'assign' | 'unassign' }>): void {
    this.current = next;
    const assign = change.op === 'assign';
    const role = assign ? change.assignment.role : change.role;
    const userKey = idKey(assign ? change.assignment.user : change.user);
    const state = this.stateOf(userKey);
    // Same order as the model's map: a replaced assignment keeps its place, a new one goes last.
    // Found by role number: the user's assignment records are not read. `own` is copied (callers
    // may hold it), `roles` is the monitor's alone and changed in place.
    const number = this.roleNumberOf(role);
    const at = state.roles.indexOf(number);
    if (assign && at >= 0) {
      state.own = state.own.slice();
      state.own[at] = change.assignment;
    } else if (assign) {
      state.own = [...state.own, change.assignment];
      state.roles.push(number);
    } else if (at >= 0) {
      state.own = state.own.filter((_, i) => i !== at);
      state.roles.splice(at, 1);
    }
    if (this.holders) {
      if (assign) this.holdersOf(idKey(role)).add(userKey);
      else this.holders.get(idKey(role))?.delete(userKey);
    }
    if (!this.stillClear(state, assign, number)) this.markStale(userKey, state);
  }

  /**
   * Whether a user who broke no rule at the last check still breaks none after one assignment
   * change, known without a check: an unassignment never adds a rule broken, and an assignment only
   * when the role breaks a rule alone or with another of the user's roles (all else, organizations
   * included, is as checked). Not with sessions: their hits come from effective assignments.
   */
  private stillClear(state: UserState, assign: boolean, role: number): boolean {
    if (this.effective || state.stale || state.hits.length > 0) return false;
    return !assign || !this.tableNow().conflictsWith(role, state.roles);
  }

  /** The user's own assignments after `changes` (`next` is the model they made): patched, not read back from `next`. */
  private ownFromModel(next: SecurityModel, userKey: string, changes: readonly Change[]): Assignment[] {
    return next.users.has(userKey) ? assignmentsAfter(this.ownAssignmentsOf(userKey), userKey, changes) : [];
  }

  private roleNumber(roleKey: string): number {
    let n = this.roleNumbers.get(roleKey);
    if (n === undefined) {
      this.roleNumbers.set(roleKey, (n = this.roleKeys.length));
      this.roleKeys.push(roleKey);
    }
    return n;
  }

  /**
   * The number of a role id as spelled. Spellings are kept beside the keys: a change usually names
   * a role with a string seen before, found without lower-casing it (a new string, hashed and
   * compared anew). Bounded, so odd spellings cannot make it grow without end.
   */
  private roleNumberOf(role: string): number {
    const known = this.roleNumbers.get(role);
    if (known !== undefined) return known;
    const n = this.roleNumber(idKey(role));
    if (this.roleNumbers.size < 4 * this.roleKeys.length + 1024) this.roleNumbers.set(role, n);
    return n;
  }

  /** The role numbers of assignments, in their order. */
  private numbered(own: readonly Assignment[]): number[] {
    return own.map((a) => this.roleNumberOf(a.role));
  }

  /** The role rule table for the current rules, role closures and role numbers (made again when one changes). */
  private tableNow(): RoleRuleTable {
    const { roleDuties, rulesByDuty } = this.compiled;
    if (this.table && this.tableFor === roleDuties && this.tableRules === rulesByDuty && this.table.roleCount === this.roleKeys.length) return this.table;
    this.tableFor = roleDuties;
    this.tableRules = rulesByDuty;
    return (this.table = ruleTable(this.compiled, this.roleKeys));
  }

  private holdersOf(roleKey: string): Set<string> {
    let set = this.holders!.get(roleKey);
    if (!set) this.holders!.set(roleKey, (set = new Set()));
    return set;
  }

  private buildHolders(): Map<string, Set<string>> {
    this.holders = new Map();
    for (const [userKey, state] of this.users) for (const a of state.own) this.holdersOf(idKey(a.role)).add(userKey);
    return this.holders;
  }
}

/** What the monitor keeps per user. */
interface UserState {
  /** The model's own assignments, in the model's order. Never changed once set (callers may hold it). */
  own: Assignment[];
  /** The role number of each of `own`, in the same order. */
  roles: number[];
  /** The rules the user broke at the last check. */
  hits: readonly ConflictRule[];
  /** Whether the user must be checked again before the next answer. */
  stale: boolean;
  /** The hits as violations with their overrides, against the conflicts in `violationsFor`. */
  violations?: readonly Violation[] | undefined;
  violationsFor?: ReadonlyMap<string, Conflict> | undefined;
}

/** A violation handed out by more than one scan: frozen, so no caller can change another's. */
function frozen(v: Violation): Violation {
  Object.freeze(v.firstRoles);
  Object.freeze(v.secondRoles);
  if (v.organizations !== 'all') Object.freeze(v.organizations);
  return Object.freeze(v);
}

const NONE: readonly ConflictRule[] = Object.freeze([]);
const NONE_ASSIGNED: readonly Assignment[] = Object.freeze([]);
