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
 * The rules a set of assignments (one user's) breaks: for each enabled rule, both duties brought by
 * assignments whose organization scopes meet. Duties in two different organizations do not
 * conflict; "all organizations" meets every organization.
 */
export function ruleHits(context: SodContext, assignments: readonly Assignment[]): ConflictRule[] {
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
  for (const hit of hits) {
    const rule = context.model.sodRules.get(idKey(hit.rule))!;
    const override = overrides.get(`${idKey(user)}\u0000${idKey(hit.rule)}`) ?? null;
    const v: Violation = { ...hit, ruleName: rule.name, severity: rule.severity, user, override };
    if (override && (override.expiresAt === null || at < override.expiresAt)) overridden.push(v);
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
  const violations: Violation[] = [];
  const overridden: Violation[] = [];
  for (const [userKey, user] of model.users) {
    const assignments = assignmentsOf?.(userKey) ?? own.get(userKey);
    if (!assignments || assignments.length === 0) continue;
    const result = classify(context, user.id, ruleHits(context, assignments), overrides, at);
    violations.push(...result.violations);
    overridden.push(...result.overridden);
  }
  return { at, violations: violations.sort(byUserRule), overridden: overridden.sort(byUserRule), expiredOverrides: expiredOverrides(model, at), users: model.users.size };
}

/** Order violations by user, then rule (keys). @internal */
export function byUserRule(a: Violation, b: Violation): number {
  const ua = idKey(a.user);
  const ub = idKey(b.user);
  if (ua !== ub) return ua < ub ? -1 : 1;
  const ra = idKey(a.rule);
  const rb = idKey(b.rule);
  return ra < rb ? -1 : ra > rb ? 1 : 0;
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
