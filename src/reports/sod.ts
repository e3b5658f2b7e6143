/**
 * SoD reports: conflicts per user, roles violating SoD, and separation of privileges.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import { assertModel } from '../model/assert-model.js';
import type { SecurityModel } from '../model/model.js';
import type { Assignment } from '../model/schemas.js';
import { severities, type Severity } from '../model/governance-schemas.js';
import { compileSodContext } from '../sod/context.js';
import { verifyCompliance, type ComplianceReport, type Violation } from '../sod/compliance.js';
import { roleViolations } from '../sod/roles.js';
import { assertComplianceReport } from '../sod/report-shape.js';
import { invalid, isRecord, readOptions } from '../model/arguments.js';
import { similarityReport, type SimilarityKind } from '../sod/similarity.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { z } from 'zod';
import { byKey, holdersByRole, instant } from './common.js';
import { column, table, type ReportDocument } from './document.js';

/** Where a user's conflict stands at the report's instant. */
export type SodConflictStatus =
  /** Not covered by any override. */
  | 'violation'
  /** Covered by an override that has not expired. */
  | 'overridden'
  /** Its override expired: a violation again. */
  | 'override-expired';

/** One rule one user breaks. */
export interface SodConflictRow {
  /** The user (display id). */
  readonly user: string;
  /** The user's name. */
  readonly userName: string;
  /** The rule id. */
  readonly rule: string;
  /** The rule's name. */
  readonly ruleName: string;
  /** The rule's severity. */
  readonly severity: Severity;
  /** The rule's first duty. */
  readonly firstDuty: string;
  /** The rule's second duty. */
  readonly secondDuty: string;
  /** The user's roles bringing the first duty (where both meet). */
  readonly firstRoles: readonly string[];
  /** The user's roles bringing the second duty. */
  readonly secondRoles: readonly string[];
  /** Where both duties meet: `'all'` or organization ids. */
  readonly organizations: 'all' | readonly string[];
  /** Whether an override covers it. */
  readonly status: SodConflictStatus;
  /** The conflict record holding the override, or null. */
  readonly override: string | null;
  /** The reason given for the override, or null. */
  readonly overrideReason: string | null;
  /** When the override stops counting (null: never, or no override). */
  readonly overrideExpiresAt: string | null;
  /** The override's mitigating control, or null. */
  readonly mitigation: string | null;
}

/** One role that contains both duties of at least one enabled rule. */
export interface RoleSodRow {
  /** The role (display id). */
  readonly role: string;
  /** The role's name. */
  readonly roleName: string;
  /** How many enabled rules it breaks. */
  readonly violations: number;
  /** The rules it breaks, in rule order. */
  readonly rules: readonly string[];
  /** The highest severity among them. */
  readonly highestSeverity: Severity;
  /** Users assigned the role (they all hold both duties through it). */
  readonly users: number;
}

/** One rule one role breaks, with how it brings each duty. */
export interface RoleSodDetailRow {
  /** The role. */
  readonly role: string;
  /** The rule. */
  readonly rule: string;
  /** The rule's name. */
  readonly ruleName: string;
  /** The rule's severity. */
  readonly severity: Severity;
  /** The first duty. */
  readonly firstDuty: string;
  /** The second duty. */
  readonly secondDuty: string;
  /** The shortest path bringing the first duty: role → sub-roles → duty. */
  readonly firstPath: readonly string[];
  /** The shortest path bringing the second duty. */
  readonly secondPath: readonly string[];
}

/** Options of {@link sodConflictsReport}. */
export interface SodConflictsOptions {
  /** The instant at which overrides are judged. */
  readonly at: string;
  /** Effective assignments of a user (by key) when they differ from the model's, as for sessions in force. */
  readonly assignmentsOf?: (userKey: string) => readonly Assignment[] | undefined;
  /**
   * A compliance scan already made at `at` (for example the service's incremental
   * `verifyCompliance()`), used instead of scanning again.
   */
  readonly compliance?: ComplianceReport;
  /** Leave out conflicts below this severity. */
  readonly minSeverity?: Severity;
}

/** The SoD conflicts report: {@link ReportDocument} plus its typed rows. */
export interface SodConflictsReport extends ReportDocument {
  /** Every conflict of every user (violations and overridden ones), by user then rule. */
  readonly conflicts: readonly SodConflictRow[];
  /** Roles that break rules by themselves, by role. */
  readonly roles: readonly RoleSodRow[];
  /** Each rule each such role breaks. */
  readonly roleDetails: readonly RoleSodDetailRow[];
}

