/**
 * Tasks: by hand, from a recorded task, from the access of a user or role, as a copy of another
 * task, and "explode entry point".
 *
 * @module
 */
import { z } from 'zod';
import type { Change } from '../model/changes.js';
import type { Task } from '../model/design-schemas.js';
import { taskSchema } from '../model/design-schemas.js';
import { SecGovError } from '../model/errors.js';
import { idKey, idSchema, nameSchema, textSchema } from '../model/ids.js';
import { assertModel } from '../model/assert-model.js';
import { isId, readArgument } from '../model/arguments.js';
import type { SecurityModel } from '../model/model.js';
import type { Grant } from '../model/schemas.js';
import { entryPointId, MAX_GRANTS_PER_PRIVILEGE, rightSchema } from '../model/schemas.js';
import { grantsOf } from './effective.js';
import { checkDistinct, emptyGrant, find, GrantSet, listed, NewIds, parseInput, Problems, shown, spelled } from './internal.js';
import { accessSourceSchema, MAX_DESIGN_ITEMS, type DesignResult } from './types.js';

/** Most steps one recorded task may hold (a recording visits the same entry point many times). */
export const MAX_RECORDING_STEPS = 1_000_000;

/** Check a new task's id, process and entry points; return its `add` record. */
function addTask(model: SecurityModel, problems: Problems, ids: NewIds, task: Task): Change {
  ids.claim('task', task.id);
  if (!model.processes.has(idKey(task.process))) problems.add('MISSING_REFERENCE', `task "${shown(task.id)}" refers to missing process "${shown(task.process)}"`, [task.id, task.process]);
  checkDistinct(problems, `task "${shown(task.id)}" entry point`, task.entryPoints.map((g) => g.entryPoint));
  for (const g of task.entryPoints) {
    if (!model.entryPoints.has(idKey(g.entryPoint))) problems.add('MISSING_REFERENCE', `task "${shown(task.id)}" refers to missing entry point "${shown(g.entryPoint)}"`, [task.id, g.entryPoint]);
  }
  return { op: 'add', kind: 'task', value: { ...task, entryPoints: task.entryPoints.map((g) => spelled(model, g)) } };
}

function taskValue(input: { id: string; name: string; process: string; description?: string | undefined }, entryPoints: Grant[]): Task {
  const process = input.process;
  return {
    id: input.id,
    name: input.name,
    process,
    ...(input.description !== undefined ? { description: input.description } : {}),
    entryPoints,
  };
}

function single(model: SecurityModel, problems: Problems, ids: NewIds, task: Task, how: string): DesignResult {
  const change = addTask(model, problems, ids, task);
  problems.throwIfAny();
  return {
    changes: [change],
    description: `Add task "${task.id}" (${task.name}) under process "${task.process}" ${how}, with ${task.entryPoints.length} entry point${task.entryPoints.length === 1 ? '' : 's'}.`,
    created: [{ kind: 'task', id: task.id }],
    updated: [],
  };
}

/**
 * Create a task by hand: the `add` record of a validated task.
 *
 * @example createTask(model, { id: 'PostJournal', name: 'Post a journal', process: 'GeneralLedger', entryPoints: [{ entryPoint: 'menu-item-action:LedgerJournalPost', invoke: 'allow' }] })
 * @throws {@link SecGovError} `VALIDATION_FAILED` for malformed input; `DUPLICATE_ID` for a task id
 *   already used or an entry point listed twice; `MISSING_REFERENCE` for an unknown process or entry point
 */
export function createTask(model: SecurityModel, input: z.input<typeof taskSchema>): DesignResult {
  const task = parseInput(model, taskSchema, input, 'task');
  const problems = new Problems();
  return single(model, problems, new NewIds(model, problems), task, 'by hand');
}

const newTaskFields = {
  id: idSchema,
  name: nameSchema,
  process: idSchema,
  description: textSchema.optional(),
};

/**
 * Schema of a recorded task: the steps the host's task recorder captured, each an entry point
 * with the rights it was used with (default `read`).
 */
export const recordedTaskSchema = z.strictObject({
  ...newTaskFields,
  steps: z
    .array(z.strictObject({ entryPoint: idSchema, rights: z.array(rightSchema).min(1).max(6).default(['read']) }))
    .min(1, 'a recording needs at least one step')
    .max(MAX_RECORDING_STEPS),
});
/** A recorded task as callers write it; see {@link recordedTaskSchema}. */
export type RecordedTaskInput = z.input<typeof recordedTaskSchema>;

