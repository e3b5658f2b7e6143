/**
 * The change records that turn one model into another, for chosen parts.
 *
 * @module
 */
import type { Change, ObjectKind } from '../model/changes.js';
import { SecGovError } from '../model/errors.js';
import { idKey } from '../model/ids.js';
import { assertModel } from '../model/assert-model.js';
import type { SecurityModel } from '../model/model.js';
import type { Parameters } from '../model/parameters.js';
import type { Grant, License, Privilege } from '../model/schemas.js';
import type { Conflict } from '../model/governance-schemas.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { z } from 'zod';
import { fieldDiffers, fieldsOf } from './fields.js';
import { kindsOf, partNames, partSchema, type ComparedKind, type Part } from './parts.js';
import { displayId, ModelTables, PARAMETERS_KEY, type Table, type VersionedRecord } from './records.js';

/** Most grant changes of one privilege written as `setGrant`/`removeGrant`; more replace the whole list. */
const MAX_GRANT_CHANGES = 16;

/** Removals, referring kinds first. */
const removalOrder: readonly ComparedKind[] = ['conflict', 'assignmentRule', 'task', 'process', 'securityCategory', 'sodRule', 'assignment', 'exclusion', 'role', 'duty', 'privilege', 'entryPoint', 'user', 'organization'];
/** Additions and updates, referred kinds first. */
const additionOrder: readonly ComparedKind[] = ['license', 'entryPoint', 'privilege', 'duty', 'role', 'organization', 'user', 'assignment', 'exclusion', 'conflict', 'sodRule', 'securityCategory', 'process', 'task', 'assignmentRule', 'parameters'];

const objectKindOf: Partial<Record<ComparedKind, ObjectKind>> = {
  entryPoint: 'entryPoint',
  privilege: 'privilege',
  duty: 'duty',
  role: 'role',
  securityCategory: 'securityCategory',
  process: 'process',
  task: 'task',
  sodRule: 'sodRule',
  assignmentRule: 'assignmentRule',
  organization: 'organization',
  user: 'user',
};

/** Fields of a conflict a resolution may change; the others are fixed when it is raised. */
const resolutionFields = new Set(['status', 'reason', 'expiresAt', 'mitigation', 'resolvedBy', 'resolvedAt']);

/**
 * The change records turning the records of `kinds` in `from` into those in `to`. Removals come
 * first (referring records before referred ones), then the licence catalogue, then additions and
 * updates (referred records before referring ones), then parameters. @internal
 */
export function changesBetween(from: (kind: ComparedKind) => Table, to: (kind: ComparedKind) => Table, kinds: readonly ComparedKind[]): Change[] {
  const wanted = new Set(kinds);
  const changes: Change[] = [];
  for (const kind of removalOrder) {
    if (!wanted.has(kind)) continue;
    const a = from(kind);
    const b = to(kind);
    if (a === b) continue;
    for (const [key, record] of a) if (!b.has(key)) changes.push(removal(kind, record));
  }
  for (const kind of additionOrder) {
    if (!wanted.has(kind)) continue;
    const a = from(kind);
    const b = to(kind);
    if (a === b) continue;
    if (kind === 'license') {
      catalogueChange(a, b, changes);
      continue;
    }
    if (kind === 'parameters') {
      parametersChange(a.get(PARAMETERS_KEY) as Parameters, b.get(PARAMETERS_KEY) as Parameters, changes);
      continue;
    }
    const updates: Change[] = [];
    for (const [key, after] of b) {
      const before = a.get(key);
      if (before === undefined) changes.push(addition(kind, after));
      else if (before !== after) update(kind, before, after, updates);
    }
    for (const c of updates) changes.push(c);
  }
  return changes;
}

function removal(kind: ComparedKind, record: VersionedRecord): Change {
  const objectKind = objectKindOf[kind];
  if (objectKind) return { op: 'remove', kind: objectKind, id: displayId(kind, record) };
  if (kind === 'assignment' || kind === 'exclusion') {
    const { user, role } = record as { user: string; role: string };
    return kind === 'assignment' ? { op: 'unassign', user, role } : { op: 'include', user, role };
  }
  // Conflicts are a record of decisions: no change record removes one.
  throw new SecGovError('VALIDATION_FAILED', `conflict "${displayId(kind, record)}" cannot be removed: SoD conflicts are kept as a record of decisions`, { ids: [displayId(kind, record)] });
}

function addition(kind: ComparedKind, record: VersionedRecord): Change {
  const objectKind = objectKindOf[kind];
  if (objectKind) return { op: 'add', kind: objectKind, value: record } as Change;
  switch (kind) {
    case 'assignment':
      return { op: 'assign', assignment: record as Extract<Change, { op: 'assign' }>['assignment'] };
    case 'exclusion':
      return { op: 'exclude', exclusion: record as Extract<Change, { op: 'exclude' }>['exclusion'] };
    default:
      return { op: 'raiseConflict', conflict: record as Conflict };
  }
}