const severityRank = (s: Severity) => severities.indexOf(s);
const severitySchema = z.enum(severities);

function conflictRow(model: SecurityModel, v: Violation, status: SodConflictStatus): SodConflictRow {
  const o = v.override;
  return {
    user: v.user,
    userName: model.users.get(idKey(v.user))?.name ?? v.user,
    rule: v.rule,
    ruleName: v.ruleName,
    severity: v.severity,
    firstDuty: v.firstDuty,
    secondDuty: v.secondDuty,
    firstRoles: v.firstRoles,
    secondRoles: v.secondRoles,
    organizations: v.organizations,
    status,
    override: o?.id ?? null,
    overrideReason: o?.reason ?? null,
    overrideExpiresAt: o?.expiresAt ?? null,
    mitigation: o?.mitigation ?? null,
  };
}

/**
 * The SoD conflicts per user at `at`, and the roles that violate SoD by themselves.
 *
 * Conflicts: every enabled rule whose two duties a user holds in one organization (see
 * `verifyCompliance`), with the roles bringing each duty, the organizations where they meet, and
 * the override covering it (its reason, expiry and mitigating control); an override whose expiry
 * has passed leaves the conflict a violation (`override-expired`). Sorted by user, then rule.
 * Roles: every role containing both duties of an enabled rule (own or through sub-roles), with the
 * number of rules it breaks and of users assigned it, and per rule the shortest path to each duty.
 * Charted: conflicts by severity.
 *
 * @example
 * const report = sodConflictsReport(model, { at: '2026-06-01T00:00:00Z' });
 * report.conflicts.filter((c) => c.status !== 'overridden').length // open violations
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `at` is not an instant, `minSeverity` not a
 *   severity, or `compliance` not a compliance report made at `at`
 */
