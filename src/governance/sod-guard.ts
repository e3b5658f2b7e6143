/**
 * The service's SoD and similarity enforcement: it turns a batch of changes into the batch that may
 * be committed (role conflicts refused, conflicting assignments held as unresolved conflicts,
 * similarity refused or reported), and keeps the compliance monitor in step with the model.
 *
 * @module
 */
import { applyTrustedChanges } from '../model/apply.js';
import type { Change } from '../model/changes.js';
import { SecGovError } from '../model/errors.js';
import type { Conflict } from '../model/governance-schemas.js';
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import type { Assignment } from '../model/schemas.js';
import { compileLicenses, type LicenseIndex } from '../licensing/compile.js';
import type { Session } from '../sessions/schemas.js';
import { overlaySessions } from '../sessions/overlay.js';
import { advanceSodContext } from '../sod/context.js';
import { overriddenAt, type ComplianceReport } from '../sod/compliance.js';
import { assertRolesComply, screenAssignments, sessionConflicts, type ConflictDraft } from '../sod/enforce.js';
import { SodMonitor } from '../sod/monitor.js';
import { similarityFindings, type SimilarityPair } from '../sod/similarity.js';
import { simulateAssignments, type WhatIf } from '../sod/what-if.js';

/** What the guard needs from the service. @internal */
export interface GuardHost {
  /** The effective assignments of a user (key) now, when sessions change them; undefined otherwise. */
  effectiveOf(userKey: string): readonly Assignment[] | undefined;
  /**
   * The user's effective assignments for given own ones (sessions in force now overlaid), the roles
   * of `assigned` (keys) being assigned now: they apply at once, even during a Replace session.
   */
  overlay(userKey: string, own: readonly Assignment[], assigned?: ReadonlySet<string>): readonly Assignment[];
}

/** A batch ready to commit. @internal */
export interface GuardedBatch {
  /** The changes to commit: held and excluded assignments removed, conflicts raised. */
  readonly changes: Change[];
  /** The model after them. */
  readonly model: SecurityModel;
  /** Conflicts raised by the batch. */
  readonly conflicts: Conflict[];
  /** Automatic assignments skipped because of an exclusion. */
  readonly excluded: Assignment[];
  /** Similarity findings reported instead of refused. */
  readonly warnings: SimilarityPair[];
}

/** SoD state of the service: the monitor and cached licences of the current model. @internal */
export class SodGuard {
  private monitor: SodMonitor | undefined;
  private licenses: LicenseIndex | undefined;

  constructor(
    private readonly host: GuardHost,
    private model: SecurityModel,
  ) {}

  private get watch(): SodMonitor {
    this.monitor ??= new SodMonitor(this.model, (userKey) => this.host.effectiveOf(userKey));
    return this.monitor;
  }

  /** A new model from a snapshot: start over. */
  reset(model: SecurityModel): void {
    this.model = model;
    this.monitor = undefined;
    this.licenses = undefined;
  }

  /** A committed batch: move the monitor along. */
  advance(next: SecurityModel, changes: readonly Change[]): void {
    this.monitor?.advance(next, changes);
    this.model = next;
    this.licenses = undefined;
  }

  /** A user's sessions changed: check them again. */
  refreshUser(userKey: string): void {
    this.monitor?.refreshUser(userKey);
  }

  /**
   * Check a batch against SoD and similarity and return the batch to commit.
   *
   * @param newId - gives the id of each conflict raised
   * @throws {@link SecGovError} `SOD_ROLE_CONFLICT`, `SIMILARITY_THRESHOLD`, or the model's
   *   validation errors
   */
  async guard(changes: Change[], now: string, newId: () => Promise<string>): Promise<GuardedBatch> {
    const current = this.model;
    let next = applyTrustedChanges(current, changes);
    const advance = advanceSodContext(this.watch.sodContext, next, changes);
    assertRolesComply(advance.context, [...advance.roles].filter((key) => next.roles.has(key)));
    const warnings = this.checkSimilarity(next, changes);
    if (next.parameters.sodEnforcement !== 'enforce' || !changes.some((c) => c.op === 'assign')) {
      return { changes, model: next, conflicts: [], excluded: [], warnings };
    }
    const screening = screenAssignments(advance.context, changes, {
      before: (userKey) => this.watch.ownAssignmentsOf(userKey),
      overlay: (userKey, own, assigned) => this.host.overlay(userKey, own, assigned),
      overridden: overriddenAt(next, now),
    });
    if (screening.held.length === 0 && screening.excluded.length === 0) return { changes, model: next, conflicts: [], excluded: [], warnings };
    const drop = new Set([...screening.held.map((h) => h.index), ...screening.excluded]);
    const final = changes.filter((_, i) => !drop.has(i));
    const conflicts: Conflict[] = [];
    for (const h of screening.held) {
      const pending = this.pendingConflict(current, h.assignment.user, h.assignment.role, null);
      if (pending) continue; // already waiting for a decision
      conflicts.push(await this.conflictRecord(newId, now, { user: h.assignment.user, role: h.assignment.role, scope: h.assignment.scope, source: h.assignment.source, session: null, rules: h.rules }));
    }
    for (const conflict of conflicts) final.push({ op: 'raiseConflict', conflict });
    next = applyTrustedChanges(current, final);
    return { changes: final, model: next, conflicts, excluded: screening.excluded.map((i) => (changes[i] as Extract<Change, { op: 'assign' }>).assignment), warnings };
  }

