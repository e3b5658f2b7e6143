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
import type { ConflictRule } from '../model/governance-schemas.js';
import { advanceSodContext, compileSodContext, type SodContext } from './context.js';
import { assignmentsByUser, byUserRule, classify, expiredOverrides, overridesByUserRule, ruleHits, type ComplianceReport, type Violation } from './compliance.js';

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
  private context: SodContext;
  /** Own assignments by user key, maintained incrementally. */
  private readonly own: Map<string, Assignment[]>;
  /** User keys holding each role key directly (built on the first role change). */
  private holders: Map<string, Set<string>> | undefined;
  private readonly hits = new Map<string, ConflictRule[]>();
  private readonly stale = new Set<string>();

  /**
   * @param model - the model to watch
   * @param effective - the effective assignments of a user (sessions included), when they differ
   *   from the model's own
   */
  constructor(
    model: SecurityModel,
    private readonly effective?: EffectiveAssignments,
  ) {
    this.context = compileSodContext(model);
    this.own = assignmentsByUser(model);
    for (const key of model.users.keys()) this.stale.add(key);
  }

  /** The model the monitor reflects. */
  get model(): SecurityModel {
    return this.context.model;
  }

  /** The compiled context (role duties, rules by duty, organizations). @internal */
  get sodContext(): SodContext {
    return this.context;
  }

  /** The assignments checked for a user (by key): effective ones when given, else the model's own. */
  assignmentsOf(userKey: string): readonly Assignment[] {
    return this.effective?.(userKey) ?? this.own.get(userKey) ?? [];
  }

  /** The model's own assignments of a user (by key). */
  ownAssignmentsOf(userKey: string): readonly Assignment[] {
    return this.own.get(userKey) ?? [];
  }

  /** Mark a user (by key) for re-checking, for example when one of their sessions starts or ends. */
  refreshUser(userKey: string): void {
    this.stale.add(userKey);
  }

  private check(userKey: string): void {
    this.stale.delete(userKey);
    if (!this.context.model.users.has(userKey)) {
      this.hits.delete(userKey);
      return;
    }
    const found = ruleHits(this.context, this.assignmentsOf(userKey));
    if (found.length > 0) this.hits.set(userKey, found);
    else this.hits.delete(userKey);
  }

  /** The rules a user (by key) breaks now, before overrides are taken into account. */
  hitsOf(userKey: string): readonly ConflictRule[] {
    if (this.stale.has(userKey)) this.check(userKey);
    return this.hits.get(userKey) ?? [];
  }

  /** Number of users waiting to be re-checked. */
  get pending(): number {
    return this.stale.size;
  }

  /** Every violation, as a full scan would report it at `at` (ISO-8601). Re-checks only stale users. */
  scan(at: string): ComplianceReport {
    for (const key of this.stale) this.check(key);
    this.stale.clear();
    const model = this.context.model;
    const overrides = overridesByUserRule(model);
    const violations: Violation[] = [];
    const overridden: Violation[] = [];
    for (const [userKey, hits] of this.hits) {
      const result = classify(this.context, model.users.get(userKey)!.id, hits, overrides, at);
      violations.push(...result.violations);
      overridden.push(...result.overridden);
    }
    return { at, violations: violations.sort(byUserRule), overridden: overridden.sort(byUserRule), expiredOverrides: expiredOverrides(model, at), users: model.users.size };
  }

  /** Move to `next`, the model after `changes`, marking only the affected users for re-checking. */
  update(next: SecurityModel, changes: readonly Change[]): void {
    if (changes.length === 1 && (changes[0]!.op === 'assign' || changes[0]!.op === 'unassign')) {
      this.updateOneAssignment(next, changes[0]!);
      return;
    }
    const advance = advanceSodContext(this.context, next, changes);
    this.context = advance.context;
    for (const userKey of advance.users) {
      const previous = this.own.get(userKey) ?? [];
      const now = this.ownFromModel(next, userKey, changes);
      if (now.length > 0) this.own.set(userKey, now);
      else this.own.delete(userKey);
      if (this.holders) {
        for (const a of previous) this.holders.get(idKey(a.role))?.delete(userKey);
        for (const a of now) this.holdersOf(idKey(a.role)).add(userKey);
      }
      this.stale.add(userKey);
      if (!next.users.has(userKey)) this.hits.delete(userKey);
    }
    if (advance.everyone) {
      for (const key of next.users.keys()) this.stale.add(key);
      return;
    }
    if (advance.roles.size > 0) {
      this.holders ??= this.buildHolders();
      for (const role of advance.roles) for (const user of this.holders.get(role) ?? []) this.stale.add(user);
      // Users whose effective roles (sessions) include a changed role are checked again too.
      if (this.effective) {
        for (const [userKey, hits] of this.hits) if (hits.some((h) => [...h.firstRoles, ...h.secondRoles].some((r) => advance.roles.has(idKey(r))))) this.stale.add(userKey);
      }
    }
  }

  /**
   * The common case, kept lean: one assignment or unassignment changes nothing compiled (roles,
   * rules, organizations), only the user's own list, patched in place of a copy.
   */
  private updateOneAssignment(next: SecurityModel, change: Extract<Change, { op: 'assign' | 'unassign' }>): void {
    this.context = { ...this.context, model: next };
    const user = change.op === 'assign' ? change.assignment.user : change.user;
    const roleKey = idKey(change.op === 'assign' ? change.assignment.role : change.role);
    const userKey = idKey(user);
    const previous = this.own.get(userKey) ?? [];
    // Same order as the model's map: a replaced assignment keeps its place, a new one goes last.
    const now: Assignment[] = [];
    let replaced = false;
    for (const a of previous) {
      if (idKey(a.role) !== roleKey) now.push(a);
      else if (change.op === 'assign') {
        now.push(change.assignment);
        replaced = true;
      }
    }
    if (change.op === 'assign' && !replaced) now.push(change.assignment);
    if (now.length > 0) this.own.set(userKey, now);
    else this.own.delete(userKey);
    if (this.holders) {
      if (change.op === 'assign') this.holdersOf(roleKey).add(userKey);
      else this.holders.get(roleKey)?.delete(userKey);
    }
    this.stale.add(userKey);
  }

  /**
   * The user's own assignments after `changes`: the previous list patched by the changes, in order
   * (`next` is the model those changes made, so they all applied). Reading them back from `next`
   * would touch its freshly copied maps, which costs more than the whole update.
   */
  private ownFromModel(next: SecurityModel, userKey: string, changes: readonly Change[]): Assignment[] {
    if (!next.users.has(userKey)) return [];
    const list = new Map((this.own.get(userKey) ?? []).map((a) => [idKey(a.role), a] as const));
    for (const c of changes) {
      if (c.op === 'assign' && idKey(c.assignment.user) === userKey) list.set(idKey(c.assignment.role), c.assignment);
      else if (c.op === 'unassign' && idKey(c.user) === userKey) list.delete(idKey(c.role));
      // Removing a user leaves assignments alone: a batch may remove a user and add it again, and a
      // user removed for good had to lose its assignments first (validation refuses otherwise).
    }
    return [...list.values()];
  }

  private holdersOf(roleKey: string): Set<string> {
    let set = this.holders!.get(roleKey);
    if (!set) this.holders!.set(roleKey, (set = new Set()));
    return set;
  }

  private buildHolders(): Map<string, Set<string>> {
    this.holders = new Map();
    for (const [userKey, list] of this.own) for (const a of list) this.holdersOf(idKey(a.role)).add(userKey);
    return this.holders;
  }
}
