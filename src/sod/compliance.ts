/**
 * Segregation of duties for users: which rules a user's assignments break, organization-aware, and
 * the compliance scan over every user.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import type { Assignment } from '../model/schemas.js';
import type { Conflict, ConflictRule, Severity, SodRule } from '../model/governance-schemas.js';
import { compileScope, compileSodContext, intersectScopes, type CompiledScope, type SodContext } from './context.js';
import { instantSchema } from '../model/time.js';
import { parseOrThrow } from '../model/zod-problems.js';

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
  /** Lookup keys of role ids as spelled in assignments. */
  readonly roleKeys: Map<string, string>;
  /** Per-user scratch: stamps and assignment bit masks by rule number. */
  readonly firstStamp: Int32Array;
  readonly firstMask: Int32Array;
  readonly secondStamp: Int32Array;
  readonly secondMask: Int32Array;
  stamp: number;
}

/** Rule numbers whose first (second) duty a role brings. */
interface RoleRules {
  readonly first: Int32Array;
  readonly second: Int32Array;
}

const NO_RULES: RoleRules = { first: new Int32Array(0), second: new Int32Array(0) };
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
  const size = rules.length;
  const plan: RulePlan = {
    rules, firstOf, secondOf, byId, roles: new WeakMap(), roleKeys: new Map(),
    firstStamp: new Int32Array(size), firstMask: new Int32Array(size), secondStamp: new Int32Array(size), secondMask: new Int32Array(size), stamp: 0,
  };
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
  found = first.length === 0 && second.length === 0 ? NO_RULES : { first: Int32Array.from(first), second: Int32Array.from(second) };
  plan.roles.set(duties, found);
  return found;
}

function roleKeyOf(plan: RulePlan, role: string): string {
  let key = plan.roleKeys.get(role);
  if (key === undefined) {
    key = idKey(role);
    if (plan.roleKeys.size > 100_000) plan.roleKeys.clear();
    plan.roleKeys.set(role, key);
  }
  return key;
}

/**
 * The rules a set of assignments (one user's) breaks: for each enabled rule, both duties brought by
 * assignments whose organization scopes meet. Duties in two different organizations do not
 * conflict; "all organizations" meets every organization.
 */
export function ruleHits(context: SodContext, assignments: readonly Assignment[]): ConflictRule[] {
  const count = assignments.length;
  if (count === 0 || context.rulesByDuty.size === 0) return [];
  // Bit masks of assignments per rule: up to 31 assignments; more (rare: sessions) take the general path.
  if (count > 31) return ruleHitsGeneral(context, assignments);
  const plan = rulePlan(context);
  if (plan.rules.length === 0) return [];
  const stamp = ++plan.stamp;
  if (stamp >= 0x7fff_ffff) {
    plan.firstStamp.fill(0);
    plan.secondStamp.fill(0);
    plan.stamp = 1;
    return ruleHits(context, assignments);
  }
  const { firstStamp, firstMask, secondStamp, secondMask } = plan;
  const perRole: RoleRules[] = [];
  let anyFirst = false;
  for (let i = 0; i < count; i++) {
    const duties = context.roleDuties.get(roleKeyOf(plan, assignments[i]!.role));
    const rr = duties ? roleRules(plan, duties) : NO_RULES;
    perRole.push(rr);
    const first = rr.first;
    const bit = 1 << i;
    for (let k = 0; k < first.length; k++) {
      const n = first[k]!;
      if (firstStamp[n] !== stamp) {
        firstStamp[n] = stamp;
        firstMask[n] = bit;
      } else firstMask[n] = firstMask[n]! | bit;
      anyFirst = true;
    }
  }
  if (!anyFirst) return [];
  let candidates: number[] | undefined;
  for (let j = 0; j < count; j++) {
    const second = perRole[j]!.second;
    const bit = 1 << j;
    for (let k = 0; k < second.length; k++) {
      const n = second[k]!;
      if (firstStamp[n] !== stamp) continue;
      if (secondStamp[n] !== stamp) {
        secondStamp[n] = stamp;
        secondMask[n] = bit;
        (candidates ??= []).push(n);
      } else secondMask[n] = secondMask[n]! | bit;
    }
  }
  if (!candidates) return [];
  if (candidates.length > 1) candidates.sort((a, b) => a - b);
  const hits: ConflictRule[] = [];
  let scopes: (CompiledScope | undefined)[] | undefined;
  for (const n of candidates) {
    const rule = plan.rules[n]!;
    const fm = firstMask[n]!;
    const sm = secondMask[n]!;
    let everywhereOnly = true;
    for (let i = 0; i < count; i++) if (((fm | sm) >>> i) & 1 && assignments[i]!.scope !== 'all') everywhereOnly = false;
    if (everywhereOnly) {
      // Every pair meets everywhere: all holders take part.
      hits.push({ rule: rule.id, firstDuty: rule.firstDuty, secondDuty: rule.secondDuty, firstRoles: rolesIn(assignments, fm), secondRoles: rolesIn(assignments, sm), organizations: 'all' });
      continue;
    }
    scopes ??= [];
    const first: CompiledAssignment[] = [];
    const second: CompiledAssignment[] = [];
    for (let i = 0; i < count; i++) {
      if (!(((fm | sm) >>> i) & 1)) continue;
      const a = assignments[i]!;
      const scope = scopes[i] === undefined ? (scopes[i] = compileScope(context, a.scope)) : scopes[i]!;
      const compiled: CompiledAssignment = { role: a.role, duties: EMPTY, scope };
      if ((fm >>> i) & 1) first.push(compiled);
      if ((sm >>> i) & 1) second.push(compiled);
    }
    const hit = meet(context, rule, first, second);
    if (hit) hits.push(hit);
  }
  return hits;
}

