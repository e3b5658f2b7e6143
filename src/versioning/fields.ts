/**
 * What exactly changed in one record: the field changes between two records of one kind.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import type { Grant, Permission, Right, Scope } from '../model/schemas.js';
import { rights } from '../model/schemas.js';
import type { ComparedKind } from './parts.js';
import { deepEqual, scopeEqual, type VersionedRecord } from './records.js';

/** A plain-data value in a field change. */
export type FieldValue = string | number | boolean | null | readonly FieldValue[] | { readonly [key: string]: FieldValue };

/** The change of one right of a grant. */
export interface RightChange {
  /** The right. */
  readonly right: Right;
  /** The permission before (`unset` when the grant was absent). */
  readonly from: Permission;
  /** The permission after (`unset` when the grant is gone). */
  readonly to: Permission;
}

/**
 * One change inside a record:
 * - `value`: a field went from one value to another (`undefined`: the optional field is absent);
 * - `member`: an id was added to or removed from a list of members (a role's `duties`,
 *   `privileges` or `subRoles`, a duty's `privileges`, a licence's `covers`);
 * - `grant`: the grant on one entry point was added, removed or changed (a privilege's `grants`, a
 *   task's `entryPoints`), with the rights that differ (added grants list their rights from `unset`,
 *   removed ones to `unset`);
 * - `attribute`: one user attribute was added, removed or changed.
 */
export type FieldChange =
  | { readonly type: 'value'; readonly field: string; readonly from: FieldValue | undefined; readonly to: FieldValue | undefined }
  | { readonly type: 'member'; readonly field: string; readonly change: 'added' | 'removed'; readonly id: string }
  | {
      readonly type: 'grant';
      readonly field: 'grants' | 'entryPoints';
      readonly entryPoint: string;
      readonly change: 'added' | 'removed' | 'changed';
      readonly rights: readonly RightChange[];
    }
  | { readonly type: 'attribute'; readonly field: 'attributes'; readonly key: string; readonly from: string | undefined; readonly to: string | undefined };

/** How a field is compared. @internal */
export type FieldType = 'value' | 'ref' | 'members' | 'grants' | 'attributes' | 'scope';

const parameterFields = ['checkSimilarity', 'similarityLevel', 'similarityEnforcement', 'allowUnpublishedObjects', 'agingPeriods', 'sodEnforcement', 'fourEyesApproval', 'requireJustification'] as const;

/**
 * The compared fields of each kind. Ids are the record's identity and are not fields; references
 * (`ref`) and members compare case-insensitively, as ids do. @internal
 */
export const fieldsOf: Readonly<Record<ComparedKind, readonly (readonly [string, FieldType])[]>> = {
  entryPoint: [['label', 'value'], ['viewLicense', 'ref'], ['maintainLicense', 'ref']],
  privilege: [['name', 'value'], ['description', 'value'], ['grants', 'grants']],
  duty: [['name', 'value'], ['description', 'value'], ['privileges', 'members']],
  role: [['name', 'value'], ['description', 'value'], ['duties', 'members'], ['privileges', 'members'], ['subRoles', 'members']],
  license: [['name', 'value'], ['covers', 'members']],
  securityCategory: [['name', 'value'], ['description', 'value']],
  process: [['name', 'value'], ['category', 'ref'], ['parent', 'ref'], ['description', 'value']],
  task: [['name', 'value'], ['process', 'ref'], ['description', 'value'], ['entryPoints', 'grants']],
  sodRule: [['name', 'value'], ['firstDuty', 'ref'], ['secondDuty', 'ref'], ['severity', 'value'], ['risk', 'value'], ['mitigation', 'value'], ['enabled', 'value']],
  assignmentRule: [['name', 'value'], ['role', 'ref'], ['scope', 'scope'], ['condition', 'value'], ['enabled', 'value']],
  parameters: [...parameterFields.map((f) => [f, 'value'] as const), ['administratorRole', 'ref']],
  organization: [['name', 'value'], ['parent', 'ref']],
  user: [['name', 'value'], ['enabled', 'value'], ['lastSignIn', 'value'], ['attributes', 'attributes']],
  assignment: [['scope', 'scope'], ['source', 'value']],
  conflict: [
    ['user', 'ref'], ['role', 'ref'], ['scope', 'scope'], ['source', 'value'], ['session', 'ref'], ['rules', 'value'], ['raisedAt', 'value'],
    ['status', 'value'], ['reason', 'value'], ['expiresAt', 'value'], ['mitigation', 'value'], ['resolvedBy', 'ref'], ['resolvedAt', 'value'],
  ],
  exclusion: [['reason', 'value']],
};

