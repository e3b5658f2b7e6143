/**
 * The public types of effective access.
 *
 * @module
 */
import type { AccessLevel } from '../model/access-level.js';
import type { Change } from '../model/changes.js';
import type { SecurityModel } from '../model/model.js';
import type { Assignment, Grant, Right, Scope } from '../model/schemas.js';

/** What one user may do on one entry point, as {@link AccessIndex.rightsOf} reports it. */
export interface EffectiveRights {
  /** The entry point id, in the spelling of the model. */
  readonly entryPoint: string;
  /** Rights the user has (allowed by some grant, denied by none), in the order of `rights`. */
  readonly allowed: readonly Right[];
  /** Rights the user lacks because a grant denies them. */
  readonly denied: readonly Right[];
  /** The summary access level of `allowed` and `denied`. */
  readonly accessLevel: AccessLevel;
}

/** Why an explained question has the answer it has. */
export type ExplanationReason =
  /** Some grant allows the right and none denies it. */
  | 'allowed'
  /** A grant denies the right: deny wins over any allow. */
  | 'denied'
  /** No grant sets the right. */
  | 'no-grant'
  /** The user is disabled: disabled users have no access. */
  | 'user-disabled'
  /** The user holds the administrator role in scope: full access. */
  | 'administrator'
  /** The right does not apply to the entry point: only `invoke` applies to service operations and data entity methods. */
  | 'not-applicable';

/** One way from an assignment to a grant: assignment → role → sub-roles → duty → privilege → grant. */
export interface AccessPath {
  /** The assignment the path starts from. */
  readonly assignment: { readonly role: string; readonly scope: Scope };
  /** The assigned role, then each sub-role down to the role holding the duty or privilege (display ids). */
  readonly roles: readonly string[];
  /** The duty holding the privilege; absent when the privilege is a direct privilege of the last role. */
  readonly duty?: string;
  /** The privilege holding the grant. */
  readonly privilege: string;
  /** The grant itself, as in the model. */
  readonly grant: Grant;
  /** What the grant sets the explained right to. */
  readonly permission: 'allow' | 'deny';
}

/** The answer to one access question, with every path that contributed to it. */
export interface Explanation {
  /** The user asked about (display id); empty for an explained assignment list without a user. */
  readonly user: string;
  /** The entry point (display id). */
  readonly entryPoint: string;
  /** The right asked about. */
  readonly right: Right;
  /** The organization asked about (display id), absent when the question covered every organization. */
  readonly organization?: string;
  /** The answer: the same as {@link AccessIndex.check}. */
  readonly allowed: boolean;
  /** Why. */
  readonly reason: ExplanationReason;
  /**
   * Every path from an assignment in scope to a grant on the entry point that sets the right to
   * allow or deny, in a deterministic order: assignments by role id, then depth-first through each
   * role (its duties in listed order, its direct privileges, then its sub-roles).
   */
  readonly paths: readonly AccessPath[];
  /** The paths that decided: the deny paths that won, or the allow paths. Empty for the other reasons. */
  readonly deciding: readonly AccessPath[];
  /**
   * When the question covered every organization and organization-scoped assignments decided it:
   * an organization in which the answer holds (for `allowed`, one where access is allowed).
   */
  readonly decidingOrganization?: string;
  /** True when there were more paths than an explanation lists (`MAX_EXPLAINED_PATHS`); the answer is still exact. */
  readonly truncated: boolean;
}

/** One object that grants a requested set of entry points. */
export interface Granter {
  /** The object's id (display spelling). */
  readonly id: string;
  /** Number of entry points on which the object effectively allows some right: its size, for "smallest first". */
  readonly entryPoints: number;
}

/** One requested entry point with the rights wanted on it. */
export interface AccessRequest {
  /** The entry point id. */
  readonly entryPoint: string;
  /** The rights wanted (at least one). */
  readonly rights: readonly Right[];
}

