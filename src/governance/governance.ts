/**
 * The governance service's public face: the {@link Governance} interface users call, and the
 * records its commands take and return. The implementation is in `service.ts`.
 *
 * @module
 */
import type { AccessIndex, Explanation } from '../access/index.js';
import type { HistoryItem, HistorySubject, RoleAssignmentEvent, RoleAssignmentFilter } from '../audit/queries.js';
import type { AuditEntry, AuditVerification } from '../audit/trail.js';
import type { Change, ChangeInput } from '../model/changes.js';
import type { ModelDataInput } from '../model/data.js';
import type { SecGovError } from '../model/errors.js';
import type { Conflict, SodRuleInput } from '../model/governance-schemas.js';
import type { SecurityModel } from '../model/model.js';
import type { ParametersPatch } from '../model/parameters.js';
import type { Assignment, AssignmentInput, Right } from '../model/schemas.js';
import type { Clock } from '../ports/clock.js';
import type { Store, VersionInfo } from '../ports/store.js';
import type { InteractionInput, RoleChangeEntry, UserLog } from '../sessions/logs.js';
import type { SessionAuditEntry } from '../sessions/machine.js';
import type { EffectiveState } from '../sessions/overlay.js';
import type { PrivilegedSessionInput, Session, SessionEdit, SessionStatus, TemporaryRoleSessionInput } from '../sessions/schemas.js';
import type { ComplianceReport } from '../sod/compliance.js';
import type { RoleViolation } from '../sod/roles.js';
import type { SimilarityKind, SimilarityPair } from '../sod/similarity.js';
import type { WhatIf } from '../sod/what-if.js';
import type { CompareOptions, ModelComparison } from '../versioning/compare.js';
import type { RestoreNote, RestoreOptions } from '../versioning/restore.js';

/** What the governance service is built from. */
export interface GovernanceDependencies {
  /** Where state, sessions and logs are kept. */
  readonly store: Store;
  /** The only source of time. */
  readonly clock: Clock;
  /**
   * The governed state to start from when the store is empty (a model, or plain model data).
   * Ignored when the store already holds a governed state: the store wins, so several
   * application servers can start with the same seed.
   */
  readonly model?: SecurityModel | ModelDataInput;
  /** Governance parameters applied on top of the seed model when the store is empty. */
  readonly parameters?: ParametersPatch;
}

/** The result of one run of the session processor. */
export interface ProcessReport {
  /** The instant the run used as "now". */
  readonly at: string;
  /** Sessions started. */
  readonly started: readonly string[];
  /** Sessions ended because their end came. */
  readonly ended: readonly string[];
  /** Sessions whose end passed before they ever started: ended without granting anything. */
  readonly expired: readonly string[];
  /** Sessions due to start but held: they have unresolved SoD conflicts. */
  readonly held: readonly string[];
  /** Units of work that failed (for example a store failure); the next run completes them. */
  readonly failed: readonly { readonly sessions: readonly string[]; readonly error: SecGovError }[];
}

/** A user's effective state at an instant, with access questions answered for that state. */
export interface EffectiveView extends EffectiveState {
  /** The user. */
  readonly user: string;
  /** The instant. */
  readonly at: string;
  /** The roles in force (ids, each once, in first-seen order). */
  readonly roles: readonly string[];
  /** Can the user exercise `right` on `entryPoint` (in `organization`) at that instant? */
  check(entryPoint: string, right: Right, organization?: string): boolean;
}

/** One recording document: the interactions of one sign-in, as JSON Lines. */
export interface RecordingDocument {
  /** A file name for download. */
  readonly name: string;
  /** The sign-in the document covers, or null for interactions outside any recorded sign-in. */
  readonly signIn: string | null;
  /** Number of interactions in the document. */
  readonly count: number;
  /** The lines (one JSON object each, with a trailing newline), read from the store page by page. */
  lines(): AsyncIterable<string>;
}

/** A sign-in recorded by {@link Governance.signIn}. */
export interface SignIn {
  /** The sign-in id, to pass to {@link Governance.signOut}. */
  readonly id: string;
  /** The user. */
  readonly user: string;
  /** When. */
  readonly at: string;
  /** Sessions active for the user at sign-in (the sign-in is recorded in their user logs). */
  readonly sessions: readonly string[];
}

