/**
 * Change records: every change to the governed state is one of these small, serializable records,
 * applied by {@link applyChanges}. The audit trail, versions, what-if, import and persistence all
 * reuse them.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, nameSchema, textSchema } from './ids.js';
import { instantSchema } from './time.js';
import {
  assignmentSchema,
  dutySchema,
  entryPointKindSchema,
  entryPointSchema,
  grantSchema,
  licenseCatalogueSchema,
  licenseIdSchema,
  organizationSchema,
  privilegeSchema,
  roleSchema,
  userSchema,
  MAX_GRANTS_PER_PRIVILEGE,
  MAX_MEMBERS,
} from './schemas.js';
import { parametersPatchSchema } from './parameters.js';
import { conflictSchema, exclusionSchema, severitySchema, sodRuleSchema } from './governance-schemas.js';
import { assignmentRuleSchema, conditionSchema, processSchema, securityCategorySchema, taskSchema } from './design-schemas.js';
import { scopeSchema } from './schemas.js';

/** Most change records accepted in one call. */
export const MAX_CHANGES_PER_BATCH = 2_000_000;

/** The kinds of object that `add`, `update` and `remove` work on. */
export const objectKinds = ['entryPoint', 'privilege', 'duty', 'role', 'user', 'organization', 'sodRule', 'securityCategory', 'process', 'task', 'assignmentRule'] as const;
/** A kind of object. */
export type ObjectKind = (typeof objectKinds)[number];

// Patches name only the fields they change; `null` clears an optional field.
const members = z.array(idSchema).max(MAX_MEMBERS);
const patchSchemas = {
  entryPoint: z.strictObject({
    label: nameSchema.nullable().optional(),
    viewLicense: licenseIdSchema.optional(),
    maintainLicense: licenseIdSchema.optional(),
  }),
  privilege: z.strictObject({
    name: nameSchema.optional(),
    description: textSchema.nullable().optional(),
    grants: z.array(grantSchema).max(MAX_GRANTS_PER_PRIVILEGE).optional(),
  }),
  duty: z.strictObject({ name: nameSchema.optional(), description: textSchema.nullable().optional(), privileges: members.optional() }),
  role: z.strictObject({
    name: nameSchema.optional(),
    description: textSchema.nullable().optional(),
    duties: members.optional(),
    privileges: members.optional(),
    subRoles: members.optional(),
  }),
  user: z.strictObject({
    name: nameSchema.optional(),
    enabled: z.boolean().optional(),
    lastSignIn: instantSchema.nullable().optional(),
    attributes: userSchema.shape.attributes.unwrap().optional(),
  }),
  organization: z.strictObject({ name: nameSchema.optional(), parent: idSchema.nullable().optional() }),
  sodRule: z.strictObject({
    name: nameSchema.optional(),
    firstDuty: idSchema.optional(),
    secondDuty: idSchema.optional(),
    severity: severitySchema.optional(),
    risk: textSchema.optional(),
    mitigation: textSchema.optional(),
    enabled: z.boolean().optional(),
  }),
  securityCategory: z.strictObject({ name: nameSchema.optional(), description: textSchema.nullable().optional() }),
  process: z.strictObject({
    name: nameSchema.optional(),
    category: idSchema.optional(),
    parent: idSchema.nullable().optional(),
    description: textSchema.nullable().optional(),
  }),
  task: z.strictObject({
    name: nameSchema.optional(),
    process: idSchema.optional(),
    description: textSchema.nullable().optional(),
    entryPoints: z.array(grantSchema).max(MAX_GRANTS_PER_PRIVILEGE).optional(),
  }),
  assignmentRule: z.strictObject({
    name: nameSchema.optional(),
    role: idSchema.optional(),
    scope: scopeSchema.optional(),
    condition: conditionSchema.optional(),
    enabled: z.boolean().optional(),
  }),
} as const;

const valueSchemas = {
  entryPoint: entryPointSchema,
  privilege: privilegeSchema,
  duty: dutySchema,
  role: roleSchema,
  user: userSchema,
  organization: organizationSchema,
  sodRule: sodRuleSchema,
  securityCategory: securityCategorySchema,
  process: processSchema,
  task: taskSchema,
  assignmentRule: assignmentRuleSchema,
} as const;

const addChange = <K extends ObjectKind>(kind: K) =>
  z.strictObject({ op: z.literal('add'), kind: z.literal(kind), value: valueSchemas[kind] });
