/**
 * {@link compileAccess}: the compiled, incrementally maintained index of effective access.
 *
 * @module
 */
import { z } from 'zod';
import type { Change } from '../model/changes.js';
import { SecGovError } from '../model/errors.js';
import { MAX_ID_LENGTH, idKey, idSchema } from '../model/ids.js';
import { assertModel } from '../model/assert-model.js';
import type { SecurityModel } from '../model/model.js';
import type { Assignment, Right, Scope } from '../model/schemas.js';
import { assignmentSchema, rightSchema, MAX_MEMBERS } from '../model/schemas.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { AccessCore } from './core.js';
import type { Interner } from './interner.js';
import { ANY_ORGANIZATION, allows } from './evaluate.js';
import { explain } from './explain.js';
import { grantersOf, type WantedEntryPoint } from './granters.js';
import { rightsOf, whoCanReach } from './reach.js';
import { invalidRight, rightIndex } from './rights.js';
import type { Subject } from './subjects.js';
import { compileSubject } from './subjects.js';
import type { AccessIndex, AccessRequest, AccessSubject, AssignmentOverride, EffectiveRights, Explanation, Granters } from './types.js';
import { assignmentOutcome, assignmentsMatch, updateCore, type AssignmentOutcome } from './update.js';
import { isId, kindOf, readArgument } from '../model/arguments.js';

/** Most entry points one {@link AccessIndex.grantersOf} request may name. */
export const MAX_GRANTERS_REQUEST = 10_000;

// Batches larger than this rebuild the index: cheaper than following each change, and simpler.
const REBUILD_THRESHOLD = 20_000;

const overrideSchema = z.strictObject({
  assignments: z.array(assignmentSchema).max(MAX_MEMBERS),
  enabled: z.boolean().optional(),
});
const subjectSchema = z.strictObject({
  assignments: z.array(assignmentSchema).max(MAX_MEMBERS),
  enabled: z.boolean(),
  user: idSchema.optional(),
});
const requestSchema = z
  .array(z.strictObject({ entryPoint: idSchema, rights: z.array(rightSchema).min(1, 'rights must name at least one right').max(64) }))
  .min(1, 'the request must name at least one entry point')
  .max(MAX_GRANTERS_REQUEST);

/**
 * Compile the effective access of every user of `model` into an index that answers checks in
 * about the time of a few `Map` lookups, and follows later changes incrementally with
 * {@link AccessIndex.update}.
 *
 * @example
 * ```ts
 * const access = compileAccess(model);
 * access.check('alice', 'menu-item-display:LedgerJournalTable', 'read'); // true or false
 * access.explain('alice', 'menu-item-display:LedgerJournalTable', 'update').reason; // 'denied', ...
 * ```
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `model` is not a security model;
 *   `LIMIT_EXCEEDED` beyond 524,288 roles
 */
export function compileAccess(model: SecurityModel): AccessIndex {
  assertModel(model);
  return new CompiledAccessIndex(model);
}

interface AdHocSubject {
  readonly source: readonly Assignment[];
  /** What the parse read of `source`, by {@link readsOf}: the list is reused only while it holds the same. */
  readonly reads: readonly unknown[];
  readonly enabled: boolean;
  readonly user: string | undefined;
  readonly subject: Subject;
}

/** Internal counters and sizes of an index, for tests and benchmarks. @internal */
export interface AccessIndexStats {
  /** Updates followed change by change. */
  readonly incrementalUpdates: number;
  /** Updates that rebuilt the index (large batches, or changes that did not match the models). */
  readonly rebuilds: number;
  /** Roles with a compiled closure. */
  readonly compiledRoles: number;
  /** (entry point, role) entries in the closure store. */
  readonly storeEntries: number;
  /** Bytes of the closure store's typed arrays. */
  readonly storeBytes: number;
}

/** The internal counters of an index built by {@link compileAccess}. @internal */
export function accessIndexStats(index: AccessIndex): AccessIndexStats {
  if (!(index instanceof CompiledAccessIndex)) throw new SecGovError('VALIDATION_FAILED', 'not an index built by compileAccess');
  return index.stats();
}

