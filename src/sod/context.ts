/**
 * The compiled view SoD checks read: each role's duties (own and through sub-roles), the enabled
 * rules by duty, and organization scopes expanded through the hierarchy.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import type { Scope } from '../model/schemas.js';
import type { SodRule } from '../model/governance-schemas.js';
import type { Change } from '../model/changes.js';

/** A compiled organization scope: null for all organizations, else the organization keys covered. */
export type CompiledScope = ReadonlySet<string> | null;

/** What SoD checks need from a model, compiled once. @internal */
export interface SodContext {
  readonly model: SecurityModel;
  /** Duty keys of each role key, through sub-roles at any depth. */
  readonly roleDuties: ReadonlyMap<string, ReadonlySet<string>>;
  /** Enabled rules by the key of either of their duties. */
  readonly rulesByDuty: ReadonlyMap<string, readonly SodRule[]>;
  /** Organization keys below each organization key (children at any depth). */
  readonly descendants: OrganizationDescendants;
}

/**
 * Compile the SoD context of a model. Each part is kept with the collection it is made from (roles,
 * SoD rules, organizations): models share the collections a change did not touch, so a scan after
 * an assignment change compiles nothing again, and the rule plan built on the rules stays too.
 */
export function compileSodContext(model: SecurityModel): SodContext {
  return {
    model,
    roleDuties: keptFor(closuresByRoles, model.roles, () => roleDutyClosures(model)),
    rulesByDuty: keptFor(rulesByRules, model.sodRules, () => enabledRulesByDuty(model)),
    descendants: keptFor(descendantsByOrganizations, model.organizations, () => new OrganizationDescendants(model.organizations)),
  };
}

const closuresByRoles = new WeakMap<object, ReadonlyMap<string, ReadonlySet<string>>>();
const rulesByRules = new WeakMap<object, ReadonlyMap<string, readonly SodRule[]>>();
const descendantsByOrganizations = new WeakMap<object, OrganizationDescendants>();

function keptFor<T>(kept: WeakMap<object, T>, source: object, make: () => T): T {
  let value = kept.get(source);
  if (value === undefined) kept.set(source, (value = make()));
  return value;
}

/** Index the enabled rules by each of their duties. */
export function enabledRulesByDuty(model: SecurityModel): Map<string, SodRule[]> {
  const byDuty = new Map<string, SodRule[]>();
  for (const rule of model.sodRules.values()) {
    if (!rule.enabled) continue;
    for (const duty of [idKey(rule.firstDuty), idKey(rule.secondDuty)]) {
      const list = byDuty.get(duty);
      if (list) list.push(rule);
      else byDuty.set(duty, [rule]);
    }
  }
  return byDuty;
}

/**
 * The duty keys of every role, own and through sub-roles at any depth. Iterative post-order walk,
 * so 10,000-deep sub-role chains work; a role without sub-roles shares nothing but its own set.
 */
export function roleDutyClosures(model: SecurityModel, only?: Iterable<string>): Map<string, Set<string>> {
  return roleDutyClosuresOver(model, [...(only ?? model.roles.keys())].filter((k) => model.roles.has(k)), new Map());
}

/**
 * The organizations below each organization (children at any depth), each list found on first
 * use and kept: a scan needs only those of the organizations its scopes include with their
 * children. Listing every organization's descendants up front took time and memory quadratic in
 * the depth (a 10,000-deep chain: 50 million entries).
 */
export class OrganizationDescendants {
  private children: Map<string, string[]> | undefined;
  private readonly below = new Map<string, readonly string[]>();

  // Only the organizations are held: the tree is kept with them, and must not keep a whole model alive.
  constructor(private readonly organizations: SecurityModel['organizations']) {}

