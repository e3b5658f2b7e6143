/**
 * Shared machinery of the design functions: lookups that answer typed errors, new-id bookkeeping,
 * grant combination and the iterative traversals of the process tree and the role graph.
 *
 * @internal
 * @module
 */
import type { z } from 'zod';
import type { ObjectKind } from '../model/changes.js';
import { kindLabel } from '../model/collections.js';
import { SecGovError, type Problem } from '../model/errors.js';
import { idKey, idSchema, MAX_ID_LENGTH } from '../model/ids.js';
import { assertModel } from '../model/assert-model.js';
import type { SecurityModel } from '../model/model.js';
import type { EntryPoint, Grant, Permission, Right } from '../model/schemas.js';
import { entryPointId, rights } from '../model/schemas.js';
import type { Process, Task } from '../model/design-schemas.js';
import { parseOrThrow } from '../model/zod-problems.js';

/** Parse a design input at the boundary (after checking the model). @internal */
export function parseInput<S extends z.ZodType>(model: unknown, schema: S, input: unknown, what: string): z.output<S> {
  assertModel(model);
  return parseOrThrow(schema, input, what);
}

/** An id as shown in a message: long or odd values are cut. @internal */
export function shown(id: string): string {
  return id.length > 80 ? `${id.slice(0, 80)}…` : id;
}

/** Collects problems and throws them together. @internal */
export class Problems {
  readonly list: Problem[] = [];
  /** Record a problem. */
  add(code: Problem['code'], message: string, ids: readonly string[]): void {
    this.list.push({ code, message, ids: ids.map(shown) });
  }
  /** Throw every problem recorded so far, the first giving the code. */
  throwIfAny(): void {
    if (this.list.length > 0) throw SecGovError.fromProblems(this.list);
  }
}

type Collections = {
  privilege: 'privileges';
  duty: 'duties';
  role: 'roles';
  user: 'users';
  organization: 'organizations';
  process: 'processes';
  task: 'tasks';
  securityCategory: 'securityCategories';
};
const collections: Collections = {
  privilege: 'privileges',
  duty: 'duties',
  role: 'roles',
  user: 'users',
  organization: 'organizations',
  process: 'processes',
  task: 'tasks',
  securityCategory: 'securityCategories',
};

/** The object of `kind` with `id`, or a `NOT_FOUND` error naming it. @internal */
export function find<K extends keyof Collections>(model: SecurityModel, kind: K, id: string): NonNullable<ReturnType<SecurityModel[Collections[K]]['get']>> {
  const found = (model[collections[kind]] as ReadonlyMap<string, unknown>).get(idKey(id));
  if (found === undefined) throw new SecGovError('NOT_FOUND', `${kindLabel[kind]} "${shown(id)}" does not exist`, { ids: [shown(id)] });
  return found as NonNullable<ReturnType<SecurityModel[Collections[K]]['get']>>;
}

/**
 * New ids of one design operation: each must be free in the model and not used twice in the
 * batch (case-insensitively, per kind).
 *
 * @internal
 */
export class NewIds {
  private readonly taken = new Map<ObjectKind, Set<string>>();
  constructor(
    private readonly model: SecurityModel,
    private readonly problems: Problems,
  ) {}

  /** Reserve `id` for a new object of `kind`; records `DUPLICATE_ID` (or `VALIDATION_FAILED` for a malformed generated id). */
  claim(kind: Exclude<ObjectKind, 'entryPoint'>, id: string): string {
    if (!idSchema.safeParse(id).success) {
      this.problems.add('VALIDATION_FAILED', `new ${kindLabel[kind]} id "${shown(id)}" is not a valid id (1 to ${MAX_ID_LENGTH} characters, no control characters)`, [id]);
      return id;
    }
    const key = idKey(id);
    const existing = (this.model[collectionName(kind)] as ReadonlyMap<string, { id: string }>).get(key);
    if (existing) {
      this.problems.add('DUPLICATE_ID', `${kindLabel[kind]} "${shown(id)}" already exists${existing.id === id ? '' : ` as "${shown(existing.id)}"`} (ids are case-insensitive)`, [id, existing.id]);
      return id;
    }
    let set = this.taken.get(kind);
    if (!set) this.taken.set(kind, (set = new Set()));
    if (set.has(key)) this.problems.add('DUPLICATE_ID', `new ${kindLabel[kind]} id "${shown(id)}" is used twice in this design`, [id]);
    set.add(key);
    return id;
  }
}

