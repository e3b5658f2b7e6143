/**
 * The governance service: the object users call. It authorizes every command, turns it into
 * change records or session transitions, commits them in one unit of work of the {@link Store},
 * and keeps its derived views (model, access index, session overlays) in step with the store.
 *
 * @module
 */
import type { AccessIndex, Explanation } from '../access/index.js';
import { compileAccess } from '../access/index.js';
import type { Change, ChangeInput } from '../model/changes.js';
import { changesSchema, objectKinds } from '../model/changes.js';
import { applyTrustedChanges, parseChanges } from '../model/apply.js';
import { assignmentsAfter } from '../model/user-assignments.js';
import { createModel, modelToData, type ModelDataInput } from '../model/data.js';
import { assertModel } from '../model/assert-model.js';
import { isModelMap } from '../model/persistent-map.js';
import { SecGovError } from '../model/errors.js';
import { idKey, idSchema, nameSchema, textSchema } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import { emptyModel } from '../model/model.js';
import type { ParametersPatch } from '../model/parameters.js';
import { parametersPatchSchema } from '../model/parameters.js';
import type { Assignment, AssignmentInput, Right } from '../model/schemas.js';
import { instantSchema } from '../model/time.js';
import { parseOrThrow, problemsFromZod } from '../model/zod-problems.js';
import type { Clock } from '../ports/clock.js';
import type { SessionChanges, StateReading, Store, StoreTransaction } from '../ports/store.js';
import type { InteractionInput, RecordedInteraction, RoleChangeEntry, UserLog, UserLogEntry } from '../sessions/logs.js';
import { interactionSchema, sessionStreams, summarizeUserLog } from '../sessions/logs.js';
import type { SessionAuditEntry, SessionEffect, SessionEvent, TransitionContext } from '../sessions/machine.js';
import { dueEvent, transition } from '../sessions/machine.js';
import type { EffectiveState } from '../sessions/overlay.js';
import { inForceAt, overlaySessions } from '../sessions/overlay.js';
import type { PrivilegedSessionInput, Session, SessionEdit, SessionStatus, TemporaryRoleSessionInput } from '../sessions/schemas.js';
import { privilegedSessionInputSchema, sessionEditSchema, sessionStatusSchema, temporaryRoleSessionInputSchema } from '../sessions/schemas.js';
import { schedulingStatuses, validateSession } from '../sessions/validate.js';
import { z } from 'zod';
import type { Conflict, SodRuleInput } from '../model/governance-schemas.js';
import type { ComplianceReport } from '../sod/compliance.js';
import { roleConflicts, validateRule, type RoleViolation } from '../sod/roles.js';
import { similarityReport, type SimilarityKind, type SimilarityPair } from '../sod/similarity.js';
import type { WhatIf } from '../sod/what-if.js';
import type { ApplyOptions, ApplyOutcome, ConflictResolution, EffectiveView, Governance, GovernanceDependencies, ProcessReport, RecordingDocument, SignIn, StagedBatch } from './governance.js';
import { SodGuard } from './sod-guard.js';
import { checkedStore } from './checked-store.js';
import { isCanonicalInstant, isRecord, kindOf, portFailure, readArgument } from '../model/arguments.js';
import { planAutomaticAssignments } from './automatic-assignment.js';
import { compareModels, type CompareOptions, type ModelComparison } from '../versioning/compare.js';
import { restoreChanges, type RestoreNote, type RestoreOptions } from '../versioning/restore.js';
import type { VersionInfo } from '../ports/store.js';
import { objectHistory, roleAssignmentEvents, roleAssignmentFilterSchema, type HistoryItem, type HistorySubject, type RoleAssignmentEvent, type RoleAssignmentFilter } from '../audit/queries.js';
import { AUDIT_STREAM, AuditChainVerifier, openAuditEntry, sealAuditEntry, type AuditEntry, type AuditVerification } from '../audit/trail.js';


const PROCESSOR = 'processor';
/** How many times a command is tried when another server's commit makes it stale (`CONCURRENT_MODIFICATION`). */
const MAX_COMMAND_ATTEMPTS = 3;
/** How many times in a row the processor retries a batch that another server's commit made stale. */
const MAX_STALE_BATCHES = 3;
/** The log stream of staged (unpublished) changes. */
const PENDING_STREAM = 'pending';

type PendingEntry = StagedBatch | { readonly type: 'publish' | 'discard'; readonly at: string; readonly actor: string };

/**
 * A batch this instance appended, with the model it makes: `model` is `base` (the current model
 * when the batch was appended) with the batch applied, and the batch is stored at `revision`.
 */
interface Committed {
  readonly base: SecurityModel;
  readonly revision: number;
  readonly model: SecurityModel;
}

/** The audit entry a unit of work is building. */
interface AuditDraft {
  at: string;
  actor: string;
  command: string;
  changes: Change[];
  reason: string | null;
  details: Record<string, unknown>;
}

/** A session transition as noted in the audit trail. */
interface SessionNote {
  readonly session: string;
  readonly kind: Session['kind'];
  readonly user: string;
  readonly roles: readonly string[];
  readonly event: string;
  readonly from: string | null;
  readonly to: string;
}
const MAX_OPEN_SIGN_INS = 100;
const LOG_PAGE = 1_000;
const reasonSchema = z.strictObject({ reason: textSchema.optional() }).optional();
const modelOptionsSchema = z.strictObject({ unpublished: z.boolean().optional() });
const processOptionsSchema = z.strictObject({ batchSize: z.number().int().min(1).max(10_000).default(500) }).default({ batchSize: 500 });
const pad = (n: number) => String(n).padStart(6, '0');
const historySubjectSchema = z.enum([...objectKinds, 'parameters']);
const versionInputSchema = z.strictObject({ name: nameSchema, description: textSchema.optional() });
const restoreInputSchema = z.strictObject({ parts: z.enum(['governance', 'configuration', 'both']), removeCustomizations: z.boolean().optional(), reason: textSchema.optional() });
const conflictQuerySchema = z.strictObject({ status: z.enum(['unresolved', 'allowed', 'denied']).optional(), user: idSchema.optional(), session: idSchema.optional() });
const resolutionSchema = z.strictObject({
  decision: z.enum(['allow', 'deny']),
  reason: textSchema.optional(),
  expiresAt: instantSchema.optional(),
  mitigation: textSchema.optional(),
});

/**
 * Build the governance service over a store and a clock. Prefer `createGovernance` from the main
 * entry, which defaults to the memory store and the system clock.
 */
export async function createGovernanceService(deps: GovernanceDependencies): Promise<Governance> {
  // Each member read once: a getter may answer differently the second time.
  const { store, clock, model, parameters } = readArgument('deps', () => {
    if (!deps || typeof deps !== 'object') return {};
    const { store, clock, model, parameters } = deps;
    return typeof store?.transact === 'function' && typeof clock?.now === 'function' ? { store, clock, model, parameters } : {};
  });
  if (!store || !clock) throw new SecGovError('VALIDATION_FAILED', 'createGovernance needs a store with transact() and a clock with now()');
  // What the caller's store answers is checked, and its failures made SecGovErrors, in one place.
  const service = new GovernanceService(checkedStore(store), clock);
  await service.initialize(model, parameters);
  return service;
}

class GovernanceService implements Governance {
  private revision = 0;
  private current: SecurityModel = emptyModel();
  private index: AccessIndex | undefined;
  private sessionCursor = 0;
  /** Active sessions by user key. */
  private readonly active = new Map<string, Session[]>();
  /**
   * The earliest end (ms) among active sessions still applied to the index. Checks compare the
   * clock with it, so a session stops counting at its end even when the processor runs late.
   */
  private nextExpiry = Infinity;
  /** Assignments by user key, for the current model (built lazily, then patched batch by batch). */
  private byUser: Map<string, Assignment[]> | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private readonly sod: SodGuard;
  /** Staged (unpublished) change batches, in order, and the read position in their stream. */
  private pending: StagedBatch[] = [];
  private pendingCursor = 0;
  private withPending: SecurityModel | undefined;
  /** The audit entry each open unit of work is building. */
  private readonly auditDrafts = new WeakMap<StoreTransaction, AuditDraft>();
  /** The model each open unit of work computed for the batch it appended (see {@link Committed}). */
  private readonly computed = new WeakMap<StoreTransaction, Committed>();
  /**
   * The state each open unit of work decides on: the model and revision when it began. Its batch is
   * appended at that revision, not at the instance's revision when it appends: work of this
   * instance running alongside (a command and the processor, or two commands) may sync in between,
   * and a decision made on the older model must then be refused and taken again, not committed.
   */
  private readonly bases = new WeakMap<StoreTransaction, { readonly revision: number; readonly model: SecurityModel }>();
  /** The model of this instance's last committed batch, until {@link absorbState} reaches it. */
  private committed: Committed | undefined;

  constructor(
    private readonly store: Store,
    readonly clock: Clock,
  ) {
    this.sod = new SodGuard(
      {
        effectiveOf: (userKey) => (this.active.has(userKey) ? this.stateAt(userKey, this.now()).assignments : undefined),
        overlay: (userKey, own, assigned) => this.overlayNow(userKey, own, assigned),
      },
      this.current,
    );
  }

  // ---------------------------------------------------------------- state and sync

