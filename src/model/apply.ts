/**
 * The one function that changes the governed state: {@link applyChanges}.
 *
 * @module
 */
import { enableMapSet, freeze, isDraft, original, produce, type Draft } from 'immer';
import type { Change, ChangeInput, ObjectKind } from './changes.js';
import { changesSchema } from './changes.js';
import { SecGovError, type Problem } from './errors.js';
import { idKey } from './ids.js';
import type { SecurityModel } from './model.js';
import { assertModel } from './assert-model.js';
import { assignmentKey } from './model.js';
import { collectionOf, kindLabel, objectId, objectKey } from './collections.js';
import { entryPointId, type Assignment } from './schemas.js';
import { validateChanged, type ChangedSet } from './validate.js';
import { PersistentMap, type MapEditor } from './persistent-map.js';
import { errorOfProblems, parseProblems } from './zod-problems.js';

enableMapSet();

/** The result of {@link safeApplyChanges}: the new model, or the error and the old model untouched. */
export type ApplyResult = { readonly ok: true; readonly model: SecurityModel } | { readonly ok: false; readonly error: SecGovError };

/**
 * Apply change records to a model. Changes are validated at the boundary, applied in order, and
 * then the whole batch is checked (references, duplicates, cycles), so objects may refer to
 * objects added later in the same batch.
 *
 * @returns the new model; `model` itself is never modified
 * @throws {@link SecGovError} when any change is malformed or the result would be invalid; the
 *   error's `details.problems` lists every problem found
 */
export function applyChanges(model: SecurityModel, changes: readonly ChangeInput[]): SecurityModel {
  assertModel(model);
  return applyTrustedChanges(model, parseChanges(changes));
}

/**
 * Parse a batch of change records handed in at a public boundary: the parsed changes, or a
 * `VALIDATION_FAILED` {@link SecGovError} listing every problem under the path `changes`.
 * @internal
 */
export function parseChanges(changes: unknown): Change[] {
  const parsed = parseProblems(changesSchema, changes, ['changes']);
  if (!parsed.success) throw errorOfProblems(parsed);
  return parsed.data;
}

/** Like {@link applyChanges}, but returns the error instead of throwing it (as zod's `safeParse`). */
export function safeApplyChanges(model: SecurityModel, changes: readonly ChangeInput[]): ApplyResult {
  try {
    return { ok: true, model: applyChanges(model, changes) };
  } catch (error) {
    if (error instanceof SecGovError) return { ok: false, error };
    throw error;
  }
}

/**
 * Apply changes that were already parsed by {@link changesSchema}. Internal: other modules that
 * hold parsed changes (the service, import, restore) use it to skip a second parse.
 *
 * @internal
 */
export function applyTrustedChanges(model: SecurityModel, changes: readonly Change[]): SecurityModel {
  const problems: Problem[] = [];
  const changed: ChangedSet = { touched: new Map(), removed: new Map(), assignments: new Set(), conflicts: new Set(), exclusions: new Set(), removedAssignments: false, licenses: false, administratorRole: false };
  const assignments: AssignmentEdit = { base: model.assignments, editor: undefined };
  const next = produce(model, (draft) => {
    changes.forEach((change, index) => applyOne(draft, change, index, problems, changed, assignments));
    // Set last, and never read through the draft: immer would copy the whole map.
    if (assignments.editor) (draft as { assignments: ReadonlyMap<string, Assignment> }).assignments = assignments.editor.done();
  });
  if (problems.length === 0) validateChanged(next, changed, problems);
  if (problems.length > 0) throw SecGovError.fromProblems(problems);
  return next;
}

type DraftCollection = Map<string, object>;

/**
 * The assignments of a batch, changed outside immer's draft: they are the largest collection (about
 * 60,000 at ERP scale), and immer copies a whole `Map` for one change, where a {@link PersistentMap}
 * copies a chunk. The editor is made on the first assignment change.
 */
interface AssignmentEdit {
  readonly base: ReadonlyMap<string, Assignment>;
  editor: MapEditor<Assignment> | undefined;
}

function assignmentEditor(edit: AssignmentEdit): MapEditor<Assignment> {
  return (edit.editor ??= PersistentMap.of(edit.base).edit());
}

/** Fields whose schema is `nullable` rather than optional: `null` in a patch is their value. */
const nullableFields = new Set(['user.lastSignIn']);

function collection(draft: Draft<SecurityModel>, kind: ObjectKind): DraftCollection {
  return draft[collectionOf[kind]] as unknown as DraftCollection;
}

function mark(set: Map<ObjectKind, Set<string>>, kind: ObjectKind, key: string): void {
  let keys = set.get(kind);
  if (!keys) set.set(kind, (keys = new Set()));
  keys.add(key);
}

function notFoundProblem(what: string, id: string, path: (string | number)[]): Problem {
  return { code: 'NOT_FOUND', message: `${what} "${id}" does not exist`, ids: [id], path };
}

