/**
 * Restoring a version: the change records that bring the chosen parts of the current state back
 * to exactly the version's state, keeping what the other parts still need.
 *
 * @module
 */
import { z } from 'zod';
import type { Change } from '../model/changes.js';
import { idKey } from '../model/ids.js';
import { assertModel } from '../model/assert-model.js';
import type { SecurityModel } from '../model/model.js';
import type { Parameters } from '../model/parameters.js';
import type { Process } from '../model/design-schemas.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { invalid } from '../model/arguments.js';
import { changesBetween } from './changes.js';
import { kindsOf, restorableParts, type ComparedKind, type Part, type RestoreParts } from './parts.js';
import { comparedKindLabels } from './render.js';
import { displayId, ModelTables, PARAMETERS_KEY, referencesOf, type Reference, type Table, type VersionedRecord } from './records.js';

/** Options of {@link restoreChanges}. */
export interface RestoreOptions {
  /** The parts to bring back: `governance`, `configuration` or `both`. Assignments are never restored. */
  readonly parts: RestoreParts;
  /**
   * Whether objects added since the version are removed (default true). With false, objects of the
   * restored parts that the version does not have are kept as they are.
   */
  readonly removeCustomizations?: boolean;
}

/** A record a restore could not bring to the version's state, and why. */
export interface RestoreNote {
  /** The kind of record. */
  readonly kind: ComparedKind;
  /** Its id, in the author's spelling. */
  readonly id: string;
  /**
   * `kept`: the version does not have it (or its parent disagrees), but records the restore leaves
   * in place refer to it, so it stays as it is now. `not-restored`: the version's record refers to
   * records that no longer exist outside the restored parts, so it stays as it is now (or absent).
   */
  readonly reason: 'kept' | 'not-restored';
  /** `kept`: the records that need it; `not-restored`: the missing records it refers to. */
  readonly references: readonly { readonly kind: ComparedKind; readonly id: string }[];
  /** A readable explanation naming the ids. */
  readonly message: string;
}

/** The result of {@link restoreChanges}. */
export interface RestorePlan {
  /** The change records to apply to the current state (empty when the parts already match). */
  readonly changes: Change[];
  /** Records left as they are now, with the reason; empty when the restore is exact. */
  readonly kept: readonly RestoreNote[];
}

const restoreOptionsSchema = z.strictObject({
  parts: z.enum(restorableParts),
  removeCustomizations: z.boolean().default(true),
});

/**
 * The parts of a restore choice.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `parts` is not one of {@link restorableParts}
 */
export function partsOfRestore(parts: RestoreParts): Part[] {
  if (!(restorableParts as readonly unknown[]).includes(parts)) throw invalid('parts', "'governance', 'configuration' or 'both'", parts);
  return parts === 'both' ? ['configuration', 'governance'] : [parts];
}

type Origin = 'version' | 'current';

/** Which records of a target table hold their current value (all others hold the version's). */
class Origins {
  private readonly current = new Set<string>();
  get(key: string): Origin {
    return this.current.has(key) ? 'current' : 'version';
  }
  set(key: string, origin: Origin): void {
    if (origin === 'current') this.current.add(key);
    else this.current.delete(key);
  }
  currentKeys(): IterableIterator<string> {
    return this.current.values();
  }
}

/**
 * The change records that bring the chosen parts of `current` back to exactly their state in
 * `version`: apply them with {@link applyChanges} (the restore is then itself a recorded change)
 * and {@link compareModels}(version, result, { parts }) finds no difference, except for the
 * records listed in `kept`.
 *
 * Restoring one part alone must not break the other parts, and assignments are never restored:
 * - a record the version lacks stays (as it is now) while a record left in place refers to it, for
 *   example a role still assigned to a user, a duty an SoD rule names, or an entry point a task
 *   lists when only the configuration is restored; its own references are kept with it;
 * - a version record that refers to a record that no longer exists outside the restored parts
 *   (a task's entry point when only governance is restored, an organization of an assignment rule's
 *   scope) stays as it is now; the administrator role parameter stays when the version's role is missing.
 * Both cases are reported in `kept`. With `removeCustomizations: false`, records the version does
 * not have are kept as they are and not reported.
 *
 * @example
 * const { changes, kept } = restoreChanges(current, version, { parts: 'configuration' });
 * const restored = applyChanges(current, changes);
 * compareModels(version, restored, { parts: ['configuration'] }).identical; // true when kept is empty
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `current` or `version` is not a model or the options are malformed
 */