  private checkSimilarity(next: SecurityModel, changes: readonly Change[]): SimilarityPair[] {
    const p = next.parameters;
    if (!p.checkSimilarity) return [];
    const findings = similarityFindings(next, changes, p.similarityLevel);
    if (findings.length === 0 || p.similarityEnforcement === 'warn') return findings;
    const f = findings[0]!;
    throw new SecGovError(
      'SIMILARITY_THRESHOLD',
      `${f.kind} "${f.object}" is ${round(f.percent)}% similar to ${f.kind} "${f.other}" (${f.shared} of its ${f.total} entry points), at or above the level for similarity validation (${p.similarityLevel}%)${findings.length > 1 ? `; ${findings.length - 1} more pair(s)` : ''}`,
      { ids: [f.object, f.other], pairs: findings },
    );
  }

  /** An unresolved conflict already raised for the same user, role and session. */
  private pendingConflict(model: SecurityModel, user: string, role: string, session: string | null): Conflict | undefined {
    for (const c of model.conflicts.values()) {
      if (c.status === 'unresolved' && idKey(c.user) === idKey(user) && idKey(c.role) === idKey(role) && (c.session === null ? session === null : session !== null && idKey(c.session) === idKey(session))) return c;
    }
    return undefined;
  }

  private async conflictRecord(newId: () => Promise<string>, now: string, draft: ConflictDraft): Promise<Conflict> {
    return {
      id: await newId(),
      user: draft.user,
      role: draft.role,
      scope: draft.scope,
      source: draft.source,
      session: draft.session,
      rules: [...draft.rules],
      raisedAt: now,
      status: 'unresolved',
      reason: null,
      expiresAt: null,
      mitigation: null,
      resolvedBy: null,
      resolvedAt: null,
    };
  }

  /**
   * The conflicts `session` raises: rules the user would break while it is in force, next to the
   * user's `others` sessions in force with it, that they do not break with those alone. Empty when
   * SoD is only reported.
   */
  async sessionConflicts(session: Session, others: readonly Session[], now: string, newId: () => Promise<string>): Promise<Conflict[]> {
    const model = this.model;
    if (model.parameters.sodEnforcement !== 'enforce' || session.roles.length === 0) return [];
    const userKey = idKey(session.user);
    const user = model.users.get(userKey);
    if (!user) return [];
    const own = this.watch.ownAssignmentsOf(userKey);
    const without = overlaySessions(own, user.enabled, others).assignments;
    const during = overlaySessions(own, user.enabled, [...others, session]).assignments;
    const drafts = sessionConflicts(this.watch.sodContext, session, without, during, overriddenAt(model, now));
    const out: Conflict[] = [];
    for (const d of drafts) if (!this.pendingConflict(model, d.user, d.role, d.session)) out.push(await this.conflictRecord(newId, now, d));
    return out;
  }

  /** Unresolved conflicts of a session. */
  unresolvedOf(sessionId: string): Conflict[] {
    const key = idKey(sessionId);
    return [...this.model.conflicts.values()].filter((c) => c.status === 'unresolved' && c.session !== null && idKey(c.session) === key);
  }

  /** The compliance scan at `at`, incremental. */
  scan(at: string, usersWithSessions: Iterable<string>): ComplianceReport {
    const watch = this.watch;
    // Sessions in force change with time, not only with changes: check their users again.
    for (const userKey of usersWithSessions) watch.refreshUser(userKey);
    return watch.scan(at);
  }

  /** What-if for one user's assignment changes. */
  simulate(user: string, changes: readonly Change[], at: string): WhatIf {
    this.licenses ??= compileLicenses(this.model);
    return simulateAssignments(this.model, user, changes, {
      at,
      context: this.watch.sodContext,
      licenses: this.licenses,
      overlay: (userKey, own, assigned) => this.host.overlay(userKey, own, assigned),
    });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