/**
 * Create a task from a recording: one entry point per distinct recorded entry point
 * (case-insensitively), allowing every right any step used it with.
 *
 * @throws {@link SecGovError} `MISSING_REFERENCE` naming every recorded entry point the model does
 *   not know (nothing is skipped silently); `DUPLICATE_ID`, `VALIDATION_FAILED` as {@link createTask}
 */
export function taskFromRecording(model: SecurityModel, input: RecordedTaskInput): DesignResult {
  const parsed = parseInput(model, recordedTaskSchema, input, 'recorded task');
  const problems = new Problems();
  const set = new GrantSet(model);
  const missing = new Set<string>();
  for (const step of parsed.steps) {
    if (!model.entryPoints.has(idKey(step.entryPoint))) {
      if (!missing.has(idKey(step.entryPoint))) problems.add('MISSING_REFERENCE', `recorded task "${shown(parsed.id)}" refers to missing entry point "${shown(step.entryPoint)}"`, [parsed.id, step.entryPoint]);
      missing.add(idKey(step.entryPoint));
      continue;
    }
    const grant = emptyGrant(step.entryPoint);
    for (const r of step.rights) grant[r] = 'allow';
    set.add(grant);
  }
  problems.throwIfAny();
  const entryPoints = set.grants();
  if (entryPoints.length > MAX_GRANTS_PER_PRIVILEGE) throw new SecGovError('LIMIT_EXCEEDED', `recorded task "${shown(parsed.id)}" names ${entryPoints.length} entry points; a task holds at most ${MAX_GRANTS_PER_PRIVILEGE}`, { ids: [shown(parsed.id)] });
  return single(model, problems, new NewIds(model, problems), taskValue(parsed, entryPoints), `from a recording of ${parsed.steps.length} step${parsed.steps.length === 1 ? '' : 's'}`);
}

/** Schema of the input of {@link taskFromAccess}. */
export const taskFromAccessSchema = z.strictObject({ ...newTaskFields, source: accessSourceSchema });
/** The input of {@link taskFromAccess}. */
export type TaskFromAccessInput = z.input<typeof taskFromAccessSchema>;

/**
 * Create a task from the entry points of an existing user or role (or duty or privilege): see
 * {@link effectiveEntryPoints} for what each source contributes. Denied rights stay denied in the
 * task, so it never gives more than the source had.
 *
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown source; `VALIDATION_FAILED` for a disabled
 *   user or a source without entry points; `DUPLICATE_ID`, `MISSING_REFERENCE` as {@link createTask}
 */
export function taskFromAccess(model: SecurityModel, input: TaskFromAccessInput): DesignResult {
  const parsed = parseInput(model, taskFromAccessSchema, input, 'task from access');
  const entryPoints = grantsOf(model, parsed.source);
  if (entryPoints.length === 0) throw new SecGovError('VALIDATION_FAILED', `${parsed.source.kind} "${shown(parsed.source.id)}" has no entry points to make a task from`, { ids: [shown(parsed.source.id)] });
  const problems = new Problems();
  return single(model, problems, new NewIds(model, problems), taskValue(parsed, entryPoints), `from the entry points of ${parsed.source.kind} "${parsed.source.id}"`);
}

/** Schema of the input of {@link copyTask}: the new id, and optionally a new name, process and description. */
export const copyTaskSchema = z.strictObject({
  from: idSchema,
  id: idSchema,
  name: nameSchema.optional(),
  process: idSchema.optional(),
  description: textSchema.optional(),
});
/** The input of {@link copyTask}. */
export type CopyTaskInput = z.input<typeof copyTaskSchema>;

/**
 * Copy a task: the same entry points and rights under a new id; name, process and description
 * default to the original's.
 *
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown task to copy; `DUPLICATE_ID`,
 *   `MISSING_REFERENCE`, `VALIDATION_FAILED` as {@link createTask}
 */
export function copyTask(model: SecurityModel, input: CopyTaskInput): DesignResult {
  const parsed = parseInput(model, copyTaskSchema, input, 'task copy');
  const original = find(model, 'task', parsed.from);
  const description = parsed.description ?? original.description;
  const task = taskValue(
    { id: parsed.id, name: parsed.name ?? original.name, process: parsed.process ?? original.process, description },
    original.entryPoints.map((g) => ({ ...g })),
  );
  const problems = new Problems();
  return single(model, problems, new NewIds(model, problems), task, `as a copy of task "${original.id}"`);
}

