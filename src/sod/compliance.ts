/**
 * Segregation of duties for users: which rules a user's assignments break, organization-aware, and
 * the compliance scan over every user.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import { assertModel } from '../model/assert-model.js';
import type { SecurityModel } from '../model/model.js';
import { PersistentMap, partsOf } from '../model/persistent-map.js';
import type { Assignment, User } from '../model/schemas.js';
import type { Conflict, ConflictRule, Severity, SodRule } from '../model/governance-schemas.js';
import { compileScope, compileSodContext, intersectScopes, type CompiledScope, type SodContext } from './context.js';
import { instantSchema } from '../model/time.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { invalid, isRecord, readOptions } from '../model/arguments.js';
import { checkedAssignmentsCallback } from './callbacks.js';
import { RoleRuleTable, type RoleRules } from './role-rule-table.js';

/** A rule a user breaks: the rule, both duties, the roles bringing each, and where they meet. */
export interface Violation extends ConflictRule {
  /** The rule's name. */
  readonly ruleName: string;
  /** The rule's severity. */
  readonly severity: Severity;
  /** The user. */
  readonly user: string;
  /** The allowed conflict (override) covering this violation, if any: expired ones are violations again. */
  readonly override: Conflict | null;
}

/** The result of {@link verifyCompliance}. */
export interface ComplianceReport {
  /** The instant the scan used for override expiry. */
  readonly at: string;
  /** Every violation not covered by a valid override (including those whose override expired). */
  readonly violations: readonly Violation[];
  /** Violations covered by an override that has not expired. */
  readonly overridden: readonly Violation[];
  /** Overrides whose expiry has passed. */
  readonly expiredOverrides: readonly Conflict[];
  /** Users scanned. */
  readonly users: number;
}

interface CompiledAssignment {
  readonly role: string;
  readonly duties: ReadonlySet<string>;
  readonly scope: CompiledScope;
}

/**
 * The enabled rules of a context compiled for fast checks: numbered in rule key order (the order of
 * results), each duty's rules as first and as second duty, and per role closure the rules whose
 * first and second duties the role brings. Built once per rule index (`context.rulesByDuty`, which
 * the monitor keeps while rules do not change); role plans once per duty closure (kept while the
 * role does not change).
 */
interface RulePlan {
  readonly rules: readonly SodRule[];
  readonly firstOf: ReadonlyMap<string, number[]>;
  readonly secondOf: ReadonlyMap<string, number[]>;
  /** Rule by its id as spelled (the `rule` of a hit). */
  readonly byId: ReadonlyMap<string, SodRule>;
  readonly roles: WeakMap<ReadonlySet<string>, RoleRules>;
  /** The table of the context's roles (numbered in `roleDuties` order), for the closures in `tableFor`. */
  table: RoleRuleTable | undefined;
  tableFor: ReadonlyMap<string, ReadonlySet<string>> | undefined;
  /** The number in `table` of each role id as spelled in assignments (−1: no such role). */
  readonly numbers: Map<string, number>;
}

const NO_RULES: RoleRules = { rules: new Int32Array(0), split: 0 };
const plans = new WeakMap<ReadonlyMap<string, readonly SodRule[]>, RulePlan>();

function rulePlan(context: SodContext): RulePlan {
  const cached = plans.get(context.rulesByDuty);
  if (cached) return cached;
  const unique = new Map<string, SodRule>();
  for (const list of context.rulesByDuty.values()) for (const rule of list) unique.set(idKey(rule.id), rule);
  const keys = [...unique.keys()].sort();
  const rules = keys.map((k) => unique.get(k)!);
  const firstOf = new Map<string, number[]>();
  const secondOf = new Map<string, number[]>();
  const byId = new Map<string, SodRule>();
  rules.forEach((rule, n) => {
    byId.set(rule.id, rule);
    for (const [map, duty] of [[firstOf, rule.firstDuty], [secondOf, rule.secondDuty]] as const) {
      const key = idKey(duty);
      const list = map.get(key);
      if (list) list.push(n);
      else map.set(key, [n]);
    }
  });
  const plan: RulePlan = { rules, firstOf, secondOf, byId, roles: new WeakMap(), table: undefined, tableFor: undefined, numbers: new Map() };
  plans.set(context.rulesByDuty, plan);
  return plan;
}