/** The answer of {@link AccessIndex.grantersOf}: the platform's security diagnostics for a recorded task. */
export interface Granters {
  /** Privileges that grant every requested right on every requested entry point, smallest first (then by id). */
  readonly privileges: readonly Granter[];
  /** Duties that do, smallest first. */
  readonly duties: readonly Granter[];
  /** Roles that do (through their whole sub-tree), smallest first. */
  readonly roles: readonly Granter[];
  /** Per requested entry point (merged when listed twice): the privileges that grant its requested rights, smallest first. */
  readonly byEntryPoint: readonly {
    readonly entryPoint: string;
    readonly rights: readonly Right[];
    readonly privileges: readonly Granter[];
  }[];
}

/** Assignments to evaluate instead of a user's own, for sessions (temporary roles, privileged access). */
export interface AssignmentOverride {
  /** The assignments that apply while the override is in place; each must name the overridden user. */
  readonly assignments: readonly Assignment[];
  /** The enabled flag that applies; absent keeps the user's own. */
  readonly enabled?: boolean;
}

/** An arbitrary holder of assignments, for what-if and time-travel questions. */
export interface AccessSubject {
  /** The assignments to evaluate (their `user` is not used). */
  readonly assignments: readonly Assignment[];
  /** Whether the holder is enabled. */
  readonly enabled: boolean;
  /** A user id to show in explanations (optional). */
  readonly user?: string;
}

/**
 * A compiled, incrementally maintained index of effective access over one {@link SecurityModel}.
 * Build it with `compileAccess`. Ids are case-insensitive; answers show ids in the model's spelling.
 */
export interface AccessIndex {
  /** The model the index reflects. */
  readonly model: SecurityModel;
  /**
   * Whether `user` has `right` on `entryPoint` in `organization` (or, when omitted, in at least one
   * organization).
   *
   * @throws {@link SecGovError} `NOT_FOUND` for an unknown user, entry point or organization;
   *   `VALIDATION_FAILED` for a right that is not one of the six or an argument that is not a string
   */
  check(user: string, entryPoint: string, right: Right, organization?: string): boolean;
  /** Every entry point the user reaches (some right allowed or denied), sorted by entry point id. */
  rightsOf(user: string, organization?: string): EffectiveRights[];
  /** Every user who has `right` on `entryPoint` (in `organization`), as display ids, sorted. */
  whoCanReach(entryPoint: string, right: Right, organization?: string): string[];
  /** The answer of {@link check} with every path behind it. */
  explain(user: string, entryPoint: string, right: Right, organization?: string): Explanation;
  /** {@link explain} for an arbitrary assignment list (what-if, time travel). */
  explainAssignments(subject: AccessSubject, entryPoint: string, right: Right, organization?: string): Explanation;
  /** The privileges, duties and roles that grant all requested entry points and rights, smallest first. */
  grantersOf(request: readonly AccessRequest[]): Granters;
  /**
   * Bring the index to `next`, given the change records that produced `next` from {@link model}
   * (as `applyChanges(this.model, changes)`). Only what the changes touch is recompiled: a
   * privilege's changed grants in the compiled roles holding it, a duty or role and the roles above
   * it, one user, the organization scopes. Very large batches, an empty list with another model,
   * or records that cannot have produced `next` rebuild the index from `next` instead: either way
   * it ends answering exactly as `compileAccess(next)` would (session overrides kept).
   *
   * @throws {@link SecGovError} `VALIDATION_FAILED` when `next` is not a model or `changes` not an array
   */
  update(next: SecurityModel, changes: readonly Change[]): void;
  /**
   * Replace the assignments (and optionally the enabled flag) used for one user, as sessions do;
   * `undefined` restores the model's. The override survives {@link update}; it ends when the user
   * is removed, and roles or organizations removed from the model later drop out of it.
   *
   * @throws {@link SecGovError} `NOT_FOUND` for an unknown user, role or organization;
   *   `VALIDATION_FAILED` for a malformed override or an assignment naming another user (nothing changes)
   */
  setEffectiveAssignments(user: string, override: AssignmentOverride | undefined): void;
  /** {@link check} for an arbitrary assignment list, without changing anything. */
  checkAssignments(subject: AccessSubject, entryPoint: string, right: Right, organization?: string): boolean;
}