  /** Organization keys below `key`, at any depth (none for an unknown key). */
  descendantsOf(key: string): readonly string[] {
    let out = this.below.get(key);
    if (out) return out;
    const children = (this.children ??= childrenByParent(this.organizations));
    const found: string[] = [];
    const stack = [...(children.get(key) ?? [])];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      found.push(next);
      for (const child of children.get(next) ?? []) stack.push(child);
    }
    this.below.set(key, (out = found));
    return out;
  }
}

function childrenByParent(organizations: SecurityModel['organizations']): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const [key, org] of organizations) {
    if (org.parent === undefined) continue;
    const parent = idKey(org.parent);
    const list = children.get(parent);
    if (list) list.push(key);
    else children.set(parent, [key]);
  }
  return children;
}

/** Expand a scope into the organization keys it covers (null for all). */
export function compileScope(context: SodContext, scope: Scope): CompiledScope {
  if (scope === 'all') return null;
  // Kept per scope record (shared by the models a change did not touch) and organization tree.
  let kept = compiledScopes.get(context.descendants);
  if (!kept) compiledScopes.set(context.descendants, (kept = new WeakMap()));
  let keys = kept.get(scope);
  if (keys) return keys;
  keys = new Set<string>();
  for (const org of scope.organizations) {
    const key = idKey(org.id);
    keys.add(key);
    if (org.includeChildren) for (const d of context.descendants.descendantsOf(key)) keys.add(d);
  }
  kept.set(scope, keys);
  return keys;
}

const compiledScopes = new WeakMap<SodContext['descendants'], WeakMap<Exclude<Scope, 'all'>, Set<string>>>();

/** Where two scopes meet: null for everywhere, else the common organization keys (possibly none). */
export function intersectScopes(a: CompiledScope, b: CompiledScope): CompiledScope {
  if (a === null) return b;
  if (b === null) return a;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const out = new Set<string>();
  for (const key of small) if (large.has(key)) out.add(key);
  return out;
}

/**
 * Paths from a role to a duty: each is the role chain (role → sub-role → ...) ending at the role
 * that lists the duty, then the duty. Shortest first (breadth-first, each role reached once), at
 * most `limit`. Each role keeps only the role it was reached from, and chains are spelled out only
 * for the roles that list the duty: copying every chain made deep hierarchies quadratic.
 */
export function dutyPaths(model: SecurityModel, roleKey: string, dutyKey: string, limit = 10): string[][] {
  const paths: string[][] = [];
  const reachedFrom = new Map<string, string | null>([[roleKey, null]]);
  const queue = [roleKey];
  for (let next = 0; next < queue.length && paths.length < limit; next++) {
    const key = queue[next]!;
    const role = model.roles.get(key);
    if (!role) continue;
    const duty = role.duties.find((d) => idKey(d) === dutyKey);
    if (duty !== undefined) paths.push([...roleChain(model, reachedFrom, key), model.duties.get(dutyKey)?.id ?? duty]);
    for (const sub of role.subRoles) {
      const subKey = idKey(sub);
      if (!reachedFrom.has(subKey)) {
        reachedFrom.set(subKey, key);
        queue.push(subKey);
      }
    }
  }
  return paths;
}

/** The role ids from the start of a breadth-first walk to `key`, following `reachedFrom`. */
function roleChain(model: SecurityModel, reachedFrom: ReadonlyMap<string, string | null>, key: string): string[] {
  const chain: string[] = [];
  for (let at: string | null | undefined = key; at != null; at = reachedFrom.get(at)) chain.push(model.roles.get(at)!.id);
  return chain.reverse();
}

/** What a batch of changes did to a compiled context. @internal */
export interface ContextAdvance {
  /** The context of the new model. */
  readonly context: SodContext;
  /** Keys of the roles whose duty closure may have changed (changed roles and every role containing them). */
  readonly roles: ReadonlySet<string>;
  /** Keys of users whose own data or assignments changed. */
  readonly users: ReadonlySet<string>;
  /** True when rules or organizations changed: any user's result may differ. */
  readonly everyone: boolean;
}