class CompiledAccessIndex implements AccessIndex {
  private core: AccessCore;
  private incrementalUpdates = 0;
  private rebuilds = 0;
  // The last what-if subject, reused while callers pass the same assignment list again.
  private adHoc: AdHocSubject | undefined;

  constructor(model: SecurityModel) {
    this.core = new AccessCore(model);
  }

  get model(): SecurityModel {
    return this.core.model;
  }

  check(user: string, entryPoint: string, right: Right, organization?: string): boolean {
    const core = this.core;
    // Exact spellings hit on the first Map.get; everything else goes to the slow paths.
    const subject = (typeof user === 'string' ? core.subjectById[user] : undefined) ?? this.subject(user);
    const e = (typeof entryPoint === 'string' ? core.graph.entryPoints.lookup(entryPoint) : undefined) ?? this.entryPoint(entryPoint);
    const bit = rightIndex(right);
    if (bit < 0) throw invalidRight(right);
    return allows(core, subject, e, bit, organization === undefined ? ANY_ORGANIZATION : this.organization(organization));
  }

  rightsOf(user: string, organization?: string): EffectiveRights[] {
    const subject = this.subject(user);
    return rightsOf(this.core, subject, this.optionalOrganization(organization));
  }

  whoCanReach(entryPoint: string, right: Right, organization?: string): string[] {
    const e = this.entryPoint(entryPoint);
    const bit = this.right(right);
    return whoCanReach(this.core, e, bit, this.optionalOrganization(organization));
  }

  explain(user: string, entryPoint: string, right: Right, organization?: string): Explanation {
    const subject = this.subject(user);
    const e = this.entryPoint(entryPoint);
    const bit = this.right(right);
    return explain(this.core, subject, e, bit, this.optionalOrganization(organization));
  }

  explainAssignments(subject: AccessSubject, entryPoint: string, right: Right, organization?: string): Explanation {
    const compiled = this.adHocSubject(subject);
    const e = this.entryPoint(entryPoint);
    const bit = this.right(right);
    return explain(this.core, compiled, e, bit, this.optionalOrganization(organization));
  }

  checkAssignments(subject: AccessSubject, entryPoint: string, right: Right, organization?: string): boolean {
    const compiled = this.adHocSubject(subject);
    const e = this.entryPoint(entryPoint);
    const bit = this.right(right);
    return allows(this.core, compiled, e, bit, this.optionalOrganization(organization));
  }

  grantersOf(request: readonly AccessRequest[]): Granters {
    const parsed = parseOrThrow(requestSchema, request, 'granters request');
    const masks = new Map<number, number>();
    for (const item of parsed) {
      const e = this.entryPoint(item.entryPoint);
      let mask = masks.get(e) ?? 0;
      for (const right of item.rights) mask |= 1 << rightIndex(right);
      masks.set(e, mask);
    }
    const wanted: WantedEntryPoint[] = [...masks].map(([e, mask]) => ({ e, mask }));
    return grantersOf(this.core, wanted);
  }

  update(next: SecurityModel, changes: readonly Change[]): void {
    assertModel(next);
    if (!Array.isArray(changes)) throw new SecGovError('VALIDATION_FAILED', 'changes must be an array of change records');
    const count = readArgument('changes', () => changes.length);
    this.adHoc = undefined;
    if (next === this.core.model && count === 0) {
      this.incrementalUpdates++;
      return;
    }
    // The model's subjects kept for the overrides may not be the model's any more.
    this.core.bases.clear();
    // No changes but another model: nothing says what differs.
    if (count > REBUILD_THRESHOLD || count === 0) {
      this.rebuild(next);
      return;
    }
    let assignments: AssignmentOutcome;
    try {
      assignments = assignmentOutcome(this.core.model, changes);
      updateCore(this.core, next, changes);
      this.incrementalUpdates++;
    } catch {
      // Changes that do not lead from the old model to `next` (or malformed ones, also ones whose
      // reading throws) must not leave a half-updated index: rebuild from `next`, which is always right.
      this.rebuild(next);
      return;
    }
    if (!this.consistent(next) || !assignmentsMatch(next, assignments)) this.rebuild(next);
  }