export function sodConflictsReport(model: SecurityModel, options: SodConflictsOptions): SodConflictsReport {
  assertModel(model);
  if (!isRecord(options)) throw invalid('options', 'an object { at, assignmentsOf?, compliance?, minSeverity? }', options);
  // Each option read once, here: a getter may answer differently the second time.
  const read = readOptions(options, ['at', 'minSeverity', 'compliance', 'assignmentsOf']);
  const at = instant(read.at, 'at');
  const min = read.minSeverity === undefined ? 0 : severityRank(parseOrThrow(severitySchema, read.minSeverity, 'minSeverity'));
  if (read.compliance !== undefined) assertComplianceReport(read.compliance, 'compliance', at);
  // Any assignmentsOf given goes to verifyCompliance, which refuses one that is not a function.
  const compliance = (read.compliance as ComplianceReport | undefined) ?? verifyCompliance(model, read.assignmentsOf !== undefined ? { at, assignmentsOf: read.assignmentsOf as NonNullable<SodConflictsOptions['assignmentsOf']> } : { at });
  const conflicts: SodConflictRow[] = [];
  for (const v of compliance.violations) if (severityRank(v.severity) >= min) conflicts.push(conflictRow(model, v, v.override ? 'override-expired' : 'violation'));
  for (const v of compliance.overridden) if (severityRank(v.severity) >= min) conflicts.push(conflictRow(model, v, 'overridden'));
  conflicts.sort((a, b) => byKey(a.user, b.user) || byKey(a.rule, b.rule));

  const context = compileSodContext(model);
  const holders = holdersByRole(model);
  const roles: RoleSodRow[] = [];
  const roleDetails: RoleSodDetailRow[] = [];
  for (const [key, role] of model.roles) {
    const found = roleViolations(context, key).filter((v) => severityRank(model.sodRules.get(idKey(v.rule))!.severity) >= min);
    if (found.length === 0) continue;
    let highest: Severity = 'low';
    for (const v of found) {
      const rule = model.sodRules.get(idKey(v.rule))!;
      if (severityRank(rule.severity) > severityRank(highest)) highest = rule.severity;
      roleDetails.push({ role: role.id, rule: v.rule, ruleName: rule.name, severity: rule.severity, firstDuty: v.firstDuty, secondDuty: v.secondDuty, firstPath: v.firstPaths[0] ?? [], secondPath: v.secondPaths[0] ?? [] });
    }
    roles.push({ role: role.id, roleName: role.name, violations: found.length, rules: found.map((v) => v.rule), highestSeverity: highest, users: holders.get(key)?.length ?? 0 });
  }
  roles.sort((a, b) => b.violations - a.violations || byKey(a.role, b.role));
  roleDetails.sort((a, b) => byKey(a.role, b.role) || byKey(a.rule, b.rule));

  const bySeverity = new Map<Severity, [number, number, number]>(severities.map((s) => [s, [0, 0, 0]]));
  for (const c of conflicts) bySeverity.get(c.severity)![c.status === 'violation' ? 0 : c.status === 'override-expired' ? 1 : 2] += 1;
  const open = conflicts.filter((c) => c.status !== 'overridden');
  return {
    name: 'sod-conflicts',
    title: 'Segregation of duties conflicts',
    description: 'Which users hold both duties of an SoD rule in one organization, through which roles, and whether an override covers it; and which roles break a rule by themselves.',
    at,
    summary: [
      { label: 'Users scanned', value: compliance.users },
      { label: 'Open violations', value: open.length },
      { label: 'Users with open violations', value: new Set(open.map((c) => idKey(c.user))).size },
      { label: 'Overridden', value: conflicts.length - open.length },
      { label: 'Expired overrides', value: conflicts.filter((c) => c.status === 'override-expired').length },
      { label: 'Roles violating SoD', value: roles.length },
    ],
    charts: [{ id: 'conflicts-by-severity', title: 'Conflicts by severity', series: ['violation', 'override expired', 'overridden'], bars: [...severities].reverse().map((s) => ({ label: s, values: bySeverity.get(s)! })) }],
    tables: [
      table('conflicts', 'Conflicts per user', conflictColumns, conflicts),
      table('roles', 'Roles violating SoD', [
        column<RoleSodRow>('role', 'Role', 'text', (r) => r.role),
        column<RoleSodRow>('roleName', 'Name', 'text', (r) => r.roleName),
        column<RoleSodRow>('violations', 'Rules broken', 'number', (r) => r.violations),
        column<RoleSodRow>('highestSeverity', 'Highest severity', 'text', (r) => r.highestSeverity),
        column<RoleSodRow>('users', 'Users assigned', 'number', (r) => r.users),
        column<RoleSodRow>('rules', 'Rules', 'list', (r) => r.rules),
      ], roles),
      table('role-details', 'Rules broken by roles', [
        column<RoleSodDetailRow>('role', 'Role', 'text', (r) => r.role),
        column<RoleSodDetailRow>('rule', 'Rule', 'text', (r) => r.rule),
        column<RoleSodDetailRow>('severity', 'Severity', 'text', (r) => r.severity),
        column<RoleSodDetailRow>('firstDuty', 'First duty', 'text', (r) => r.firstDuty),
        column<RoleSodDetailRow>('firstPath', 'First duty path', 'text', (r) => r.firstPath.join(' > ')),
        column<RoleSodDetailRow>('secondDuty', 'Second duty', 'text', (r) => r.secondDuty),
        column<RoleSodDetailRow>('secondPath', 'Second duty path', 'text', (r) => r.secondPath.join(' > ')),
      ], roleDetails),
    ],
    conflicts,
    roles,
    roleDetails,
  };
}

const conflictColumns = [
  column<SodConflictRow>('user', 'User', 'text', (r) => r.user),
  column<SodConflictRow>('userName', 'User name', 'text', (r) => r.userName),
  column<SodConflictRow>('rule', 'Rule', 'text', (r) => r.rule),
  column<SodConflictRow>('ruleName', 'Rule name', 'text', (r) => r.ruleName),
  column<SodConflictRow>('severity', 'Severity', 'text', (r) => r.severity),
  column<SodConflictRow>('firstDuty', 'First duty', 'text', (r) => r.firstDuty),
  column<SodConflictRow>('firstRoles', 'Roles bringing it', 'list', (r) => r.firstRoles),
  column<SodConflictRow>('secondDuty', 'Second duty', 'text', (r) => r.secondDuty),
  column<SodConflictRow>('secondRoles', 'Roles bringing it', 'list', (r) => r.secondRoles),
  column<SodConflictRow>('organizations', 'Organizations', 'list', (r) => (r.organizations === 'all' ? 'all' : r.organizations)),
  column<SodConflictRow>('status', 'Status', 'text', (r) => r.status),
  column<SodConflictRow>('override', 'Override', 'text', (r) => r.override),
  column<SodConflictRow>('overrideReason', 'Override reason', 'text', (r) => r.overrideReason),
  column<SodConflictRow>('overrideExpiresAt', 'Override expires', 'instant', (r) => r.overrideExpiresAt),
  column<SodConflictRow>('mitigation', 'Mitigation', 'text', (r) => r.mitigation),
];