/**
 * Move a compiled context to `next`, the model after `changes`, recomputing only what the changes
 * touched: the duty closures of changed roles and of the roles containing them, the rule index
 * when rules changed, the organization tree when organizations changed.
 */
export function advanceSodContext(previous: SodContext, next: SecurityModel, changes: readonly Change[]): ContextAdvance {
  const users = new Set<string>();
  const changedRoles = new Set<string>();
  let rulesChanged = false;
  let organizationsChanged = false;
  for (const c of changes) {
    switch (c.op) {
      case 'assign':
        users.add(idKey(c.assignment.user));
        break;
      case 'unassign':
        users.add(idKey(c.user));
        break;
      case 'add':
      case 'update':
      case 'remove': {
        const key = c.op === 'add' ? (c.kind === 'entryPoint' ? '' : idKey((c.value as { id: string }).id)) : idKey(c.id);
        if (c.kind === 'user') users.add(key);
        else if (c.kind === 'role') changedRoles.add(key);
        else if (c.kind === 'organization') organizationsChanged = true;
        else if (c.kind === 'sodRule') rulesChanged = true;
        break;
      }
      default:
        break;
    }
  }
  let roleDuties = previous.roleDuties;
  const roles = changedRoles.size > 0 ? rolesContaining(next, changedRoles, previous.model) : new Set<string>();
  if (roles.size > 0) {
    const updated = new Map(previous.roleDuties);
    for (const key of roles) updated.delete(key);
    // Recompute bottom-up from the changed roles; unchanged sub-roles keep their closures.
    const recomputed = roleDutyClosuresOver(next, [...roles].filter((k) => next.roles.has(k)), updated);
    for (const [key, duties] of recomputed) updated.set(key, duties);
    roleDuties = updated;
  }
  const rulesByDuty = rulesChanged ? enabledRulesByDuty(next) : previous.rulesByDuty;
  const descendants = organizationsChanged ? new OrganizationDescendants(next.organizations) : previous.descendants;
  return { context: { model: next, roleDuties, rulesByDuty, descendants }, roles, users, everyone: rulesChanged || organizationsChanged };
}

/** The given roles and every role containing one of them at any depth, in the old or the new model. */
export function rolesContaining(model: SecurityModel, roles: Iterable<string>, before?: SecurityModel): Set<string> {
  const parents = new Map<string, string[]>();
  for (const m of before && before !== model ? [model, before] : [model]) {
    for (const [key, role] of m.roles) for (const sub of role.subRoles) {
      const list = parents.get(idKey(sub));
      if (list) list.push(key);
      else parents.set(idKey(sub), [key]);
    }
  }
  const affected = new Set<string>();
  const stack = [...roles];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (affected.has(key)) continue;
    affected.add(key);
    for (const parent of parents.get(key) ?? []) stack.push(parent);
  }
  return affected;
}

/** {@link roleDutyClosures} for some roles, reusing the closures `known` already holds. */
function roleDutyClosuresOver(model: SecurityModel, only: readonly string[], known: ReadonlyMap<string, ReadonlySet<string>>): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  const closure = (key: string) => result.get(key) ?? known.get(key);
  for (const start of only) {
    if (closure(start)) continue;
    const stack: [string, number][] = [[start, 0]];
    const onPath = new Set<string>([start]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const role = model.roles.get(top[0])!;
      if (top[1] < role.subRoles.length) {
        const child = idKey(role.subRoles[top[1]++]!);
        if (!closure(child) && !onPath.has(child) && model.roles.has(child)) {
          onPath.add(child);
          stack.push([child, 0]);
        }
        continue;
      }
      stack.pop();
      onPath.delete(top[0]);
      const duties = new Set(role.duties.map(idKey));
      for (const sub of role.subRoles) for (const d of closure(idKey(sub)) ?? []) duties.add(d);
      result.set(top[0], duties);
    }
  }
  return result;
}
