/**
 * The cheap structural check of a compliance report a caller hands back (a scan made earlier, to
 * build a report from without scanning again): a wrong one is a `VALIDATION_FAILED` error naming
 * the field, not a `TypeError` or wrong rows further on. No schema parse: a report of thousands
 * of violations is checked in well under a scan's time.
 *
 * @module
 * @internal
 */
import { argName, invalid, isCanonicalInstant, isIdString, isRecord } from '../model/arguments.js';
import { severities } from '../model/governance-schemas.js';
import type { ComplianceReport } from './compliance.js';

const severitySet: ReadonlySet<unknown> = new Set(severities);
const isIdList = (v: unknown): boolean => Array.isArray(v) && v.every(isIdString);
const isTextOrNull = (v: unknown): boolean => v === null || v === undefined || typeof v === 'string';

function assertViolation(v: unknown, name: string, index: number): void {
  const at = argName(name, index);
  if (!isRecord(v)) throw invalid(at, 'a violation', v);
  for (const field of ['user', 'rule', 'firstDuty', 'secondDuty'] as const) if (!isIdString(v[field])) throw invalid(`${at}.${field}`, 'an id', v[field]);
  if (typeof v['ruleName'] !== 'string') throw invalid(`${at}.ruleName`, 'a name', v['ruleName']);
  if (!severitySet.has(v['severity'])) throw invalid(`${at}.severity`, `one of ${severities.join(', ')}`, v['severity']);
  if (!isIdList(v['firstRoles'])) throw invalid(`${at}.firstRoles`, 'a list of role ids', v['firstRoles']);
  if (!isIdList(v['secondRoles'])) throw invalid(`${at}.secondRoles`, 'a list of role ids', v['secondRoles']);
  if (v['organizations'] !== 'all' && !isIdList(v['organizations'])) throw invalid(`${at}.organizations`, "'all' or a list of organization ids", v['organizations']);
  const o = v['override'];
  if (o !== null && !(isRecord(o) && isIdString(o['id']) && isTextOrNull(o['reason']) && isTextOrNull(o['expiresAt']) && isTextOrNull(o['mitigation']))) {
    throw invalid(`${at}.override`, 'null or a conflict { id, reason, expiresAt, mitigation }', o);
  }
}

/**
 * Check that `value` has the shape of a {@link ComplianceReport} made at `at`, or throw.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the field; also when the report was made
 *   at another instant (its overrides were judged then)
 * @internal
 */
export function assertComplianceReport(value: unknown, name: string, at: string): asserts value is ComplianceReport {
  if (!isRecord(value)) throw invalid(name, 'a compliance report (from verifyCompliance)', value);
  if (!isCanonicalInstant(value['at']) || value['at'] !== at) throw invalid(`${name}.at`, `the report's instant, ${at}`, value['at']);
  for (const list of ['violations', 'overridden'] as const) {
    const violations = value[list];
    if (!Array.isArray(violations)) throw invalid(`${name}.${list}`, 'a list of violations', violations);
    for (let i = 0; i < violations.length; i++) assertViolation(violations[i], `${name}.${list}`, i);
  }
  if (!Array.isArray(value['expiredOverrides'])) throw invalid(`${name}.expiredOverrides`, 'a list of conflicts', value['expiredOverrides']);
  const users = value['users'];
  if (typeof users !== 'number' || !Number.isSafeInteger(users) || users < 0) throw invalid(`${name}.users`, 'a count of users', users);
}