/** What a model change did: the new model, and what SoD and similarity checks decided. */
export interface ApplyOutcome {
  /** The model after the change. */
  readonly model: SecurityModel;
  /**
   * Conflicts raised: assignments that would have given a user both duties of an SoD rule are not
   * applied; each waits as an unresolved conflict for {@link Governance.resolveConflict}.
   */
  readonly conflicts: readonly Conflict[];
  /** Automatic assignments not applied because the user is excluded from the role. */
  readonly excluded: readonly Assignment[];
  /** Similarity findings, when the parameters say to warn rather than refuse. */
  readonly warnings: readonly SimilarityPair[];
}

/** How an administrator resolves an SoD conflict ({@link Governance.resolveConflict}). */
export interface ConflictResolution {
  /** `deny`: the assignment is never applied; `allow`: it applies, as an override of the rules. */
  readonly decision: 'allow' | 'deny';
  /** The reason for the override or the denial (required to allow). */
  readonly reason?: string;
  /** When an override stops counting (compliance scans then report the violation again). */
  readonly expiresAt?: Date | string;
  /** The mitigating control that makes the override acceptable. */
  readonly mitigation?: string;
}

/** Options of {@link Governance.apply}. */
export interface ApplyOptions {
  /** Why the change is made (kept with the change in the logs). */
  readonly reason?: string;
}

/**
 * The governance service. Commands take the acting user (`actor`) first and are authorized: only
 * holders of the administrator role (parameter `administratorRole`) may run them; anyone else gets
 * `NOT_AUTHORIZED` and nothing changes. Each command is one unit of work: it commits completely or
 * not at all.
 */
export interface Governance {
  /** The Clock the service reads time from. */
  readonly clock: Clock;
  /**
   * The governed state as of the last sync: the published state, or with `unpublished: true` the
   * published state with the staged changes applied.
   */
  model(options?: { readonly unpublished?: boolean }): SecurityModel;
  /** The access index as of the last sync (session roles included while sessions are active). */
  access(): AccessIndex;
  /** Pull changes other service instances committed to the store. Commands do this themselves. */
  sync(): Promise<void>;

  /**
   * Apply change records to the governed state as `actor`, as one unit of work. Role definitions
   * that would contain both duties of an enabled SoD rule are refused (`SOD_ROLE_CONFLICT`); a duty
   * or privilege too similar to another is refused (`SIMILARITY_THRESHOLD`) or reported, per the
   * parameters; an assignment that would give a user both duties of a rule in one organization is
   * not applied but raised as an unresolved conflict (with parameter `sodEnforcement: 'enforce'`).
   */
  apply(actor: string, changes: readonly ChangeInput[], options?: ApplyOptions): Promise<ApplyOutcome>;
  /** Assign a role to a user (a change record `assign`). */
  assign(actor: string, assignment: AssignmentInput): Promise<ApplyOutcome>;
  /** Remove a role from a user (a change record `unassign`). */
  unassign(actor: string, user: string, role: string): Promise<ApplyOutcome>;

  /** Create a temporary role session (status Draft). */
  createTemporaryRoleSession(actor: string, input: TemporaryRoleSessionInput): Promise<Session>;
  /** Create a privileged user session (status Draft). */
  createPrivilegedSession(actor: string, input: PrivilegedSessionInput): Promise<Session>;
  /** Edit a Draft session. */
  editSession(actor: string, id: string, edit: SessionEdit): Promise<Session>;
  /**
   * Approve a Draft: Planned (temporary role) or Approved (privileged). With SoD enforced, the
   * conflicts the session would create (next to the user's other sessions overlapping it) are raised:
   * the session does not start until they are resolved.
   */
  approveSession(actor: string, id: string, options?: { readonly reason?: string }): Promise<Session>;
  /** Reject a Draft. */
  rejectSession(actor: string, id: string, options?: { readonly reason?: string }): Promise<Session>;
  /** Cancel a Draft, Planned or Approved session. */
  cancelSession(actor: string, id: string, options?: { readonly reason?: string }): Promise<Session>;
  /** End an Active session now, before its end. */
  endSession(actor: string, id: string, options?: { readonly reason?: string }): Promise<Session>;
  /**
   * Process one session now, as an administrator: start it, end it or expire it if due; otherwise
   * unchanged.
   *
   * @throws {@link SecGovError} `SOD_UNRESOLVED_CONFLICT` when the session is due to start but has
   *   unresolved SoD conflicts, or its start would create new ones (the user's roles changed since
   *   the approval): those are raised, and kept, before the error is thrown
   */
  processSession(actor: string, id: string): Promise<Session>;
  /**
   * The background processor: start, end and expire every due session. Idempotent and safe to run
   * in several workers. Sessions are processed in units of work of `batchSize` (default 500). A
   * session due to start with unresolved SoD conflicts, found at its approval or raised now, waits:
   * it is reported under `held`.
   */
  process(options?: { readonly batchSize?: number }): Promise<ProcessReport>;