function collectionName(kind: Exclude<ObjectKind, 'entryPoint'>): keyof SecurityModel {
  switch (kind) {
    case 'privilege': return 'privileges';
    case 'duty': return 'duties';
    case 'role': return 'roles';
    case 'user': return 'users';
    case 'organization': return 'organizations';
    case 'sodRule': return 'sodRules';
    case 'securityCategory': return 'securityCategories';
    case 'process': return 'processes';
    case 'task': return 'tasks';
    case 'assignmentRule': return 'assignmentRules';
  }
}

/** Report a list of ids naming the same object twice (`DUPLICATE_ID`). @internal */
export function checkDistinct(problems: Problems, what: string, ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    const key = idKey(id);
    if (seen.has(key)) problems.add('DUPLICATE_ID', `${what} "${shown(id)}" is listed twice`, [id]);
    seen.add(key);
  }
}

/** The entry point with `id`, or undefined. @internal */
export function entryPointOf(model: SecurityModel, id: string): EntryPoint | undefined {
  return model.entryPoints.get(idKey(id));
}

/** A grant with every right unset. @internal */
export function emptyGrant(entryPoint: string): Grant {
  return { entryPoint, read: 'unset', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' };
}

/** Combine two permissions: deny wins over allow, allow over unset. @internal */
export function combine(a: Permission, b: Permission): Permission {
  if (a === 'deny' || b === 'deny') return 'deny';
  if (a === 'allow' || b === 'allow') return 'allow';
  return 'unset';
}

/** True when the grant sets some right (allow or deny). @internal */
export function setsSomething(grant: Pick<Grant, Right>): boolean {
  return rights.some((r) => grant[r] !== 'unset');
}

/**
 * Grants combined per entry point (deny wins), keyed by entry point id key, with the model's
 * spelling of each entry point id.
 *
 * @internal
 */
export class GrantSet {
  readonly byKey = new Map<string, Grant>();

  constructor(private readonly model: SecurityModel) {}

  /** Add a grant, combining it with one already held on the same entry point. */
  add(grant: Grant): void {
    const key = idKey(grant.entryPoint);
    const ep = this.model.entryPoints.get(key);
    const entryPoint = ep ? entryPointId(ep) : grant.entryPoint;
    const held = this.byKey.get(key);
    if (!held) {
      this.byKey.set(key, { ...grant, entryPoint });
      return;
    }
    const next = { ...held };
    for (const r of rights) next[r] = combine(held[r], grant[r]);
    this.byKey.set(key, next);
  }

  /** The grants that set some right, sorted by entry point id (case-insensitively). */
  grants(): Grant[] {
    return [...this.byKey.entries()]
      .filter(([, g]) => setsSomething(g))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, g]) => g);
  }
}

/** Normalize a grant to the model's spelling of its entry point id. @internal */
export function spelled(model: SecurityModel, grant: Grant): Grant {
  const ep = model.entryPoints.get(idKey(grant.entryPoint));
  return ep ? { ...grant, entryPoint: entryPointId(ep) } : grant;
}

/**
 * The process nodes of a subtree in pre-order (the start first), children in model order.
 * Iterative: 10,000-deep trees must work.
 *
 * @internal
 */
export function processSubtree(model: SecurityModel, roots: readonly Process[]): Process[] {
  const children = new Map<string, Process[]>();
  for (const p of model.processes.values()) {
    if (p.parent === undefined) continue;
    const key = idKey(p.parent);
    let list = children.get(key);
    if (!list) children.set(key, (list = []));
    list.push(p);
  }
  const out: Process[] = [];
  const seen = new Set<string>();
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const p = stack.pop()!;
    const key = idKey(p.id);
    if (seen.has(key)) continue; // a valid model has no cycles; guard anyway
    seen.add(key);
    out.push(p);
    const kids = children.get(key);
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

/** The tasks of each process, by process id key, in model order. @internal */
export function tasksByProcess(model: SecurityModel): Map<string, Task[]> {
  const out = new Map<string, Task[]>();
  for (const t of model.tasks.values()) {
    const key = idKey(t.process);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(t);
  }
  return out;
}

/**
 * The roles of a role's sub-tree (the role first, then depth-first pre-order, each once).
 * Iterative: 10,000-deep sub-role chains must work.
 *
 * @internal
 */
export function roleClosure(model: SecurityModel, roleId: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const stack = [idKey(roleId)];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    const role = model.roles.get(key);
    if (!role) continue;
    seen.add(key);
    out.push(key);
    for (let i = role.subRoles.length - 1; i >= 0; i--) stack.push(idKey(role.subRoles[i]!));
  }
  return out;
}

/** A readable list of at most 20 items, then a count of the rest. @internal */
export function listed(items: readonly string[]): string {
  if (items.length <= 20) return items.join(', ');
  return `${items.slice(0, 20).join(', ')} and ${items.length - 20} more`;
}