function applyOne(draft: Draft<SecurityModel>, change: Change, index: number, problems: Problem[], changed: ChangedSet, assignments: AssignmentEdit): void {
  const path = ['changes', index];
  const notFound = (what: string, id: string): void => void problems.push(notFoundProblem(what, id, path));
  switch (change.op) {
    case 'add': {
      const map = collection(draft, change.kind);
      const key = objectKey(change.kind, change.value);
      const existing = map.get(key);
      if (existing) {
        const id = objectId(change.kind, change.value);
        const other = objectId(change.kind, existing);
        problems.push({ code: 'DUPLICATE_ID', message: `${kindLabel[change.kind]} "${id}" already exists${other === id ? '' : ` as "${other}"`} (ids are case-insensitive)`, ids: [id, other], path });
        return;
      }
      // Frozen values are final: immer does not walk them again when it finishes the draft.
      map.set(key, freeze(change.value, true));
      mark(changed.touched, change.kind, key);
      return;
    }
    case 'update': {
      const map = collection(draft, change.kind);
      const key = idKey(change.id);
      const existing = map.get(key);
      if (!existing) return notFound(kindLabel[change.kind], change.id);
      const updated: Record<string, unknown> = { ...(existing as object) };
      for (const [field, value] of Object.entries(change.patch)) {
        if (value === undefined) continue;
        // `null` clears an optional field, but a nullable field keeps null as its value.
        if (value === null && !nullableFields.has(`${change.kind}.${field}`)) delete updated[field];
        else updated[field] = value;
      }
      map.set(key, updated);
      mark(changed.touched, change.kind, key);
      return;
    }
    case 'remove': {
      const map = collection(draft, change.kind);
      const key = idKey(change.id);
      const existing = map.get(key);
      if (!existing) return notFound(kindLabel[change.kind], change.id);
      map.delete(key);
      let removed = changed.removed.get(change.kind);
      if (!removed) changed.removed.set(change.kind, (removed = new Map()));
      removed.set(key, objectId(change.kind, existing));
      changed.touched.get(change.kind)?.delete(key);
      return;
    }
    case 'assign': {
      const key = assignmentKey(change.assignment.user, change.assignment.role);
      assignmentEditor(assignments).set(key, freeze(change.assignment, true));
      changed.assignments.add(key);
      return;
    }
    case 'unassign': {
      const key = assignmentKey(change.user, change.role);
      if (!assignmentEditor(assignments).delete(key)) {
        problems.push({ code: 'NOT_FOUND', message: `role "${change.role}" is not assigned to user "${change.user}"`, ids: [change.user, change.role], path });
        return;
      }
      changed.assignments.delete(key);
      changed.removedAssignments = true;
      return;
    }
    case 'setGrant':
    case 'removeGrant': {
      const key = idKey(change.privilege);
      const privilege = draft.privileges.get(key);
      if (!privilege) return notFound('privilege', change.privilege);
      const target = idKey(change.op === 'setGrant' ? change.grant.entryPoint : change.entryPoint);
      const grants = privilege.grants.filter((g) => idKey(g.entryPoint) !== target);
      if (change.op === 'setGrant') grants.push(change.grant);
      else if (grants.length === privilege.grants.length) return notFound(`grant of privilege "${change.privilege}" on entry point`, change.entryPoint);
      draft.privileges.set(key, { ...privilege, grants });
      mark(changed.touched, 'privilege', key);
      return;
    }
    case 'raiseConflict': {
      const key = idKey(change.conflict.id);
      const conflicts = draft.conflicts as Map<string, unknown>;
      if (conflicts.has(key)) {
        problems.push({ code: 'DUPLICATE_ID', message: `conflict "${change.conflict.id}" already exists`, ids: [change.conflict.id], path });
        return;
      }
      conflicts.set(key, freeze(change.conflict, true));
      changed.conflicts.add(key);
      return;
    }
    case 'resolveConflict': {
      const key = idKey(change.id);
      const existing = draft.conflicts.get(key);
      if (!existing) return notFound('conflict', change.id);
      // Unresolved conflicts are denied or allowed; an allowed one may be renewed (a new expiry), but
      // a decision is never turned around: a denied conflict stays denied.
      if (existing.status === 'denied' || (existing.status === 'allowed' && change.status === 'denied')) {
        problems.push({ code: 'VALIDATION_FAILED', message: `conflict "${existing.id}" is already ${existing.status}: it cannot be ${change.status === 'denied' ? 'denied' : 'allowed'} now`, ids: [existing.id], path });
        return;
      }
      const { op: _op, id: _id, ...resolution } = change;
      // Read the stored record, not its draft: the draft's proxies are revoked when produce ends.
      const stored = isDraft(existing) ? original(existing)! : existing;
      (draft.conflicts as Map<string, unknown>).set(key, freeze({ ...stored, ...resolution }, true));
      changed.conflicts.add(key);
      return;
    }
    case 'exclude': {
      const key = assignmentKey(change.exclusion.user, change.exclusion.role);
      (draft.exclusions as Map<string, unknown>).set(key, freeze(change.exclusion, true));
      changed.exclusions.add(key);
      return;
    }
    case 'include': {
      const key = assignmentKey(change.user, change.role);
      if (!draft.exclusions.delete(key)) {
        problems.push({ code: 'NOT_FOUND', message: `user "${change.user}" is not excluded from role "${change.role}"`, ids: [change.user, change.role], path });
        return;
      }
      changed.exclusions.delete(key);
      return;
    }
    case 'setLicenseCatalogue':
      draft.licenses = change.catalogue;
      changed.licenses = true;
      return;
    case 'setParameters': {
      const patch = Object.fromEntries(Object.entries(change.patch).filter(([, v]) => v !== undefined));
      const previous = draft.parameters.administratorRole;
      draft.parameters = { ...draft.parameters, ...patch };
      // Only a change of the administrator role must name an existing role: the default may be
      // absent (then nobody administers), and restating it must not fail.
      if (change.patch.administratorRole !== undefined && idKey(change.patch.administratorRole) !== idKey(previous)) changed.administratorRole = true;
      return;
    }
  }
}

/** The id of an entry point as used by grants; re-exported for convenience. */
export { entryPointId };