  setEffectiveAssignments(user: string, override: AssignmentOverride | undefined): void {
    const core = this.core;
    const u = core.users.find(this.id(user, 'user'));
    if (u < 0) throw notFound('user', user);
    if (override === undefined) {
      if (!core.overrides.delete(u)) return; // no override: the user's subject is the model's already
      const base = core.bases.get(u);
      core.bases.delete(u);
      core.install(u, base ?? core.compileUser(u, undefined, 'skip'), true);
      return;
    }
    // The plain, well-formed records the session service builds take a hand-written check; anything
    // else goes through the schema, which words the error (also for an override whose reading
    // throws: a getter, a proxy's trap).
    let quick: AssignmentOverride | undefined;
    try {
      quick = quickOverride(core, u, override);
    } catch {
      quick = undefined;
    }
    const stored = quick ?? this.parseOverride(user, override);
    // Compile first: an unknown role or organization is refused before anything changes.
    const subject = core.compileUser(u, stored, 'throw');
    // The subject the model gives the user, kept while the override lasts: ending it reinstalls
    // that subject instead of compiling the user again.
    if (!core.overrides.has(u)) {
      const base = core.subjects[u];
      if (base !== undefined) core.bases.set(u, base);
    }
    core.overrides.set(u, stored);
    core.install(u, subject, true);
  }

  private parseOverride(user: string, override: AssignmentOverride): AssignmentOverride {
    const parsed = parseOrThrow(overrideSchema, override, 'assignment override');
    for (const a of parsed.assignments) {
      if (idKey(a.user) !== idKey(user)) {
        throw new SecGovError('VALIDATION_FAILED', `assignment of role "${a.role}" names user "${a.user}", not "${user}"`, { ids: [a.user, user] });
      }
    }
    return parsed.enabled === undefined ? { assignments: parsed.assignments } : { assignments: parsed.assignments, enabled: parsed.enabled };
  }

  // ---- arguments ----

  private subject(user: unknown): Subject {
    const id = this.id(user, 'user');
    const subject = this.core.subjectById[id] ?? this.core.subjectById[idKey(id)];
    if (subject === undefined) throw notFound('user', id);
    return subject;
  }

  private entryPoint(entryPoint: unknown): number {
    const id = this.id(entryPoint, 'entry point');
    const e = this.core.graph.entryPoints.find(id);
    if (e < 0) throw notFound('entry point', id);
    return e;
  }

  private organization(organization: unknown): number {
    const id = this.id(organization, 'organization');
    const o = this.core.orgs.ids.find(id);
    if (o < 0) throw notFound('organization', id);
    return o;
  }

  private optionalOrganization(organization: unknown): number {
    return organization === undefined ? ANY_ORGANIZATION : this.organization(organization);
  }

  private right(right: unknown): number {
    const bit = rightIndex(right);
    if (bit < 0) throw invalidRight(right);
    return bit;
  }

  private id(value: unknown, what: string): string {
    if (typeof value !== 'string') {
      throw new SecGovError('VALIDATION_FAILED', `${what} id must be a string, not ${kindOf(value)}`);
    }
    return value;
  }

  private adHocSubject(subject: AccessSubject): Subject {
    const cached = this.adHoc;
    if (
      cached !== undefined &&
      typeof subject === 'object' &&
      subject !== null &&
      subject.assignments === cached.source &&
      subject.enabled === cached.enabled &&
      subject.user === cached.user &&
      onlySubjectKeys(subject) &&
      sameReads(subject.assignments, cached.reads)
    ) {
      return cached.subject;
    }
    const parsed = parseOrThrow(subjectSchema, subject, 'access subject');
    const core = this.core;
    const compiled = compileSubject(core.graph, core.orgs, core.adminRole, -1, parsed.user ?? '', parsed.enabled, parsed.assignments, 'throw');
    for (const r of compiled.held) core.closures.ensure(r);
    this.adHoc = { source: subject.assignments, reads: readsOf(subject.assignments), enabled: subject.enabled, user: subject.user, subject: compiled };
    return compiled;
  }