  /** A session by id. @throws `NOT_FOUND` */
  getSession(id: string): Promise<Session>;
  /** Sessions, optionally of one user and in some statuses, in id order. */
  listSessions(query?: { readonly user?: string; readonly statuses?: readonly SessionStatus[] }): Promise<Session[]>;
  /** A session's audit log. */
  sessionAuditLog(id: string): Promise<SessionAuditEntry[]>;
  /** A session's user log: sign-ins while it was active, time spent, and when it ended. */
  userLog(id: string): Promise<UserLog>;
  /** A session's user role change log. */
  roleChangeLog(id: string): Promise<RoleChangeEntry[]>;

  /** The user's effective state now: own assignments overlaid by the sessions active now. */
  effectiveState(user: string): EffectiveState;
  /**
   * The user's effective roles and access at any instant, given the scheduled sessions, without
   * changing anything. `includeDrafts` counts Draft sessions as if approved, to see a schedule's
   * effect before approving it. Past instants use today's own assignments.
   */
  effectiveAt(user: string, instant: Date | string, options?: { readonly includeDrafts?: boolean }): Promise<EffectiveView>;
  /** Can `user` exercise `right` on `entryPoint` (in `organization`) now? Session roles count while in force. */
  check(user: string, entryPoint: string, right: Right, organization?: string): boolean;
  /** Every path behind {@link Governance.check}'s answer. */
  explain(user: string, entryPoint: string, right: Right, organization?: string): Explanation;

  /** Record a sign-in. Kept in the user log of each session active for the user; otherwise only the last sign-in time is updated. */
  signIn(user: string): Promise<SignIn>;
  /** Record a sign-out (of the given sign-in, or the user's latest). @returns the sign-in closed, or null if none was open */
  signOut(user: string, signInId?: string): Promise<SignIn | null>;
  /** The user's last sign-in time (from activity or the model), or null for never. */
  lastSignIn(user: string): Promise<string | null>;
  /** Append interaction events to an active privileged session's recording. @throws `SESSION_NOT_ACTIVE` */
  recordInteraction(session: string, events: InteractionInput | readonly InteractionInput[]): Promise<void>;
  /** The recording of a privileged session: one JSON Lines document per sign-in, streamed from the store. */
  exportRecording(session: string): Promise<RecordingDocument[]>;

  /**
   * Scan every user (own assignments plus sessions in force now, organization-aware) for SoD
   * violations; overrides in force move a violation to `overridden`, expired ones are listed and
   * count again. Incremental: only users affected since the last scan are checked again.
   */
  verifyCompliance(): ComplianceReport;
  /** Every role that contains both duties of one rule (an existing rule's id, or a rule to create). */
  validateRule(rule: string | SodRuleInput): RoleViolation[];
  /** The enabled SoD rules one role breaks, with the paths bringing each duty. */
  roleConflicts(role: string): RoleViolation[];
  /**
   * What-if: which SoD risks a set of assignment changes (`assign`/`unassign` of `user`) would add,
   * keep or remove for the user, and the effect on the user's licences. Changes nothing.
   */
  simulate(user: string, changes: readonly ChangeInput[]): WhatIf;
  /** SoD conflicts, newest first, optionally filtered. */
  conflicts(query?: { readonly status?: Conflict['status']; readonly user?: string; readonly session?: string }): Conflict[];
  /**
   * Resolve an unresolved SoD conflict as `actor`. Deny: the assignment is never applied (for an
   * automatic assignment the user is also excluded from the role; for a session, the session is
   * cancelled). Allow: with a reason for override, an optional expiry and mitigating control, the
   * assignment applies (for a session, it may start once all its conflicts are allowed). An allowed
   * conflict may be allowed again to renew it.
   */
  resolveConflict(actor: string, id: string, resolution: ConflictResolution): Promise<Conflict>;
  /**
   * Pairs of duties or privileges where one grants at least `level` percent (default: the parameter
   * `similarityLevel`) of the other's entry points.
   */
  similarityReport(kind: SimilarityKind, level?: number): SimilarityPair[];

