/**
 * The casbin baseline: the same security model as an RBAC policy for node-casbin, with
 * deny-override. Users, roles, sub-roles, duties and privileges become grouping (`g`) lines;
 * every allowed or denied right of a grant becomes a policy (`p`) line.
 *
 * What casbin does not express here, and the bench leaves out of its sample: organization scope
 * (every assignment counts everywhere) and the administrator role's implicit full access.
 * Disabled users get no grouping lines, so they have no access, as in secgov.
 *
 * @module
 */
import { newEnforcer, newModelFromString, StringAdapter } from 'casbin';
import type { Adapter, Enforcer, Model } from 'casbin';
import { idKey } from '../src/model/ids.js';
import type { SecurityModel } from '../src/model/model.js';
import { rights } from '../src/model/schemas.js';

/** The casbin model: request (subject, object, action), deny-override effect. */
export const casbinModelText = `
[request_definition]
r = sub, obj, act

[policy_definition]
p = sub, obj, act, eft

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = r.obj == p.obj && r.act == p.act && g(r.sub, p.sub)
`;

/** Casbin compares strings exactly and reads CSV: an id as its lookup key, with commas escaped. */
export const casbinKey = (id: string): string => idKey(id).replace(/,/g, '%2C');

/** The casbin subject of a user. */
export const casbinUser = (id: string): string => `user:${casbinKey(id)}`;
/** The casbin object of an entry point id. */
export const casbinObject = (entryPoint: string): string => casbinKey(entryPoint);

/** The policy as casbin rules: `p` rules (subject, object, action, effect) and `g` rules (member, group). */
export interface CasbinPolicy {
  readonly p: string[][];
  readonly g: string[][];
}

/** The casbin policy equivalent to a model. */
export function casbinPolicy(model: SecurityModel): CasbinPolicy {
  const p: string[][] = [];
  const g: string[][] = [];
  for (const privilege of model.privileges.values()) {
    const subject = `priv:${casbinKey(privilege.id)}`;
    for (const grant of privilege.grants) {
      const object = casbinKey(grant.entryPoint);
      for (const right of rights) {
        const permission = grant[right];
        if (permission !== 'unset') p.push([subject, object, right, permission]);
      }
    }
  }
  for (const duty of model.duties.values()) {
    for (const privilege of duty.privileges) g.push([`duty:${casbinKey(duty.id)}`, `priv:${casbinKey(privilege)}`]);
  }
  for (const role of model.roles.values()) {
    const subject = `role:${casbinKey(role.id)}`;
    for (const s of role.subRoles) g.push([subject, `role:${casbinKey(s)}`]);
    for (const d of role.duties) g.push([subject, `duty:${casbinKey(d)}`]);
    for (const privilege of role.privileges) g.push([subject, `priv:${casbinKey(privilege)}`]);
  }
  for (const assignment of model.assignments.values()) {
    if (model.users.get(idKey(assignment.user))?.enabled !== true) continue;
    g.push([casbinUser(assignment.user), `role:${casbinKey(assignment.role)}`]);
  }
  return { p, g };
}

/** The policy as the CSV text casbin's file and string adapters read. */
export function casbinPolicyText(policy: CasbinPolicy, limit = Infinity): string {
  const lines: string[] = [];
  for (const rule of policy.p) {
    if (lines.length >= limit) break;
    lines.push(`p, ${rule.join(', ')}`);
  }
  for (const rule of policy.g) {
    if (lines.length >= limit) break;
    lines.push(`g, ${rule.join(', ')}`);
  }
  return lines.join('\n');
}

/**
 * An adapter handing casbin rules that are already split into fields: the fastest way to load a
 * policy (what `Helper.loadPolicyLine` does after parsing a CSV line), so the baseline is casbin at
 * its best. Read-only.
 */
class RulesAdapter implements Adapter {
  constructor(private readonly policy: CasbinPolicy) {}

  async loadPolicy(model: Model): Promise<void> {
    const p = model.model.get('p')?.get('p');
    const g = model.model.get('g')?.get('g');
    if (!p || !g) throw new Error('casbin model lacks p or g');
    for (const rule of this.policy.p) p.policy.push([...rule]);
    for (const rule of this.policy.g) g.policy.push([...rule]);
  }
  async savePolicy(): Promise<boolean> { return false; }
  async addPolicy(): Promise<void> {}
  async removePolicy(): Promise<void> {}
  async removeFilteredPolicy(): Promise<void> {}
}

/** Load the policy into a new enforcer: what casbin does at start-up (store the rules, build the role links). */
export async function loadCasbin(policy: CasbinPolicy): Promise<Enforcer> {
  return newEnforcer(newModelFromString(casbinModelText), new RulesAdapter(policy));
}

/** Load CSV policy text through casbin's string adapter (each line parsed as CSV, as most adapters do). */
export async function loadCasbinCsv(text: string): Promise<Enforcer> {
  return newEnforcer(newModelFromString(casbinModelText), new StringAdapter(text));
}