  // ---- maintenance ----

  /** See {@link accessIndexStats}. */
  stats(): AccessIndexStats {
    const { closures } = this.core;
    return {
      incrementalUpdates: this.incrementalUpdates,
      rebuilds: this.rebuilds,
      compiledRoles: closures.privSets.filter((p) => p !== undefined).length,
      storeEntries: closures.store.entries,
      storeBytes: closures.store.bytes,
    };
  }

  private rebuild(next: SecurityModel): void {
    this.rebuilds++;
    const old = this.core;
    const core = new AccessCore(next);
    for (const [u, override] of old.overrides) {
      const n = core.users.find(old.users.id(u));
      if (n < 0) continue;
      core.overrides.set(n, override);
      core.install(n, core.compileUser(n, undefined, 'skip'), true);
    }
    this.core = core;
  }

  // Cheap counts that a wrong change list would break.
  private consistent(next: SecurityModel): boolean {
    const { graph, users } = this.core;
    return (
      graph.entryPoints.size === next.entryPoints.size &&
      graph.privileges.size === next.privileges.size &&
      graph.duties.size === next.duties.size &&
      graph.roles.size === next.roles.size &&
      users.size === next.users.size
    );
  }
}

// ---- the reuse of a what-if subject ----
//
// Callers ask several questions of one assignment list (a view of a user at some moment); the
// list is compiled again only when it changed. Its records are the caller's and may be changed in
// place (even to hostile values), so what is compared is every value the parse read, not only the
// records' identity.

/** Whether a subject (seen before) has only the keys the schema allows. */
function onlySubjectKeys(subject: object): boolean {
  for (const key in subject) if (key !== 'assignments' && key !== 'enabled' && key !== 'user') return false;
  return true;
}

/** The values the parse of a valid assignment list read, in order, for {@link sameReads}. */
function readsOf(assignments: readonly Assignment[]): unknown[] {
  const reads: unknown[] = [];
  for (const a of assignments) {
    reads.push(a, a.user, a.role, a.source, a.scope);
    if (a.scope === undefined || a.scope === 'all') continue;
    const organizations = a.scope.organizations;
    reads.push(organizations, organizations.length);
    for (const entry of organizations) reads.push(entry, entry.id, entry.includeChildren);
  }
  return reads;
}

/**
 * Whether `assignments` still hold what {@link readsOf} recorded. Each record is compared by
 * identity before its fields are read, so the fields read are those of records that were valid.
 */
function sameReads(assignments: readonly Assignment[], reads: readonly unknown[]): boolean {
  let k = 0;
  for (let i = 0; i < assignments.length; i++) {
    if (k >= reads.length) return false; // the list grew
    const a = assignments[i]!; // a record seen valid once its identity matches, before any field is read
    if (a !== reads[k++] || a.user !== reads[k++] || a.role !== reads[k++] || a.source !== reads[k++]) return false;
    const scope = a.scope;
    if (scope !== reads[k++]) return false;
    if (scope === undefined || scope === 'all') continue;
    const organizations = scope.organizations;
    if (organizations !== reads[k++] || organizations.length !== reads[k++]) return false;
    for (let j = 0; j < organizations.length; j++) {
      const entry = organizations[j]!;
      if (entry !== reads[k++] || entry.id !== reads[k++] || entry.includeChildren !== reads[k++]) return false;
    }
  }
  return k === reads.length;
}

// ---- the quick check of an override ----
//
// setEffectiveAssignments runs for every session that starts or ends, and the schema parse cost
// more than compiling the user. These functions accept exactly the overrides the schema accepts in
// their usual form (plain objects, known keys, valid ids), producing the same result; anything
// else, including every malformed override, returns undefined and goes through the schema.