function roleRules(plan: RulePlan, duties: ReadonlySet<string>): RoleRules {
  let found = plan.roles.get(duties);
  if (found) return found;
  const first: number[] = [];
  const second: number[] = [];
  for (const d of duties) {
    const f = plan.firstOf.get(d);
    if (f) for (const n of f) first.push(n);
    const s = plan.secondOf.get(d);
    if (s) for (const n of s) second.push(n);
  }
  found = first.length === 0 && second.length === 0 ? NO_RULES : { rules: Int32Array.from([...first, ...second]), split: first.length };
  plan.roles.set(duties, found);
  return found;
}

/**
 * The rule table of roles numbered by `roleKeys` (a key the context does not know is a role with
 * no rules), under the context's enabled rules and role closures. @internal
 */
export function ruleTable(context: SodContext, roleKeys: readonly string[]): RoleRuleTable {
  const plan = rulePlan(context);
  return new RoleRuleTable(plan.rules, roleKeys.map((key) => {
    const duties = context.roleDuties.get(key);
    return duties ? roleRules(plan, duties) : NO_RULES;
  }));
}

/** The context's own rule table, with its roles numbered in `roleDuties` order (made again when a role changes). */
function contextTable(plan: RulePlan, context: SodContext): RoleRuleTable {
  if (plan.tableFor !== context.roleDuties || !plan.table) {
    plan.table = ruleTable(context, [...context.roleDuties.keys()]);
    plan.tableFor = context.roleDuties;
    plan.numbers.clear();
  }
  return plan.table;
}

/** The number in the context's table of a role id as spelled (−1 when the context has no such role). */
function roleNumberOf(plan: RulePlan, context: SodContext, role: string): number {
  let n = plan.numbers.get(role);
  if (n === undefined) {
    // Numbered in roleDuties order: its keys' positions, found once per table.
    if (plan.numbers.size === 0) {
      let i = 0;
      for (const key of context.roleDuties.keys()) plan.numbers.set(key, i++);
    }
    n = plan.numbers.get(idKey(role)) ?? -1;
    if (plan.numbers.size > 100_000) plan.numbers.clear();
    plan.numbers.set(role, n);
  }
  return n;
}

/**
 * The rules a set of assignments (one user's) breaks: for each enabled rule, both duties brought by
 * assignments whose organization scopes meet. Duties in two different organizations do not
 * conflict; "all organizations" meets every organization.
 */
export function ruleHits(context: SodContext, assignments: readonly Assignment[]): ConflictRule[] {
  if (assignments.length === 0 || context.rulesByDuty.size === 0) return [];
  const plan = rulePlan(context);
  const table = contextTable(plan, context);
  const roles = assignments.map((a) => roleNumberOf(plan, context, a.role));
  const hits: ConflictRule[] = [];
  ruleHitsInto(hits, context, table, roles, assignments, 0, assignments.length);
  return hits;
}

/**
 * {@link ruleHits} for the `count` assignments of `list` from `from` with their roles already
 * numbered in `table` (made by {@link ruleTable} on this context's rules and role closures):
 * `roles[i]` is the number of `list[i].role`. @internal
 */
export function ruleHitsNumbered(context: SodContext, table: RoleRuleTable, roles: ArrayLike<number>, list: readonly Assignment[], from: number, count: number): ConflictRule[] {
  const hits: ConflictRule[] = [];
  ruleHitsInto(hits, context, table, roles, list, from, count);
  return hits;
}

/**
 * {@link ruleHits} for the `count` assignments of `list` from `from` (one user's run of a flat
 * list), `roles[i]` numbering `list[i].role` in `table`, appended to `out` (a scan gathers every
 * user's hits in one list). With `user`, each hit is made as the {@link Violation} a scan reports
 * when no override covers it, so a scan does not copy it again.
 */