  async initialize(seed: SecurityModel | ModelDataInput | undefined, parameters: ParametersPatch | undefined): Promise<void> {
    await this.sync();
    if (this.revision > 0 || (seed === undefined && parameters === undefined)) return;
    // A model is checked as every function checks one (its members, not its records: a model is
    // made by createModel or applyChanges); what reading it throws is named, not a TypeError.
    let model = seed === undefined ? emptyModel() : readArgument('model', () => isModel(seed)) ? seedModel(seed as SecurityModel) : createModel(seed as ModelDataInput);
    if (parameters !== undefined) {
      const patch = parseOrThrow(parametersPatchSchema, parameters, 'parameters');
      model = readArgument('model', () => applyTrustedChanges(model, [{ op: 'setParameters', patch }]));
    }
    const data = readArgument('model', () => modelToData(model));
    try {
      const revision = await this.store.transact(async (tx) => {
        const r = await tx.appendState(0, []);
        await tx.saveSnapshot({ revision: r, data });
        const counts = Object.fromEntries(Object.entries(data).filter(([, v]) => Array.isArray(v)).map(([k, v]) => [k, (v as unknown[]).length]));
        this.auditDrafts.set(tx, { at: this.now(), actor: 'system', command: 'initialize', changes: [], reason: null, details: { revision: r, objects: counts } });
        await this.appendAudit(tx);
        return r;
      });
      // The snapshot is this model: adopt it instead of reading and validating it again.
      if (this.revision === 0) {
        this.current = model;
        this.revision = revision;
        this.index = undefined;
        this.byUser = undefined;
        this.sod.reset(model);
      }
    } catch (error) {
      // Another instance initialized the store first: its state wins.
      if (!(error instanceof SecGovError && error.code === 'CONCURRENT_MODIFICATION')) throw error;
    }
    await this.sync();
  }

  model(options?: { readonly unpublished?: boolean }): SecurityModel {
    if (options === undefined) return this.current;
    if (parseOrThrow(modelOptionsSchema, options, 'options').unpublished !== true || this.pending.length === 0) return this.current;
    this.withPending ??= applyTrustedChanges(this.current, this.pending.flatMap((b) => b.changes));
    return this.withPending;
  }

  access(): AccessIndex {
    if (!this.index) {
      this.index = compileAccess(this.current);
      const now = this.now();
      for (const userKey of this.active.keys()) this.refreshOverlay(userKey, now);
    }
    if (this.nextExpiry !== Infinity) this.expireOverlays();
    return this.index;
  }

  sync(): Promise<void> {
    const next = this.syncing.then(() => this.pull());
    this.syncing = next.catch(() => undefined);
    return next;
  }

  private async pull(): Promise<void> {
    const { state, sessions, pending } = await this.store.transact(async (tx) => ({
      state: await tx.readState(this.revision),
      sessions: await tx.sessionChanges(this.sessionCursor),
      pending: await tx.readLog(PENDING_STREAM, { after: this.pendingCursor, limit: 100_000 }),
    }));
    // Checked before anything is absorbed: a refused sync leaves the cache as it was.
    const entries = pending.records.map((r) => pendingEntry(r.seq, r.data));
    this.absorbState(state);
    this.absorbSessions(sessions);
    this.absorbPending(entries, pending.cursor);
    if (pending.more) await this.pull();
  }

  private absorbState(reading: StateReading): void {
    if (reading.snapshot) {
      this.current = createModel(reading.snapshot.data);
      this.revision = reading.snapshot.revision;
      this.index = undefined;
      this.byUser = undefined;
      this.sod.reset(this.current);
    }
    for (const batch of reading.batches) {
      if (batch.revision !== this.revision + 1) continue; // already absorbed
      const parsed = changesSchema.safeParse(batch.changes);
      if (!parsed.success) {
        throw new SecGovError('INTEGRITY_VIOLATION', `stored change batch ${batch.revision} is malformed`, { problems: problemsFromZod(parsed.error) });
      }
      const own = this.committed;
      const next = own !== undefined && own.revision === batch.revision && own.base === this.current ? own.model : applyTrustedChanges(this.current, parsed.data);
      this.committed = undefined;
      this.withPending = undefined;
      this.index?.update(next, parsed.data);
      this.sod.advance(next, parsed.data);
      this.current = next;
      this.revision = batch.revision;
      const touched = usersTouched(parsed.data);
      // Patched for the users the batch touched: rebuilding it from every assignment costs more
      // than the whole batch at ERP size (and every command reads it to authorize its actor).
      if (this.byUser) {
        for (const userKey of touched) {
          const now = next.users.has(userKey) ? assignmentsAfter(this.byUser.get(userKey) ?? [], userKey, parsed.data) : [];
          if (now.length > 0) this.byUser.set(userKey, now);
          else this.byUser.delete(userKey);
        }
      }
      for (const userKey of touched) if (this.active.has(userKey)) this.refreshOverlay(userKey);
    }
  }

  private absorbPending(entries: readonly PendingEntry[], cursor: number): void {
    for (const entry of entries) {
      if (entry.type === 'stage') this.pending.push(entry);
      else this.pending = [];
      this.withPending = undefined;
    }
    this.pendingCursor = cursor;
  }

  private absorbSessions(changes: SessionChanges): void {
    const now = changes.sessions.length > 0 ? this.now() : '';
    for (const session of changes.sessions) {
      const userKey = idKey(session.user);
      const list = (this.active.get(userKey) ?? []).filter((s) => idKey(s.id) !== idKey(session.id));
      if (session.status === 'active') list.push(session);
      if (list.length > 0) this.active.set(userKey, list);
      else this.active.delete(userKey);
      this.refreshOverlay(userKey, now);
      this.sod.refreshUser(userKey);
    }
    this.sessionCursor = changes.cursor;
  }

  private assignmentsOf(userKey: string): Assignment[] {
    if (!this.byUser) {
      this.byUser = new Map();
      for (const a of this.current.assignments.values()) {
        const k = idKey(a.user);
        const list = this.byUser.get(k);
        if (list) list.push(a);
        else this.byUser.set(k, [a]);
      }
    }
    return this.byUser.get(userKey) ?? [];
  }

  /** The user's active sessions in force at `now` (one whose end passed no longer counts, processed or not). */
  private sessionsInForce(userKey: string, now: string): Session[] {
    const active = this.active.get(userKey);
    return active === undefined ? [] : active.filter((s) => inForceAt(s, now));
  }

  /** Install the user's overlay (own assignments plus the sessions in force now) into the index. */
  private refreshOverlay(userKey: string, now = this.now()): void {
    const sessions = this.sessionsInForce(userKey, now);
    for (const s of sessions) this.nextExpiry = Math.min(this.nextExpiry, Date.parse(s.end));
    if (!this.index) return;
    const user = this.current.users.get(userKey);
    if (!user) return;
    if (sessions.length === 0) {
      this.index.setEffectiveAssignments(user.id, undefined);
      return;
    }
    const state = overlaySessions(this.assignmentsOf(userKey), user.enabled, sessions);
    this.index.setEffectiveAssignments(user.id, { assignments: state.assignments, enabled: state.enabled });
  }

  /** When a session applied to the index has reached its end, withdraw it from the index now. */
  private expireOverlays(): void {
    if (this.epochMilliseconds() < this.nextExpiry) return;
    const now = this.now();
    this.nextExpiry = Infinity;
    for (const [userKey, sessions] of this.active) {
      if (sessions.some((s) => s.end <= now)) this.refreshOverlay(userKey, now);
      else for (const s of sessions) this.nextExpiry = Math.min(this.nextExpiry, Date.parse(s.end));
    }
  }

  /** The clock in milliseconds: without allocating a Date when the clock can (every check asks). */
  private epochMilliseconds(): number {
    const clock = this.clock;
    if (typeof clock.epochMilliseconds !== 'function') return this.date().getTime();
    let ms: unknown;
    try {
      ms = clock.epochMilliseconds();
    } catch (error) {
      throw portFailure('VALIDATION_FAILED', 'the clock: clock.epochMilliseconds()', error, { ids: ['clock'] });
    }
    if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new SecGovError('VALIDATION_FAILED', `the clock returned an invalid time: clock.epochMilliseconds() answered ${kindOf(ms)}`, { ids: ['clock'] });
    return ms;
  }

  /** The clock's current instant, checked; a clock that throws is a SecGovError with the original as its cause. */
  private date(): Date {
    let date: unknown;
    try {
      date = this.clock.now();
    } catch (error) {
      throw portFailure('VALIDATION_FAILED', 'the clock: clock.now()', error, { ids: ['clock'] });
    }
    if (!(date instanceof Date) || !Number.isFinite(date.getTime())) {
      throw new SecGovError('VALIDATION_FAILED', `the clock returned an invalid date: clock.now() answered ${kindOf(date)}`, { ids: ['clock'] });
    }
    return date;
  }

  private now(): string {
    return this.date().toISOString();
  }

  /** The user's state at `now` from the cache: sessions past their end no longer count, even before the processor ends them. */
  private stateAt(userKey: string, now: string): EffectiveState {
    const user = this.current.users.get(userKey);
    if (!user) return { assignments: [], enabled: false, sessions: [] };
    return overlaySessions(this.assignmentsOf(userKey), user.enabled, this.sessionsInForce(userKey, now));
  }

