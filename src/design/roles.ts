/**
 * Roles: designed from a node of the process hierarchy, or around a position's responsibilities.
 *
 * @module
 */
import { z } from 'zod';
import type { Change } from '../model/changes.js';
import type { Process, Task } from '../model/design-schemas.js';
import { idKey, idSchema, nameSchema } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import type { Role } from '../model/schemas.js';
import { SecGovError } from '../model/errors.js';
import { planDutyFromTask } from './duties.js';
import { checkDistinct, find, listed, NewIds, parseInput, Problems, processSubtree, shown, tasksByProcess } from './internal.js';
import { MAX_DESIGN_ITEMS, newObjectSchema, type DesignedObject, type DesignResult } from './types.js';

/** Schema of a node of the process hierarchy: a security category (its whole tree) or one process (its subtree). */
export const processNodeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('category'), id: idSchema }),
  z.strictObject({ kind: z.literal('process'), id: idSchema }),
]);
/** A node of the process hierarchy; see {@link processNodeSchema}. */
export type ProcessNode = z.output<typeof processNodeSchema>;

/**
 * The tasks below a node of the process hierarchy at any depth: the processes in pre-order (a
 * process, then each child's subtree in model order), each process's tasks in model order.
 * Iterative, so 10,000-deep trees work.
 *
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown category or process
 */
export function tasksUnder(model: SecurityModel, node: ProcessNode): Task[] {
  const parsed = parseInput(model, processNodeSchema, node, 'process node');
  return tasksBelow(model, parsed);
}

function tasksBelow(model: SecurityModel, node: ProcessNode): Task[] {
  let roots: Process[];
  if (node.kind === 'process') roots = [find(model, 'process', node.id)];
  else {
    const category = find(model, 'securityCategory', node.id);
    roots = [...model.processes.values()].filter((p) => p.parent === undefined && idKey(p.category) === idKey(category.id));
  }
  const byProcess = tasksByProcess(model);
  return processSubtree(model, roots).flatMap((p) => byProcess.get(idKey(p.id)) ?? []);
}

/** Schema of the input of {@link roleFromProcess}. */
export const roleFromProcessSchema = z.strictObject({
  /** The node whose tasks the role covers. */
  node: processNodeSchema,
  /** The new role. */
  role: newObjectSchema,
  /** Duty ids for some tasks, instead of the task's own id. */
  duties: z.array(z.strictObject({ task: idSchema, duty: idSchema })).max(MAX_DESIGN_ITEMS).default([]),
});
/** The input of {@link roleFromProcess}. */
export type RoleFromProcessInput = z.input<typeof roleFromProcessSchema>;

/** What {@link roleFromProcess} did, besides the changes. */
export interface RoleFromProcessResult extends DesignResult {
  /** For each task below the node, the duty the role holds for it and whether that duty is new. */
  readonly tasks: readonly { readonly task: string; readonly duty: string; readonly created: boolean }[];
}

/**
 * Design a role from a node of the process hierarchy: the role holds, for each task below the
 * node at any depth, the duty created from that task. The duty's id is the task's id unless
 * `duties` names another; when no duty has that id yet, a privilege holding the task's grants and
 * a duty holding it are created as {@link dutyFromTask} does (privilege id = duty id).
 *
 * @example roleFromProcess(model, { node: { kind: 'process', id: 'GeneralLedger' }, role: { id: 'GLClerk', name: 'GL clerk' } })
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown node or a task in `duties` that is not
 *   below it; `VALIDATION_FAILED` when the node has no tasks; `DUPLICATE_ID` when the role id is
 *   taken, or a privilege to create has an id already used (pick another duty id in `duties`)
 */