function ruleHitsInto(out: ConflictRule[], context: SodContext, table: RoleRuleTable, roles: ArrayLike<number>, list: readonly Assignment[], from: number, count: number, user?: string): void {
  if (count === 0 || context.rulesByDuty.size === 0) return;
  // Bit masks of assignments per rule: up to 31 assignments; more (rare: sessions) take the general path.
  if (count > 31) {
    for (const hit of ruleHitsGeneral(context, list.slice(from, from + count), user)) out.push(hit);
    return;
  }
  const found = table.candidates(roles, from, count);
  let scopes: (CompiledScope | undefined)[] | undefined;
  for (let k = 0; k < found; k++) {
    const n = table.candidate(k);
    const rule = table.sodRules[n]!;
    const fm = table.firstMask(n);
    const sm = table.secondMask(n);
    let everywhereOnly = true;
    for (let i = 0; i < count; i++) if (((fm | sm) >>> i) & 1 && list[from + i]!.scope !== 'all') everywhereOnly = false;
    if (everywhereOnly) {
      // Every pair meets everywhere: all holders take part.
      out.push(hitOf(rule, rolesIn(list, from, fm), rolesIn(list, from, sm), 'all', user));
      continue;
    }
    // Some holder is scoped: each pair is compared, by bit, without a list or set per rule.
    scopes ??= [];
    for (let i = 0; i < count; i++) if (((fm | sm) >>> i) & 1 && scopes[i] === undefined) scopes[i] = compileScope(context, list[from + i]!.scope);
    const hit = meetByMask(context, rule, list, from, fm, sm, scopes as CompiledScope[], user);
    if (hit) out.push(hit);
  }
}

/**
 * {@link meet} for the holders in masks `fm` and `sm` (bits from `from` in `list`), `scopes[i]`
 * the compiled scope of `list[from + i]`: the same hit, roles in the same order.
 */
function meetByMask(context: SodContext, rule: SodRule, list: readonly Assignment[], from: number, fm: number, sm: number, scopes: readonly CompiledScope[], user: string | undefined): ConflictRule | undefined {
  const meeting = new Meeting();
  let firstMet = 0;
  let secondRoles: string[] | undefined;
  for (let i = 0; fm >>> i !== 0; i++) {
    if (!((fm >>> i) & 1)) continue;
    for (let j = 0; sm >>> j !== 0; j++) {
      if (!((sm >>> j) & 1) || !meeting.pair(scopes[i]!, scopes[j]!)) continue;
      firstMet |= 1 << i;
      const role = list[from + j]!.role;
      if (secondRoles === undefined) secondRoles = [role];
      else if (!secondRoles.includes(role)) secondRoles.push(role);
    }
  }
  if (secondRoles === undefined) return undefined;
  return hitOf(rule, rolesIn(list, from, firstMet), secondRoles, meeting.organizations(context), user);
}

/**
 * Where the pairs of a rule's holders meet, added pair by pair: everywhere when some pair meets
 * everywhere, else the organizations where they meet. Kept as one set as long as every meeting pair
 * gives the same one (the common case: a scoped holder and one holding everywhere), else their union.
 */
class Meeting {
  private everywhere = false;
  private only: ReadonlySet<string> | undefined;
  private where: Set<string> | undefined;

  /** Add the pair of holders with scopes `a` and `b`: false when they meet nowhere. */
  pair(a: CompiledScope, b: CompiledScope): boolean {
    const common = a === b ? a : intersectScopes(a, b);
    if (common === null) this.everywhere = true;
    else if (common.size === 0) return false;
    else if (this.only === undefined || this.only === common) this.only = common;
    else {
      this.where ??= new Set(this.only);
      for (const key of common) this.where.add(key);
    }
    return true;
  }

  /** The organizations of the pairs added (at least one met): `'all'` or ids, sorted. */
  organizations(context: SodContext): 'all' | string[] {
    if (this.everywhere) return 'all';
    return this.where ? organizationIds(context, this.where) : keptOrganizationIds(context, this.only!);
  }
}