  /**
   * The security audit trail, oldest first: one entry per command that changed governed state
   * (model changes, SoD decisions, session commands and processor runs), with time, actor, command,
   * reason, change records and details, each chained to the previous one by SHA-256.
   */
  auditTrail(options?: { readonly after?: number; readonly limit?: number }): Promise<AuditEntry[]>;

  /** Change governance parameters (a recorded, audited `setParameters` change). */
  setParameters(actor: string, patch: ParametersPatch, options?: ApplyOptions): Promise<ApplyOutcome>;
  /**
   * Stage changes without publishing them (parameter `allowUnpublishedObjects` on): they are checked
   * against the published state plus what is already staged, kept in the store, and visible in
   * `model({ unpublished: true })` until {@link Governance.publish} or {@link Governance.discardPending}.
   * @returns the model with every staged change
   */
  stage(actor: string, changes: readonly ChangeInput[], options?: ApplyOptions): Promise<SecurityModel>;
  /** The staged batches, oldest first. */
  pendingChanges(): readonly StagedBatch[];
  /**
   * Publish every staged change at once, as one recorded change, after the SoD and similarity checks
   * (a refusal publishes nothing and keeps them staged).
   */
  publish(actor: string, options?: ApplyOptions): Promise<ApplyOutcome>;
  /** Drop every staged change. */
  discardPending(actor: string, options?: ApplyOptions): Promise<void>;
  /**
   * Run the enabled automatic assignment rules: users matching a rule get its role (source
   * `automatic`), automatic assignments no rule asks for are removed; manual assignments are never
   * touched and excluded users are skipped. Conflicting assignments are held as SoD conflicts.
   */
  runAssignmentRules(actor: string): Promise<ApplyOutcome & { readonly skippedExcluded: readonly { readonly user: string; readonly role: string }[]; readonly keptManual: readonly { readonly user: string; readonly role: string }[] }>;
  /**
   * Verify the whole trail: ok with the number of entries and the head hash (keep it elsewhere to
   * detect a rewrite of the newest entries too), or the first entry whose content or link was
   * altered, removed or reordered.
   */
  verifyAuditTrail(): Promise<AuditVerification>;
  /**
   * Every recorded change of one object (added, updated, removed; grants of a privilege; assignments
   * of a user or role), or with kind `parameters` every parameter change: who, when, why, and the
   * change record, oldest first.
   */
  history(kind: HistorySubject, id?: string): Promise<HistoryItem[]>;
  /**
   * The role assignment audit trail: who assigned or unassigned which role to whom, when, and how
   * (manual, automatic, or by a session), optionally for one user, one role and a period.
   */
  roleAssignmentTrail(filter?: RoleAssignmentFilter): Promise<RoleAssignmentEvent[]>;

  /** Snapshot the whole governed state as a named, immutable version (an audited command). */
  createVersion(actor: string, input: { readonly name: string; readonly description?: string }): Promise<VersionInfo>;
  /** Every version (without its data), oldest first. */
  listVersions(): Promise<VersionInfo[]>;
  /** Delete a version (an audited command). */
  deleteVersion(actor: string, id: string): Promise<void>;
  /**
   * Compare two versions, or a version and the current state (id `current`, the default for `b`):
   * per object added, removed or changed, and exactly what changed.
   */
  compareVersions(a: string, b?: string, options?: CompareOptions): Promise<ModelComparison>;
  /**
   * Restore the chosen parts (governance data, security configuration, or both) of a version: one
   * recorded change after the usual checks, so history is never lost. Records the restore must keep
   * (because other parts still refer to them) are listed in `kept`.
   */
  restoreVersion(actor: string, id: string, options: RestoreOptions & ApplyOptions): Promise<ApplyOutcome & { readonly kept: readonly RestoreNote[] }>;
}

/** A batch of staged changes, waiting to be published. */
export interface StagedBatch {
  readonly type: 'stage';
  /** When it was staged. */
  readonly at: string;
  /** Who staged it. */
  readonly actor: string;
  /** Why. */
  readonly reason: string | null;
  /** The change records. */
  readonly changes: readonly Change[];
}