const updateChange = <K extends ObjectKind>(kind: K) =>
  z.strictObject({ op: z.literal('update'), kind: z.literal(kind), id: idSchema, patch: patchSchemas[kind] });
const removeChange = <K extends ObjectKind>(kind: K) =>
  z.strictObject({ op: z.literal('remove'), kind: z.literal(kind), id: idSchema });

/** Schema of an `add` change: a new object of one kind. Its id must be new (case-insensitively). */
export const addChangeSchema = z.discriminatedUnion('kind', [
  addChange('entryPoint'), addChange('privilege'), addChange('duty'), addChange('role'), addChange('user'), addChange('organization'), addChange('sodRule'),
  addChange('securityCategory'), addChange('process'), addChange('task'), addChange('assignmentRule'),
]);
/** Schema of an `update` change: the named fields of an existing object. */
export const updateChangeSchema = z.discriminatedUnion('kind', [
  updateChange('entryPoint'), updateChange('privilege'), updateChange('duty'), updateChange('role'), updateChange('user'), updateChange('organization'), updateChange('sodRule'),
  updateChange('securityCategory'), updateChange('process'), updateChange('task'), updateChange('assignmentRule'),
]);
/** Schema of a `remove` change. Refused while other objects refer to the object. */
export const removeChangeSchema = z.discriminatedUnion('kind', [
  removeChange('entryPoint'), removeChange('privilege'), removeChange('duty'), removeChange('role'), removeChange('user'), removeChange('organization'), removeChange('sodRule'),
  removeChange('securityCategory'), removeChange('process'), removeChange('task'), removeChange('assignmentRule'),
]);

/**
 * Schema of the resolution of an SoD conflict: `denied` (the held assignment is never applied) or
 * `allowed` with a reason for override, an optional expiry and an optional mitigating control.
 */
export const resolveConflictChangeSchema = z.strictObject({
  op: z.literal('resolveConflict'),
  id: idSchema,
  status: z.enum(['allowed', 'denied']),
  reason: textSchema.nullable().default(null),
  expiresAt: instantSchema.nullable().default(null),
  mitigation: textSchema.nullable().default(null),
  resolvedBy: idSchema,
  resolvedAt: instantSchema,
});

/** Schema of every change record. */
export const changeSchema = z.discriminatedUnion('op', [
  addChangeSchema,
  updateChangeSchema,
  removeChangeSchema,
  /** Assign a role to a user, or replace the scope and source of an existing assignment. */
  z.strictObject({ op: z.literal('assign'), assignment: assignmentSchema }),
  /** Remove the assignment of a role to a user. */
  z.strictObject({ op: z.literal('unassign'), user: idSchema, role: idSchema }),
  /** Add or replace the grant of one privilege on one entry point. */
  z.strictObject({ op: z.literal('setGrant'), privilege: idSchema, grant: grantSchema }),
  /** Remove the grant of one privilege on one entry point. */
  z.strictObject({ op: z.literal('removeGrant'), privilege: idSchema, entryPoint: idSchema }),
  /** Replace the licence catalogue. */
  z.strictObject({ op: z.literal('setLicenseCatalogue'), catalogue: licenseCatalogueSchema }),
  /** Change some governance parameters. */
  z.strictObject({ op: z.literal('setParameters'), patch: parametersPatchSchema }),
  /** Record a new SoD conflict (an assignment held until an administrator resolves it). */
  z.strictObject({ op: z.literal('raiseConflict'), conflict: conflictSchema }),
  /** Resolve an SoD conflict: deny it, or allow it (renewing an allowed one is also allowed). */
  resolveConflictChangeSchema,
  /** Exclude a user from a role: automatic assignment no longer gives it to them. */
  z.strictObject({ op: z.literal('exclude'), exclusion: exclusionSchema }),
  /** Lift the exclusion of a user from a role. */
  z.strictObject({ op: z.literal('include'), user: idSchema, role: idSchema }),
]);

/** A change record, as stored (defaults filled in). */
export type Change = z.output<typeof changeSchema>;
/** A change record as callers may write it. */
export type ChangeInput = z.input<typeof changeSchema>;

/** Schema of a list of change records. */
export const changesSchema = z.array(changeSchema).max(MAX_CHANGES_PER_BATCH);

export { entryPointKindSchema };