  /**
   * The user's own assignments `own` overlaid by the user's sessions in force now (`own` itself when
   * there are none). Roles of `assigned` (keys) are being
   * assigned: an administrator's assignment during a Replace session applies at once, as the
   * session will record it (see {@link logRoleChangesDuringSessions}).
   */
  private overlayNow(userKey: string, own: readonly Assignment[], assigned?: ReadonlySet<string>): readonly Assignment[] {
    if (!this.active.has(userKey)) return own;
    let sessions = this.sessionsInForce(userKey, this.now());
    if (sessions.length === 0) return own;
    if (assigned && assigned.size > 0) {
      sessions = sessions.map((s) => (s.kind === 'temporary-role' && s.type === 'replace' ? { ...s, assignedDuring: [...s.assignedDuring, ...assigned] } : s));
    }
    return overlaySessions(own, this.current.users.get(userKey)?.enabled ?? false, sessions).assignments;
  }

  // ---------------------------------------------------------------- authorization

  private authorize(actor: unknown): string {
    const id = parseOrThrow(idSchema, actor, 'actor');
    const key = idKey(id);
    if (!this.current.users.has(key)) throw new SecGovError('NOT_AUTHORIZED', `actor "${id}" is not a known user`, { ids: [id] });
    const state = this.stateAt(key, this.now());
    const adminRole = idKey(this.current.parameters.administratorRole);
    if (!state.enabled) throw new SecGovError('NOT_AUTHORIZED', `actor "${id}" is disabled`, { ids: [id] });
    if (!state.assignments.some((a) => idKey(a.role) === adminRole)) {
      throw new SecGovError('NOT_AUTHORIZED', `actor "${id}" does not hold the administrator role "${this.current.parameters.administratorRole}"`, { ids: [id] });
    }
    return this.current.users.get(key)!.id;
  }

