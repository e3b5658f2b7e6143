/**
 * The plain-data form of a model (arrays of records), for JSON files and for building a model in one call.
 *
 * @module
 */
import { z } from 'zod';
import type { Change } from './changes.js';
import { MAX_CHANGES_PER_BATCH } from './changes.js';
import { applyTrustedChanges } from './apply.js';
import type { SecurityModel } from './model.js';
import { emptyModel } from './model.js';
import { parametersPatchSchema } from './parameters.js';
import {
  assignmentSchema,
  dutySchema,
  entryPointSchema,
  licenseCatalogueSchema,
  organizationSchema,
  privilegeSchema,
  roleSchema,
  userSchema,
} from './schemas.js';
import { parseOrThrow } from './zod-problems.js';
import { assertModel } from './assert-model.js';
import { conflictSchema, exclusionSchema, sodRuleSchema } from './governance-schemas.js';
import { assignmentRuleSchema, processSchema, securityCategorySchema, taskSchema } from './design-schemas.js';

const list = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_CHANGES_PER_BATCH).default([]);

/** Schema of a whole model as plain data. Every list is optional. */
export const modelDataSchema = z.strictObject({
  entryPoints: list(entryPointSchema),
  privileges: list(privilegeSchema),
  duties: list(dutySchema),
  roles: list(roleSchema),
  users: list(userSchema),
  organizations: list(organizationSchema),
  assignments: list(assignmentSchema),
  sodRules: list(sodRuleSchema),
  conflicts: list(conflictSchema),
  exclusions: list(exclusionSchema),
  securityCategories: list(securityCategorySchema),
  processes: list(processSchema),
  tasks: list(taskSchema),
  assignmentRules: list(assignmentRuleSchema),
  licenses: licenseCatalogueSchema.optional(),
  parameters: parametersPatchSchema.optional(),
});
/** A whole model as plain data (output form: defaults filled in). */
export type ModelData = z.output<typeof modelDataSchema>;
/** A whole model as plain data, as callers may write it. */
export type ModelDataInput = z.input<typeof modelDataSchema>;

/**
 * Build a model from plain data, validated completely (the same checks as {@link applyChanges}).
 *
 * @throws {@link SecGovError} listing every problem; nothing is built from invalid data
 */
export function createModel(data: ModelDataInput): SecurityModel {
  const parsed = parseOrThrow(modelDataSchema, data, 'model data');
  return applyTrustedChanges(emptyModel(), changesOf(parsed));
}

/**
 * The change records that build `data` from an empty model. `data` is validated with
 * {@link modelDataSchema} first, so the records hold the parsed (default-filled) values.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` listing every problem when `data` is not model data
 */
export function modelDataToChanges(data: ModelData): Change[] {
  return changesOf(parseOrThrow(modelDataSchema, data, 'model data'));
}

/** {@link modelDataToChanges} of data already parsed with {@link modelDataSchema}. */
function changesOf(data: ModelData): Change[] {
  const changes: Change[] = [];
  if (data.licenses) changes.push({ op: 'setLicenseCatalogue', catalogue: data.licenses });
  for (const value of data.entryPoints) changes.push({ op: 'add', kind: 'entryPoint', value });
  for (const value of data.privileges) changes.push({ op: 'add', kind: 'privilege', value });
  for (const value of data.duties) changes.push({ op: 'add', kind: 'duty', value });
  for (const value of data.roles) changes.push({ op: 'add', kind: 'role', value });
  for (const value of data.organizations) changes.push({ op: 'add', kind: 'organization', value });
  for (const value of data.users) changes.push({ op: 'add', kind: 'user', value });
  for (const assignment of data.assignments) changes.push({ op: 'assign', assignment });
  for (const value of data.sodRules) changes.push({ op: 'add', kind: 'sodRule', value });
  for (const value of data.securityCategories) changes.push({ op: 'add', kind: 'securityCategory', value });
  for (const value of data.processes) changes.push({ op: 'add', kind: 'process', value });
  for (const value of data.tasks) changes.push({ op: 'add', kind: 'task', value });
  for (const value of data.assignmentRules) changes.push({ op: 'add', kind: 'assignmentRule', value });
  for (const conflict of data.conflicts) changes.push({ op: 'raiseConflict', conflict });
  for (const exclusion of data.exclusions) changes.push({ op: 'exclude', exclusion });
  if (data.parameters) changes.push({ op: 'setParameters', patch: data.parameters });
  return changes;
}

/**
 * The plain-data form of a model: every object, in insertion order. `JSON.stringify` it to save.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming `model` when it is not a {@link SecurityModel}
 */
export function modelToData(model: SecurityModel): ModelData {
  assertModel(model);
  return {
    entryPoints: [...model.entryPoints.values()],
    privileges: [...model.privileges.values()],
    duties: [...model.duties.values()],
    roles: [...model.roles.values()],
    users: [...model.users.values()],
    organizations: [...model.organizations.values()],
    assignments: [...model.assignments.values()],
    sodRules: [...model.sodRules.values()],
    conflicts: [...model.conflicts.values()],
    exclusions: [...model.exclusions.values()],
    securityCategories: [...model.securityCategories.values()],
    processes: [...model.processes.values()],
    tasks: [...model.tasks.values()],
    assignmentRules: [...model.assignmentRules.values()],
    licenses: model.licenses,
    parameters: model.parameters,
  };
}
