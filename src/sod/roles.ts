/**
 * Segregation of duties for role definitions: a role may never contain both duties of an enabled rule.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import { assertModel } from '../model/assert-model.js';
import type { SecurityModel } from '../model/model.js';
import { sodRuleSchema, type SodRule, type SodRuleInput } from '../model/governance-schemas.js';
import { SecGovError } from '../model/errors.js';
import { idSchema } from '../model/ids.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { dutyPaths, enabledRulesByDuty, OrganizationDescendants, roleDutyClosures, type SodContext } from './context.js';

/** A role that contains both duties of a rule, with the paths that bring each duty. */
export interface RoleViolation {
  /** The role. */
  readonly role: string;
  /** The rule. */
  readonly rule: string;
  /** The rule's first duty. */
  readonly firstDuty: string;
  /** The rule's second duty. */
  readonly secondDuty: string;
  /** Paths (role → sub-roles → duty) bringing the first duty, shortest first. */
  readonly firstPaths: readonly (readonly string[])[];
  /** Paths bringing the second duty. */
  readonly secondPaths: readonly (readonly string[])[];
}

/** The enabled rules a role (by key) breaks, with paths. */
export function roleViolations(context: SodContext, roleKey: string): RoleViolation[] {
  const duties = context.roleDuties.get(roleKey);
  const role = context.model.roles.get(roleKey);
  if (!duties || !role) return [];
  const out: RoleViolation[] = [];
  const seen = new Set<string>();
  for (const duty of duties) {
    for (const rule of context.rulesByDuty.get(duty) ?? []) {
      if (seen.has(idKey(rule.id))) continue;
      seen.add(idKey(rule.id));
      if (duties.has(idKey(rule.firstDuty)) && duties.has(idKey(rule.secondDuty))) out.push(describe(context.model, role.id, roleKey, rule));
    }
  }
  return out.sort((a, b) => (idKey(a.rule) < idKey(b.rule) ? -1 : 1));
}

function describe(model: SecurityModel, role: string, roleKey: string, rule: SodRule): RoleViolation {
  return {
    role,
    rule: rule.id,
    firstDuty: rule.firstDuty,
    secondDuty: rule.secondDuty,
    firstPaths: dutyPaths(model, roleKey, idKey(rule.firstDuty)),
    secondPaths: dutyPaths(model, roleKey, idKey(rule.secondDuty)),
  };
}

/**
 * Every role that breaks one rule (enabled or not), with the paths bringing each duty. Creating a
 * rule does not check existing roles; this does, on request.
 *
 * @param rule - the id of a rule of `model`, or a rule (for example one about to be created)
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown rule id, `VALIDATION_FAILED` for a malformed
 *   rule or when `model` is not a model, `MISSING_REFERENCE` when a duty of the rule does not exist
 */
export function validateRule(model: SecurityModel, rule: string | SodRuleInput): RoleViolation[] {
  assertModel(model);
  const full = resolveRule(model, rule);
  const first = idKey(full.firstDuty);
  const second = idKey(full.secondDuty);
  const out: RoleViolation[] = [];
  for (const [key, duties] of roleDutyClosures(model)) if (duties.has(first) && duties.has(second)) out.push(describe(model, model.roles.get(key)!.id, key, full));
  return out.sort((a, b) => (idKey(a.role) < idKey(b.role) ? -1 : 1));
}

function resolveRule(model: SecurityModel, rule: string | SodRuleInput): SodRule {
  if (typeof rule === 'string') {
    const found = model.sodRules.get(idKey(parseOrThrow(idSchema, rule, 'rule')));
    if (!found) throw new SecGovError('NOT_FOUND', `SoD rule "${rule}" does not exist`, { ids: [rule] });
    return found;
  }
  const parsed = parseOrThrow(sodRuleSchema, rule, 'rule');
  for (const duty of [parsed.firstDuty, parsed.secondDuty]) {
    if (!model.duties.has(idKey(duty))) throw new SecGovError('MISSING_REFERENCE', `SoD rule "${parsed.id}" refers to missing duty "${duty}"`, { ids: [parsed.id, duty] });
  }
  return parsed;
}

/**
 * The enabled rules one role breaks, with the paths (role → sub-roles → duty) bringing each duty.
 * Empty for a role that complies.
 *
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown role, `VALIDATION_FAILED` when `model` is
 *   not a model or `role` not an id
 */
export function roleConflicts(model: SecurityModel, role: string): RoleViolation[] {
  assertModel(model);
  const key = idKey(parseOrThrow(idSchema, role, 'role'));
  if (!model.roles.has(key)) throw new SecGovError('NOT_FOUND', `role "${role}" does not exist`, { ids: [role] });
  const context: SodContext = { model, roleDuties: roleDutyClosures(model, [key]), rulesByDuty: enabledRulesByDuty(model), descendants: new OrganizationDescendants(model.organizations) };
  return roleViolations(context, key);
}
