/**
 * The security model: one immutable value holding every governed object.
 *
 * @module
 */
import type { Assignment, Duty, EntryPoint, LicenseCatalogue, Organization, Privilege, Role, User } from './schemas.js';
import { defaultLicenseCatalogue } from './schemas.js';
import type { Parameters } from './parameters.js';
import type { Conflict, Exclusion, SodRule } from './governance-schemas.js';
import type { AssignmentRule, Process, SecurityCategory, Task } from './design-schemas.js';
import { defaultParameters } from './parameters.js';
import { idKey } from './ids.js';
import { SecGovError } from './errors.js';
import { PersistentMap } from './persistent-map.js';
import { kindOf } from './arguments.js';

/**
 * An immutable snapshot of the governed state. Maps are keyed by {@link idKey} of the id
 * (assignments by {@link assignmentKey}). Never mutate it: produce a new one with
 * {@link applyChanges}.
 */
export interface SecurityModel {
  /** Entry points by {@link idKey} of {@link entryPointId}. */
  readonly entryPoints: ReadonlyMap<string, EntryPoint>;
  /** Privileges by id key. */
  readonly privileges: ReadonlyMap<string, Privilege>;
  /** Duties by id key. */
  readonly duties: ReadonlyMap<string, Duty>;
  /** Roles by id key. */
  readonly roles: ReadonlyMap<string, Role>;
  /** Users by id key. */
  readonly users: ReadonlyMap<string, User>;
  /** Organizations by id key. */
  readonly organizations: ReadonlyMap<string, Organization>;
  /** Assignments by {@link assignmentKey}. */
  readonly assignments: ReadonlyMap<string, Assignment>;
  /** Segregation-of-duties rules by id key. */
  readonly sodRules: ReadonlyMap<string, SodRule>;
  /** SoD conflicts (unresolved, allowed or denied) by id key. */
  readonly conflicts: ReadonlyMap<string, Conflict>;
  /** Exclusions of users from roles (automatic assignment skips them) by {@link assignmentKey}. */
  readonly exclusions: ReadonlyMap<string, Exclusion>;
  /** Security categories by id key. */
  readonly securityCategories: ReadonlyMap<string, SecurityCategory>;
  /** Process nodes by id key. */
  readonly processes: ReadonlyMap<string, Process>;
  /** Tasks by id key. */
  readonly tasks: ReadonlyMap<string, Task>;
  /** Automatic role assignment rules by id key. */
  readonly assignmentRules: ReadonlyMap<string, AssignmentRule>;
  /** The licence catalogue. */
  readonly licenses: LicenseCatalogue;
  /** The governance parameters. */
  readonly parameters: Parameters;
}

/**
 * The key of the assignment of `role` to `user` in {@link SecurityModel.assignments}.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming `user` or `role` when it is not a string
 */
export function assignmentKey(user: string, role: string): string {
  if (typeof user !== 'string') throw notAString('user', user);
  if (typeof role !== 'string') throw notAString('role', role);
  // Ids cannot contain control characters, so NUL separates the two parts unambiguously.
  return `${idKey(user)}\u0000${idKey(role)}`;
}

/** The error for a key part that is not a string (built only on the failure branch). */
function notAString(what: string, value: unknown): SecGovError {
  const kind = kindOf(value);
  return new SecGovError('VALIDATION_FAILED', `assignmentKey: ${what} must be a string, not ${kind}`, { ids: [what] });
}

/** An empty model with the default licence catalogue and parameters. */
export function emptyModel(): SecurityModel {
  return {
    entryPoints: new Map(),
    privileges: new Map(),
    duties: new Map(),
    roles: new Map(),
    users: new Map(),
    organizations: new Map(),
    assignments: PersistentMap.empty(),
    sodRules: new Map(),
    conflicts: new Map(),
    exclusions: new Map(),
    securityCategories: new Map(),
    processes: new Map(),
    tasks: new Map(),
    assignmentRules: new Map(),
    licenses: defaultLicenseCatalogue,
    parameters: defaultParameters,
  };
}