  /**
   * Run one authorized command as one unit of work, then bring the cache up to date. The command's
   * audit entry is appended to the trail in the same unit of work.
   */
  private async command<T>(actor: unknown, name: string, work: (tx: StoreTransaction, now: string, actor: string) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.sync();
      const who = this.authorize(actor);
      const now = this.now();
      let computed: Committed | undefined;
      try {
        const result = await this.store.transact(async (tx) => {
          this.bases.set(tx, { revision: this.revision, model: this.current });
          this.auditDrafts.set(tx, { at: now, actor: who, command: name, changes: [], reason: null, details: {} });
          const value = await work(tx, now, who);
          await this.appendAudit(tx);
          // The last attempt is the one that commits (a store may run the work again after a conflict).
          computed = this.computed.get(tx);
          return value;
        });
        this.committed = computed;
        return result;
      } catch (error) {
        // Another server, or this one's processor, committed first: nothing of this attempt was
        // written, and the command is decided again on the state as it is now, as a caller
        // retrying it would. Work under heavy contention still ends in the error.
        if (attempt < MAX_COMMAND_ATTEMPTS && error instanceof SecGovError && error.code === 'CONCURRENT_MODIFICATION') continue;
        throw error;
      } finally {
        await this.sync();
      }
    }
  }

  // ---------------------------------------------------------------- model changes

  async apply(actor: string, changes: readonly ChangeInput[], options?: ApplyOptions): Promise<ApplyOutcome> {
    const parsed = parseChanges(changes);
    const opts = parseOrThrow(reasonSchema, options, 'options');
    return this.applyParsed(actor, parsed, opts?.reason);
  }

  assign(actor: string, assignment: AssignmentInput): Promise<ApplyOutcome> {
    return this.apply(actor, [{ op: 'assign', assignment }]);
  }

  unassign(actor: string, user: string, role: string): Promise<ApplyOutcome> {
    return this.apply(actor, [{ op: 'unassign', user, role }]);
  }

  private async applyParsed(actor: unknown, changes: Change[], reason: string | undefined): Promise<ApplyOutcome> {
    return this.command(actor, 'apply', (tx, now, who) => this.commitChanges(tx, changes, now, who, reason));
  }

  /** Check a batch (SoD, similarity, sessions), then append it: the one path of every model change. */
  private async commitChanges(tx: StoreTransaction, changes: Change[], now: string, who: string, reason: string | undefined): Promise<ApplyOutcome> {
    const batch = await this.sod.guard(changes, now, async () => `SOD-${pad(await tx.nextSequence('conflict'))}`);
    await this.checkSessionReferences(tx, batch.changes);
    await this.logRoleChangesDuringSessions(tx, batch.changes, now, who, reason);
    await this.appendState(tx, batch.changes, reason, batch.model);
    return { model: batch.model, conflicts: batch.conflicts, excluded: batch.excluded, warnings: batch.warnings };
  }

  /** Roles and users that open sessions use cannot be removed. */
  private async checkSessionReferences(tx: StoreTransaction, changes: readonly Change[]): Promise<void> {
    const roles = new Set<string>();
    const users = new Set<string>();
    for (const c of changes) {
      if (c.op === 'remove' && c.kind === 'role') roles.add(idKey(c.id));
      if (c.op === 'remove' && c.kind === 'user') users.add(idKey(c.id));
    }
    if (roles.size === 0 && users.size === 0) return;
    const open = await tx.findSessions({ statuses: ['draft', 'planned', 'approved', 'active'] });
    for (const s of open) {
      const role = s.roles.find((r) => roles.has(idKey(r)));
      if (role !== undefined) throw new SecGovError('IN_USE', `role "${role}" cannot be removed: session "${s.id}" (${s.status}) grants it`, { ids: [role, s.id] });
      if (users.has(idKey(s.user))) throw new SecGovError('IN_USE', `user "${s.user}" cannot be removed: session "${s.id}" (${s.status}) is for this user`, { ids: [s.user, s.id] });
    }
  }

  /**
   * Role changes an administrator makes to a user during an active session are real changes: they
   * are written to the session's role change log, and a role assigned during a Replace session
   * applies at once (and stays after the end).
   */
  private async logRoleChangesDuringSessions(tx: StoreTransaction, changes: readonly Change[], now: string, actor: string, reason: string | undefined): Promise<void> {
    for (const c of changes) {
      if (c.op !== 'assign' && c.op !== 'unassign') continue;
      const user = c.op === 'assign' ? c.assignment.user : c.user;
      const role = c.op === 'assign' ? c.assignment.role : c.role;
      const sessions = (await tx.findSessions({ user, statuses: ['active'] })).filter((s) => inForceAt(s, now));
      for (const session of sessions) {
        const entry: RoleChangeEntry = {
          at: now,
          session: session.id,
          user: session.user,
          change: c.op === 'assign' ? 'assigned' : 'unassigned',
          role,
          actor,
          ...(c.op === 'assign' ? { scope: c.assignment.scope } : {}),
        };
        await tx.appendLog(sessionStreams.roles(session.id), [reason === undefined ? entry : { ...entry, reason }]);
        if (session.kind === 'temporary-role' && session.type === 'replace') {
          const others = session.assignedDuring.filter((r) => idKey(r) !== idKey(role));
          const assignedDuring = c.op === 'assign' ? [...others, role] : others;
          await tx.updateSession({ ...session, assignedDuring, version: session.version + 1 });
        }
      }
    }
  }

  // ---------------------------------------------------------------- sessions: create, edit, decide

  async createTemporaryRoleSession(actor: string, input: TemporaryRoleSessionInput): Promise<Session> {
    const value = parseOrThrow(temporaryRoleSessionInputSchema, input, 'temporary role session');
    return this.command(actor, 'createTemporaryRoleSession', (tx, now, who) =>
      this.insertDraft(tx, now, who, 'TR', {
        kind: 'temporary-role',
        user: value.user,
        roles: value.roles,
        scope: value.organizations ? { organizations: value.organizations } : 'all',
        type: value.type,
        account: null,
        start: value.start,
        end: value.end,
        justification: value.justification ?? null,
        ticket: value.ticket ?? null,
      }),
    );
  }

  async createPrivilegedSession(actor: string, input: PrivilegedSessionInput): Promise<Session> {
    const value = parseOrThrow(privilegedSessionInputSchema, input, 'privileged session');
    return this.command(actor, 'createPrivilegedSession', (tx, now, who) =>
      this.insertDraft(tx, now, who, 'PU', {
        kind: 'privileged',
        user: value.user,
        roles: value.roles,
        scope: 'all',
        type: 'merge',
        account: value.account,
        start: value.start,
        end: value.end,
        justification: value.justification ?? null,
        ticket: value.ticket ?? null,
      }),
    );
  }

  private async insertDraft(
    tx: StoreTransaction,
    now: string,
    actor: string,
    prefix: string,
    values: Pick<Session, 'kind' | 'user' | 'roles' | 'scope' | 'type' | 'account' | 'start' | 'end' | 'justification' | 'ticket'>,
  ): Promise<Session> {
    const id = `${prefix}-${pad(await tx.nextSequence('session'))}`;
    const user = this.current.users.get(idKey(values.user));
    const session: Session = {
      id,
      status: 'draft',
      ...values,
      user: user?.id ?? values.user,
      requestedBy: actor,
      requestedAt: now,
      approvedBy: null,
      approvedAt: null,
      startedAt: null,
      endedAt: null,
      endReason: null,
      assignedDuring: [],
      version: 1,
    };
    validateSession(session, this.current, await tx.findSessions({ user: session.user, statuses: schedulingStatuses }), now);
    await tx.insertSession(session);
    const entry: SessionAuditEntry = { at: now, session: id, event: 'create', from: null, to: 'draft', actor, by: 'administrator', justification: session.justification, ticket: session.ticket };
    await tx.appendLog(sessionStreams.audit(id), [entry]);
    this.noteSession(tx, { session: id, kind: session.kind, user: session.user, roles: session.roles, event: 'create', from: null, to: 'draft' });
    return session;
  }

  async editSession(actor: string, id: string, edit: SessionEdit): Promise<Session> {
    const sessionId = parseOrThrow(idSchema, id, 'session id');
    const value = parseOrThrow(sessionEditSchema, edit, 'session edit');
    return this.command(actor, 'editSession', async (tx, now, who) => {
      const session = await this.load(tx, sessionId);
      const [edited, effects] = transition(session, { type: 'edit' }, { now, actor: who, by: 'administrator' });
      if (session.kind === 'privileged' && (value.type !== undefined || value.organizations !== undefined)) {
        throw new SecGovError('SESSION_INVALID', `session "${session.id}": a privileged session has no type or organizations`, { ids: [session.id] });
      }
      if (session.kind === 'temporary-role' && value.account !== undefined) {
        throw new SecGovError('SESSION_INVALID', `session "${session.id}": only a privileged session enables or disables the account`, { ids: [session.id] });
      }
      if (session.kind === 'temporary-role' && value.roles !== undefined && value.roles.length === 0) {
        throw new SecGovError('SESSION_INVALID', `session "${session.id}": a temporary role session needs at least one role`, { ids: [session.id] });
      }
      const next: Session = {
        ...edited,
        ...(value.roles !== undefined ? { roles: value.roles } : {}),
        ...(value.organizations !== undefined ? { scope: value.organizations === null ? 'all' : { organizations: value.organizations } } : {}),
        ...(value.type !== undefined ? { type: value.type } : {}),
        ...(value.account !== undefined ? { account: value.account } : {}),
        ...(value.start !== undefined ? { start: value.start } : {}),
        ...(value.end !== undefined ? { end: value.end } : {}),
        ...(value.justification !== undefined ? { justification: value.justification } : {}),
        ...(value.ticket !== undefined ? { ticket: value.ticket } : {}),
      };
      validateSession(next, this.current, await tx.findSessions({ user: next.user, statuses: schedulingStatuses }), now);
      const changed = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
      await this.carryOut(tx, next, effects.map((e) => (e.type === 'audit' ? { ...e, entry: { ...e.entry, reason: `edited: ${changed.join(', ') || 'nothing'}`, justification: next.justification, ticket: next.ticket } } : e)), who);
      return next;
    });
  }

  async approveSession(actor: string, id: string, options?: { readonly reason?: string }): Promise<Session> {
    return this.decide(actor, id, 'approve', options);
  }

  async rejectSession(actor: string, id: string, options?: { readonly reason?: string }): Promise<Session> {
    return this.decide(actor, id, 'reject', options);
  }

  async cancelSession(actor: string, id: string, options?: { readonly reason?: string }): Promise<Session> {
    return this.decide(actor, id, 'cancel', options);
  }

  async endSession(actor: string, id: string, options?: { readonly reason?: string }): Promise<Session> {
    return this.decide(actor, id, 'end', options);
  }

  private async decide(actor: string, id: string, type: 'approve' | 'reject' | 'cancel' | 'end', options: unknown): Promise<Session> {
    const sessionId = parseOrThrow(idSchema, id, 'session id');
    const reason = parseOrThrow(reasonSchema, options, 'options')?.reason;
    return this.command(actor, `${type}Session`, async (tx, now, who) => {
      this.noteReason(tx, reason);
      const session = await this.load(tx, sessionId);
      if (type === 'approve') {
        if (this.current.parameters.fourEyesApproval && idKey(who) === idKey(session.requestedBy)) {
          throw new SecGovError('NOT_AUTHORIZED', `four-eyes approval: "${who}" requested session "${session.id}" and may not approve it`, { ids: [who, session.id] });
        }
        if (session.status === 'draft') validateSession(session, this.current, await tx.findSessions({ user: session.user, statuses: schedulingStatuses }), now);
      }
      const event: SessionEvent = type === 'end' ? { type, endReason: 'ended-early', ...(reason ? { reason } : {}) } : { type, ...(reason ? { reason } : {}) };
      const [next, effects] = transition(session, event, { now, actor: who, by: 'administrator' });
      await this.carryOut(tx, next, effects, who);
      if (type === 'approve') {
        // SoD conflicts are found at approval, next to the user's other sessions it may be in force
        // with; the session cannot start until they are resolved.
        const others = (await tx.findSessions({ user: next.user, statuses: schedulingStatuses })).filter((s) => idKey(s.id) !== idKey(next.id) && s.start < next.end && next.start < s.end);
        const conflicts = await this.sod.sessionConflicts(next, others, now, async () => `SOD-${pad(await tx.nextSequence('conflict'))}`);
        // Appended even when nothing is raised. The approval was checked against the user's other
        // sessions as this unit of work read them: two approvals on two servers at once (two
        // overlapping Replace sessions of one user) must not both commit on the same view, and the
        // store lets only one append at a revision; the other is decided again on fresh data.
        await this.appendState(tx, conflicts.map((conflict) => ({ op: 'raiseConflict', conflict })), undefined);
      } else {
        // Ended, cancelled or rejected: the overrides of its conflicts end with it.
        const ended = this.endOverrides(next, now, who);
        if (ended.length > 0) await this.appendState(tx, ended, undefined);
      }
      return next;
    });
  }

  private async load(tx: StoreTransaction, id: string): Promise<Session> {
    const session = await tx.getSession(id);
    if (!session) throw new SecGovError('NOT_FOUND', `session "${id}" does not exist`, { ids: [id] });
    return session;
  }

  // ---------------------------------------------------------------- sessions: processing

  async processSession(actor: string, id: string): Promise<Session> {
    const sessionId = parseOrThrow(idSchema, id, 'session id');
    let raised: Conflict[] = [];
    const session = await this.command(actor, 'processSession', async (tx, now, who) => {
      raised = [];
      const session = await this.load(tx, sessionId);
      const event = dueEvent(session, now);
      if (!event) return session;
      if (event.type === 'start') {
        this.assertNoUnresolvedConflicts(session);
        raised = await this.startConflicts(tx, session, now);
        // Appended even when nothing is raised: see startsUnderSod.
        if (this.startsUnderSod(session)) await this.appendState(tx, raised.map((conflict) => ({ op: 'raiseConflict', conflict })), undefined);
        if (raised.length > 0) return session;
      }
      return this.step(tx, session, event, { now, actor: who, by: 'administrator' });
    });
    // The conflicts are committed (they say why the session waits); the start is refused.
    if (raised.length > 0) throw unresolvedConflicts(session, raised, 'unresolved: raised now, as the user\'s roles changed after the approval');
    return session;
  }

  async process(options?: { readonly batchSize?: number }): Promise<ProcessReport> {
    const { batchSize } = parseOrThrow(processOptionsSchema, options, 'options');
    await this.sync();
    const now = this.now();
    const report = { at: now, started: [] as string[], ended: [] as string[], expired: [] as string[], held: [] as string[], failed: [] as { sessions: string[]; error: SecGovError }[] };
    const context: TransitionContext = { now, actor: PROCESSOR, by: 'processor' };
    const skip = new Set<string>();
    // Batches in a row that another server's commit made stale (see below).
    let stale = 0;
    try {
      for (;;) {
        let done: { id: string; event: SessionEvent['type'] }[] = [];
        let seen: string[] = [];
        let held: string[] = [];
        let changedState = false;
        try {
          const progressed = await this.store.transact(async (tx) => {
            this.bases.set(tx, { revision: this.revision, model: this.current });
            done = [];
            this.auditDrafts.set(tx, { at: now, actor: PROCESSOR, command: 'process', changes: [], reason: null, details: {} });
            const due = (await tx.findDueSessions(now, batchSize + skip.size)).filter((s) => !skip.has(idKey(s.id))).slice(0, batchSize);
            seen = due.map((s) => s.id);
            held = [];
            const raised: Conflict[] = [];
            // Whether a start was checked against the user's roles (see startsUnderSod).
            let checkedStart = false;
            for (const session of due) {
              const event = dueEvent(session, now);
              if (!event) continue;
              if (event.type === 'start') {
                // Waits for its SoD conflicts: those found at approval, and those starting it would
                // raise now (the user's roles may have changed since).
                const pending = this.sod.unresolvedOf(session.id).length > 0;
                const found = pending ? [] : await this.startConflicts(tx, session, now);
                if (pending || found.length > 0) {
                  raised.push(...found);
                  held.push(session.id);
                  continue;
                }
                checkedStart ||= this.startsUnderSod(session);
              }
              await this.step(tx, session, event, context);
              done.push({ id: session.id, event: event.type });
            }
            changedState = raised.length > 0 || checkedStart;
            if (changedState) await this.appendState(tx, raised.map((conflict) => ({ op: 'raiseConflict', conflict })), undefined);
            if (done.length > 0 || raised.length > 0) await this.appendAudit(tx);
            return due.length > 0;
          });
          for (const d of done) (d.event === 'start' ? report.started : d.event === 'end' ? report.ended : report.expired).push(d.id);
          for (const id of held) {
            skip.add(idKey(id)); // waits for its SoD conflicts to be resolved
            report.held.push(id);
          }
          // The conflicts raised are state: the next batch appends after them.
          if (changedState) await this.sync();
          stale = 0;
          if (!progressed) break;
        } catch (error) {
          if (!(error instanceof SecGovError)) throw error;
          // Another server changed the state or took these sessions since this one's view: read
          // again and retry the batch (sessions another server started are no longer due), a few
          // times before leaving them to the next run.
          if (error.code === 'CONCURRENT_MODIFICATION' && ++stale <= MAX_STALE_BATCHES) {
            await this.sync();
            continue;
          }
          stale = 0;
          // The whole batch rolled back. Another worker may have taken these sessions
          // (CONCURRENT_MODIFICATION), or the store failed: leave them to the next run.
          if (error.code !== 'CONCURRENT_MODIFICATION') report.failed.push({ sessions: seen, error });
          for (const id of seen) skip.add(idKey(id));
          if (seen.length === 0) break;
        }
      }
    } finally {
      await this.sync();
    }
    return report;
  }

  /** Apply one event to a session inside a unit of work and carry out its effects. */
  private async step(tx: StoreTransaction, session: Session, event: SessionEvent, context: TransitionContext): Promise<Session> {
    const [next, effects] = transition(session, event, context);
    await this.carryOut(tx, next, effects, context.actor);
    return next;
  }

  private async carryOut(tx: StoreTransaction, next: Session, effects: readonly SessionEffect[], actor: string): Promise<void> {
    await tx.updateSession(next);
    for (const effect of effects) {
      switch (effect.type) {
        case 'audit':
          await tx.appendLog(sessionStreams.audit(next.id), [effect.entry]);
          this.noteSession(tx, { session: next.id, kind: next.kind, user: next.user, roles: next.roles, event: effect.entry.event, from: effect.entry.from, to: effect.entry.to });
          break;
        case 'grant':
          await tx.appendLog(sessionStreams.roles(next.id), this.sessionRoleChanges(next, 'grant', next.startedAt ?? next.start, actor));
          break;
        case 'revoke':
          await tx.appendLog(sessionStreams.roles(next.id), this.sessionRoleChanges(next, 'revoke', next.endedAt ?? next.end, actor));
          break;
        case 'log-session-ended': {
          const entry: UserLogEntry = { at: next.endedAt ?? next.end, session: next.id, user: next.user, type: 'session-ended' };
          await tx.appendLog(sessionStreams.users(next.id), [entry]);
          break;
        }
      }
    }
  }

  private sessionRoleChanges(session: Session, what: 'grant' | 'revoke', at: string, actor: string): RoleChangeEntry[] {
    const entries: RoleChangeEntry[] = session.roles.map((role) => ({
      at,
      session: session.id,
      user: session.user,
      change: what === 'grant' ? 'session-granted' : 'session-removed',
      role,
      actor,
      scope: session.scope,
    }));
    if (session.kind === 'temporary-role' && session.type === 'replace') {
      const kept = new Set(session.assignedDuring.map(idKey));
      for (const a of this.assignmentsOf(idKey(session.user))) {
        if (kept.has(idKey(a.role))) continue;
        entries.push({ at, session: session.id, user: session.user, change: what === 'grant' ? 'suspended' : 'restored', role: a.role, actor, scope: a.scope });
      }
    }
    return entries;
  }

  // ---------------------------------------------------------------- sessions: reading

  async getSession(id: string): Promise<Session> {
    const sessionId = parseOrThrow(idSchema, id, 'session id');
    return this.store.transact((tx) => this.load(tx, sessionId));
  }

  async listSessions(query: { readonly user?: string; readonly statuses?: readonly SessionStatus[] } = {}): Promise<Session[]> {
    const q = parseOrThrow(z.strictObject({ user: idSchema.optional(), statuses: z.array(sessionStatusSchema).max(10).optional() }), query ?? {}, 'session query');
    return this.store.transact((tx) => tx.findSessions({ ...(q.user !== undefined ? { user: q.user } : {}), ...(q.statuses !== undefined ? { statuses: q.statuses } : {}) }));
  }

  private async readAll<T>(stream: string): Promise<T[]> {
    const out: T[] = [];
    let after = 0;
    for (;;) {
      const page = await this.store.transact((tx) => tx.readLog(stream, { after, limit: LOG_PAGE }));
      for (const r of page.records) out.push(logEntry(stream, r) as T);
      after = page.cursor;
      if (!page.more) return out;
    }
  }

  async sessionAuditLog(id: string): Promise<SessionAuditEntry[]> {
    const session = await this.getSession(id);
    return this.readAll<SessionAuditEntry>(sessionStreams.audit(session.id));
  }

  async userLog(id: string): Promise<UserLog> {
    const session = await this.getSession(id);
    return summarizeUserLog(await this.readAll<UserLogEntry>(sessionStreams.users(session.id)), this.now());
  }

  async roleChangeLog(id: string): Promise<RoleChangeEntry[]> {
    const session = await this.getSession(id);
    return this.readAll<RoleChangeEntry>(sessionStreams.roles(session.id));
  }

  // ---------------------------------------------------------------- effective state and access

  effectiveState(user: string): EffectiveState {
    const id = parseOrThrow(idSchema, user, 'user');
    if (!this.current.users.has(idKey(id))) throw new SecGovError('NOT_FOUND', `user "${id}" does not exist`, { ids: [id] });
    return this.stateAt(idKey(id), this.now());
  }

  async effectiveAt(user: string, instant: Date | string, options: { readonly includeDrafts?: boolean } = {}): Promise<EffectiveView> {
    const id = parseOrThrow(idSchema, user, 'user');
    const at = parseOrThrow(instantSchema, instant, 'instant');
    const includeDrafts = parseOrThrow(z.strictObject({ includeDrafts: z.boolean().optional() }), options ?? {}, 'options').includeDrafts === true;
    await this.sync();
    const record = this.current.users.get(idKey(id));
    if (!record) throw new SecGovError('NOT_FOUND', `user "${id}" does not exist`, { ids: [id] });
    const sessions = (await this.store.transact((tx) => tx.findSessions({ user: record.id }))).filter((s) => inForceAt(s, at, { includeDrafts }));
    const state = overlaySessions(this.assignmentsOf(idKey(id)), record.enabled, sessions);
    const index = this.access();
    const roles: string[] = [];
    const seen = new Set<string>();
    for (const a of state.assignments) if (!seen.has(idKey(a.role))) (seen.add(idKey(a.role)), roles.push(a.role));
    return {
      ...state,
      user: record.id,
      at,
      roles,
      check: (entryPoint, right, organization) => index.checkAssignments({ assignments: state.assignments, enabled: state.enabled }, entryPoint, right, organization),
    };
  }

  check(user: string, entryPoint: string, right: Right, organization?: string): boolean {
    const index = this.index ?? this.access();
    if (this.nextExpiry !== Infinity) this.expireOverlays();
    return index.check(user, entryPoint, right, organization);
  }

  explain(user: string, entryPoint: string, right: Right, organization?: string): Explanation {
    const index = this.access();
    if (this.nextExpiry !== Infinity) this.expireOverlays();
    return index.explain(user, entryPoint, right, organization);
  }

  // ---------------------------------------------------------------- sign-ins and recordings

  async signIn(user: string): Promise<SignIn> {
    const id = parseOrThrow(idSchema, user, 'user');
    await this.sync();
    const record = this.current.users.get(idKey(id));
    if (!record) throw new SecGovError('NOT_FOUND', `user "${id}" does not exist`, { ids: [id] });
    const now = this.now();
    const result = await this.store.transact(async (tx) => {
      const sessions = (await tx.findSessions({ user: record.id, statuses: ['active'] })).filter((s) => inForceAt(s, now));
      const state = overlaySessions(this.assignmentsOf(idKey(id)), record.enabled, sessions);
      if (!state.enabled) throw new SecGovError('NOT_AUTHORIZED', `user "${record.id}" is disabled and cannot sign in`, { ids: [record.id] });
      const signIn: SignIn = { id: `SI-${pad(await tx.nextSequence('sign-in'))}`, user: record.id, at: now, sessions: sessions.map((s) => s.id) };
      const activity = await tx.getUserActivity(record.id);
      const open = sessions.length > 0 ? [...(activity?.openSignIns ?? []), { id: signIn.id, at: now, sessions: signIn.sessions }] : [...(activity?.openSignIns ?? [])];
      await tx.putUserActivity({ user: record.id, lastSignIn: now, openSignIns: open.slice(-MAX_OPEN_SIGN_INS), version: (activity?.version ?? 0) + 1 });
      for (const s of sessions) {
        const entry: UserLogEntry = { at: now, session: s.id, user: record.id, type: 'sign-in', signIn: signIn.id };
        await tx.appendLog(sessionStreams.users(s.id), [entry]);
      }
      return signIn;
    });
    return result;
  }

  async signOut(user: string, signInId?: string): Promise<SignIn | null> {
    const id = parseOrThrow(idSchema, user, 'user');
    const wanted = signInId === undefined ? undefined : parseOrThrow(idSchema, signInId, 'sign-in id');
    const now = this.now();
    return this.store.transact(async (tx) => {
      const activity = await tx.getUserActivity(id);
      if (!activity || activity.openSignIns.length === 0) return null;
      const open = wanted === undefined ? activity.openSignIns[activity.openSignIns.length - 1]! : activity.openSignIns.find((s) => idKey(s.id) === idKey(wanted));
      if (!open) return null;
      await tx.putUserActivity({ ...activity, openSignIns: activity.openSignIns.filter((s) => s !== open), version: activity.version + 1 });
      for (const sessionId of open.sessions) {
        const session = await tx.getSession(sessionId);
        if (!session || !inForceAt(session, now) || session.status !== 'active') continue;
        const entry: UserLogEntry = { at: now, session: session.id, user: activity.user, type: 'sign-out', signIn: open.id };
        await tx.appendLog(sessionStreams.users(session.id), [entry]);
      }
      return { id: open.id, user: activity.user, at: open.at, sessions: open.sessions };
    });
  }

  async lastSignIn(user: string): Promise<string | null> {
    const id = parseOrThrow(idSchema, user, 'user');
    await this.sync();
    const record = this.current.users.get(idKey(id));
    if (!record) throw new SecGovError('NOT_FOUND', `user "${id}" does not exist`, { ids: [id] });
    const activity = await this.store.transact((tx) => tx.getUserActivity(record.id));
    const candidates = [record.lastSignIn, activity?.lastSignIn ?? null].filter((x): x is string => x !== null);
    return candidates.length === 0 ? null : candidates.sort().at(-1)!;
  }

  async recordInteraction(session: string, events: InteractionInput | readonly InteractionInput[]): Promise<void> {
    const sessionId = parseOrThrow(idSchema, session, 'session id');
    const list = parseOrThrow(z.array(interactionSchema).max(100_000), Array.isArray(events) ? events : [events], 'interaction events');
    const now = this.now();
    await this.store.transact(async (tx) => {
      const s = await this.load(tx, sessionId);
      if (s.kind !== 'privileged') throw new SecGovError('SESSION_INVALID', `session "${s.id}" is a temporary role session; recordings are kept for privileged sessions`, { ids: [s.id] });
      if (s.status !== 'active' || !inForceAt(s, now)) {
        throw new SecGovError('SESSION_NOT_ACTIVE', `session "${s.id}" is ${s.status}${s.status === 'active' ? ' but past its end' : ''}: interactions are recorded only while it is active`, { ids: [s.id] });
      }
      const activity = await tx.getUserActivity(s.user);
      const open = activity?.openSignIns.filter((o) => o.sessions.some((x) => idKey(x) === idKey(s.id))).at(-1);
      const recorded: RecordedInteraction[] = list.map((e) => ({
        at: e.at ?? now,
        session: s.id,
        signIn: open?.id ?? null,
        type: e.type,
        target: e.target,
        ...(e.value !== undefined ? { value: e.value } : {}),
      }));
      await tx.appendLog(sessionStreams.recording(s.id), recorded);
    });
  }

  async exportRecording(session: string): Promise<RecordingDocument[]> {
    const s = await this.getSession(session);
    const stream = sessionStreams.recording(s.id);
    // First pass: count the interactions of each sign-in, keeping nothing else in memory.
    const counts = new Map<string | null, number>();
    let after = 0;
    for (;;) {
      const page = await this.store.transact((tx) => tx.readLog(stream, { after, limit: LOG_PAGE }));
      for (const r of page.records) {
        const signIn = (logEntry(stream, r) as RecordedInteraction).signIn;
        counts.set(signIn, (counts.get(signIn) ?? 0) + 1);
      }
      after = page.cursor;
      if (!page.more) break;
    }
    const store = this.store;
    return [...counts].map(([signIn, count]) => ({
      name: `recording-${s.id}-${signIn ?? 'outside-sign-in'}.jsonl`,
      signIn,
      count,
      async *lines(): AsyncIterable<string> {
        let cursor = 0;
        for (;;) {
          const page = await store.transact((tx) => tx.readLog(stream, { after: cursor, limit: LOG_PAGE }));
          for (const r of page.records) {
            const event = logEntry(stream, r) as RecordedInteraction;
            if (event.signIn === signIn) yield JSON.stringify(event) + '\n';
          }
          cursor = page.cursor;
          if (!page.more) return;
        }
      },
    }));
  }

  // ---------------------------------------------------------------- publishing and automatic assignment

  async setParameters(actor: string, patch: ParametersPatch, options?: ApplyOptions): Promise<ApplyOutcome> {
    return this.apply(actor, [{ op: 'setParameters', patch }], options);
  }

  pendingChanges(): readonly StagedBatch[] {
    return this.pending;
  }

  async stage(actor: string, changes: readonly ChangeInput[], options?: ApplyOptions): Promise<SecurityModel> {
    const parsed = parseChanges(changes);
    const reason = parseOrThrow(reasonSchema, options, 'options')?.reason ?? null;
    return this.command(actor, 'stage', async (tx, now, who) => {
      await this.claimPending(tx);
      if (!this.current.parameters.allowUnpublishedObjects) {
        throw new SecGovError('VALIDATION_FAILED', 'the parameter allowUnpublishedObjects is off: changes are applied at once (use apply), not staged');
      }
      // Checked now against the published state plus what is already staged, so that publishing cannot fail on references.
      const next = applyTrustedChanges(this.model({ unpublished: true }), parsed);
      const entry: StagedBatch = { type: 'stage', at: now, actor: who, reason, changes: parsed };
      await tx.appendLog(PENDING_STREAM, [entry]);
      this.noteDetails(tx, { staged: parsed }, reason ?? undefined);
      return next;
    });
  }

  async publish(actor: string, options?: ApplyOptions): Promise<ApplyOutcome> {
    const reason = parseOrThrow(reasonSchema, options, 'options')?.reason;
    return this.command(actor, 'publish', async (tx, now, who) => {
      const batches = await this.claimPending(tx);
      // SoD and similarity checks run on the whole set: if one refuses, nothing is published.
      const outcome = await this.commitChanges(tx, batches.flatMap((b) => [...b.changes]), now, who, reason);
      await tx.appendLog(PENDING_STREAM, [{ type: 'publish', at: now, actor: who }]);
      this.noteDetails(tx, { published: batches.length }, undefined);
      return outcome;
    });
  }

  async discardPending(actor: string, options?: ApplyOptions): Promise<void> {
    const reason = parseOrThrow(reasonSchema, options, 'options')?.reason;
    await this.command(actor, 'discardPending', async (tx, now, who) => {
      const batches = await this.claimPending(tx);
      await tx.appendLog(PENDING_STREAM, [{ type: 'discard', at: now, actor: who }]);
      this.noteDetails(tx, { discarded: batches.flatMap((b) => b.changes) }, reason);
    });
  }

  /**
   * Claim the staged changes' stream for this unit of work (call it first, before anything is
   * awaited) and answer the staged batches this server knows. Refused with `CONCURRENT_MODIFICATION`
   * (the command is then decided again) when another server extended the stream after what this
   * server had read. Staging, publishing and discarding decide on the staged changes they know: a
   * change staged on another server in between would otherwise be published without its checks, or
   * cleared unseen by a publish or discard. Once claimed, no one else extends the stream until this
   * unit ends, so the batches stay those of the claim.
   */
  private async claimPending(tx: StoreTransaction): Promise<readonly StagedBatch[]> {
    const seen = this.pendingCursor;
    const batches = this.pending;
    const tail = (await tx.lastLog(PENDING_STREAM))?.seq ?? 0;
    if (tail !== seen) throw new SecGovError('CONCURRENT_MODIFICATION', `the staged changes moved on (to ${tail}) since this server read them (${seen}): read again and retry`, { retryable: true });
    return batches;
  }

  async runAssignmentRules(actor: string): Promise<ApplyOutcome & { readonly skippedExcluded: readonly { readonly user: string; readonly role: string }[]; readonly keptManual: readonly { readonly user: string; readonly role: string }[] }> {
    return this.command(actor, 'runAssignmentRules', async (tx, now, who) => {
      const plan = planAutomaticAssignments(this.current);
      const outcome = plan.changes.length > 0 ? await this.commitChanges(tx, plan.changes, now, who, undefined) : { model: this.current, conflicts: [], excluded: [], warnings: [] };
      return { ...outcome, skippedExcluded: plan.excluded, keptManual: plan.manual };
    });
  }

  // ---------------------------------------------------------------- versions

  /** Versions loaded from the store, newest use last (a small cache: loading validates the whole model). */
  private readonly versionModels = new Map<string, SecurityModel>();

  async createVersion(actor: string, input: { readonly name: string; readonly description?: string }): Promise<VersionInfo> {
    const v = parseOrThrow(versionInputSchema, input, 'version');
    return this.command(actor, 'createVersion', async (tx, now, who) => {
      const id = `V-${pad(await tx.nextSequence('version'))}`;
      const info: VersionInfo = { id, name: v.name, description: v.description ?? null, createdAt: now, createdBy: who, revision: this.revision };
      await tx.saveVersion({ ...info, data: modelToData(this.current) });
      this.noteDetails(tx, { version: id, name: v.name, revision: this.revision }, undefined);
      this.remember(id, this.current);
      return info;
    });
  }

  async listVersions(): Promise<VersionInfo[]> {
    return this.store.transact((tx) => tx.listVersions());
  }

  async deleteVersion(actor: string, id: string): Promise<void> {
    const versionId = parseOrThrow(idSchema, id, 'version id');
    await this.command(actor, 'deleteVersion', async (tx) => {
      if (!(await tx.deleteVersion(versionId))) throw new SecGovError('NOT_FOUND', `version "${versionId}" does not exist`, { ids: [versionId] });
      this.versionModels.delete(idKey(versionId));
      this.noteDetails(tx, { version: versionId }, undefined);
    });
  }

  async compareVersions(a: string, b: string = 'current', options: CompareOptions = {}): Promise<ModelComparison> {
    const [left, right] = [await this.versionModel(a), await this.versionModel(b)];
    return compareModels(left, right, options);
  }

  async restoreVersion(actor: string, id: string, options: RestoreOptions & ApplyOptions): Promise<ApplyOutcome & { readonly kept: readonly RestoreNote[] }> {
    const { reason, ...restore } = parseOrThrow(restoreInputSchema, options, 'options');
    const version = await this.versionModel(id);
    return this.command(actor, 'restoreVersion', async (tx, now, who) => {
      const plan = restoreChanges(this.current, version, { parts: restore.parts, ...(restore.removeCustomizations === undefined ? {} : { removeCustomizations: restore.removeCustomizations }) });
      const outcome = await this.commitChanges(tx, plan.changes, now, who, reason);
      this.noteDetails(tx, { version: id, parts: restore.parts, removeCustomizations: restore.removeCustomizations ?? true, kept: plan.kept.map((k) => `${k.kind}:${k.id}`) }, undefined);
      return { ...outcome, kept: plan.kept };
    });
  }

  /** The model of a version id, or of the current state for `current`. */
  private async versionModel(id: string): Promise<SecurityModel> {
    const versionId = parseOrThrow(idSchema, id, 'version id');
    if (idKey(versionId) === 'current') {
      await this.sync();
      return this.current;
    }
    const cached = this.versionModels.get(idKey(versionId));
    if (cached) return this.remember(versionId, cached);
    const stored = await this.store.transact((tx) => tx.getVersion(versionId));
    if (!stored) throw new SecGovError('NOT_FOUND', `version "${versionId}" does not exist`, { ids: [versionId] });
    return this.remember(versionId, createModel(stored.data));
  }

  private remember(id: string, model: SecurityModel): SecurityModel {
    this.versionModels.delete(idKey(id));
    this.versionModels.set(idKey(id), model);
    while (this.versionModels.size > 4) this.versionModels.delete(this.versionModels.keys().next().value!);
    return model;
  }

  // ---------------------------------------------------------------- audit trail

  private noteDetails(tx: StoreTransaction, details: Record<string, unknown>, reason: string | undefined): void {
    const draft = this.auditDrafts.get(tx);
    if (!draft) return;
    Object.assign(draft.details, details);
    if (reason !== undefined) draft.reason = reason;
  }

  /**
   * Append state changes and note them in the unit of work's audit entry. `model`, when given, is
   * the current model with `changes` applied: once the unit of work commits, the instance adopts it
   * instead of applying the batch a second time (at ERP size each application copies large maps).
   */
  private async appendState(tx: StoreTransaction, changes: readonly Change[], reason: string | undefined, model?: SecurityModel): Promise<void> {
    const base = this.bases.get(tx) ?? { revision: this.revision, model: this.current };
    await tx.appendState(base.revision, changes);
    if (model) this.computed.set(tx, { base: base.model, revision: base.revision + 1, model });
    const draft = this.auditDrafts.get(tx);
    if (!draft) return;
    draft.changes.push(...changes);
    if (reason !== undefined) draft.reason = reason;
  }

  private noteReason(tx: StoreTransaction, reason: string | undefined): void {
    const draft = this.auditDrafts.get(tx);
    if (draft && reason !== undefined) draft.reason = reason;
  }

  private noteSession(tx: StoreTransaction, note: SessionNote): void {
    const draft = this.auditDrafts.get(tx);
    if (!draft) return;
    (draft.details['sessions'] ??= [] as SessionNote[]);
    (draft.details['sessions'] as SessionNote[]).push(note);
  }

  /** Seal the unit of work's audit entry onto the trail (claiming the trail's tail). */
  private async appendAudit(tx: StoreTransaction): Promise<void> {
    const draft = this.auditDrafts.get(tx);
    if (!draft) return;
    this.auditDrafts.delete(tx);
    const tail = await tx.lastLog(AUDIT_STREAM);
    const hash = tail ? (isRecord(tail.data) ? tail.data['hash'] : undefined) : null;
    // Chaining onto a tail that is not an audit entry would seal a broken trail.
    if (hash !== null && (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash))) {
      throw new SecGovError('INTEGRITY_VIOLATION', `the last audit entry (${tail!.seq}) is not an audit entry: its hash is ${kindOf(hash)}`, { seq: tail!.seq });
    }
    const previous = tail && hash !== null ? { seq: tail.seq, hash } : null;
    const details = Object.keys(draft.details).length > 0 ? draft.details : null;
    await tx.appendLog(AUDIT_STREAM, [sealAuditEntry(previous, { ...draft, details })]);
  }

  async auditTrail(options: { readonly after?: number; readonly limit?: number } = {}): Promise<AuditEntry[]> {
    const o = parseOrThrow(z.strictObject({ after: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(100_000).optional() }), options ?? {}, 'options');
    const page = await this.store.transact((tx) => tx.readLog(AUDIT_STREAM, { after: o.after ?? 0, limit: o.limit ?? LOG_PAGE }));
    return page.records.map(openStoredAuditEntry);
  }

  /** Every audit entry, page by page. */
  private async *wholeTrail(): AsyncGenerator<AuditEntry> {
    let after = 0;
    for (;;) {
      const page = await this.store.transact((tx) => tx.readLog(AUDIT_STREAM, { after, limit: 10_000 }));
      for (const record of page.records) yield openStoredAuditEntry(record);
      after = page.cursor;
      if (!page.more) return;
    }
  }

  private async collectTrail(): Promise<AuditEntry[]> {
    const all: AuditEntry[] = [];
    for await (const e of this.wholeTrail()) all.push(e);
    return all;
  }

  async history(kind: HistorySubject, id?: string): Promise<HistoryItem[]> {
    const k = parseOrThrow(historySubjectSchema, kind, 'kind');
    const key = k === 'parameters' ? '' : parseOrThrow(idSchema, id, 'id');
    return objectHistory(await this.collectTrail(), k, key);
  }

  async roleAssignmentTrail(filter: RoleAssignmentFilter = {}): Promise<RoleAssignmentEvent[]> {
    const f = parseOrThrow(roleAssignmentFilterSchema, filter ?? {}, 'filter');
    return roleAssignmentEvents(await this.collectTrail(), f);
  }

  async verifyAuditTrail(): Promise<AuditVerification> {
    const verifier = new AuditChainVerifier();
    let after = 0;
    for (;;) {
      const page = await this.store.transact((tx) => tx.readLog(AUDIT_STREAM, { after, limit: 10_000 }));
      for (const record of page.records) if (!verifier.push(record.seq, record.data)) return verifier.result();
      after = page.cursor;
      if (!page.more) return verifier.result();
    }
  }

  // ---------------------------------------------------------------- segregation of duties

  private assertNoUnresolvedConflicts(session: Session): void {
    const pending = this.sod.unresolvedOf(session.id);
    if (pending.length > 0) throw unresolvedConflicts(session, pending, 'unresolved');
  }

  /**
   * Whether starting `session` is checked for SoD conflicts: it gives roles, and rules are enforced.
   * Such a start is checked against this server's model, which another server may have changed
   * since (an assignment to the same user, screened without this session in force). So the unit of
   * work that starts it appends a state batch at the revision it began with, empty when nothing is
   * raised: of two such units of work only one commits, and the other is retried on fresh data
   * (`CONCURRENT_MODIFICATION`) instead of giving the user both duties unchecked.
   */
  private startsUnderSod(session: Session): boolean {
    const model = this.current;
    return model.parameters.sodEnforcement === 'enforce' && session.roles.length > 0 && model.sodRules.size > 0;
  }

  /**
   * The SoD conflicts starting `session` would raise now that were not raised at its approval: the
   * user's own roles may have changed since, and sessions approved later may be in force. None when
   * SoD is only reported.
   */
  private async startConflicts(tx: StoreTransaction, session: Session, now: string): Promise<Conflict[]> {
    // Nothing to find (and no need to read the user's other sessions) without enforced rules.
    if (!this.startsUnderSod(session)) return [];
    const inForce = (await tx.findSessions({ user: session.user, statuses: ['active'] })).filter((s) => idKey(s.id) !== idKey(session.id) && inForceAt(s, now));
    return this.sod.sessionConflicts(session, inForce, now, async () => `SOD-${pad(await tx.nextSequence('conflict'))}`);
  }

  verifyCompliance(): ComplianceReport {
    return this.sod.scan(this.now(), this.active.keys());
  }

  validateRule(rule: string | SodRuleInput): RoleViolation[] {
    return validateRule(this.current, rule);
  }

  roleConflicts(role: string): RoleViolation[] {
    return roleConflicts(this.current, role);
  }

  simulate(user: string, changes: readonly ChangeInput[]): WhatIf {
    return this.sod.simulate(user, parseChanges(changes), this.now());
  }

  conflicts(query: { readonly status?: Conflict['status']; readonly user?: string; readonly session?: string } = {}): Conflict[] {
    const q = parseOrThrow(conflictQuerySchema, query ?? {}, 'query');
    const same = (a: string | null, b: string | undefined) => b === undefined || (a !== null && idKey(a) === idKey(b));
    return [...this.current.conflicts.values()]
      .filter((c) => (q.status === undefined || c.status === q.status) && same(c.user, q.user) && same(c.session, q.session))
      .sort((a, b) => (a.raisedAt === b.raisedAt ? (a.id < b.id ? 1 : -1) : a.raisedAt < b.raisedAt ? 1 : -1));
  }

  async resolveConflict(actor: string, id: string, resolution: ConflictResolution): Promise<Conflict> {
    const conflictId = parseOrThrow(idSchema, id, 'conflict id');
    const r = parseOrThrow(resolutionSchema, resolution, 'resolution');
    return this.command(actor, 'resolveConflict', async (tx, now, who) => {
      const conflict = this.current.conflicts.get(idKey(conflictId));
      if (!conflict) throw new SecGovError('NOT_FOUND', `conflict "${conflictId}" does not exist`, { ids: [conflictId] });
      if (r.decision === 'allow' && (r.reason === undefined || r.reason.trim() === '')) {
        throw new SecGovError('VALIDATION_FAILED', `conflict "${conflict.id}": allowing it needs a reason for override`, { ids: [conflict.id], path: ['resolution', 'reason'] });
      }
      if (r.expiresAt !== undefined && r.expiresAt <= now) {
        throw new SecGovError('VALIDATION_FAILED', `conflict "${conflict.id}": the override expiry ${r.expiresAt} is not after now (${now})`, { ids: [conflict.id], path: ['resolution', 'expiresAt'] });
      }
      const changes: Change[] = [{
        op: 'resolveConflict', id: conflict.id, status: r.decision === 'allow' ? 'allowed' : 'denied',
        reason: r.reason ?? null, expiresAt: r.decision === 'allow' ? await this.overrideExpiry(tx, conflict, r.expiresAt) : (r.expiresAt ?? null), mitigation: r.mitigation ?? null, resolvedBy: who, resolvedAt: now,
      }];
      const renewal = conflict.status === 'allowed';
      const session = conflict.source === 'session' && conflict.session !== null && r.decision === 'deny' ? await tx.getSession(conflict.session) : undefined;
      const cancels = session != null && (session.status === 'planned' || session.status === 'approved');
      // Denying a session's conflict cancels the session: the overrides of its other conflicts end.
      if (cancels) changes.push(...this.endOverrides(session, now, who));
      if (conflict.source !== 'session' && !renewal) {
        if (r.decision === 'allow') changes.push({ op: 'assign', assignment: { user: conflict.user, role: conflict.role, scope: conflict.scope, source: conflict.source } });
        else if (conflict.source === 'automatic') changes.push({ op: 'exclude', exclusion: { user: conflict.user, role: conflict.role, reason: r.reason ?? `SoD conflict ${conflict.id} denied` } });
      }
      await this.commitChanges(tx, changes, now, who, r.reason);
      if (cancels) {
        // Denying a session's conflict denies the session: a planned or approved one is cancelled.
        const [next, effects] = transition(session, { type: 'cancel', reason: `SoD conflict ${conflict.id} denied` }, { now, actor: who, by: 'administrator' });
        await this.carryOut(tx, next, effects, who);
      }
      const { op: _op, id: _id, ...decided } = changes[0] as Extract<Change, { op: 'resolveConflict' }>;
      return { ...conflict, ...decided };
    });
  }

  /**
   * The overrides of `session`'s conflicts still in force, ended now: a session that ends early, is
   * cancelled or rejected takes them with it (see {@link overrideExpiry}).
   */
  private endOverrides(session: Session, now: string, who: string): Change[] {
    const key = idKey(session.id);
    const out: Change[] = [];
    for (const c of this.current.conflicts.values()) {
      if (c.status !== 'allowed' || c.session === null || idKey(c.session) !== key || (c.expiresAt !== null && c.expiresAt <= now)) continue;
      out.push({ op: 'resolveConflict', id: c.id, status: 'allowed', reason: c.reason, expiresAt: now, mitigation: c.mitigation, resolvedBy: c.resolvedBy ?? who, resolvedAt: c.resolvedAt ?? now });
    }
    return out;
  }

  /**
   * When an override ends: as asked, but for a session's conflict at the latest when the session
   * ends. An override is of a rule for a user: one outliving its session would let a later, lasting
   * assignment break the rule unchecked.
   */
  private async overrideExpiry(tx: StoreTransaction, conflict: Conflict, asked: string | undefined): Promise<string | null> {
    const session = conflict.source === 'session' && conflict.session !== null ? await tx.getSession(conflict.session) : undefined;
    if (!session) return asked ?? null;
    return asked !== undefined && asked < session.end ? asked : session.end;
  }

  similarityReport(kind: SimilarityKind, level?: number): SimilarityPair[] {
    return similarityReport(this.current, kind, level ?? this.current.parameters.similarityLevel);
  }
}

