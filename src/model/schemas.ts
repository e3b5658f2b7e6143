/**
 * The records of the security model: one zod schema each, with the TypeScript type inferred from it.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, nameSchema, textSchema, MAX_ID_LENGTH, MAX_TEXT_LENGTH } from './ids.js';
import { instantSchema } from './time.js';
import { SecGovError } from './errors.js';
import { kindOf, unreadable } from './arguments.js';

/** Most grants one privilege may hold; a generous bound against runaway input. */
export const MAX_GRANTS_PER_PRIVILEGE = 100_000;
/** Most members (duties, privileges, sub-roles) in one list of a duty or role. */
export const MAX_MEMBERS = 100_000;
/** Most attributes on one user. */
export const MAX_ATTRIBUTES = 1_000;

/** The kinds of entry point, as the platform's securable object types. */
export const entryPointKinds = [
  'menu-item-display',
  'menu-item-output',
  'menu-item-action',
  'data-entity',
  'service-operation',
  'table',
  'form-control',
  'web-content',
] as const;
/** Schema of an entry point kind. */
export const entryPointKindSchema = z.enum(entryPointKinds);
/** A kind of entry point. */
export type EntryPointKind = z.infer<typeof entryPointKindSchema>;

/** The access rights, in the order used throughout secgov. */
export const rights = ['read', 'update', 'create', 'delete', 'correct', 'invoke'] as const;
/** Schema of an access right. */
export const rightSchema = z.enum(rights);
/** An access right. */
export type Right = z.infer<typeof rightSchema>;

/** Schema of the permission a grant gives for one right. */
export const permissionSchema = z.enum(['allow', 'deny', 'unset']);
/** `allow`, `deny` or `unset`. */
export type Permission = z.infer<typeof permissionSchema>;

/** Schema of a licence id (an id in the licence catalogue). */
export const licenseIdSchema = idSchema;

// Names of securable objects may not contain the separators of the entry point id.
const securableName = z
  .string()
  .min(1, 'name must not be empty')
  .max(MAX_ID_LENGTH, `name must be at most ${MAX_ID_LENGTH} characters`)
  .refine((s) => !/[:/\u0000-\u001f\u007f]/.test(s) && s.trim().length > 0, 'name must not contain ":", "/" or control characters');

/**
 * Schema of an entry point: something a user can reach, identified by kind, name and optional
 * child name, with the licence needed to view it and the licence needed to maintain it.
 */
export const entryPointSchema = z.strictObject({
  kind: entryPointKindSchema,
  name: securableName,
  childName: securableName.optional(),
  label: nameSchema.optional(),
  viewLicense: licenseIdSchema.default('none'),
  maintainLicense: licenseIdSchema.default('none'),
});
/** An entry point. Its id is {@link entryPointId}. */
export type EntryPoint = z.output<typeof entryPointSchema>;
/** An entry point as callers may write it (licences default to `none`). */
export type EntryPointInput = z.input<typeof entryPointSchema>;

/** The error for an {@link entryPointId} argument of the wrong shape (built only on the failure branch). */
function notAnEntryPoint(ep: unknown): SecGovError {
  const kind = kindOf(ep);
  const message =
    kind === 'object'
      ? 'entryPointId: ep must have a string kind, a string name and an optional string childName'
      : `entryPointId: ep must be an entry point object, not ${kind}`;
  return new SecGovError('VALIDATION_FAILED', message, { ids: ['ep'] });
}

/**
 * The id of an entry point: `kind:name`, or `kind:name/childName` for a child such as a form
 * control or a data entity method. Ids are case-insensitive.
 *
 * @example entryPointId({ kind: 'menu-item-display', name: 'LedgerJournalTable' }) // 'menu-item-display:LedgerJournalTable'
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming `ep` when it is not an object with a string
 * `kind`, a string `name` and an optional string `childName`
 */
export function entryPointId(ep: { readonly kind: EntryPointKind; readonly name: string; readonly childName?: string | undefined }): string {
  // A structural check only (this runs on hot paths): the schema checks the values themselves.
  if (typeof ep !== 'object' || ep === null) throw notAnEntryPoint(ep);
  let kind: unknown, name: unknown, childName: unknown;
  try {
    ({ kind, name, childName } = ep);
  } catch (error) {
    throw unreadable('ep', error);
  }
  if (typeof kind !== 'string' || typeof name !== 'string' || (childName !== undefined && typeof childName !== 'string')) throw notAnEntryPoint(ep);
  return childName === undefined ? `${kind}:${name}` : `${kind}:${name}/${childName as string}`;
}

/**
 * Schema of a grant: the permission for each right on one entry point (by {@link entryPointId}).
 * Rights left out are `unset`.
 */
export const grantSchema = z.strictObject({
  entryPoint: idSchema,
  read: permissionSchema.default('unset'),
  update: permissionSchema.default('unset'),
  create: permissionSchema.default('unset'),
  delete: permissionSchema.default('unset'),
  correct: permissionSchema.default('unset'),
  invoke: permissionSchema.default('unset'),
});
/** A grant on one entry point. */
export type Grant = z.output<typeof grantSchema>;
/** A grant as callers may write it. */
export type GrantInput = z.input<typeof grantSchema>;

/** Schema of a privilege: a named set of grants, the smallest unit that is assigned. */
export const privilegeSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  description: textSchema.optional(),
  grants: z.array(grantSchema).max(MAX_GRANTS_PER_PRIVILEGE).default([]),
});
/** A privilege. */
export type Privilege = z.output<typeof privilegeSchema>;
/** A privilege as callers may write it. */
export type PrivilegeInput = z.input<typeof privilegeSchema>;

