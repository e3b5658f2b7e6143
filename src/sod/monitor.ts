/**
 * Continuous SoD monitoring: a compliance scan kept up to date incrementally. After a change only the
 * affected users are checked again: one user for an assignment, the holders of a role (and of the
 * roles containing it) for a role change; everyone only when rules or organizations change.
 *
 * @module
 */
import { changesSchema, type Change } from '../model/changes.js';
import { SecGovError } from '../model/errors.js';
import { idKey } from '../model/ids.js';
import { assertModel } from '../model/assert-model.js';
import type { SecurityModel } from '../model/model.js';
import { instantSchema } from '../model/time.js';
import { parseOrThrow } from '../model/zod-problems.js';
import type { Assignment } from '../model/schemas.js';
import { assignmentsAfter } from '../model/user-assignments.js';
import type { Conflict, ConflictRule } from '../model/governance-schemas.js';
import { advanceSodContext, compileSodContext, type SodContext } from './context.js';
import { checkedAssignmentsCallback } from './callbacks.js';
import type { RoleRuleTable } from './role-rule-table.js';
import { assignmentsByUser, expiredOverrides, grown, overrideValid, overridesByUserRule, ruleHits, ruleHitsNumbered, ruleTable, violationsOf, type ComplianceReport, type Violation } from './compliance.js';
import { invalid, kindOf } from '../model/arguments.js';

/** The effective assignments of a user (by key) when they differ from the model's own (sessions), else undefined. */
export type EffectiveAssignments = (userKey: string) => readonly Assignment[] | undefined;