function isModel(value: unknown): value is SecurityModel {
  return typeof value === 'object' && value !== null && isModelMap((value as SecurityModel).roles);
}

/** A model given as the seed, checked as the pure functions check theirs. */
function seedModel(model: SecurityModel): SecurityModel {
  assertModel(model, 'model');
  return model;
}

function usersTouched(changes: readonly Change[]): Set<string> {
  const users = new Set<string>();
  for (const c of changes) {
    if (c.op === 'assign') users.add(idKey(c.assignment.user));
    else if (c.op === 'unassign') users.add(idKey(c.user));
    else if (c.op === 'add' && c.kind === 'user') users.add(idKey(c.value.id));
    else if (c.op === 'update' && c.kind === 'user') users.add(idKey(c.id));
  }
  return users;
}

/** A stored audit entry, decoded; one that cannot be is an `INTEGRITY_VIOLATION` naming its position. */
function openStoredAuditEntry(record: { readonly seq: number; readonly data: unknown }): AuditEntry {
  try {
    return openAuditEntry(record.data);
  } catch {
    throw new SecGovError('INTEGRITY_VIOLATION', `audit entry ${record.seq} is malformed (${kindOf(record.data)}): verifyAuditTrail() tells more`, { seq: record.seq });
  }
}

/** A session log entry as read back: the record this service appended, or an `INTEGRITY_VIOLATION`. */
function logEntry(stream: string, record: { readonly seq: number; readonly data: unknown }): unknown {
  if (!isRecord(record.data)) throw new SecGovError('INTEGRITY_VIOLATION', `entry ${record.seq} of the log "${stream.length > 100 ? stream.slice(0, 100) : stream}" is ${kindOf(record.data)}, not a log entry`, { seq: record.seq });
  return record.data;
}