export function restoreChanges(current: SecurityModel, version: SecurityModel, options: RestoreOptions): RestorePlan {
  assertModel(current, 'current model');
  assertModel(version, 'version');
  const { parts, removeCustomizations } = parseOrThrow(restoreOptionsSchema, options, 'restore options');
  const kinds = kindsOf(partsOfRestore(parts));
  const restored = new Set(kinds);
  const cur = new ModelTables(current);
  const ver = new ModelTables(version);

  // The target state of each restored kind, and where each record's value comes from.
  const target = new Map<ComparedKind, Map<string, VersionedRecord>>();
  const origin = new Map<ComparedKind, Origins>();
  for (const kind of kinds) {
    const t = new Map(ver.get(kind));
    const o = new Origins();
    if (!removeCustomizations) {
      for (const [key, record] of cur.get(kind)) {
        if (t.has(key)) continue;
        t.set(key, record);
        o.set(key, 'current');
      }
    }
    target.set(kind, t);
    origin.set(kind, o);
  }
  const finalTable = (kind: ComparedKind): Table => target.get(kind) ?? cur.get(kind);
  const notes = new Map<string, RestoreNote>();
  const note = (kind: ComparedKind, key: string, id: string, reason: RestoreNote['reason'], refs: readonly Reference[], message: string) => {
    const slot = `${kind}\u0000${key}`;
    if (!notes.has(slot)) notes.set(slot, { kind, id, reason, references: refs.map((r) => ({ kind: r.kind, id: r.id })), message });
  };

  // The administrator role: restoring governance must not name a role that will not exist.
  const currentParameters = current.parameters;
  const currentAdmin = idKey(currentParameters.administratorRole);
  if (restored.has('parameters')) {
    const t = target.get('parameters')!;
    const p = t.get(PARAMETERS_KEY) as Parameters;
    const admin = idKey(p.administratorRole);
    const roles = finalTable('role');
    if (admin !== currentAdmin && !roles.has(admin)) {
      t.set(PARAMETERS_KEY, { ...p, administratorRole: currentParameters.administratorRole });
      const ref = { kind: 'role' as const, key: admin, id: p.administratorRole };
      note('parameters', PARAMETERS_KEY, PARAMETERS_KEY, 'not-restored', [ref], `parameter administratorRole stays "${currentParameters.administratorRole}": the version's role "${p.administratorRole}" does not exist`);
    }
  }

  // Keep current records that records left in place need; leave version records whose references
  // are missing as they are now. Each record changes origin at most once, so this ends.
  const refs: Reference[] = [];
  const keep = (ref: Reference, byKind: ComparedKind, byId: string): boolean => {
    const t = target.get(ref.kind);
    if (!t) return false;
    const now = cur.get(ref.kind).get(ref.key);
    if (now === undefined) return false;
    t.set(ref.key, now);
    origin.get(ref.kind)!.set(ref.key, 'current');
    note(ref.kind, ref.key, displayId(ref.kind, now), 'kept', [{ kind: byKind, key: idKey(byId), id: byId }], `${comparedKindLabels[ref.kind]} "${displayId(ref.kind, now)}" is kept: ${comparedKindLabels[byKind]} "${byId}" refers to it`);
    return true;
  };
  // Check one record of a restored kind; returns the kinds whose records changed value or went away.
  const check = (kind: ComparedKind, key: string, queue: [ComparedKind, string][], touched: Set<ComparedKind>): void => {
    const t = target.get(kind)!;
    const o = origin.get(kind)!;
    const record = t.get(key);
    if (record === undefined) return;
    refs.length = 0;
    referencesOf(kind, record, refs);
    if (kind === 'parameters') adminReference(record as Parameters, currentAdmin, cur, refs);
    const missing = refs.filter((r) => !finalTable(r.kind).has(r.key) || !compatible(kind, record, r, finalTable));
    if (missing.length === 0) return;
    if (kind === 'parameters' && o.get(key) === 'version') {
      // Only the administrator role can be missing: keep the current one, restore the rest.
      t.set(key, { ...(record as Parameters), administratorRole: currentParameters.administratorRole });
      o.set(key, 'current');
      note(kind, key, PARAMETERS_KEY, 'not-restored', missing, `parameter administratorRole stays "${currentParameters.administratorRole}": the version's role "${(record as Parameters).administratorRole}" does not exist`);
      queue.push([kind, key]);
    } else if (o.get(key) === 'version') {
      // Only records of other parts can be missing here (or version records dropped before).
      const now = cur.get(kind).get(key);
      if (now === undefined) t.delete(key);
      else t.set(key, now);
      o.set(key, 'current');
      touched.add(kind);
      const id = displayId(kind, record);
      note(kind, key, id, 'not-restored', missing, `${comparedKindLabels[kind]} "${id}" is not restored: it refers to ${missing.map((r) => `${comparedKindLabels[r.kind]} "${r.id}"`).join(', ')}, which ${missing.length === 1 ? 'does' : 'do'} not exist now`);
      queue.push([kind, key]);
    } else {
      for (const r of missing) {
        // Replacing a version record by its current value (a process parent's category) touches its kind.
        const replaced = target.get(r.kind)?.has(r.key) === true;
        if (!keep(r, kind, displayId(kind, record))) continue;
        queue.push([r.kind, r.key]);
        if (replaced) touched.add(r.kind);
      }
    }
  };

  const queue: [ComparedKind, string][] = [];
  // Records of the parts left in place keep what they refer to (keeping only adds records, and a
  // version record that is dropped was never referred to by the current state: one pass suffices).
  for (const kind of referringKinds) {
    if (restored.has(kind)) continue;
    if (!refKinds[kind].some((k) => restored.has(k))) continue;
    for (const record of cur.get(kind).values()) {
      refs.length = 0;
      referencesOf(kind, record, refs);
      if (kind === 'parameters') adminReference(record as Parameters, currentAdmin, cur, refs);
      for (const r of refs) if (restored.has(r.kind) && !finalTable(r.kind).has(r.key) && keep(r, kind, displayId(kind, record))) queue.push([r.kind, r.key]);
    }
  }
  // Records kept as they are now are checked one by one; version records only where they can refer
  // outside the restored parts (inside, the version itself is consistent), and again when a record
  // they can refer to was dropped or left as it is now.
  for (const kind of kinds) for (const key of origin.get(kind)!.currentKeys()) queue.push([kind, key]);
  let scan = kinds.filter((k) => k === 'parameters' || refKinds[k].some((r) => !restored.has(r)));
  for (;;) {
    const touched = new Set<ComparedKind>();
    for (const kind of scan) for (const key of [...target.get(kind)!.keys()]) if (origin.get(kind)!.get(key) === 'version') check(kind, key, queue, touched);
    while (queue.length > 0) {
      const [kind, key] = queue.pop()!;
      check(kind, key, queue, touched);
    }
    if (touched.size === 0 && restored.has('process') && breakProcessCycles(target.get('process')!, origin.get('process')!, cur, note)) touched.add('process');
    if (touched.size === 0) break;
    scan = kinds.filter((k) => refKinds[k].some((r) => touched.has(r)));
  }

  const changes = changesBetween((k) => cur.get(k), (k) => target.get(k) ?? cur.get(k), kinds);
  return { changes, kept: [...notes.values()] };
}

