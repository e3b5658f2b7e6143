/**
 * The records of a model seen uniformly by kind: one map per {@link ComparedKind}, the display id
 * of each record, its references, and structural equality.
 *
 * @internal
 * @module
 */
import { collectionOf } from '../model/collections.js';
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import type { Parameters } from '../model/parameters.js';
import type { Assignment, Duty, EntryPoint, License, Organization, Privilege, Role, Scope, User } from '../model/schemas.js';
import { entryPointId } from '../model/schemas.js';
import type { Conflict, Exclusion, SodRule } from '../model/governance-schemas.js';
import type { AssignmentRule, Process, SecurityCategory, Task } from '../model/design-schemas.js';
import type { ComparedKind } from './parts.js';

/** The record of each compared kind. */
export interface RecordOfKind {
  entryPoint: EntryPoint;
  privilege: Privilege;
  duty: Duty;
  role: Role;
  license: License;
  securityCategory: SecurityCategory;
  process: Process;
  task: Task;
  sodRule: SodRule;
  assignmentRule: AssignmentRule;
  parameters: Parameters;
  organization: Organization;
  user: User;
  assignment: Assignment;
  conflict: Conflict;
  exclusion: Exclusion;
}

/** Any record a comparison covers. */
export type VersionedRecord = RecordOfKind[ComparedKind];

/** The key of the one record of kind `parameters`. */
export const PARAMETERS_KEY = 'parameters';

type ModelMapName = Exclude<keyof SecurityModel, 'licenses' | 'parameters'>;

/** The model map holding each kind (licences and parameters are built). */
const mapOf: Readonly<Record<Exclude<ComparedKind, 'license' | 'parameters'>, ModelMapName>> = {
  ...collectionOf,
  assignment: 'assignments',
  conflict: 'conflicts',
  exclusion: 'exclusions',
};

/** A table of records of one kind by key. */
export type Table = ReadonlyMap<string, VersionedRecord>;

/** The records of a model by kind, built lazily for licences and parameters. */
export class ModelTables {
  private readonly built = new Map<ComparedKind, Table>();

  /** @param model - a model checked by {@link assertModel} */
  constructor(readonly model: SecurityModel) {}

  /** The records of `kind`, by key. */
  get(kind: ComparedKind): Table {
    if (kind === 'license') {
      let table = this.built.get(kind);
      if (!table) {
        const map = new Map<string, VersionedRecord>();
        for (const license of this.model.licenses.licenses) map.set(idKey(license.id), license);
        this.built.set(kind, (table = map));
      }
      return table;
    }
    if (kind === 'parameters') {
      let table = this.built.get(kind);
      if (!table) this.built.set(kind, (table = new Map([[PARAMETERS_KEY, this.model.parameters]])));
      return table;
    }
    return this.model[mapOf[kind]] as Table;
  }
}

/** The display id of a record: its id in the author's spelling (`role@user` for assignments and exclusions). */
export function displayId(kind: ComparedKind, record: VersionedRecord): string {
  switch (kind) {
    case 'entryPoint':
      return entryPointId(record as EntryPoint);
    case 'assignment':
    case 'exclusion': {
      const r = record as Assignment | Exclusion;
      return `${r.role}@${r.user}`;
    }
    case 'parameters':
      return PARAMETERS_KEY;
    default:
      return (record as { id: string }).id;
  }
}

/** A reference from a record to another record. */
export interface Reference {
  readonly kind: ComparedKind;
  readonly key: string;
  readonly id: string;
}

/**
 * The references of a record that {@link applyChanges} checks: each must exist in the model.
 * Exclusions and unresolved conflicts name a user and a role; decided conflicts are history, and
 * their ids need not exist.
 */
export function referencesOf(kind: ComparedKind, record: VersionedRecord, out: Reference[]): void {
  const ref = (k: ComparedKind, id: string) => out.push({ kind: k, key: idKey(id), id });
  const scope = (s: Scope) => {
    if (s !== 'all') for (const o of s.organizations) ref('organization', o.id);
  };
  switch (kind) {
    case 'entryPoint': {
      const ep = record as EntryPoint;
      ref('license', ep.viewLicense);
      ref('license', ep.maintainLicense);
      return;
    }
    case 'privilege':
      for (const g of (record as Privilege).grants) ref('entryPoint', g.entryPoint);
      return;
    case 'duty':
      for (const p of (record as Duty).privileges) ref('privilege', p);
      return;
    case 'role': {
      const r = record as Role;
      for (const d of r.duties) ref('duty', d);
      for (const p of r.privileges) ref('privilege', p);
      for (const s of r.subRoles) ref('role', s);
      return;
    }
    case 'license':
      for (const c of (record as License).covers) ref('license', c);
      return;
    case 'process': {
      const p = record as Process;
      ref('securityCategory', p.category);
      if (p.parent !== undefined) ref('process', p.parent);
      return;
    }
    case 'task': {
      const t = record as Task;
      ref('process', t.process);
      for (const g of t.entryPoints) ref('entryPoint', g.entryPoint);
      return;
    }
    case 'sodRule': {
      const r = record as SodRule;
      ref('duty', r.firstDuty);
      ref('duty', r.secondDuty);
      return;
    }
    case 'assignmentRule': {
      const r = record as AssignmentRule;
      ref('role', r.role);
      scope(r.scope);
      return;
    }
    case 'organization': {
      const o = record as Organization;
      if (o.parent !== undefined) ref('organization', o.parent);
      return;
    }
    case 'assignment': {
      const a = record as Assignment;
      ref('user', a.user);
      ref('role', a.role);
      scope(a.scope);
      return;
    }
    case 'exclusion':
    case 'conflict': {
      const r = record as Exclusion | Conflict;
      if ('status' in r && r.status !== 'unresolved') return;
      ref('user', r.user);
      ref('role', r.role);
      return;
    }
    default:
      return;
  }
}

/** Structural equality of plain data (records, arrays, strings, numbers, booleans, null). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Equality of two organization scopes: `'all'`, or the same organizations (ids case-insensitive, any order) with the same `includeChildren`. */
export function scopeEqual(a: Scope, b: Scope): boolean {
  if (a === b) return true;
  if (a === 'all' || b === 'all') return false;
  if (a.organizations.length !== b.organizations.length) return false;
  const ao = a.organizations;
  const bo = b.organizations;
  if (ao.every((o, i) => o.includeChildren === bo[i]!.includeChildren && idKey(o.id) === idKey(bo[i]!.id))) return true;
  const byKey = new Map(a.organizations.map((o) => [idKey(o.id), o.includeChildren]));
  return b.organizations.every((o) => byKey.get(idKey(o.id)) === o.includeChildren);
}