/**
 * A stored entry of the pending stream: a staged batch (its changes checked as when staged: they are
 * applied as trusted later), a publish or a discard; anything else is an `INTEGRITY_VIOLATION`.
 */
function pendingEntry(seq: number, data: unknown): PendingEntry {
  const malformed = (what: string) => new SecGovError('INTEGRITY_VIOLATION', `entry ${seq} of the pending changes log is ${what}`, { seq });
  if (!isRecord(data)) throw malformed(`${kindOf(data)}, not a staged batch, publish or discard`);
  if (data['type'] === 'publish' || data['type'] === 'discard') return data as unknown as PendingEntry;
  if (data['type'] !== 'stage') throw malformed(`of type ${kindOf(data['type'])}, not stage, publish or discard`);
  if (!isCanonicalInstant(data['at']) || typeof data['actor'] !== 'string' || (data['reason'] !== null && typeof data['reason'] !== 'string')) throw malformed('a staged batch without a valid at, actor and reason');
  const parsed = changesSchema.safeParse(data['changes']);
  if (!parsed.success) throw new SecGovError('INTEGRITY_VIOLATION', `entry ${seq} of the pending changes log holds malformed changes`, { seq, problems: problemsFromZod(parsed.error) });
  return { type: 'stage', at: data['at'], actor: data['actor'], reason: data['reason'] as string | null, changes: parsed.data };
}

/** A session that cannot start while SoD conflicts wait for an administrator. */
function unresolvedConflicts(session: Session, conflicts: readonly Conflict[], state: string): SecGovError {
  return new SecGovError('SOD_UNRESOLVED_CONFLICT', `session "${session.id}" cannot start: SoD conflict(s) ${conflicts.map((c) => `"${c.id}"`).join(', ')} are ${state}`, {
    ids: [session.id, ...conflicts.map((c) => c.id)],
  });
}