/** The kinds each kind's records can refer to (see {@link referencesOf}). */
const refKinds: Readonly<Record<ComparedKind, readonly ComparedKind[]>> = {
  entryPoint: ['license'],
  privilege: ['entryPoint'],
  duty: ['privilege'],
  role: ['duty', 'privilege', 'role'],
  license: ['license'],
  securityCategory: [],
  process: ['securityCategory', 'process'],
  task: ['process', 'entryPoint'],
  sodRule: ['duty'],
  assignmentRule: ['role', 'organization'],
  parameters: ['role'],
  organization: ['organization'],
  user: [],
  assignment: ['user', 'role', 'organization'],
  conflict: ['user', 'role'],
  exclusion: ['user', 'role'],
};

/** Kinds outside the restored parts whose records can refer into them. */
const referringKinds: readonly ComparedKind[] = ['task', 'sodRule', 'assignmentRule', 'parameters', 'assignment', 'conflict', 'exclusion'];

/** The administrator role must exist when it exists now (it cannot be removed) or when it changes. */
function adminReference(p: Parameters, currentAdmin: string, cur: ModelTables, out: Reference[]): void {
  const key = idKey(p.administratorRole);
  if (key !== currentAdmin || cur.get('role').has(key)) out.push({ kind: 'role', key, id: p.administratorRole });
}

/** A process and its parent must be in the same category. */
function compatible(kind: ComparedKind, record: VersionedRecord, ref: Reference, table: (kind: ComparedKind) => Table): boolean {
  if (kind !== 'process' || ref.kind !== 'process') return true;
  const parent = table('process').get(ref.key) as Process | undefined;
  return parent !== undefined && idKey(parent.category) === idKey((record as Process).category);
}

/**
 * Version and current process records mixed may form a parent cycle; leave the version records of
 * a cycle as they are now. Returns whether anything changed.
 */
function breakProcessCycles(
  t: Map<string, VersionedRecord>,
  o: Origins,
  cur: ModelTables,
  note: (kind: ComparedKind, key: string, id: string, reason: RestoreNote['reason'], refs: readonly Reference[], message: string) => void,
): boolean {
  const done = new Set<string>();
  for (const start of t.keys()) {
    if (done.has(start)) continue;
    const path: string[] = [];
    const onPath = new Set<string>();
    let key: string | undefined = start;
    while (key !== undefined && !done.has(key) && !onPath.has(key)) {
      path.push(key);
      onPath.add(key);
      const p = t.get(key) as Process | undefined;
      key = p?.parent === undefined ? undefined : idKey(p.parent);
    }
    if (key !== undefined && onPath.has(key)) {
      const cycle = path.slice(path.indexOf(key));
      const culprit = cycle.find((k) => o.get(k) === 'version');
      if (culprit !== undefined) {
        const record = t.get(culprit)!;
        const now = cur.get('process').get(culprit);
        if (now === undefined) t.delete(culprit);
        else t.set(culprit, now);
        o.set(culprit, 'current');
        const id = displayId('process', record);
        note('process', culprit, id, 'not-restored', [], `process "${id}" is not restored: its parent would form a cycle with processes kept as they are now`);
        return true;
      }
    }
    for (const k of path) done.add(k);
  }
  return false;
}
