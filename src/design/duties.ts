/**
 * Duties: from a task (with a privilege of the same name), by subtraction of entry points, and by
 * merging several duties.
 *
 * @module
 */
import { z } from 'zod';
import type { Change } from '../model/changes.js';
import type { Task } from '../model/design-schemas.js';
import { SecGovError } from '../model/errors.js';
import { idKey, idSchema, nameSchema, textSchema } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import type { Duty, Privilege } from '../model/schemas.js';
import { entryPointId } from '../model/schemas.js';
import { grantsOf } from './effective.js';
import { checkDistinct, find, listed, NewIds, parseInput, Problems, shown, spelled } from './internal.js';
import { accessSourceSchema, MAX_DESIGN_ITEMS, newObjectSchema, type DesignedObject, type DesignResult } from './types.js';

const withDescription = (description: string | undefined): { description?: string } => (description === undefined ? {} : { description });

/**
 * The `add` records of a privilege holding a task's grants and a duty holding that privilege.
 * @internal
 */
export function planDutyFromTask(
  model: SecurityModel,
  ids: NewIds,
  task: Task,
  options: { readonly duty: string; readonly privilege: string; readonly name: string; readonly description?: string | undefined },
): Change[] {
  const privilege: Privilege = {
    id: ids.claim('privilege', options.privilege),
    name: options.name,
    ...withDescription(options.description),
    grants: task.entryPoints.map((g) => spelled(model, g)),
  };
  const duty: Duty = { id: ids.claim('duty', options.duty), name: options.name, ...withDescription(options.description), privileges: [privilege.id] };
  return [
    { op: 'add', kind: 'privilege', value: privilege },
    { op: 'add', kind: 'duty', value: duty },
  ];
}

/** Schema of the input of {@link dutyFromTask}; ids and name default to the task's. */
export const dutyFromTaskSchema = z.strictObject({
  task: idSchema,
  duty: idSchema.optional(),
  privilege: idSchema.optional(),
  name: nameSchema.optional(),
  description: textSchema.optional(),
});
/** The input of {@link dutyFromTask}. */
export type DutyFromTaskInput = z.input<typeof dutyFromTaskSchema>;

/**
 * Create a duty from a task: a privilege of the same name holding the task's grants (rights as
 * the task sets them: allow, deny or unset) and a duty holding that privilege. Both ids default to
 * the task's id (ids are unique per kind, so a task, a privilege and a duty may share one).
 *
 * @example dutyFromTask(model, { task: 'PostJournal' }) // privilege PostJournal + duty PostJournal
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown task; `DUPLICATE_ID` when the duty or
 *   privilege id is taken; `VALIDATION_FAILED` for malformed input
 */
export function dutyFromTask(model: SecurityModel, input: DutyFromTaskInput): DesignResult {
  const parsed = parseInput(model, dutyFromTaskSchema, input, 'duty from task');
  const task = find(model, 'task', parsed.task);
  const problems = new Problems();
  const ids = new NewIds(model, problems);
  const name = parsed.name ?? task.name;
  const changes = planDutyFromTask(model, ids, task, { duty: parsed.duty ?? task.id, privilege: parsed.privilege ?? task.id, name, description: parsed.description ?? task.description });
  problems.throwIfAny();
  const [p, d] = changes.map((c) => (c as { value: { id: string } }).value.id) as [string, string];
  return {
    changes,
    description: `Add privilege "${p}" (${name}) with the ${task.entryPoints.length} entry point${task.entryPoints.length === 1 ? '' : 's'} of task "${task.id}", and duty "${d}" holding it.`,
    created: [{ kind: 'privilege', id: p }, { kind: 'duty', id: d }],
    updated: [],
  };
}

/** Schema of the input of {@link subtractDuty}. */
export const subtractDutySchema = z.strictObject({
  /** Where the entry points come from. */
  source: accessSourceSchema,
  /** Entry point ids the administrator removes. */
  remove: z.array(idSchema).max(MAX_DESIGN_ITEMS).default([]),
  /** The new duty. */
  duty: newObjectSchema,
  /** The new privilege; id and name default to the duty's. */
  privilege: z.strictObject({ id: idSchema.optional(), name: nameSchema.optional() }).optional(),
});
/** The input of {@link subtractDuty}. */
export type SubtractDutyInput = z.input<typeof subtractDutySchema>;