const EMPTY: ReadonlySet<string> = new Set();

function rolesIn(assignments: readonly Assignment[], mask: number): string[] {
  const out: string[] = [];
  for (let i = 0; mask >>> i !== 0; i++) {
    if (!((mask >>> i) & 1)) continue;
    const role = assignments[i]!.role;
    if (!out.includes(role)) out.push(role);
  }
  return out;
}

/** {@link ruleHits} for any number of assignments, by duty. */
function ruleHitsGeneral(context: SodContext, assignments: readonly Assignment[]): ConflictRule[] {
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
      const hit = meet(context, rule, holders.map((i) => compiled[i]!), other.map((i) => compiled[i]!));
      if (hit) hits.push(hit);
    }
  }
  return hits.sort((a, b) => (idKey(a.rule) < idKey(b.rule) ? -1 : 1));
}

function meet(context: SodContext, rule: SodRule, first: readonly CompiledAssignment[], second: readonly CompiledAssignment[]): ConflictRule | undefined {
  let everywhere = false;
  const where = new Set<string>();
  const firstRoles = new Set<string>();
  const secondRoles = new Set<string>();
  for (const a of first) {
    for (const b of second) {
      const common = intersectScopes(a.scope, b.scope);
      if (common !== null && common.size === 0) continue;
      firstRoles.add(a.role);
      secondRoles.add(b.role);
      if (common === null) everywhere = true;
      else for (const key of common) where.add(key);
    }
  }
  if (firstRoles.size === 0) return undefined;
  const organizations = everywhere ? ('all' as const) : [...where].map((k) => context.model.organizations.get(k)?.id ?? k).sort();
  return { rule: rule.id, firstDuty: rule.firstDuty, secondDuty: rule.secondDuty, firstRoles: [...firstRoles], secondRoles: [...secondRoles], organizations };
}

/** The user's own assignments (keyed lists built once per model). @internal */
export function assignmentsByUser(model: SecurityModel): Map<string, Assignment[]> {
  const byUser = new Map<string, Assignment[]>();
  for (const a of model.assignments.values()) {
    const key = idKey(a.user);
    const list = byUser.get(key);
    if (list) list.push(a);
    else byUser.set(key, [a]);
  }
  return byUser;
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

/** Turn rule hits of one user into violations, split by override state at `at`. @internal */
export function classify(
  context: SodContext,
  user: string,
  hits: readonly ConflictRule[],
  overrides: ReadonlyMap<string, Conflict>,
  at: string,
): { violations: Violation[]; overridden: Violation[] } {
  const violations: Violation[] = [];
  const overridden: Violation[] = [];
  const byId = plans.get(context.rulesByDuty)?.byId;
  const userKey = overrides.size > 0 ? idKey(user) : '';
  for (const hit of hits) {
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
    if (override && overrideValid(override, at)) overridden.push(v);
    else violations.push(v);
  }
  return { violations, overridden };
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
  const own = assignmentsByUser(model);
  const overrides = overridesByUserRule(model);
  // Users with hits, ordered by key: each user's hits come in rule key order, so concatenating
  // them gives the order of byUserRule without comparing violations.
  const found: { readonly key: string; readonly id: string; readonly hits: ConflictRule[] }[] = [];
  for (const [userKey, user] of model.users) {
    const assignments = assignmentsOf?.(userKey) ?? own.get(userKey);
    if (!assignments || assignments.length === 0) continue;
    const hits = ruleHits(context, assignments);
    if (hits.length > 0) found.push({ key: userKey, id: user.id, hits });
  }
  found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const violations: Violation[] = [];
  const overridden: Violation[] = [];
  for (const { id, hits } of found) {
    const result = classify(context, id, hits, overrides, at);
    for (const v of result.violations) violations.push(v);
    for (const v of result.overridden) overridden.push(v);
  }
  return { at, violations, overridden, expiredOverrides: expiredOverrides(model, at), users: model.users.size };
}

/** Order violations by user, then rule (keys). @internal */
export function byUserRule(a: Violation, b: Violation): number {
  if (a.user !== b.user) {
    const ua = cachedKey(a.user);
    const ub = cachedKey(b.user);
    if (ua !== ub) return ua < ub ? -1 : 1;
  }
  if (a.rule === b.rule) return 0;
  const ra = cachedKey(a.rule);
  const rb = cachedKey(b.rule);
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

// Lookup keys of ids seen by byUserRule: a sort compares each id many times.
const keys = new Map<string, string>();
function cachedKey(id: string): string {
  let key = keys.get(id);
  if (key === undefined) {
    if (keys.size >= 200_000) keys.clear();
    keys.set(id, (key = idKey(id)));
  }
  return key;
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
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `at` is not an instant
 */
export function verifyCompliance(model: SecurityModel, options: ComplianceOptions): ComplianceReport {
  const at = parseOrThrow(instantSchema, options?.at, 'at');
  return scanCompliance(compileSodContext(model), at, options.assignmentsOf);
}
