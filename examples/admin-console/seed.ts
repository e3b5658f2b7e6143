/**
 * The console's demo data: a generated "small" model (about 1% of a Dynamics 365 installation)
 * with a few segregation-of-duties rules, and, on a fresh store, two assignments that break a
 * rule so the SoD screen has unresolved conflicts to decide.
 *
 * @module
 */
import { applyChanges, idKey, type ChangeInput, type Governance, type SecurityModel } from '../../src/index.js';
import { generateModel, generateSodRules, generatedReferenceDate } from '../../src/testing/index.js';

/** The seed of the generated model. */
export const DEMO_SEED = 1;

/** The generated model with its SoD rules, and the instant the console clock starts at. */
export function demoModel(seed = DEMO_SEED): { model: SecurityModel; start: string } {
  const generated = generateModel({ seed, size: 'small' });
  const rules = generateSodRules(generated, { count: 6, seed });
  const changes: ChangeInput[] = rules.map((value) => ({ op: 'add', kind: 'sodRule', value: { ...value, enabled: true } }));
  const model = applyChanges(generated, changes);
  // Working hours on the generated model's reference day.
  const start = new Date(Date.parse(generatedReferenceDate(seed)) + 8 * 3_600_000).toISOString();
  return { model, start };
}

/** The enabled users holding the administrator role (who may sign in to the console). */
export function administrators(gov: Governance): string[] {
  const model = gov.model();
  const adminRole = idKey(model.parameters.administratorRole);
  const out: string[] = [];
  for (const user of model.users.values()) {
    const state = gov.effectiveState(user.id);
    if (state.enabled && state.assignments.some((a) => idKey(a.role) === adminRole)) out.push(user.id);
  }
  return out;
}

/** Duty keys of a role, own and through sub-roles (iterative). */
function dutiesOf(model: SecurityModel, role: string): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const stack = [idKey(role)];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const r = model.roles.get(key);
    if (!r) continue;
    for (const d of r.duties) out.add(idKey(d));
    for (const s of r.subRoles) stack.push(idKey(s));
  }
  return out;
}

/**
 * Raise up to `count` SoD conflicts as `actor`: for a rule, a user holding its first duty (and not
 * its second) is assigned a role bringing the second duty, which the service holds as an
 * unresolved conflict. Each user and rule is used once.
 *
 * @returns the conflict ids raised
 */
export async function raiseDemoConflicts(gov: Governance, actor: string, count = 2): Promise<string[]> {
  const model = gov.model();
  const adminRole = idKey(model.parameters.administratorRole);
  const roles = [...model.roles.values()].filter((r) => idKey(r.id) !== adminRole);
  const roleDuties = new Map(roles.map((r) => [idKey(r.id), dutiesOf(model, r.id)]));
  const held = new Map<string, Set<string>>();
  for (const a of model.assignments.values()) {
    const set = held.get(idKey(a.user)) ?? new Set<string>();
    for (const d of roleDuties.get(idKey(a.role)) ?? []) set.add(d);
    held.set(idKey(a.user), set);
  }
  const raised: string[] = [];
  const usedUsers = new Set<string>([idKey(actor)]);
  for (const rule of model.sodRules.values()) {
    if (raised.length >= count) break;
    if (!rule.enabled) continue;
    const [first, second] = [idKey(rule.firstDuty), idKey(rule.secondDuty)];
    const role = roles.find((r) => roleDuties.get(idKey(r.id))!.has(second) && !roleDuties.get(idKey(r.id))!.has(first));
    if (!role) continue;
    const user = [...model.users.values()].find(
      (u) => u.enabled && !usedUsers.has(idKey(u.id)) && held.get(idKey(u.id))?.has(first) === true && held.get(idKey(u.id))?.has(second) !== true,
    );
    if (!user) continue;
    usedUsers.add(idKey(user.id));
    const outcome = await gov.assign(actor, { user: user.id, role: role.id });
    raised.push(...outcome.conflicts.map((c) => c.id));
  }
  return raised;
}