/** Schema of a duty: a named set of privileges for one part of a business process. */
export const dutySchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  description: textSchema.optional(),
  privileges: z.array(idSchema).max(MAX_MEMBERS).default([]),
});
/** A duty. */
export type Duty = z.output<typeof dutySchema>;
/** A duty as callers may write it. */
export type DutyInput = z.input<typeof dutySchema>;

/** Schema of a role: duties, direct privileges and sub-roles (included fully; the graph is acyclic). */
export const roleSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  description: textSchema.optional(),
  duties: z.array(idSchema).max(MAX_MEMBERS).default([]),
  privileges: z.array(idSchema).max(MAX_MEMBERS).default([]),
  subRoles: z.array(idSchema).max(MAX_MEMBERS).default([]),
});
/** A role. */
export type Role = z.output<typeof roleSchema>;
/** A role as callers may write it. */
export type RoleInput = z.input<typeof roleSchema>;

// User attributes are copied into a null-prototype object: keys such as `__proto__` are kept
// as ordinary attributes instead of being dropped or touching any prototype.
const attributesSchema = z
  .custom<Record<string, string>>((v) => {
    if (typeof v !== 'object' || v === null) return false;
    const proto = Object.getPrototypeOf(v) as unknown;
    return proto === Object.prototype || proto === null; // plain objects only: not a Map, Date, array or class instance
  }, 'attributes must be a plain object of strings')
  .superRefine((value, ctx) => {
    const keys = Object.keys(value);
    if (keys.length > MAX_ATTRIBUTES) ctx.addIssue({ code: 'custom', message: `at most ${MAX_ATTRIBUTES} attributes` });
    for (const key of keys) {
      const v = (value as Record<string, unknown>)[key];
      if (key.length === 0 || key.length > MAX_ID_LENGTH) ctx.addIssue({ code: 'custom', message: 'attribute name must be 1 to 256 characters', path: [key] });
      if (typeof v !== 'string' || v.length > MAX_TEXT_LENGTH) ctx.addIssue({ code: 'custom', message: 'attribute value must be a string of at most 10000 characters', path: [key] });
    }
  })
  .transform((value) => {
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const key of Object.keys(value)) Object.defineProperty(out, key, { value: value[key], enumerable: true, writable: true, configurable: true });
    return out;
  });

/** Schema of a user account. */
export const userSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  enabled: z.boolean().default(true),
  lastSignIn: instantSchema.nullable().default(null),
  attributes: attributesSchema.default(() => Object.create(null) as Record<string, string>),
});
/** A user. `lastSignIn` is an ISO-8601 instant, or null for never. */
export type User = z.output<typeof userSchema>;
/** A user as callers may write it. */
export type UserInput = z.input<typeof userSchema>;

/** Schema of an organization (legal entity or operating unit) with its parent in the hierarchy. */
export const organizationSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  parent: idSchema.optional(),
});
/** An organization. */
export type Organization = z.output<typeof organizationSchema>;
/** An organization as callers may write it. */
export type OrganizationInput = z.input<typeof organizationSchema>;

/** Schema of one organization in an assignment's scope, granted alone or with its children. */
export const scopedOrganizationSchema = z.strictObject({
  id: idSchema,
  includeChildren: z.boolean().default(false),
});

/** Schema of an assignment's organization scope: `'all'`, or a non-empty list of organizations. */
export const scopeSchema = z.union([
  z.literal('all'),
  z.strictObject({ organizations: z.array(scopedOrganizationSchema).min(1).max(MAX_MEMBERS) }),
]);
/** An organization scope. */
export type Scope = z.output<typeof scopeSchema>;

/** Schema of an assignment of a role to a user, with its organization scope and source. */
export const assignmentSchema = z.strictObject({
  user: idSchema,
  role: idSchema,
  scope: scopeSchema.default('all'),
  source: z.enum(['manual', 'automatic']).default('manual'),
});
/** An assignment. A user holds a role at most once; the pair (user, role) identifies it. */
export type Assignment = z.output<typeof assignmentSchema>;
/** An assignment as callers may write it. */
export type AssignmentInput = z.input<typeof assignmentSchema>;

/** Schema of one licence of the catalogue and the licences it covers. */
export const licenseSchema = z.strictObject({
  id: licenseIdSchema,
  name: nameSchema,
  covers: z.array(licenseIdSchema).max(1_000).default([]),
});
/** A licence. */
export type License = z.output<typeof licenseSchema>;

/** Schema of a licence catalogue: licences with a "covers" partial order. */
export const licenseCatalogueSchema = z.strictObject({
  licenses: z.array(licenseSchema).min(1).max(1_000),
});
/** A licence catalogue. */
export type LicenseCatalogue = z.output<typeof licenseCatalogueSchema>;
/** A licence catalogue as callers may write it. */
export type LicenseCatalogueInput = z.input<typeof licenseCatalogueSchema>;

/**
 * The default catalogue, lowest first: each licence covers those before it.
 * `none` means no licence is needed.
 */
export const defaultLicenseCatalogue: LicenseCatalogue = {
  licenses: [
    { id: 'none', name: 'None', covers: [] },
    { id: 'self-serve', name: 'Self-serve', covers: ['none'] },
    { id: 'team-members', name: 'Team Members', covers: ['self-serve'] },
    { id: 'activity', name: 'Activity', covers: ['team-members'] },
    { id: 'operations', name: 'Operations', covers: ['activity'] },
  ],
};

// Re-exported so callers validate free text the same way.
export { MAX_TEXT_LENGTH };