/** A rule hit; with `user`, shaped as the violation a scan reports when no override covers it. */
function hitOf(rule: SodRule, firstRoles: string[], secondRoles: string[], organizations: 'all' | string[], user: string | undefined): ConflictRule {
  if (user === undefined) return { rule: rule.id, firstDuty: rule.firstDuty, secondDuty: rule.secondDuty, firstRoles, secondRoles, organizations };
  // The same fields in the same order as violationsOf makes them: reports compare equal as JSON.
  const violation: Violation = { rule: rule.id, firstDuty: rule.firstDuty, secondDuty: rule.secondDuty, firstRoles, secondRoles, organizations, ruleName: rule.name, severity: rule.severity, user, override: null };
  return violation;
}

/** The roles of the assignments in `mask` (bits from `from` in `list`), each once. */
function rolesIn(list: readonly Assignment[], from: number, mask: number): string[] {
  // One holder is the common case: an array of exactly one (a pushed-to array reserves 17 slots).
  if ((mask & (mask - 1)) === 0) return [list[from + 31 - Math.clz32(mask)]!.role];
  const out: string[] = [];
  for (let i = 0; mask >>> i !== 0; i++) {
    if (!((mask >>> i) & 1)) continue;
    const role = list[from + i]!.role;
    if (!out.includes(role)) out.push(role);
  }
  return out;
}

/** {@link ruleHits} for any number of assignments, by duty. */
function ruleHitsGeneral(context: SodContext, assignments: readonly Assignment[], user: string | undefined): ConflictRule[] {
  const compiled: CompiledAssignment[] = [];
  const byDuty = new Map<string, number[]>();
  for (const a of assignments) {
    const duties = context.roleDuties.get(idKey(a.role));
    if (!duties || duties.size === 0) continue;
    const index = compiled.length;
    let relevant = false;
    for (const d of duties) {
      if (!context.rulesByDuty.has(d)) continue;
      relevant = true;
      const list = byDuty.get(d);
      if (list) list.push(index);
      else byDuty.set(d, [index]);
    }
    if (relevant) compiled.push({ role: a.role, duties, scope: compileScope(context, a.scope) });
  }
  if (byDuty.size === 0) return [];
  const hits: ConflictRule[] = [];
  const seen = new Set<string>();
  for (const [duty, holders] of byDuty) {
    for (const rule of context.rulesByDuty.get(duty)!) {
      const ruleKey = idKey(rule.id);
      if (seen.has(ruleKey) || idKey(rule.firstDuty) !== duty) continue;
      const other = byDuty.get(idKey(rule.secondDuty));
      if (!other) continue;
      seen.add(ruleKey);
      const hit = meet(context, rule, holders.map((i) => compiled[i]!), other.map((i) => compiled[i]!), user);
      if (hit) hits.push(hit);
    }
  }
  return hits.sort((a, b) => (idKey(a.rule) < idKey(b.rule) ? -1 : 1));
}

/** The rule's hit when some holder of its first duty and some of its second meet in an organization (or everywhere). */
function meet(context: SodContext, rule: SodRule, first: readonly CompiledAssignment[], second: readonly CompiledAssignment[], user: string | undefined): ConflictRule | undefined {
  const meeting = new Meeting();
  const firstRoles = new Set<string>();
  const secondRoles = new Set<string>();
  for (const a of first) {
    for (const b of second) {
      if (!meeting.pair(a.scope, b.scope)) continue;
      firstRoles.add(a.role);
      secondRoles.add(b.role);
    }
  }
  if (firstRoles.size === 0) return undefined;
  return hitOf(rule, [...firstRoles], [...secondRoles], meeting.organizations(context), user);
}

/** The ids of organizations (by key), sorted. */
function organizationIds(context: SodContext, keys: ReadonlySet<string>): string[] {
  return [...keys].map((k) => context.model.organizations.get(k)?.id ?? k).sort();
}

/**
 * {@link organizationIds} of a compiled scope, kept with it (a scope with children can cover every
 * organization: found and sorted once, not at every check). A copy: each violation owns its list.
 */