/** What {@link subtractDuty} did, besides the changes. */
export interface SubtractionResult extends DesignResult {
  /** The entry points of the new privilege (model spelling, sorted). */
  readonly kept: readonly string[];
  /** The source's entry points that were removed. */
  readonly removed: readonly string[];
  /** Entry points asked to be removed that the source does not hold (nothing to remove). */
  readonly notInSource: readonly string[];
}

/**
 * Duty subtraction: a new privilege and a duty holding it, made of the entry points of an existing
 * user, role, duty or privilege (see {@link effectiveEntryPoints}) minus the entry points the
 * administrator removes. Each kept entry point keeps the source's combined rights (deny wins).
 *
 * @example subtractDuty(model, { source: { kind: 'role', id: 'Accountant' }, remove: ['menu-item-action:LedgerJournalPost'], duty: { id: 'ReviewJournals', name: 'Review journals' } })
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown source or removed entry point;
 *   `VALIDATION_FAILED` when nothing is left, for a disabled user or malformed input;
 *   `DUPLICATE_ID` when the new duty or privilege id is taken or an entry point is removed twice
 */
export function subtractDuty(model: SecurityModel, input: SubtractDutyInput): SubtractionResult {
  const parsed = parseInput(model, subtractDutySchema, input, 'duty subtraction');
  const problems = new Problems();
  checkDistinct(problems, 'removed entry point', parsed.remove);
  const removeKeys = new Set<string>();
  for (const id of parsed.remove) {
    if (!model.entryPoints.has(idKey(id))) problems.add('NOT_FOUND', `entry point "${shown(id)}" to remove does not exist`, [id]);
    removeKeys.add(idKey(id));
  }
  problems.throwIfAny();
  const grants = grantsOf(model, parsed.source);
  const inSource = new Set(grants.map((g) => idKey(g.entryPoint)));
  const keptGrants = grants.filter((g) => !removeKeys.has(idKey(g.entryPoint)));
  const removed = grants.filter((g) => removeKeys.has(idKey(g.entryPoint))).map((g) => g.entryPoint);
  const notInSource = parsed.remove.filter((id) => !inSource.has(idKey(id))).map((id) => entryPointId(model.entryPoints.get(idKey(id))!));
  const source = `${parsed.source.kind} "${parsed.source.id}"`;
  if (keptGrants.length === 0) {
    throw new SecGovError('VALIDATION_FAILED', `nothing is left of the ${grants.length} entry point${grants.length === 1 ? '' : 's'} of ${shown(source)} after the subtraction: a duty needs at least one`, { ids: [shown(parsed.source.id)] });
  }
  const ids = new NewIds(model, problems);
  const privilege: Privilege = {
    id: ids.claim('privilege', parsed.privilege?.id ?? parsed.duty.id),
    name: parsed.privilege?.name ?? parsed.duty.name,
    ...withDescription(parsed.duty.description),
    grants: keptGrants,
  };
  const duty: Duty = { id: ids.claim('duty', parsed.duty.id), name: parsed.duty.name, ...withDescription(parsed.duty.description), privileges: [privilege.id] };
  problems.throwIfAny();
  return {
    changes: [
      { op: 'add', kind: 'privilege', value: privilege },
      { op: 'add', kind: 'duty', value: duty },
    ],
    description:
      `Add duty "${duty.id}" (${duty.name}) with privilege "${privilege.id}": the ${grants.length} entry point${grants.length === 1 ? '' : 's'} of ${source} ` +
      `minus ${removed.length} removed${removed.length > 0 ? ` (${listed(removed)})` : ''}, ${keptGrants.length} kept.` +
      (notInSource.length > 0 ? ` Not in the source, so not removed: ${listed(notInSource)}.` : ''),
    created: [{ kind: 'privilege', id: privilege.id }, { kind: 'duty', id: duty.id }],
    updated: [],
    kept: keptGrants.map((g) => g.entryPoint),
    removed,
    notInSource,
  };
}

/** Schema of the input of {@link mergeDuties}. */
export const mergeDutiesSchema = z.strictObject({
  /** The duties to merge (at least two). */
  duties: z.array(idSchema).min(2, 'merge at least two duties').max(MAX_DESIGN_ITEMS),
  /** The new duty. */
  duty: newObjectSchema,
  /** Replace the merged duties by the new one in every role that holds any of them. */
  replaceInRoles: z.boolean().default(false),
});
/** The input of {@link mergeDuties}. */
export type MergeDutiesInput = z.input<typeof mergeDutiesSchema>;