/**
 * Entry points that belong together, as the host knows them (for example a workspace and its
 * tiles): a function from an entry point id to the ids of its related entry points, or a map or
 * plain object keyed by entry point id (case-insensitively; keys such as `__proto__` are ordinary keys).
 */
export type EntryPointRelation =
  | ((entryPoint: string) => Iterable<string> | undefined | null)
  | ReadonlyMap<string, readonly string[]>
  | Readonly<Record<string, readonly string[]>>;

/** Schema of the input of {@link explodeEntryPoint} except the relation. */
export const explodeEntryPointSchema = z.strictObject({
  task: idSchema,
  entryPoints: z.array(idSchema).min(1).max(MAX_DESIGN_ITEMS).optional(),
  transitive: z.boolean().default(false),
});
/** The input of {@link explodeEntryPoint}. */
export type ExplodeEntryPointInput = z.input<typeof explodeEntryPointSchema> & {
  /** The relation that says which entry points belong with which. */
  readonly related: EntryPointRelation;
};

/** What {@link explodeEntryPoint} found, besides the change. */
export interface ExplodeResult extends DesignResult {
  /** The entry points added to the task, with the entry point each came from. */
  readonly added: readonly { readonly entryPoint: string; readonly from: string }[];
  /** Related entry points the task already held (their grants are left as they are). */
  readonly alreadyPresent: readonly string[];
}

function relationLookup(related: unknown): (id: string) => unknown {
  if (typeof related === 'function') return (id) => (related as (id: string) => unknown)(id);
  // A map or object is read once, here (what its reading throws is malformed input, named).
  const byKey = readArgument('related', () => {
    if (related instanceof Map) {
      const entries = new Map<string, unknown>();
      for (const [k, v] of related as Map<unknown, unknown>) if (typeof k === 'string') entries.set(idKey(k), v);
      return entries;
    }
    if (typeof related === 'object' && related !== null && !Array.isArray(related)) {
      const entries = new Map<string, unknown>();
      for (const k of Object.keys(related)) entries.set(idKey(k), (related as Record<string, unknown>)[k]);
      return entries;
    }
    return undefined;
  });
  if (byKey) return (id) => byKey.get(idKey(id));
  throw new SecGovError('VALIDATION_FAILED', 'invalid explode input: related must be a function, a Map or a plain object of entry point id lists', { ids: ['related'] });
}

/**
 * The ids the relation answered for `entryPoint`, read into a list (at most `limit + 1`): the
 * caller's function is called outside, but what reading its answer throws (a getter, a Proxy, an
 * array whose length throws) is a malformed answer, named.
 */
function relatedIds(answer: unknown, entryPoint: string, limit: number): unknown[] {
  const invalidAnswer = () => new SecGovError('VALIDATION_FAILED', `invalid relation: the entry points related to "${shown(entryPoint)}" must be a list of ids`, { ids: [shown(entryPoint)] });
  try {
    if (typeof answer !== 'object' || typeof (answer as Iterable<unknown>)[Symbol.iterator] !== 'function') throw invalidAnswer();
    const ids: unknown[] = [];
    for (const id of answer as Iterable<unknown>) if (ids.push(id) > limit) break;
    return ids;
  } catch (error) {
    if (error instanceof SecGovError) throw error;
    const failure = invalidAnswer();
    (failure as Error).cause = error;
    throw failure;
  }
}

/**
 * "Explode entry point": add to a task the entry points related to some of its entry points
 * (default: all of them), each with the rights of the entry point it came from. With
 * `transitive`, entry points related to added ones are added too (iteratively). Entry points the
 * task already holds keep their grants; one added from several sources combines their rights
 * (deny wins). Returns no change when nothing is new.
 *
 * @example explodeEntryPoint(model, { task: 'ReviewJournals', related: { 'web-content:LedgerWorkspace': ['menu-item-display:LedgerJournalTable'] } })
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown task or an entry point to explode that
 *   the task does not hold; `MISSING_REFERENCE` for a related id the model does not know;
 *   `VALIDATION_FAILED` for a malformed relation or answer; `LIMIT_EXCEEDED` beyond
 *   {@link MAX_GRANTS_PER_PRIVILEGE} entry points
 */