function keptOrganizationIds(context: SodContext, keys: ReadonlySet<string>): string[] {
  let ids = sortedIds.get(keys);
  if (!ids) sortedIds.set(keys, (ids = organizationIds(context, keys)));
  return ids.slice();
}

const sortedIds = new WeakMap<ReadonlySet<string>, readonly string[]>();

/** The user's own assignments (keyed lists built once per model, in the model's order). @internal */
export function assignmentsByUser(model: SecurityModel): Map<string, Assignment[]> {
  const { flat, first, count, order, keyOf } = flatAssignments(model);
  const byUser = new Map<string, Assignment[]>();
  for (const u of order) byUser.set(keyOf(u), flat.slice(first[u]!, first[u]! + count[u]!));
  return byUser;
}

/**
 * A model's users numbered in its order, kept per users map (users change far less often than
 * assignments): a scan finds a user's number and id without building a map of 20,000 users, and
 * reports users in key order without sorting them.
 */
interface UserIndex {
  /** Keys by number. */
  readonly keys: readonly string[];
  /** Ids as the users spell them, by number. */
  readonly ids: readonly string[];
  readonly numbers: ReadonlyMap<string, number>;
  /** The numbers in key order. */
  readonly byKey: Int32Array;
}

const userIndexes = new WeakMap<ReadonlyMap<string, User>, UserIndex>();
/** The index made last: a change to a user's record, not to who the users are, keeps its numbering. */
let lastUserIndex: UserIndex | undefined;

function userIndex(users: ReadonlyMap<string, User>): UserIndex {
  let index = userIndexes.get(users);
  if (index) return index;
  const ids = [...users.values()].map((user) => user.id);
  if (lastUserIndex && sameKeys(lastUserIndex.keys, users)) index = { ...lastUserIndex, ids };
  else {
    const keys = [...users.keys()];
    const byKey = Int32Array.from(keys.keys()).sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
    index = { keys, ids, numbers: new Map(keys.map((key, u) => [key, u])), byKey };
  }
  userIndexes.set(users, index);
  return (lastUserIndex = index);
}

/** Whether `users` has exactly the keys `keys`, in that order. */
function sameKeys(keys: readonly string[], users: ReadonlyMap<string, User>): boolean {
  if (keys.length !== users.size) return false;
  let i = 0;
  for (const part of partsOf(users)) for (const key of part.keys()) if (key !== keys[i++]) return false;
  return true;
}

/**
 * What a scan reads from one part of the assignments map (a chunk of the persistent map): its
 * assignments, their users' numbers, then their roles' numbers. Kept per chunk while the users
 * and the role numbering are the same: chunks are shared by the model versions that did not change
 * them, so after one assignment a scan reads one chunk afresh and takes the others from here,
 * without a map lookup per user or role.
 */
interface PartReading {
  readonly values: readonly Assignment[];
  /** `numbers[j]` is the user of `values[j]`; with roles, `numbers[values.length + j]` its role. */
  readonly numbers: Int32Array;
  /** The user numbering the users were read with (kept when only users' records change). */
  readonly userNumbers: UserIndex['numbers'];
  /** The role numbering the roles were read with; `undefined` when they were not. */
  readonly roleTable: RoleRuleTable | undefined;
}

const readings = new WeakMap<ReadonlyMap<string, Assignment>, PartReading>();

/** Role numbers for {@link flatAssignments}: `of` numbers a role id as spelled, in `table`. */
interface RoleNumbering {
  readonly table: RoleRuleTable;
  readonly of: (role: string) => number;
}

/**
 * The model's assignments user by user in flat lists, without an array per user (a full scan
 * allocates less): user `u` holds `flat[first[u]]` to `flat[first[u] + count[u] − 1]`, in the
 * model's order. Users are numbered by {@link userIndex}; users the model lacks, but some
 * assignment names, come after its users.
 */