/** One pair of duties or privileges that overlap at or above the level. */
export interface SeparationRow {
  /** Duties or privileges. */
  readonly kind: SimilarityKind;
  /** The object whose entry points are measured (X). */
  readonly object: string;
  /** X's name. */
  readonly objectName: string;
  /** The object that also grants them (Y). */
  readonly other: string;
  /** Y's name. */
  readonly otherName: string;
  /** Entry points of X that Y also grants. */
  readonly shared: number;
  /** Entry points of X. */
  readonly total: number;
  /** `shared / total` in percent, rounded to two decimals. */
  readonly percent: number;
}

/** Options of {@link separationOfPrivilegesReport}. */
export interface SeparationOptions {
  /** The level in percent (0 to 100); the model's `similarityLevel` parameter by default. */
  readonly level?: number;
  /** Which kinds to compare; both by default (duties first). */
  readonly kinds?: readonly SimilarityKind[];
}

const separationOptionsSchema = z.strictObject({
  level: z.number().min(0).max(100).optional(),
  kinds: z.array(z.enum(['duty', 'privilege'])).max(16).optional(),
});

/** The separation of privileges report. */
export interface SeparationReport extends ReportDocument {
  /** The level used. */
  readonly level: number;
  /** The pairs, duties first, each kind highest share first. */
  readonly pairs: readonly SeparationRow[];
}

/**
 * Separation of privileges: the pairs of duties (and of privileges) where one grants at least
 * `level` percent of the other's entry points. Pairs are directed: X→Y measures the share of X's
 * entry points Y also grants. Computed with an inverted index over entry points.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` for a level outside 0..100, an unknown kind, other
 *   options, or when `model` is not a model
 */
export function separationOfPrivilegesReport(model: SecurityModel, options: SeparationOptions = {}): SeparationReport {
  assertModel(model);
  const parsed = parseOrThrow(separationOptionsSchema, options, 'options');
  const level = parsed.level ?? model.parameters.similarityLevel;
  // Each kind once, in the order given.
  const kinds = [...new Set(parsed.kinds ?? (['duty', 'privilege'] as const))];
  const pairs: SeparationRow[] = [];
  for (const kind of kinds) {
    const names = kind === 'duty' ? model.duties : model.privileges;
    for (const p of similarityReport(model, kind, level)) {
      pairs.push({
        kind,
        object: p.object,
        objectName: names.get(idKey(p.object))?.name ?? p.object,
        other: p.other,
        otherName: names.get(idKey(p.other))?.name ?? p.other,
        shared: p.shared,
        total: p.total,
        percent: Math.round(p.percent * 100) / 100,
      });
    }
  }
  const count = (k: SimilarityKind) => pairs.filter((p) => p.kind === k).length;
  return {
    name: 'separation-of-privileges',
    title: 'Separation of privileges',
    description: `Pairs of duties or privileges where one grants at least ${level}% of the other's entry points: candidates to merge, or to keep apart on purpose.`,
    at: null,
    summary: [
      { label: 'Level', value: `${level}%` },
      { label: 'Duty pairs', value: count('duty') },
      { label: 'Privilege pairs', value: count('privilege') },
    ],
    charts: [],
    tables: [
      table('pairs', 'Overlapping pairs', [
        column<SeparationRow>('kind', 'Kind', 'text', (r) => r.kind),
        column<SeparationRow>('object', 'Object', 'text', (r) => r.object),
        column<SeparationRow>('objectName', 'Name', 'text', (r) => r.objectName),
        column<SeparationRow>('other', 'Overlaps with', 'text', (r) => r.other),
        column<SeparationRow>('otherName', 'Name', 'text', (r) => r.otherName),
        column<SeparationRow>('shared', 'Shared entry points', 'number', (r) => r.shared),
        column<SeparationRow>('total', 'Entry points', 'number', (r) => r.total),
        column<SeparationRow>('percent', 'Percent', 'number', (r) => r.percent),
      ], pairs),
    ],
    level,
    pairs,
  };
}