export function explodeEntryPoint(model: SecurityModel, input: ExplodeEntryPointInput): ExplodeResult {
  assertModel(model);
  if (typeof input !== 'object' || input === null) throw new SecGovError('VALIDATION_FAILED', 'invalid explode input: expected an object');
  const { related, ...rest } = readArgument('explode input', () => ({ ...input }));
  const parsed = parseInput(model, explodeEntryPointSchema, rest, 'explode input');
  const lookup = relationLookup(related);
  const task = find(model, 'task', parsed.task);
  const held = new Map<string, Grant>(task.entryPoints.map((g) => [idKey(g.entryPoint), g]));
  const problems = new Problems();
  const starts: Grant[] = [];
  for (const id of parsed.entryPoints ?? task.entryPoints.map((g) => g.entryPoint)) {
    const g = held.get(idKey(id));
    if (!g) problems.add('NOT_FOUND', `task "${shown(task.id)}" has no entry point "${shown(id)}" to explode`, [task.id, id]);
    else starts.push(g);
  }
  problems.throwIfAny();

  const additions = new GrantSet(model);
  const addedFrom = new Map<string, string>();
  const present = new Map<string, string>();
  let answers = 0;
  // Breadth-first from every start, each entry point expanded once per start's rights.
  const queue: { readonly entryPoint: string; readonly rights: Grant }[] = starts.map((g) => ({ entryPoint: g.entryPoint, rights: g }));
  const expanded = new Set<string>();
  for (let i = 0; i < queue.length; i++) {
    const { entryPoint, rights: source } = queue[i]!;
    const expandKey = `${idKey(entryPoint)}\u0000${idKey(source.entryPoint)}`;
    if (expanded.has(expandKey)) continue;
    expanded.add(expandKey);
    const answer = lookup(spelled(model, emptyGrant(entryPoint)).entryPoint);
    if (answer === undefined || answer === null) continue;
    for (const id of relatedIds(answer, entryPoint, MAX_GRANTS_PER_PRIVILEGE - answers)) {
      if (++answers > MAX_GRANTS_PER_PRIVILEGE) throw new SecGovError('LIMIT_EXCEEDED', `the relation names more than ${MAX_GRANTS_PER_PRIVILEGE} related entry points`);
      if (!isId(id)) throw new SecGovError('VALIDATION_FAILED', `invalid relation: "${shown(entryPoint)}" has a related entry point that is not a valid id`, { ids: [shown(entryPoint)] });
      const key = idKey(id as string);
      const ep = model.entryPoints.get(key);
      if (!ep) {
        problems.add('MISSING_REFERENCE', `entry point "${shown(entryPoint)}" is related to missing entry point "${shown(id as string)}"`, [entryPoint, id as string]);
        continue;
      }
      const epId = entryPointId(ep);
      if (held.has(key)) present.set(key, epId);
      else {
        additions.add({ ...source, entryPoint: epId });
        if (!addedFrom.has(key)) addedFrom.set(key, spelled(model, source).entryPoint);
      }
      if (parsed.transitive) queue.push({ entryPoint: epId, rights: source });
    }
  }
  problems.throwIfAny();

  const newGrants = [...additions.byKey.values()];
  const added = newGrants.map((g) => ({ entryPoint: g.entryPoint, from: addedFrom.get(idKey(g.entryPoint))! }));
  const alreadyPresent = [...present.values()];
  if (newGrants.length === 0) {
    return { changes: [], description: `Task "${task.id}": no related entry points to add.`, created: [], updated: [], added, alreadyPresent };
  }
  const entryPoints = [...task.entryPoints, ...newGrants];
  if (entryPoints.length > MAX_GRANTS_PER_PRIVILEGE) throw new SecGovError('LIMIT_EXCEEDED', `task "${shown(task.id)}" would hold ${entryPoints.length} entry points; a task holds at most ${MAX_GRANTS_PER_PRIVILEGE}`, { ids: [shown(task.id)] });
  return {
    changes: [{ op: 'update', kind: 'task', id: task.id, patch: { entryPoints } }],
    description: `Add ${added.length} related entry point${added.length === 1 ? '' : 's'} to task "${task.id}": ${listed(added.map((a) => `${a.entryPoint} (from ${a.from})`))}.`,
    created: [],
    updated: [{ kind: 'task', id: task.id }],
    added,
    alreadyPresent,
  };
}