interface FlatAssignments {
  readonly flat: readonly Assignment[];
  /** With role numbers asked for, the number of each assignment's role, beside `flat`. */
  readonly roles: Int32Array;
  readonly first: Int32Array;
  readonly count: Int32Array;
  /** The users with assignments, in the order of their runs in `flat`. */
  readonly order: Int32Array;
  readonly users: UserIndex;
  readonly keyOf: (u: number) => string;
}

function flatAssignments(model: SecurityModel, roleNumbering?: RoleNumbering): FlatAssignments {
  const users = userIndex(model.users);
  const total = model.assignments.size;
  const withRoles = roleNumbering !== undefined;
  let flat = new Array<Assignment>(total);
  let roles = new Int32Array(withRoles ? total : 0);
  const owner = new Int32Array(total);
  let first = new Int32Array(users.keys.length + 1);
  let count = new Int32Array(users.keys.length + 1);
  let order = new Int32Array(users.keys.length + 1);
  let runs = 0;
  // Users the model lacks (a model is validated, so none but in a hand-made one): numbered for this
  // pass only, so a part naming one is not kept.
  const others: string[] = [];
  const otherNumbers = new Map<string, number>();
  const numberOf = (spelling: string): number => {
    const key = idKey(spelling);
    let u = users.numbers.get(key) ?? otherNumbers.get(key);
    if (u === undefined) {
      otherNumbers.set(key, (u = users.keys.length + others.length));
      others.push(key);
      if (u >= first.length) {
        first = grown(first, u + 1);
        count = grown(count, u + 1);
        order = grown(order, u + 1);
      }
    }
    return u;
  };
  // A persistent map's chunks never change: what was read from one is kept with it.
  const keep = model.assignments instanceof PersistentMap;
  // A user's assignments usually come one after the other. When some user's come in several runs,
  // they are gathered below.
  let scattered = false;
  let u = -1;
  let i = 0;
  for (const part of partsOf(model.assignments)) {
    let reading = readings.get(part);
    if (!reading || reading.userNumbers !== users.numbers || (withRoles && reading.roleTable !== roleNumbering.table)) {
      reading = readPart(part, users, numberOf, roleNumbering);
      if (keep && others.length === 0) readings.set(part, reading);
    }
    const { values, numbers } = reading;
    const n = values.length;
    for (let j = 0; j < n; j++) {
      const v = numbers[j]!;
      if (v !== u) {
        u = v;
        if (count[u]! > 0) scattered = true;
        else {
          first[u] = i;
          order[runs++] = u;
        }
      }
      count[u]!++;
      owner[i] = u;
      flat[i] = values[j]!;
      if (withRoles) roles[i] = numbers[n + j]!;
      i++;
    }
  }
  order = order.subarray(0, runs);
  if (scattered) {
    // Gathered in the order of the users' first runs, each user's in the model's order.
    const gathered = new Array<Assignment>(total);
    const gatheredRoles = new Int32Array(roles.length);
    let at = 0;
    for (const v of order) {
      first[v] = at;
      at += count[v]!;
    }
    const next = first.slice();
    for (let k = 0; k < total; k++) {
      const to = next[owner[k]!]!++;
      gathered[to] = flat[k]!;
      if (withRoles) gatheredRoles[to] = roles[k]!;
    }
    flat = gathered;
    roles = gatheredRoles;
  }
  const keyOf = (v: number) => (v < users.keys.length ? users.keys[v]! : others[v - users.keys.length]!);
  return { flat, roles, first, count, order, users, keyOf };
}

/** Read one part of the assignments map (see {@link PartReading}). */
function readPart(part: ReadonlyMap<string, Assignment>, users: UserIndex, numberOf: (spelling: string) => number, roleNumbering: RoleNumbering | undefined): PartReading {
  const values = [...part.values()];
  const n = values.length;
  const numbers = new Int32Array(roleNumbering ? 2 * n : n);
  // One user's assignments usually share one string: looked up once per run.
  let spelling: string | undefined;
  let u = -1;
  for (let j = 0; j < n; j++) {
    const a = values[j]!;
    if (a.user !== spelling) {
      spelling = a.user;
      u = users.numbers.get(a.user) ?? numberOf(a.user);
    }
    numbers[j] = u;
    if (roleNumbering) numbers[n + j] = roleNumbering.of(a.role);
  }
  return { values, numbers, userNumbers: users.numbers, roleTable: roleNumbering?.table };
}