export function roleFromProcess(model: SecurityModel, input: RoleFromProcessInput): RoleFromProcessResult {
  const parsed = parseInput(model, roleFromProcessSchema, input, 'role from process');
  const tasks = tasksBelow(model, parsed.node);
  const problems = new Problems();
  const nodeLabel = `${parsed.node.kind === 'category' ? 'security category' : 'process'} "${parsed.node.id}"`;
  if (tasks.length === 0) throw new SecGovError('VALIDATION_FAILED', `${shown(nodeLabel)} has no tasks below it to design a role from`, { ids: [shown(parsed.node.id)] });
  checkDistinct(problems, 'duty id for task', parsed.duties.map((d) => d.task));
  const below = new Set(tasks.map((t) => idKey(t.id)));
  const dutyFor = new Map<string, string>();
  for (const d of parsed.duties) {
    if (!below.has(idKey(d.task))) problems.add('NOT_FOUND', `task "${shown(d.task)}" is not below ${shown(nodeLabel)}`, [d.task]);
    dutyFor.set(idKey(d.task), d.duty);
  }
  problems.throwIfAny();

  const ids = new NewIds(model, problems);
  const changes: Change[] = [];
  const created: DesignedObject[] = [];
  const roleDuties: string[] = [];
  const inRole = new Set<string>();
  const report: { task: string; duty: string; created: boolean }[] = [];
  const createdDuties = new Map<string, string>();
  for (const task of tasks) {
    const wanted = dutyFor.get(idKey(task.id)) ?? task.id;
    const key = idKey(wanted);
    const existing = model.duties.get(key);
    let duty: string;
    let isNew = false;
    if (existing) duty = existing.id;
    else if (createdDuties.has(key)) duty = createdDuties.get(key)!; // two tasks mapped to one new duty: the first task's
    else {
      changes.push(...planDutyFromTask(model, ids, task, { duty: wanted, privilege: wanted, name: task.name, description: task.description }));
      created.push({ kind: 'privilege', id: wanted }, { kind: 'duty', id: wanted });
      createdDuties.set(key, wanted);
      duty = wanted;
      isNew = true;
    }
    report.push({ task: task.id, duty, created: isNew });
    if (!inRole.has(key)) {
      inRole.add(key);
      roleDuties.push(duty);
    }
  }
  const role: Role = {
    id: ids.claim('role', parsed.role.id),
    name: parsed.role.name,
    ...(parsed.role.description === undefined ? {} : { description: parsed.role.description }),
    duties: roleDuties,
    privileges: [],
    subRoles: [],
  };
  problems.throwIfAny();
  changes.push({ op: 'add', kind: 'role', value: role });
  created.push({ kind: 'role', id: role.id });
  const fresh = report.filter((r) => r.created).length;
  return {
    changes,
    description:
      `Add role "${role.id}" (${role.name}) from ${nodeLabel}: ${roleDuties.length} dut${roleDuties.length === 1 ? 'y' : 'ies'} for ${tasks.length} task${tasks.length === 1 ? '' : 's'}` +
      (fresh > 0 ? `, ${fresh} created from their tasks (${listed(report.filter((r) => r.created).map((r) => r.duty))})` : '') + '.',
    created,
    updated: [],
    tasks: report,
  };
}

/** Schema of one responsibility of a position: a name and the existing duties it takes. */
export const responsibilitySchema = z.strictObject({
  name: nameSchema,
  duties: z.array(idSchema).min(1, 'a responsibility needs at least one duty').max(MAX_DESIGN_ITEMS),
});
/** Schema of the input of {@link roleFromResponsibilities}. */
export const roleFromResponsibilitiesSchema = z.strictObject({
  /** The new role. */
  role: newObjectSchema,
  /** The position's name, for the description (optional). */
  position: nameSchema.optional(),
  /** The position's responsibilities. */
  responsibilities: z.array(responsibilitySchema).min(1, 'name at least one responsibility').max(MAX_DESIGN_ITEMS),
});
/** The input of {@link roleFromResponsibilities}. */
export type RoleFromResponsibilitiesInput = z.input<typeof roleFromResponsibilitiesSchema>;

/**
 * Design a role around a position's responsibilities: each responsibility is a named list of
 * existing duties, and the role holds every one of them once (in the order listed). Without a
 * description of its own, the role's description names the position and its responsibilities.
 *
 * @example roleFromResponsibilities(model, { role: { id: 'APClerk', name: 'AP clerk' }, responsibilities: [{ name: 'Invoices', duties: ['EnterInvoices'] }] })
 * @throws {@link SecGovError} `MISSING_REFERENCE` for an unknown duty; `DUPLICATE_ID` when the role
 *   id is taken; `VALIDATION_FAILED` for malformed input
 */
export function roleFromResponsibilities(model: SecurityModel, input: RoleFromResponsibilitiesInput): DesignResult {
  const parsed = parseInput(model, roleFromResponsibilitiesSchema, input, 'role from responsibilities');
  const problems = new Problems();
  const duties: string[] = [];
  const seen = new Set<string>();
  for (const r of parsed.responsibilities) {
    for (const id of r.duties) {
      const duty = model.duties.get(idKey(id));
      if (!duty) {
        problems.add('MISSING_REFERENCE', `responsibility "${shown(r.name)}" refers to missing duty "${shown(id)}"`, [id]);
        continue;
      }
      if (seen.has(idKey(id))) continue;
      seen.add(idKey(id));
      duties.push(duty.id);
    }
  }
  const ids = new NewIds(model, problems);
  const names = parsed.responsibilities.map((r) => r.name);
  const generated = `${parsed.position === undefined ? 'Responsibilities' : `Position "${parsed.position}": responsibilities`} ${names.join(', ')}`;
  const description = parsed.role.description ?? (generated.length <= 10_000 ? generated : `${generated.slice(0, 9_999)}…`);
  const role: Role = { id: ids.claim('role', parsed.role.id), name: parsed.role.name, description, duties, privileges: [], subRoles: [] };
  problems.throwIfAny();
  return {
    changes: [{ op: 'add', kind: 'role', value: role }],
    description: `Add role "${role.id}" (${role.name})${parsed.position === undefined ? '' : ` for position "${parsed.position}"`} with ${duties.length} dut${duties.length === 1 ? 'y' : 'ies'} from ${names.length} responsibilit${names.length === 1 ? 'y' : 'ies'}: ${listed(names)}.`,
    created: [{ kind: 'role', id: role.id }],
    updated: [],
  };
}