const ASSIGNMENT_KEYS: ReadonlySet<string> = new Set(['user', 'role', 'scope', 'source']);

function plainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether `value` is a valid id: one the interner holds in this spelling, else by the schema. */
function validId(value: unknown, known: Interner): value is string {
  if (typeof value !== 'string') return false;
  const n = known.lookup(value);
  if (n !== undefined && known.id(n) === value) return true; // ids of the model were validated
  return isId(value);
}

/** The override as the schema would produce it, or undefined to let the schema decide. @internal */
function quickOverride(core: AccessCore, u: number, override: unknown): AssignmentOverride | undefined {
  if (!plainObject(override)) return undefined;
  let assignments: unknown;
  let enabled: unknown;
  for (const key in override) {
    if (key === 'assignments') assignments = override[key];
    else if (key === 'enabled') enabled = override[key];
    else return undefined;
  }
  if (enabled !== undefined && typeof enabled !== 'boolean') return undefined;
  if (!Array.isArray(assignments) || assignments.length > MAX_MEMBERS) return undefined;
  const userKey = core.users.keyOf(u);
  const out: Assignment[] = new Array<Assignment>(assignments.length);
  for (let i = 0; i < assignments.length; i++) {
    const a = quickAssignment(core, userKey, assignments[i]);
    if (a === undefined) return undefined;
    out[i] = a;
  }
  return enabled === undefined ? { assignments: out } : { assignments: out, enabled };
}

function quickAssignment(core: AccessCore, userKey: string, a: unknown): Assignment | undefined {
  if (!plainObject(a)) return undefined;
  for (const key in a) if (!ASSIGNMENT_KEYS.has(key)) return undefined;
  const { user, role, scope, source } = a;
  // Another user: the schema path reports it.
  if (typeof user !== 'string' || idKey(user) !== userKey || !validId(user, core.users)) return undefined;
  if (!validId(role, core.graph.roles)) return undefined;
  if (source !== undefined && source !== 'manual' && source !== 'automatic') return undefined;
  let outScope: Scope;
  if (scope === undefined || scope === 'all') outScope = 'all';
  else {
    const quick = quickScope(core, scope);
    if (quick === undefined) return undefined;
    outScope = quick;
  }
  // A frozen, complete record cannot change later: keep it (model assignments are); copy others.
  if (outScope === scope && source !== undefined && Object.isFrozen(a)) return a as Assignment;
  return { user, role, scope: outScope, source: source ?? 'manual' };
}

function quickScope(core: AccessCore, scope: unknown): Scope | undefined {
  if (!plainObject(scope)) return undefined;
  let organizations: unknown;
  for (const key in scope) {
    if (key === 'organizations') organizations = scope[key];
    else return undefined;
  }
  if (!Array.isArray(organizations) || organizations.length < 1 || organizations.length > MAX_MEMBERS) return undefined;
  let complete = Object.isFrozen(scope) && Object.isFrozen(organizations);
  for (let i = 0; i < organizations.length; i++) {
    const entry: unknown = organizations[i];
    if (!plainObject(entry)) return undefined;
    for (const key in entry) if (key !== 'id' && key !== 'includeChildren') return undefined;
    if (!validId(entry.id, core.orgs.ids)) return undefined;
    const children = entry.includeChildren;
    if (children === undefined) complete = false;
    else if (typeof children !== 'boolean') return undefined;
    if (!Object.isFrozen(entry)) complete = false;
  }
  if (complete) return scope as Scope;
  return {
    organizations: organizations.map((entry: Record<string, unknown>) => ({ id: entry.id as string, includeChildren: (entry.includeChildren as boolean | undefined) ?? false })),
  };
}

function notFound(what: string, id: string): SecGovError {
  const shown = id.length > MAX_ID_LENGTH ? `${id.slice(0, MAX_ID_LENGTH)}…` : id;
  return new SecGovError('NOT_FOUND', `${what} "${shown}" does not exist`, { ids: [shown] });
}