/** A copy of `array` with room for at least `size` numbers (at least twice as many). @internal */
export function grown(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(Math.max(size, 2 * array.length));
  out.set(array);
  return out;
}

/** Allowed conflicts by user key and rule key. @internal */
export function overridesByUserRule(model: SecurityModel): Map<string, Conflict> {
  const out = new Map<string, Conflict>();
  for (const c of model.conflicts.values()) {
    if (c.status !== 'allowed') continue;
    for (const r of c.rules) {
      const key = `${idKey(c.user)}\u0000${idKey(r.rule)}`;
      const existing = out.get(key);
      // Of several overrides for one user and rule, the one that lasts longest counts.
      if (!existing || lasts(c) > lasts(existing)) out.set(key, c);
    }
  }
  return out;
}

const lasts = (c: Conflict) => c.expiresAt ?? '\uffff';

/** Whether an allowed conflict counts at `at` (not expired). @internal */
export function overrideValid(conflict: Conflict, at: string): boolean {
  return conflict.status === 'allowed' && (conflict.expiresAt === null || at < conflict.expiresAt);
}

/** Whether a valid override at `at` lets a user (key) break a rule (key), over the model's conflicts. @internal */
export function overriddenAt(model: SecurityModel, at: string): (userKey: string, ruleKey: string) => boolean {
  const overrides = overridesByUserRule(model);
  return (userKey, ruleKey) => {
    const o = overrides.get(`${userKey}\u0000${ruleKey}`);
    return o !== undefined && overrideValid(o, at);
  };
}

/**
 * Turn rule hits of one user into violations, each with the override (allowed conflict) covering
 * it, if any, valid or not: whether it counts at an instant is {@link overrideValid}'s question.
 * @internal
 */
export function violationsOf(context: SodContext, user: string, hits: readonly ConflictRule[], overrides: ReadonlyMap<string, Conflict>): Violation[] {
  const byId = plans.get(context.rulesByDuty)?.byId;
  const userKey = overrides.size > 0 ? idKey(user) : '';
  return hits.map((hit) => {
    const rule = byId?.get(hit.rule) ?? context.model.sodRules.get(idKey(hit.rule))!;
    const override = overrides.size > 0 ? (overrides.get(`${userKey}\u0000${idKey(hit.rule)}`) ?? null) : null;
    const v: Violation = {
      rule: hit.rule,
      firstDuty: hit.firstDuty,
      secondDuty: hit.secondDuty,
      firstRoles: hit.firstRoles,
      secondRoles: hit.secondRoles,
      organizations: hit.organizations,
      ruleName: rule.name,
      severity: rule.severity,
      user,
      override,
    };
    return v;
  });
}

/** Overrides (allowed conflicts) whose expiry is at or before `at`. @internal */
export function expiredOverrides(model: SecurityModel, at: string): Conflict[] {
  const out: Conflict[] = [];
  for (const c of model.conflicts.values()) if (c.status === 'allowed' && c.expiresAt !== null && c.expiresAt <= at) out.push(c);
  return out;
}

/**
 * Scan every user for SoD violations: base assignments, plus (when `assignmentsOf` is given) the
 * roles of active sessions. Organization-aware. Overrides that have not expired at `at` move a
 * violation to `overridden`; expired ones count as violations again and are listed.
 *
 * @param context - from `compileSodContext(model)`
 * @param at - the instant used for override expiry (ISO-8601)
 * @param assignmentsOf - the effective assignments of a user (key) if not the model's own
 * @internal
 */