/** Whether one field differs between two records. @internal */
export function fieldDiffers(type: FieldType, a: unknown, b: unknown): boolean {
  if (a === b) return false;
  switch (type) {
    case 'ref':
      return typeof a === 'string' && typeof b === 'string' ? idKey(a) !== idKey(b) : a !== b;
    case 'scope':
      return !scopeEqual(a as Scope, b as Scope);
    case 'members':
      return membersDiffer(a as readonly string[], b as readonly string[]);
    case 'grants':
      return grantsDiffer(a as readonly Grant[], b as readonly Grant[]);
    default:
      return !deepEqual(a, b);
  }
}

function membersDiffer(a: readonly string[], b: readonly string[]): boolean {
  // Usually the same list: check in order first, without allocating.
  if (a.length === b.length) {
    let same = true;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      const y = b[i]!;
      if (x !== y && x.toLowerCase() !== y.toLowerCase()) {
        same = false;
        break;
      }
    }
    if (same) return false;
  }
  const keys = new Set(a.map(idKey));
  const other = new Set(b.map(idKey));
  if (keys.size !== other.size) return true;
  for (const k of other) if (!keys.has(k)) return true;
  return false;
}

function sameGrant(x: Grant, y: Grant): boolean {
  return x === y || (x.read === y.read && x.update === y.update && x.create === y.create && x.delete === y.delete && x.correct === y.correct && x.invoke === y.invoke);
}

function grantsDiffer(a: readonly Grant[], b: readonly Grant[]): boolean {
  if (a.length !== b.length) return true;
  // Usually the same grants in the same order: check in order first, without allocating.
  let inOrder = true;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if ((x.entryPoint !== y.entryPoint && idKey(x.entryPoint) !== idKey(y.entryPoint)) || !sameGrant(x, y)) {
      inOrder = false;
      break;
    }
  }
  if (inOrder) return false;
  const byKey = new Map(a.map((g) => [idKey(g.entryPoint), g]));
  for (const g of b) {
    const other = byKey.get(idKey(g.entryPoint));
    if (!other) return true;
    if (!sameGrant(other, g)) return true;
  }
  return false;
}

/** The field changes from `a` to `b`, two records of `kind` with the same key. */
export function diffRecords(kind: ComparedKind, a: VersionedRecord, b: VersionedRecord): FieldChange[] {
  const out: FieldChange[] = [];
  if (a === b) return out;
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const [field, type] of fieldsOf[kind]) {
    const va = ra[field];
    const vb = rb[field];
    if (!fieldDiffers(type, va, vb)) continue;
    switch (type) {
      case 'members':
        diffMembers(field, va as readonly string[], vb as readonly string[], out);
        break;
      case 'grants':
        diffGrants(field as 'grants' | 'entryPoints', va as readonly Grant[], vb as readonly Grant[], out);
        break;
      case 'attributes':
        diffAttributes(va as Readonly<Record<string, string>>, vb as Readonly<Record<string, string>>, out);
        break;
      default:
        out.push({ type: 'value', field, from: va as FieldValue | undefined, to: vb as FieldValue | undefined });
    }
  }
  return out;
}

function diffMembers(field: string, a: readonly string[], b: readonly string[], out: FieldChange[]): void {
  const ka = new Set(a.map(idKey));
  const kb = new Set(b.map(idKey));
  for (const id of b) if (!ka.has(idKey(id))) out.push({ type: 'member', field, change: 'added', id });
  for (const id of a) if (!kb.has(idKey(id))) out.push({ type: 'member', field, change: 'removed', id });
}

function diffGrants(field: 'grants' | 'entryPoints', a: readonly Grant[], b: readonly Grant[], out: FieldChange[]): void {
  const byKey = new Map(a.map((g) => [idKey(g.entryPoint), g]));
  const seen = new Set<string>();
  for (const g of b) {
    const key = idKey(g.entryPoint);
    seen.add(key);
    const before = byKey.get(key);
    const changes: RightChange[] = [];
    for (const right of rights) {
      const from = before ? before[right] : 'unset';
      if (from !== g[right]) changes.push({ right, from, to: g[right] });
    }
    if (!before) out.push({ type: 'grant', field, entryPoint: g.entryPoint, change: 'added', rights: changes });
    else if (changes.length > 0) out.push({ type: 'grant', field, entryPoint: g.entryPoint, change: 'changed', rights: changes });
  }
  for (const g of a) {
    if (seen.has(idKey(g.entryPoint))) continue;
    const changes: RightChange[] = [];
    for (const right of rights) if (g[right] !== 'unset') changes.push({ right, from: g[right], to: 'unset' });
    out.push({ type: 'grant', field, entryPoint: g.entryPoint, change: 'removed', rights: changes });
  }
}

function diffAttributes(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>, out: FieldChange[]): void {
  const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  for (const key of Object.keys(b)) {
    const from = has(a, key) ? a[key] : undefined;
    if (from !== b[key]) out.push({ type: 'attribute', field: 'attributes', key, from, to: b[key] });
  }
  for (const key of Object.keys(a)) if (!has(b, key)) out.push({ type: 'attribute', field: 'attributes', key, from: a[key], to: undefined });
}