function update(kind: ComparedKind, before: VersionedRecord, after: VersionedRecord, out: Change[]): void {
  const ra = before as unknown as Record<string, unknown>;
  const rb = after as unknown as Record<string, unknown>;
  const differing = fieldsOf[kind].filter(([field, type]) => fieldDiffers(type, ra[field], rb[field])).map(([field]) => field);
  if (differing.length === 0) return;
  switch (kind) {
    case 'assignment':
      out.push({ op: 'assign', assignment: after as Extract<Change, { op: 'assign' }>['assignment'] });
      return;
    case 'exclusion':
      out.push({ op: 'exclude', exclusion: after as Extract<Change, { op: 'exclude' }>['exclusion'] });
      return;
    case 'conflict':
      out.push(resolution(before as Conflict, after as Conflict, differing));
      return;
    default:
      break;
  }
  const objectKind = objectKindOf[kind]!;
  const id = displayId(kind, after);
  const patch: Record<string, unknown> = {};
  for (const field of differing) {
    if (kind === 'privilege' && field === 'grants') {
      const grantChanges = grantChangesOf(before as Privilege, after as Privilege);
      if (grantChanges.length <= MAX_GRANT_CHANGES) {
        for (const c of grantChanges) out.push(c);
        continue;
      }
    }
    // `null` clears an optional field (and is the value of a nullable one).
    patch[field] = rb[field] === undefined ? null : rb[field];
  }
  if (Object.keys(patch).length > 0) out.push({ op: 'update', kind: objectKind, id, patch } as Change);
}

function grantChangesOf(before: Privilege, after: Privilege): Change[] {
  const out: Change[] = [];
  const old = new Map<string, Grant>(before.grants.map((g) => [idKey(g.entryPoint), g]));
  const kept = new Set<string>();
  for (const g of after.grants) {
    const key = idKey(g.entryPoint);
    kept.add(key);
    const o = old.get(key);
    if (o === g) continue;
    if (o && !fieldDiffers('grants', [o], [g])) continue;
    out.push({ op: 'setGrant', privilege: after.id, grant: g });
  }
  for (const g of before.grants) if (!kept.has(idKey(g.entryPoint))) out.push({ op: 'removeGrant', privilege: after.id, entryPoint: g.entryPoint });
  return out;
}

function resolution(before: Conflict, after: Conflict, differing: readonly string[]): Change {
  const fixed = differing.filter((f) => !resolutionFields.has(f));
  const turnedAround = before.status === 'denied' || (before.status === 'allowed' && after.status !== 'allowed') || after.status === 'unresolved';
  if (fixed.length > 0 || turnedAround || after.resolvedBy === null || after.resolvedAt === null || after.status === 'unresolved') {
    const why = fixed.length > 0 ? `its ${fixed.join(', ')} cannot change once raised` : `a ${before.status} conflict cannot become ${after.status}`;
    throw new SecGovError('VALIDATION_FAILED', `conflict "${after.id}" cannot be changed by a change record: ${why}`, { ids: [after.id] });
  }
  return {
    op: 'resolveConflict',
    id: after.id,
    status: after.status,
    reason: after.reason,
    expiresAt: after.expiresAt,
    mitigation: after.mitigation,
    resolvedBy: after.resolvedBy,
    resolvedAt: after.resolvedAt,
  };
}

function catalogueChange(a: Table, b: Table, out: Change[]): void {
  let differs = a.size !== b.size;
  if (!differs) {
    for (const [key, license] of b) {
      const old = a.get(key);
      if (old === undefined || (old !== license && (fieldDiffers('value', (old as License).name, (license as License).name) || fieldDiffers('members', (old as License).covers, (license as License).covers)))) {
        differs = true;
        break;
      }
    }
  }
  if (differs) out.push({ op: 'setLicenseCatalogue', catalogue: { licenses: [...b.values()] as License[] } });
}

function parametersChange(a: Parameters, b: Parameters, out: Change[]): void {
  if (a === b) return;
  const patch: Record<string, unknown> = {};
  for (const [field, type] of fieldsOf.parameters) {
    const va = (a as unknown as Record<string, unknown>)[field];
    const vb = (b as unknown as Record<string, unknown>)[field];
    if (fieldDiffers(type, va, vb)) patch[field] = vb;
  }
  if (Object.keys(patch).length > 0) out.push({ op: 'setParameters', patch } as Change);
}

const partsSchema = z.array(partSchema).min(1).max(partNames.length * 4);

/**
 * The change records that turn the chosen parts of `a` into those of `b`: apply them to `a` with
 * {@link applyChanges} and {@link compareModels} finds no difference in those parts. Removals come
 * first (referring objects before the objects they refer to), then additions (referred objects
 * first) and updates; a privilege's changed grants are `setGrant`/`removeGrant` records when there
 * are few, and a whole new grant list otherwise. Only what differs is written: records that
 * compare equal give no change.
 *
 * The records of other parts are not touched, so the result applies cleanly when `b`'s chosen parts
 * refer only to objects `a` has (as when `b`'s other parts equal `a`'s).
 *
 * @param parts - the parts to bring over (default: all three)
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `a` or `b` is not a model, the parts are
 *   malformed, or a difference cannot be written as change records: an SoD conflict is a record of
 *   decisions that is never removed, never changed once raised except by resolving it, and a
 *   denied decision is never turned around
 */
export function comparisonChanges(a: SecurityModel, b: SecurityModel, parts: readonly Part[] = partNames): Change[] {
  assertModel(a, 'first model');
  assertModel(b, 'second model');
  const chosen = parseOrThrow(partsSchema, parts, 'parts');
  const ta = new ModelTables(a);
  const tb = new ModelTables(b);
  return changesBetween((k) => ta.get(k), (k) => tb.get(k), kindsOf(chosen));
}