export function scanCompliance(context: SodContext, at: string, assignmentsOf?: (userKey: string) => readonly Assignment[] | undefined): ComplianceReport {
  const model = context.model;
  const plan = rulePlan(context);
  const table = contextTable(plan, context);
  const { flat, roles, first, count, order, users } = flatAssignments(model, { table, of: (role) => roleNumberOf(plan, context, role) });
  const userCount = users.keys.length;
  // Every user's hits in one list, made as violations (ruleHitsInto with the user), so only
  // overridden ones are copied: user u's are found[hitsFrom[u]] to found[hitsTo[u] − 1]. Users are
  // checked in the order their assignments lie, then reported in key order, each user's hits in
  // rule key order: the order by user, then rule, without sorting.
  const found: Violation[] = [];
  const hitsFrom = new Int32Array(userCount);
  const hitsTo = new Int32Array(userCount);
  if (assignmentsOf) {
    // Sessions may give assignments to users without own ones: every user is looked at.
    for (let u = 0; u < userCount; u++) {
      const effective = assignmentsOf(users.keys[u]!);
      const id = users.ids[u]!;
      hitsFrom[u] = found.length;
      if (effective) ruleHitsInto(found, context, table, effective.map((a) => roleNumberOf(plan, context, a.role)), effective, 0, effective.length, id);
      else ruleHitsInto(found, context, table, roles, flat, first[u]!, count[u]!, id);
      hitsTo[u] = found.length;
    }
  } else {
    for (let k = 0; k < order.length; k++) {
      const u = order[k]!;
      // Users the model lacks (numbered after its own) are not reported.
      if (u >= userCount) continue;
      hitsFrom[u] = found.length;
      ruleHitsInto(found, context, table, roles, flat, first[u]!, count[u]!, users.ids[u]!);
      hitsTo[u] = found.length;
    }
  }
  const overrides = overridesByUserRule(model);
  const violations: Violation[] = [];
  const overridden: Violation[] = [];
  const { byKey } = users;
  for (let k = 0; k < userCount; k++) {
    const u = byKey[k]!;
    for (let h = hitsFrom[u]!; h < hitsTo[u]!; h++) {
      const v = found[h]!;
      const override = overrides.size > 0 ? (overrides.get(`${users.keys[u]}\u0000${idKey(v.rule)}`) ?? null) : null;
      if (override === null) violations.push(v);
      else (overrideValid(override, at) ? overridden : violations).push({ ...v, override });
    }
  }
  return { at, violations, overridden, expiredOverrides: expiredOverrides(model, at), users: model.users.size };
}

/** Options of {@link verifyCompliance}. */
export interface ComplianceOptions {
  /** The instant at which overrides are judged (ISO-8601): the library never reads the wall clock. */
  readonly at: string;
  /**
   * The effective assignments of a user (by key) when they differ from the model's own, for example
   * with sessions in force; `undefined` for the model's own.
   */
  readonly assignmentsOf?: (userKey: string) => readonly Assignment[] | undefined;
}

/**
 * Scan every user of `model` for SoD violations: for each enabled rule, both duties held in one
 * organization through the user's assignments (organization scopes with their children; "all
 * organizations" meets every organization). Violations covered by an override that has not expired
 * at `options.at` are listed apart; expired overrides count as violations again and are listed.
 * Complete and exact: the property tests compare it with a brute-force reference.
 *
 * @example
 * const report = verifyCompliance(model, { at: '2026-06-01T00:00:00Z' });
 * for (const v of report.violations) console.log(v.user, v.rule, v.firstRoles, v.secondRoles, v.organizations);
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `model` is not a model, `at` is not an instant,
 *   or `assignmentsOf` is not a function or answers something other than a list of assignments
 */
export function verifyCompliance(model: SecurityModel, options: ComplianceOptions): ComplianceReport {
  assertModel(model);
  if (!isRecord(options)) throw invalid('options', 'an object { at, assignmentsOf? }', options);
  const read = readOptions(options, ['at', 'assignmentsOf']);
  const at = parseOrThrow(instantSchema, read.at, 'at');
  return scanCompliance(compileSodContext(model), at, checkedAssignmentsCallback<[string], true>(read.assignmentsOf as ComplianceOptions['assignmentsOf'], 'assignmentsOf', true));
}
