/**
 * Role design: pure functions that turn the process hierarchy, tasks and existing security
 * objects into change records for new tasks, privileges, duties and roles: tasks by hand, from a
 * recording, from a user's or role's access or as a copy; "explode entry point"; a duty from a
 * task; roles from a process node or a position's responsibilities; duty subtraction; merging
 * duties; duplicating a role or duty to a licence. Nothing is applied here: apply the returned
 * `changes` with `applyChanges` or `gov.apply`.
 *
 * @module
 */
export { MAX_DESIGN_ITEMS, accessSourceSchema, newObjectSchema, type AccessSource, type DesignResult, type DesignedObject, type NewObject } from './types.js';
export { effectiveEntryPoints } from './effective.js';
export {
  createTask,
  taskFromRecording,
  taskFromAccess,
  copyTask,
  explodeEntryPoint,
  MAX_RECORDING_STEPS,
  recordedTaskSchema,
  taskFromAccessSchema,
  copyTaskSchema,
  explodeEntryPointSchema,
  type RecordedTaskInput,
  type TaskFromAccessInput,
  type CopyTaskInput,
  type EntryPointRelation,
  type ExplodeEntryPointInput,
  type ExplodeResult,
} from './tasks.js';
export {
  dutyFromTask,
  subtractDuty,
  mergeDuties,
  dutyFromTaskSchema,
  subtractDutySchema,
  mergeDutiesSchema,
  type DutyFromTaskInput,
  type SubtractDutyInput,
  type SubtractionResult,
  type MergeDutiesInput,
  type MergeResult,
} from './duties.js';
export {
  roleFromProcess,
  roleFromResponsibilities,
  tasksUnder,
  processNodeSchema,
  roleFromProcessSchema,
  responsibilitySchema,
  roleFromResponsibilitiesSchema,
  type ProcessNode,
  type RoleFromProcessInput,
  type RoleFromProcessResult,
  type RoleFromResponsibilitiesInput,
} from './roles.js';
export {
  duplicateToLicense,
  duplicateToLicenseSchema,
  type DuplicateToLicenseInput,
  type OmittedGrant,
  type LicenseCopy,
  type LicenseDuplicateResult,
} from './license.js';