/** What {@link mergeDuties} did, besides the changes. */
export interface MergeResult extends DesignResult {
  /** The privileges of the new duty: the union of the merged duties' privileges, in order. */
  readonly privileges: readonly string[];
  /** Things an administrator should know: SoD rules naming a merged duty, which no longer see the roles changed. */
  readonly warnings: readonly string[];
}

/**
 * Merge duties: one new duty holding the union of the privileges of several (each once, in the
 * order first met). With `replaceInRoles`, every role holding any of the merged duties gets the
 * new duty in place of the first one it held and loses the others (one `update` record per role).
 * The merged duties themselves are kept.
 *
 * @example mergeDuties(model, { duties: ['ViewJournals', 'MaintainJournals'], duty: { id: 'Journals', name: 'Journals' }, replaceInRoles: true })
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown duty; `DUPLICATE_ID` for a duty listed
 *   twice or a new id already taken; `VALIDATION_FAILED` for malformed input
 */
export function mergeDuties(model: SecurityModel, input: MergeDutiesInput): MergeResult {
  const parsed = parseInput(model, mergeDutiesSchema, input, 'duty merge');
  const problems = new Problems();
  checkDistinct(problems, 'merged duty', parsed.duties);
  const merged: Duty[] = [];
  for (const id of parsed.duties) {
    const duty = model.duties.get(idKey(id));
    if (!duty) problems.add('NOT_FOUND', `duty "${shown(id)}" to merge does not exist`, [id]);
    else merged.push(duty);
  }
  problems.throwIfAny();
  const ids = new NewIds(model, problems);
  const privileges: string[] = [];
  const seen = new Set<string>();
  for (const d of merged) {
    for (const p of d.privileges) {
      if (seen.has(idKey(p))) continue;
      seen.add(idKey(p));
      privileges.push(model.privileges.get(idKey(p))?.id ?? p);
    }
  }
  const duty: Duty = { id: ids.claim('duty', parsed.duty.id), name: parsed.duty.name, ...withDescription(parsed.duty.description), privileges };
  problems.throwIfAny();

  const changes: Change[] = [{ op: 'add', kind: 'duty', value: duty }];
  const updated: DesignedObject[] = [];
  const mergedKeys = new Set(merged.map((d) => idKey(d.id)));
  if (parsed.replaceInRoles) {
    for (const role of model.roles.values()) {
      if (!role.duties.some((d) => mergedKeys.has(idKey(d)))) continue;
      const duties: string[] = [];
      let placed = false;
      for (const d of role.duties) {
        if (!mergedKeys.has(idKey(d))) duties.push(d);
        else if (!placed) {
          duties.push(duty.id);
          placed = true;
        }
      }
      changes.push({ op: 'update', kind: 'role', id: role.id, patch: { duties } });
      updated.push({ kind: 'role', id: role.id });
    }
  }
  const warnings: string[] = [];
  for (const rule of model.sodRules?.values() ?? []) {
    const first = mergedKeys.has(idKey(rule.firstDuty));
    const second = mergedKeys.has(idKey(rule.secondDuty));
    if (first && second) warnings.push(`SoD rule "${rule.id}" names two of the merged duties ("${rule.firstDuty}", "${rule.secondDuty}"): the new duty "${duty.id}" holds both sides of it`);
    else if ((first || second) && parsed.replaceInRoles) warnings.push(`SoD rule "${rule.id}" names merged duty "${first ? rule.firstDuty : rule.secondDuty}": roles that now hold "${duty.id}" instead are no longer checked against it`);
  }
  return {
    changes,
    description:
      `Add duty "${duty.id}" (${duty.name}) merging ${listed(merged.map((d) => `"${d.id}"`))}: ${privileges.length} privilege${privileges.length === 1 ? '' : 's'}.` +
      (parsed.replaceInRoles ? ` Replace the merged duties by it in ${updated.length} role${updated.length === 1 ? '' : 's'}${updated.length > 0 ? ` (${listed(updated.map((u) => u.id))})` : ''}.` : ''),
    created: [{ kind: 'duty', id: duty.id }],
    updated,
    privileges,
    warnings,
  };
}