/**
 * A compliance scan kept up to date. {@link SodMonitor.scan} answers exactly like a full
 * {@link verifyCompliance}; {@link SodMonitor.update} moves it to a new model and marks only the
 * affected users for re-checking; {@link SodMonitor.refreshUser} re-checks one user (for example when
 * a session starts or ends). Users are re-checked lazily, on the next question about them.
 *
 * The model is what counts: changes that do not lead from the monitor's model to the next one (a
 * user or role the next model lacks, a different number of assignments) make it start over from
 * the next model rather than drift from it.
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
   * Users by key, numbered on first sight (a removed user's number is not used again). What is kept
   * per user sits in arrays by that number, and the user's own assignments, with their role
   * numbers, in runs of two slabs: right after a model change the caches are cold, and a record,
   * an array and its elements per user would each cost a read.
   */
  private readonly userNumbers = new Map<string, number>();
  private readonly userKeys: string[] = [];
  /**
   * By user number `u`, four numbers side by side from `4u` (one cache line): where the user's run
   * starts in the slabs, its length, its room, and the flags {@link STALE}, {@link KEPT} and
   * {@link HITS}.
   */
  private meta: Int32Array<ArrayBuffer> = new Int32Array(4 * 1024);
  /** Role numbers of the users' own assignments, in runs (the model's order within a run). */
  private roleSlab: Int32Array<ArrayBuffer> = new Int32Array(4 * 1024);
  /** The users' own assignments, beside their role numbers. */
  private readonly ownSlab: (Assignment | undefined)[] = [];
  /** End of the slabs' used part, and how much of it runs that moved or shrank left behind. */
  private slabEnd = 0;
  private slabWaste = 0;
  /** The users' own assignments in all: the model's count while the changes fed lead to it. */
  private ownCount = 0;
  /** How many times the monitor started over from a model the changes fed did not lead to. */
  private restartCount = 0;
  /** By user number: the rules broken at the last check. */
  private readonly hits: (readonly ConflictRule[])[] = [];
  /** By user number: the hits as violations with their overrides, against the conflicts in `violationsFor` (current while the user has {@link KEPT}). */
  private readonly violations: (readonly Violation[] | undefined)[] = [];
  private readonly violationsFor: (ReadonlyMap<string, Conflict> | undefined)[] = [];
  /**
   * The users whose last check found hits, by key (the order of a report), as of the last scan,
   * and the users whose hits came or went since: a scan merges the two instead of sorting every
   * user with hits again.
   */
  private hitOrder: readonly (readonly [string, number])[] = [];
  private flipped: number[] = [];
  /** User keys holding each role key directly (built on the first role change). */
  private holders: Map<string, Set<string>> | undefined;
  /** Numbers of users marked stale since the last scan (a number may repeat; the flag decides). */
  private queue: number[] = [];
  private staleCount = 0;
  /** Roles numbered by key (and by the spellings seen, {@link SodMonitor.roleNumberOf}), for the role slab and the {@link RoleRuleTable}. */
  private readonly roleNumbers = new Map<string, number>();
  private readonly roleKeys: string[] = [];
  private table: RoleRuleTable | undefined;
  /** The caller's effective assignments, as given (for starting over), and checked as they answer. */
  private readonly given: EffectiveAssignments | undefined;
  private readonly effective: EffectiveAssignments | undefined;
  /** The role closures and rules {@link SodMonitor.table} was made from. */
  private tableFor: SodContext['roleDuties'] | undefined;
  private tableRules: SodContext['rulesByDuty'] | undefined;

  /**
   * @param model - the model to watch
   * @param effective - the effective assignments of a user (sessions included), when they differ
   *   from the model's own
   * @throws {@link SecGovError} `VALIDATION_FAILED` when `model` is not a model or `effective` not a function
   */
  constructor(model: SecurityModel, effective?: EffectiveAssignments) {
    assertModel(model);
    this.given = effective;
    this.effective = checkedAssignmentsCallback<[string], true>(effective, 'effective', true);
    this.compiled = compileSodContext(model);
    this.current = model;
    for (const key of model.roles.keys()) this.roleNumber(key);
    for (const [key, own] of assignmentsByUser(model)) this.setOwn(this.userNumber(key), own);
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
    assertKey(userKey);
    return this.effective?.(userKey) ?? this.ownAssignmentsOf(userKey);
  }

  /** The model's own assignments of a user (by key), in the model's order: a copy. */
  ownAssignmentsOf(userKey: string): readonly Assignment[] {
    assertKey(userKey);
    const u = this.userNumbers.get(userKey);
    if (u === undefined) return NONE_ASSIGNED;
    const start = this.meta[4 * u]!;
    return this.ownSlab.slice(start, start + this.meta[4 * u + 1]!) as Assignment[];
  }

  /** Mark a user (by key) for re-checking, for example when one of their sessions starts or ends. */
  refreshUser(userKey: string): void {
    assertKey(userKey);
    // A user the model does not know has nothing to check (and gets no record).
    if (this.userNumbers.has(userKey) || this.current.users.has(userKey)) this.markStale(this.userNumber(userKey));
  }

  /** The user's number, given on first sight. */
  private userNumber(userKey: string): number {
    let u = this.userNumbers.get(userKey);
    if (u !== undefined) return u;
    u = this.userKeys.length;
    this.userNumbers.set(userKey, u);
    this.userKeys.push(userKey);
    this.hits.push(NONE);
    this.violations.push(undefined);
    this.violationsFor.push(undefined);
    if (4 * u + 4 > this.meta.length) this.meta = grown(this.meta, 4 * u + 4);
    return u;
  }

  private markStale(u: number): void {
    const flags = 4 * u + 3;
    if (this.meta[flags]! & STALE) return;
    this.meta[flags] = this.meta[flags]! | STALE;
    this.staleCount++;
    // Answered users leave their numbers behind until the next scan: drop those now and then, so a
    // monitor that is only asked about single users does not grow.
    if (this.queue.length >= 2 * this.userNumbers.size + 1024) this.queue = [...new Set(this.queue.filter((v) => this.meta[4 * v + 3]! & STALE))];
    this.queue.push(u);
  }

  private check(u: number): void {
    this.staleCount--;
    const userKey = this.userKeys[u]!;
    // Own lists follow the model (a removed user has none); effective ones may name anyone.
    const effective = this.effective ? (this.current.users.has(userKey) ? this.effective(userKey) : NONE_ASSIGNED) : undefined;
    let hits: readonly ConflictRule[];
    if (effective) hits = effective.length === 0 ? NONE : ruleHits(this.compiled, effective);
    else {
      // Checked by role number in the monitor's own table: the user's roles need no lookup.
      const count = this.meta[4 * u + 1]!;
      hits = count === 0 ? NONE : ruleHitsNumbered(this.compiled, this.tableNow(), this.roleSlab, this.ownSlab as readonly Assignment[], this.meta[4 * u]!, count);
    }
    // The kept violations are of the old hits. A user with no hits before and none now has
    // nothing to write but the flags, which sit in the line already read.
    const flags = this.meta[4 * u + 3]! & ~(STALE | KEPT);
    if (hits.length > 0 || flags & HITS) this.hits[u] = hits.length > 0 ? hits : NONE;
    if ((hits.length > 0) !== ((flags & HITS) !== 0)) this.flip(u);
    this.meta[4 * u + 3] = hits.length > 0 ? flags | HITS : flags & ~HITS;
  }

  /** The rules a user (by key) breaks now, before overrides are taken into account. */
  hitsOf(userKey: string): readonly ConflictRule[] {
    assertKey(userKey);
    const u = this.userNumbers.get(userKey);
    if (u === undefined) return NONE;
    if (this.meta[4 * u + 3]! & STALE) this.check(u);
    return this.meta[4 * u + 3]! & HITS ? this.hits[u]! : NONE;
  }

  /** Number of users waiting to be re-checked. */
  get pending(): number {
    return this.staleCount;
  }

  /**
   * Every violation, as a full scan would report it at `at` (ISO-8601). Re-checks only stale users.
   *
   * @throws {@link SecGovError} `VALIDATION_FAILED` when `at` is not an instant
   */
  scan(at: string): ComplianceReport {
    at = parseOrThrow(instantSchema, at, 'at');
    for (const u of this.queue) if (this.meta[4 * u + 3]! & STALE) this.check(u);
    this.queue = [];
    const model = this.current;
    let overrides: Map<string, Conflict> | undefined;
    // Users in key order, each user's hits in rule key order (as ruleHits gives them): the order of
    // a full scan without comparing violations.
    const violations: Violation[] = [];
    const overridden: Violation[] = [];
    for (const [userKey, u] of this.usersWithHits()) {
      // Kept from the last scan while the user's hits and the model's conflicts are the same.
      let kept = this.violations[u];
      if (kept === undefined || !(this.meta[4 * u + 3]! & KEPT) || this.violationsFor[u] !== model.conflicts) {
        overrides ??= overridesByUserRule(model);
        this.violations[u] = kept = violationsOf(this.compiled, model.users.get(userKey)!.id, this.hits[u]!, overrides).map(frozen);
        this.violationsFor[u] = model.conflicts;
        this.meta[4 * u + 3] = this.meta[4 * u + 3]! | KEPT;
      }
      for (const v of kept) (v.override !== null && overrideValid(v.override, at) ? overridden : violations).push(v);
    }
    return { at, violations, overridden, expiredOverrides: expiredOverrides(model, at), users: model.users.size };
  }

  /** Note that user `u`'s hits came or went. Bounded: a monitor only asked about single users keeps each user once. */
  private flip(u: number): void {
    if (this.flipped.length >= 2 * this.userKeys.length + 1024) this.flipped = [...new Set(this.flipped)];
    this.flipped.push(u);
  }

  /**
   * The users with hits, by key: those of the last scan, without the users whose hits went (or
   * who were forgotten), merged with the users whose hits came, sorted.
   */
  private usersWithHits(): readonly (readonly [string, number])[] {
    if (this.flipped.length === 0) return this.hitOrder;
    const flipped = new Set(this.flipped);
    this.flipped = [];
    const hasHits = (u: number) => (this.meta[4 * u + 3]! & HITS) !== 0 && this.userNumbers.get(this.userKeys[u]!) === u;
    const kept = this.hitOrder.filter((entry) => !flipped.has(entry[1]));
    const added = [...flipped].filter(hasHits).map((u) => [this.userKeys[u]!, u] as const);
    added.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const merged: (readonly [string, number])[] = [];
    let i = 0;
    let j = 0;
    while (i < kept.length || j < added.length) merged.push(j >= added.length || (i < kept.length && kept[i]![0] < added[j]![0]) ? kept[i++]! : added[j++]!);
    return (this.hitOrder = merged);
  }

  /**
   * Move to `next`, the model after `changes`, marking only the affected users for re-checking.
   * The changes are checked against their schema first: for one assignment that costs about as much
   * as the update itself (the governance service, which parsed its changes already, skips it).
   *
   * @throws {@link SecGovError} `VALIDATION_FAILED` when `next` is not a model or a change is
   *   malformed; the monitor is then unchanged
   */
  update(next: SecurityModel, changes: readonly Change[]): void {
    assertModel(next, 'next');
    this.followOrStartOver(next, parseOrThrow(changesSchema, changes, 'changes'));
  }

  /**
   * {@link SodMonitor.update} for changes already parsed by their schema. When the changes do not
   * lead to `next`, the monitor starts over from `next`.
   *
   * @throws {@link SecGovError} `VALIDATION_FAILED` when `next` is not a model or `changes` not an
   *   array; the monitor is then unchanged
   * @internal
   */
  advance(next: SecurityModel, changes: readonly Change[]): void {
    // Read before anything moves, cheaply (the whole model check costs a fifth of a check after one
    // assignment): what is not a model fails here and is refused as such, also when reading it throws.
    let size: unknown;
    try {
      size = (next as Partial<SecurityModel> | null | undefined)?.assignments?.size;
    } catch {
      size = undefined;
    }
    if (typeof size !== 'number') assertModel(next, 'next');
    if (!Array.isArray(changes)) throw invalid('changes', 'an array of change records', changes);
    this.followOrStartOver(next, changes);
  }

  private followOrStartOver(next: SecurityModel, changes: readonly Change[]): void {
    try {
      this.follow(next, changes);
      if (this.ownCount === next.assignments.size) return;
    } catch (error) {
      if (!(error instanceof SecGovError || error instanceof TypeError)) throw error;
    }
    this.startOver(next);
  }

  /**
   * Start over from `model`, as a new monitor would (every user checked again on the next
   * question): taken from a new monitor so that no piece of state can be left out.
   */
  private startOver(model: SecurityModel): void {
    const restarts = this.restartCount + 1;
    Object.assign(this, new SodMonitor(model, this.given));
    this.restartCount = restarts;
  }

  /** How many times the monitor started over because the changes fed did not lead to the model given (0 in correct use). */
  get restarts(): number {
    return this.restartCount;
  }

  /** The work of {@link SodMonitor.advance}: throws {@link SecGovError} `VALIDATION_FAILED` for a user or role `next` lacks. */
  private follow(next: SecurityModel, changes: readonly Change[]): void {
    if (changes.length === 1 && (changes[0]!.op === 'assign' || changes[0]!.op === 'unassign')) {
      this.updateOneAssignment(next, changes[0]!);
      return;
    }
    const advance = advanceSodContext(this.sodContext, next, changes);
    this.compiled = advance.context;
    this.current = next;
    for (const userKey of advance.users) {
      const previous = this.ownAssignmentsOf(userKey);
      // Patched from the kept list, not read back from `next` (which has no index by user).
      const now = next.users.has(userKey) ? assignmentsAfter(previous, userKey, changes) : [];
      if (this.holders) {
        for (const a of previous) this.holders.get(idKey(a.role))?.delete(userKey);
        for (const a of now) this.holdersOf(idKey(a.role)).add(userKey);
      }
      if (next.users.has(userKey)) {
        const u = this.userNumber(userKey);
        this.setOwn(u, now);
        this.markStale(u);
      } else this.forget(userKey);
    }
    if (advance.everyone) {
      for (const key of next.users.keys()) this.refreshUser(key);
      return;
    }
    if (advance.roles.size > 0) {
      this.holders ??= this.buildHolders();
      for (const role of advance.roles) for (const user of this.holders.get(role) ?? []) this.refreshUser(user);
      // Users whose effective roles (sessions) include a changed role are checked again too: asked
      // for every user, since a role held only through a session may break a rule only now.
      if (this.effective) this.refreshHoldersOf(advance.roles);
    }
  }

  /** Mark every user whose effective assignments name one of `roles` (keys) for re-checking. */
  private refreshHoldersOf(roles: ReadonlySet<string>): void {
    for (const [userKey, u] of this.userNumbers) {
      if (this.meta[4 * u + 3]! & STALE) continue;
      const effective = this.effective!(userKey);
      if (effective?.some((a) => roles.has(idKey(a.role)))) this.markStale(u);
    }
  }

  /**
   * The common case, kept lean: one assignment or unassignment changes nothing compiled (roles,
   * rules, organizations), only the user's own run, patched in place.
   */
  private updateOneAssignment(next: SecurityModel, change: Extract<Change, { op: 'assign' | 'unassign' }>): void {
    this.current = next;
    const assign = change.op === 'assign';
    const role = assign ? change.assignment.role : change.role;
    const userKey = idKey(assign ? change.assignment.user : change.user);
    if (!this.userNumbers.has(userKey) && !next.users.has(userKey)) throw inconsistent('user', userKey);
    const u = this.userNumber(userKey);
    // Same order as the model's map: a replaced assignment keeps its place, a new one goes last.
    // Found by role number: the user's assignment records are not read.
    const number = this.roleNumberOf(role, next);
    const start = this.meta[4 * u]!;
    const length = this.meta[4 * u + 1]!;
    let at = -1;
    for (let i = 0; i < length; i++) {
      if (this.roleSlab[start + i] === number) {
        at = i;
        break;
      }
    }
    if (assign && at >= 0) this.ownSlab[start + at] = change.assignment;
    else if (assign) {
      const run = this.room(u, length + 1);
      this.ownSlab[run + length] = change.assignment;
      this.roleSlab[run + length] = number;
      this.meta[4 * u + 1] = length + 1;
      this.ownCount++;
    } else if (at >= 0) {
      this.ownSlab.copyWithin(start + at, start + at + 1, start + length);
      this.roleSlab.copyWithin(start + at, start + at + 1, start + length);
      this.ownSlab[start + length - 1] = undefined;
      this.meta[4 * u + 1] = length - 1;
      this.ownCount--;
    }
    if (this.holders) {
      if (assign) this.holdersOf(idKey(role)).add(userKey);
      else this.holders.get(idKey(role))?.delete(userKey);
    }
    if (!this.unchanged(u, assign, number)) this.markStale(u);
  }

  /**
   * Whether one assignment change leaves the user's hits as the last check found them, known
   * without a check. A role that breaks no rule alone or with any of the user's roles
   * (organizations aside) takes part in no hit, before the change or after it, and every other
   * holder and organization is as checked. A user who broke no rule cannot break one by losing a
   * role either. Not with sessions: their hits come from effective assignments.
   */
  private unchanged(u: number, assign: boolean, role: number): boolean {
    const flags = this.meta[4 * u + 3]!;
    if (this.effective || flags & STALE) return false;
    if (!assign && !(flags & HITS)) return true;
    return !this.tableNow().conflictsWith(role, this.roleSlab, this.meta[4 * u]!, this.meta[4 * u + 1]!);
  }

  /** Set a user's own assignments (and their role numbers). */
  private setOwn(u: number, own: readonly Assignment[]): void {
    const length = this.meta[4 * u + 1]!;
    const run = this.room(u, own.length);
    own.forEach((a, i) => {
      this.ownSlab[run + i] = a;
      this.roleSlab[run + i] = this.roleNumberOf(a.role);
    });
    // What the run held past the new length is let go.
    for (let i = own.length; i < length; i++) this.ownSlab[run + i] = undefined;
    this.meta[4 * u + 1] = own.length;
    this.ownCount += own.length - length;
  }

  /**
   * Where user `u`'s run starts once it has room for `length` entries: moved, with what it holds,
   * to the end of the slabs when it has not (and the slabs packed again when half is left behind).
   */
  private room(u: number, length: number): number {
    const m = 4 * u;
    if (length <= this.meta[m + 2]!) return this.meta[m]!;
    if (this.slabWaste > 4096 && 2 * this.slabWaste > this.slabEnd) this.pack();
    const from = this.meta[m]!;
    const held = this.meta[m + 1]!;
    const room = Math.max(4, 2 * length);
    const to = this.slabEnd;
    if (to + room > this.roleSlab.length) this.roleSlab = grown(this.roleSlab, to + room);
    while (this.ownSlab.length < to + room) this.ownSlab.push(undefined);
    this.roleSlab.copyWithin(to, from, from + held);
    for (let i = 0; i < held; i++) {
      this.ownSlab[to + i] = this.ownSlab[from + i];
      this.ownSlab[from + i] = undefined;
    }
    this.slabWaste += this.meta[m + 2]!;
    this.slabEnd = to + room;
    this.meta[m] = to;
    this.meta[m + 2] = room;
    return to;
  }

  /** Pack the slabs: every run moved to the front, in user order, with the room it had. */
  private pack(): void {
    const roles = new Int32Array(this.roleSlab.length);
    const own: (Assignment | undefined)[] = [];
    let end = 0;
    for (let u = 0; u < this.userKeys.length; u++) {
      const m = 4 * u;
      const from = this.meta[m]!;
      const room = this.meta[m + 2]!;
      roles.set(this.roleSlab.subarray(from, from + room), end);
      for (let i = 0; i < room; i++) own.push(this.ownSlab[from + i]);
      this.meta[m] = end;
      end += room;
    }
    this.roleSlab = roles;
    this.ownSlab.length = 0;
    for (const a of own) this.ownSlab.push(a);
    this.slabEnd = end;
    this.slabWaste = 0;
  }

  /** Drop a user the model no longer has. */
  private forget(userKey: string): void {
    const u = this.userNumbers.get(userKey);
    if (u === undefined) return;
    if (this.meta[4 * u + 3]! & STALE) this.staleCount--;
    this.setOwn(u, NONE_ASSIGNED);
    // Its number is not used again: its room is left behind for the next packing.
    this.slabWaste += this.meta[4 * u + 2]!;
    this.meta[4 * u + 2] = 0;
    if (this.meta[4 * u + 3]! & HITS) this.flip(u);
    this.meta[4 * u + 3] = 0;
    this.hits[u] = NONE;
    this.violations[u] = undefined;
    this.userNumbers.delete(userKey);
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
   * compared anew). Bounded, so odd spellings cannot make it grow without end. With `next`, a role
   * that model lacks is refused (a change that does not lead to it).
   */
  private roleNumberOf(role: string, next?: SecurityModel): number {
    const known = this.roleNumbers.get(role);
    if (known !== undefined) return known;
    const key = idKey(role);
    if (next && !this.roleNumbers.has(key) && !next.roles.has(key)) throw inconsistent('role', key);
    const n = this.roleNumber(key);
    if (this.roleNumbers.size < 4 * this.roleKeys.length + 1024) this.roleNumbers.set(role, n);
    return n;
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
    for (const [userKey, u] of this.userNumbers) {
      const start = this.meta[4 * u]!;
      for (let i = start; i < start + this.meta[4 * u + 1]!; i++) this.holdersOf(this.roleKeys[this.roleSlab[i]!]!).add(userKey);
    }
    return this.holders;
  }
}

/** The flag of a user to check again before the next answer. */
const STALE = 1;
/** The flag of a user whose `violations` are those of the current hits. */
const KEPT = 2;
/** The flag of a user whose last check found hits (and only then is `hits` not empty). */
const HITS = 4;

/** Refuse a non-string user key (a typed error, not a silent empty answer). */
function assertKey(userKey: unknown): asserts userKey is string {
  if (typeof userKey !== 'string') throw new SecGovError('VALIDATION_FAILED', `a user key must be a string, not ${kindOf(userKey)}`);
}

/** A change naming a user or role the next model lacks: it does not lead there. */
function inconsistent(kind: 'user' | 'role', key: string): SecGovError {
  return new SecGovError('VALIDATION_FAILED', `the changes name ${kind} "${key.slice(0, 100)}", which the next model lacks`);
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
