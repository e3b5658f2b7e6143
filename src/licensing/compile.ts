/**
 * The licence roll-up: what each privilege, duty, role and user needs, compiled once per model.
 *
 * @module
 */
import { accessLevel } from '../model/access-level.js';
import { SecGovError } from '../model/errors.js';
import { idKey } from '../model/ids.js';
import { assertModel } from '../model/assert-model.js';
import { readArgument } from '../model/arguments.js';
import type { SecurityModel } from '../model/model.js';
import { entryPointId } from '../model/schemas.js';
import type { Assignment, EntryPoint, Grant, Privilege, Right } from '../model/schemas.js';
import { compileCatalogue } from './catalogue.js';
import type { CompiledCatalogue } from './catalogue.js';
import type { MaskOps } from './masks.js';
import { shownId, tooLongForAnId } from './shown.js';
import type {
  EntitlementStatus,
  LicenseDriver,
  LicenseEntitlement,
  LicenseObjectKind,
  LicenseObjectRef,
  LicenseRequirement,
  LicenseSummary,
  LicenseUsage,
} from './types.js';

/** The licence roll-up of one model. Build it with {@link compileLicenses}. */
export interface LicenseIndex {
  /** The model this index was compiled from. */
  readonly model: SecurityModel;
  /**
   * What a privilege needs: the licences its grants require.
   * @throws {@link SecGovError} `NOT_FOUND` for an unknown privilege id
   */
  ofPrivilege(id: string): LicenseRequirement;
  /**
   * What a duty needs: the union of its privileges.
   * @throws {@link SecGovError} `NOT_FOUND` for an unknown duty id
   */
  ofDuty(id: string): LicenseRequirement;
  /**
   * What a role needs: the union of its duties, direct privileges and sub-roles at any depth
   * (the administrator role excepted).
   * @throws {@link SecGovError} `NOT_FOUND` for an unknown role id
   */
  ofRole(id: string): LicenseRequirement;
  /**
   * What a user needs: the union of the roles of all their assignments (the administrator role
   * excepted); nothing when the user is disabled.
   * @throws {@link SecGovError} `NOT_FOUND` for an unknown user id
   */
  ofUser(id: string): LicenseRequirement;
  /** Licence counts over all users: per licence, users needing it as base and as attach. */
  summary(): LicenseSummary;
}

/**
 * Compile the licence roll-up of `model`.
 *
 * Semantics:
 * - **Covers.** The catalogue (`model.licenses`) orders licences by "covers", reflexively and
 *   transitively: a licence covers itself, those it lists, and those they cover.
 * - **No licence.** The licence `none` (case-insensitive), and any licence it covers, means "no
 *   licence needed" and never appears in a requirement. No other licence is treated as free, even the
 *   lowest of a catalogue without `none`: a catalogue of only Team Members and Operations charges for
 *   both.
 * - **Grants.** A grant needs its entry point's `viewLicense` when its {@link accessLevel} is `read`,
 *   its `maintainLicense` when `write`, and nothing when `denied` or `not-specified`.
 * - **Roll-up.** A privilege needs what its grants need; a duty the union of its privileges; a role
 *   the union of its duties, direct privileges and sub-roles (any depth); a user the union of the
 *   roles of all their assignments, whatever their organization scope (licences are per user).
 *   Each requirement is reduced to the smallest covering set: its maximal licences under "covers"
 *   (if Operations covers Activity and both are required, only Operations remains).
 * - **Base and attach.** A licence of the set *entitles* a child (grant's entry point, privilege,
 *   duty, sub-role or role) when it covers everything the child needs. The base licence is the one
 *   entitling most children that need a licence; ties go to the licence covering more licences of
 *   the catalogue, then to the one listed later in the catalogue (catalogues list lowest first). The
 *   other licences of the set are attach licences. Each child is reported `entitled` (the base
 *   covers it), `not-entitled` (it needs an attach licence, which are listed), `not-required` or
 *   `exempt`.
 * - **Drivers.** A licence of the set is driven by the children whose own set contains that very
 *   licence (a child needing only a lower licence does not drive it).
 * - **Administrator role.** The role named by `model.parameters.administratorRole` has full access
 *   and is exempt from licence counting: its own requirement is reported (with `exempt: true`), but
 *   it adds nothing to the roles containing it or to the users holding it. A user holding only it
 *   needs no licence; a user holding it and other roles needs what the other roles need.
 * - **Disabled users** need no licence: their requirement is empty and each of their roles is
 *   reported `exempt`.
 * - Ids are case-insensitive; results use the author's spelling (licences: the catalogue's).
 *
 * The roll-up is computed once, with licence sets as bitmasks over catalogue positions (numbers
 * for up to 31 licences, bigints beyond), and each privilege, duty, role and user is visited once;
 * the detailed {@link LicenseRequirement} of an object is built on first request and memoised
 * (answers are shared and frozen: do not modify them). Sub-role traversal is iterative, so
 * arbitrarily deep role hierarchies work. Models are immutable: the index is kept with its model,
 * so compiling the same model again answers the same index, and compiling a model made by
 * `applyChanges` from an already compiled one reuses the licence sets of the privileges it did not
 * change, as long as the entry points and the catalogue did not change either: recompiling after
 * an assignment or a role change reads no grant again.
 *
 * @example
 * const licenses = compileLicenses(model);
 * licenses.ofUser('alice').base // 'operations'
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `model` is not a model, or
 *   `MISSING_REFERENCE` / `ROLE_CYCLE` when it is inconsistent (never for a model built by
 *   `createModel` or `applyChanges`)
 */
export function compileLicenses(model: SecurityModel): LicenseIndex {
  assertModel(model);
  // Models are immutable: the index of one is kept with it, so asking again (a what-if after
  // another) does not roll everything up again.
  let index = indexes.get(model);
  if (!index) indexes.set(model, (index = compileLicensesWith(model, {})));
  return index;
}

const indexes = new WeakMap<SecurityModel, LicenseIndex>();

/**
 * {@link compileLicenses} with representation options; `wide` forces bigint licence sets (tests
 * use it to check that representation on small catalogues).
 * @internal
 */
export function compileLicensesWith(model: SecurityModel, options: { readonly wide?: boolean }): LicenseIndex {
  assertModel(model);
  const catalogue = compileCatalogue(model.licenses, options) as CompiledCatalogue<unknown>;
  return new LicenseRollup(model, catalogue);
}

/**
 * What user `id` (who must exist in `index.model`) would need holding `own`, the roles as in that
 * model: for a what-if that changes only the user's assignments. `undefined` for an index this
 * module did not compile. @internal
 */
export function userLicensesWith(index: LicenseIndex, id: string, own: readonly Assignment[]): LicenseRequirement | undefined {
  return index instanceof LicenseRollup ? index.userWith(id, own) : undefined;
}

/**
 * The licence the grant needs on its own: its entry point's view licence for read access, its
 * maintain licence for write access, null when it needs none (denied, not specified, or a `none`
 * licence). Returns the catalogue's spelling of the licence.
 *
 * @throws {@link SecGovError} `NOT_FOUND` when the grant's entry point is not in `model`;
 *   `MISSING_REFERENCE` when the entry point's licence is not in the catalogue
 */
export function requiredLicense(model: SecurityModel, grant: Pick<Grant, 'entryPoint' | Right>): string | null {
  assertModel(model);
  const entryPoint = typeof grant === 'object' && grant !== null ? readArgument('grant', () => grant.entryPoint as unknown) : undefined;
  if (typeof entryPoint !== 'string') throw new SecGovError('VALIDATION_FAILED', 'a grant must be an object with an entryPoint id', { ids: ['grant'] });
  const ep = tooLongForAnId(entryPoint) ? undefined : model.entryPoints.get(idKey(entryPoint));
  if (!ep) throw new SecGovError('NOT_FOUND', `entry point "${shownId(entryPoint)}" does not exist`, { ids: [shownId(entryPoint)] });
  const catalogue = compileCatalogue(model.licenses) as CompiledCatalogue<unknown>;
  const position = grantLicensePosition(catalogue, ep, grant);
  return position < 0 ? null : catalogue.ids[position]!;
}

/** Position in the catalogue of the licence a grant needs, or -1 for none. */
function grantLicensePosition(catalogue: CompiledCatalogue<unknown>, ep: EntryPoint, grant: Pick<Grant, Right>): number {
  const level = accessLevel(grant);
  if (level !== 'read' && level !== 'write') return -1;
  return licensePosition(catalogue, ep, level === 'read' ? ep.viewLicense : ep.maintainLicense);
}

/** Position of `license` (named by entry point `ep`) in the catalogue, or -1 when it means no licence. */
function licensePosition(catalogue: CompiledCatalogue<unknown>, ep: EntryPoint, license: string): number {
  const position = catalogue.positionOf.get(idKey(license));
  if (position === undefined) throw missingReference('entry point', entryPointId(ep), 'licence', license);
  const { ops } = catalogue;
  return ops.isEmpty(ops.and(catalogue.free, ops.bit(position))) ? position : -1;
}

// An entry point's view and maintain licence positions packed in one number (catalogues hold at
// most 1,000 licences, so 10 bits each, offset by one so that -1, no licence, fits).
const PACK = 1024;
const pack = (view: number, maintain: number): number => (view + 1) * PACK + (maintain + 1);
const viewOf = (packed: number): number => Math.floor(packed / PACK) - 1;
const maintainOf = (packed: number): number => (packed % PACK) - 1;

function missingReference(ownerKind: string, owner: string, kind: string, id: string): SecGovError {
  return new SecGovError('MISSING_REFERENCE', `${ownerKind} "${owner}" refers to missing ${kind} "${id}"`, { ids: [owner, id] });
}

/**
 * What compiles of models sharing one entry point map and one compiled catalogue can share:
 * models are immutable, so the same map object means the same entry points, and a privilege
 * object that did not change keeps its licence set. Recompiling after a change that leaves entry
 * points and catalogue alone therefore reads no grant of an unchanged privilege.
 */
interface SharedRollup<M> {
  entryPoints?: EntryPointTable;
  readonly privileges: WeakMap<Privilege, PrivilegeRollup<M>>;
}

/** A privilege's licence set and the numbers of its grants' entry points in the {@link EntryPointTable}. */
interface PrivilegeRollup<M> {
  readonly mask: M;
  readonly entryPoints: Int32Array;
}

const sharedRollups = new WeakMap<object, WeakMap<object, SharedRollup<unknown>>>();

function sharedRollup<M>(entryPoints: SecurityModel['entryPoints'], catalogue: CompiledCatalogue<M>): SharedRollup<M> {
  let byCatalogue = sharedRollups.get(entryPoints);
  if (!byCatalogue) sharedRollups.set(entryPoints, (byCatalogue = new WeakMap()));
  let shared = byCatalogue.get(catalogue);
  if (!shared) byCatalogue.set(catalogue, (shared = { privileges: new WeakMap() }));
  return shared as SharedRollup<M>;
}

/** Entry points numbered once per entry point map, with their packed licence positions and display ids. */
interface EntryPointTable {
  /**
   * Number of each entry point, by the author's spelling of its id. Grants usually spell the id as
   * the entry point does, so most lookups need no lower-casing; other spellings go through the
   * model's case-insensitive map. (One spelling per entry point keeps the table small: lookups are
   * bound by memory, not by hashing.)
   */
  readonly numberOf: ReadonlyMap<string, number>;
  /** Packed view and maintain licence positions, by number. */
  readonly licenses: Int32Array;
  /** The entry points, by number. */
  readonly records: readonly EntryPoint[];
}

/** One child of an object with its licence set. */
interface Child<M> {
  readonly ref: LicenseObjectRef;
  readonly mask: M;
  readonly exempt: boolean;
}

const kindLabels: Record<LicenseObjectKind, string> = { entryPoint: 'entry point', privilege: 'privilege', duty: 'duty', role: 'role', user: 'user' };

class LicenseRollup<M> implements LicenseIndex {
  readonly model: SecurityModel;
  private readonly catalogue: CompiledCatalogue<M>;
  private readonly ops: MaskOps<M>;
  private readonly adminKey: string;
  // Licence sets (maximal elements only) by id key.
  private readonly privilegeMasks = new Map<string, M>();
  private readonly dutyMasks = new Map<string, M>();
  private readonly roleMasks = new Map<string, M>();
  private readonly userMasks = new Map<string, M>();
  private readonly assignmentsOf = new Map<string, Assignment[]>();
  private readonly shared: SharedRollup<M>;
  private readonly details = { privilege: new Map<string, LicenseRequirement>(), duty: new Map<string, LicenseRequirement>(), role: new Map<string, LicenseRequirement>(), user: new Map<string, LicenseRequirement>() };
  private summaryMemo: LicenseSummary | undefined;
  private readonly lists = new Map<M, readonly string[]>();

  constructor(model: SecurityModel, catalogue: CompiledCatalogue<M>) {
    this.model = model;
    this.catalogue = catalogue;
    this.ops = catalogue.ops;
    this.adminKey = idKey(model.parameters.administratorRole);
    this.shared = sharedRollup(model.entryPoints, catalogue);
    this.rollUpPrivileges();
    this.rollUpDuties();
    this.rollUpRoles();
    this.rollUpUsers();
  }

  ofPrivilege(id: string): LicenseRequirement {
    return this.detail('privilege', id);
  }

  ofDuty(id: string): LicenseRequirement {
    return this.detail('duty', id);
  }

  ofRole(id: string): LicenseRequirement {
    return this.detail('role', id);
  }

  ofUser(id: string): LicenseRequirement {
    return this.detail('user', id);
  }

  /**
   * What the user (who must exist) would need holding `own` instead of their assignments, the
   * roles as in this model: {@link LicenseIndex.ofUser} of a model that differs only in this
   * user's assignments, without compiling that model.
   */
  userWith(id: string, own: readonly Assignment[]): LicenseRequirement {
    const key = idKey(id);
    const user = this.model.users.get(key)!;
    return this.describe({ kind: 'user', id: user.id }, this.userMask(user.enabled, own), this.userChildren(user.enabled, own), !user.enabled);
  }

  summary(): LicenseSummary {
    if (this.summaryMemo) return this.summaryMemo;
    const { ops, catalogue } = this;
    const base = new Array<number>(catalogue.ids.length).fill(0);
    const attach = new Array<number>(catalogue.ids.length).fill(0);
    let licensedUsers = 0;
    let unlicensedUsers = 0;
    let disabledUsers = 0;
    for (const [key, user] of this.model.users) {
      if (!user.enabled) {
        disabledUsers += 1;
        continue;
      }
      const mask = this.userMasks.get(key)!;
      if (ops.isEmpty(mask)) {
        unlicensedUsers += 1;
        continue;
      }
      licensedUsers += 1;
      const positions = ops.indices(mask);
      const chosen = positions.length === 1 ? positions[0]! : this.chooseBase(positions, this.childrenOfUser(key));
      for (const position of positions) {
        if (position === chosen) base[position]! += 1;
        else attach[position]! += 1;
      }
    }
    const licenses: LicenseUsage[] = [];
    this.model.licenses.licenses.forEach((license, position) => {
      if (!ops.isEmpty(ops.and(catalogue.free, ops.bit(position)))) return;
      licenses.push(Object.freeze({ license: license.id, name: license.name, base: base[position]!, attach: attach[position]! }));
    });
    this.summaryMemo = Object.freeze({
      licenses: Object.freeze(licenses),
      users: this.model.users.size,
      licensedUsers,
      unlicensedUsers,
      disabledUsers,
      attachLicenses: attach.reduce((sum, n) => sum + n, 0),
    });
    return this.summaryMemo;
  }

  // ---- roll-up of licence sets ----

  /** The entry point table of this model's entry point map and catalogue (built once for both). */
  private entryPointTable(): EntryPointTable {
    if (this.shared.entryPoints) return this.shared.entryPoints;
    const catalogue = this.catalogue as CompiledCatalogue<unknown>;
    const numberOf = new Map<string, number>();
    const licenses = new Int32Array(this.model.entryPoints.size);
    const records: EntryPoint[] = [];
    // Few distinct licence spellings occur, so each is resolved once.
    const positions = new Map<string, number>();
    const position = (ep: EntryPoint, license: string): number => {
      let found = positions.get(license);
      if (found === undefined) positions.set(license, (found = licensePosition(catalogue, ep, license)));
      return found;
    };
    for (const ep of this.model.entryPoints.values()) {
      licenses[records.length] = pack(position(ep, ep.viewLicense), position(ep, ep.maintainLicense));
      numberOf.set(entryPointId(ep), records.length);
      records.push(ep);
    }
    this.shared.entryPoints = { numberOf, licenses, records };
    return this.shared.entryPoints;
  }

  /** The number of the entry point `grant` of `privilege` is on. */
  private entryPointNumber(privilegeId: string, grant: Grant, table: EntryPointTable): number {
    let number = table.numberOf.get(grant.entryPoint);
    if (number === undefined) {
      const ep = this.model.entryPoints.get(idKey(grant.entryPoint));
      if (ep) number = table.numberOf.get(entryPointId(ep));
    }
    if (number === undefined) throw missingReference('privilege', privilegeId, 'entry point', grant.entryPoint);
    return number;
  }

  /** Position of the licence `grant` needs on an entry point with `packed` licences, or -1. */
  private grantPosition(grant: Grant, packed: number): number {
    const level = accessLevel(grant);
    return level === 'read' ? viewOf(packed) : level === 'write' ? maintainOf(packed) : -1;
  }

  private rollUpPrivileges(): void {
    for (const [key, privilege] of this.model.privileges) this.privilegeMasks.set(key, this.privilegeRollup(privilege).mask);
  }

  private privilegeRollup(privilege: Privilege): PrivilegeRollup<M> {
    const { ops, catalogue } = this;
    const known = this.shared.privileges.get(privilege);
    if (known) return known;
    const table = this.entryPointTable();
    const entryPoints = new Int32Array(privilege.grants.length);
    let mask = ops.empty;
    privilege.grants.forEach((grant, i) => {
      const number = this.entryPointNumber(privilege.id, grant, table);
      entryPoints[i] = number;
      const position = this.grantPosition(grant, table.licenses[number]!);
      if (position >= 0) mask = ops.or(mask, ops.bit(position));
    });
    const rollup = { mask: catalogue.maximal(mask), entryPoints };
    this.shared.privileges.set(privilege, rollup);
    return rollup;
  }

  private rollUpDuties(): void {
    for (const [key, duty] of this.model.duties) {
      let mask = this.ops.empty;
      for (const id of duty.privileges) mask = this.ops.or(mask, this.memberMask(this.privilegeMasks, 'duty', duty.id, 'privilege', id));
      this.dutyMasks.set(key, this.catalogue.maximal(mask));
    }
  }

  private memberMask(masks: ReadonlyMap<string, M>, ownerKind: string, owner: string, kind: string, id: string): M {
    const mask = masks.get(idKey(id));
    if (mask === undefined) throw missingReference(ownerKind, owner, kind, id);
    return mask;
  }

  /** Post-order over the sub-role graph with an explicit stack: deep hierarchies must not overflow. */
  private rollUpRoles(): void {
    const { roles } = this.model;
    const onPath = new Set<string>();
    for (const start of roles.keys()) {
      if (this.roleMasks.has(start)) continue;
      const stack: { key: string; next: number }[] = [{ key: start, next: 0 }];
      onPath.add(start);
      while (stack.length > 0) {
        const frame = stack[stack.length - 1]!;
        const role = roles.get(frame.key)!;
        if (frame.next < role.subRoles.length) {
          const subId = role.subRoles[frame.next++]!;
          const subKey = idKey(subId);
          if (this.roleMasks.has(subKey)) continue;
          if (!roles.has(subKey)) throw missingReference('role', role.id, 'sub-role', subId);
          if (onPath.has(subKey)) {
            throw new SecGovError('ROLE_CYCLE', `sub-roles form a cycle through "${role.id}" and "${subId}"`, { ids: [role.id, subId] });
          }
          onPath.add(subKey);
          stack.push({ key: subKey, next: 0 });
          continue;
        }
        this.roleMasks.set(frame.key, this.catalogue.maximal(this.unionOfRole(frame.key)));
        onPath.delete(frame.key);
        stack.pop();
      }
    }
  }

  /** Union (not yet reduced) of the sets of a role's members; sub-roles must be rolled up already. */
  private unionOfRole(key: string): M {
    const { ops } = this;
    const role = this.model.roles.get(key)!;
    let mask = ops.empty;
    for (const id of role.duties) mask = ops.or(mask, this.memberMask(this.dutyMasks, 'role', role.id, 'duty', id));
    for (const id of role.privileges) mask = ops.or(mask, this.memberMask(this.privilegeMasks, 'role', role.id, 'privilege', id));
    for (const id of role.subRoles) {
      if (idKey(id) === this.adminKey) continue;
      mask = ops.or(mask, this.memberMask(this.roleMasks, 'role', role.id, 'sub-role', id));
    }
    return mask;
  }

  private rollUpUsers(): void {
    const { model } = this;
    for (const assignment of model.assignments.values()) {
      const key = idKey(assignment.user);
      if (!model.users.has(key)) throw missingReference('assignment', `${assignment.role}@${assignment.user}`, 'user', assignment.user);
      let list = this.assignmentsOf.get(key);
      if (!list) this.assignmentsOf.set(key, (list = []));
      list.push(assignment);
    }
    for (const [key, user] of model.users) this.userMasks.set(key, this.userMask(user.enabled, this.assignmentsOf.get(key) ?? []));
  }

  /** The licence set of a user holding `assignments`: their roles' (the administrator role excepted); none when disabled. */
  private userMask(enabled: boolean, assignments: readonly Assignment[]): M {
    let mask = this.ops.empty;
    if (enabled) {
      for (const a of assignments) {
        if (idKey(a.role) === this.adminKey) continue;
        mask = this.ops.or(mask, this.memberMask(this.roleMasks, 'assignment', `${a.role}@${a.user}`, 'role', a.role));
      }
    }
    return this.catalogue.maximal(mask);
  }

  // ---- detailed answers ----

  private detail(kind: Exclude<LicenseObjectKind, 'entryPoint'>, id: string): LicenseRequirement {
    if (typeof id !== 'string') throw new SecGovError('VALIDATION_FAILED', `a ${kindLabels[kind]} id must be a string`);
    const key = tooLongForAnId(id) ? '' : idKey(id);
    const memo = this.details[kind];
    const known = memo.get(key);
    if (known) return known;
    const record = this.records(kind).get(key);
    if (!record) throw new SecGovError('NOT_FOUND', `${kindLabels[kind]} "${shownId(id)}" does not exist`, { ids: [shownId(id)] });
    const masks = this.masks(kind);
    const children =
      kind === 'privilege' ? this.childrenOfPrivilege(key) : kind === 'duty' ? this.childrenOfDuty(key) : kind === 'role' ? this.childrenOfRole(key) : this.childrenOfUser(key);
    const exempt = kind === 'role' ? key === this.adminKey : kind === 'user' ? !this.model.users.get(key)!.enabled : false;
    const requirement = this.describe({ kind, id: record.id }, masks.get(key)!, children, exempt);
    memo.set(key, requirement);
    return requirement;
  }

  private childrenOfPrivilege(key: string): Child<M>[] {
    const privilege = this.model.privileges.get(key)!;
    const table = this.entryPointTable();
    const { entryPoints } = this.privilegeRollup(privilege);
    return privilege.grants.map((grant, i) => {
      const number = entryPoints[i]!;
      const position = this.grantPosition(grant, table.licenses[number]!);
      return { ref: { kind: 'entryPoint', id: entryPointId(table.records[number]!) }, mask: position < 0 ? this.ops.empty : this.ops.bit(position), exempt: false };
    });
  }

  private childrenOfDuty(key: string): Child<M>[] {
    return this.model.duties.get(key)!.privileges.map((id) => this.child('privilege', id, false));
  }

  private childrenOfRole(key: string): Child<M>[] {
    const role = this.model.roles.get(key)!;
    return [
      ...role.duties.map((id) => this.child('duty', id, false)),
      ...role.privileges.map((id) => this.child('privilege', id, false)),
      ...role.subRoles.map((id) => this.child('role', id, idKey(id) === this.adminKey)),
    ];
  }

  private childrenOfUser(key: string): Child<M>[] {
    return this.userChildren(this.model.users.get(key)!.enabled, this.assignmentsOf.get(key) ?? []);
  }

  /** The roles of `assignments` as a user's children: exempt when the user is disabled, or the administrator role. */
  private userChildren(enabled: boolean, assignments: readonly Assignment[]): Child<M>[] {
    return assignments.map((a) => this.child('role', a.role, !enabled || idKey(a.role) === this.adminKey));
  }

  private child(kind: 'privilege' | 'duty' | 'role', id: string, exempt: boolean): Child<M> {
    const key = idKey(id);
    return { ref: { kind, id: this.records(kind).get(key)!.id }, mask: this.masks(kind).get(key)!, exempt };
  }

  private records(kind: Exclude<LicenseObjectKind, 'entryPoint'>): ReadonlyMap<string, { readonly id: string }> {
    switch (kind) {
      case 'privilege':
        return this.model.privileges;
      case 'duty':
        return this.model.duties;
      case 'role':
        return this.model.roles;
      case 'user':
        return this.model.users;
    }
  }

  private masks(kind: Exclude<LicenseObjectKind, 'entryPoint'>): ReadonlyMap<string, M> {
    switch (kind) {
      case 'privilege':
        return this.privilegeMasks;
      case 'duty':
        return this.dutyMasks;
      case 'role':
        return this.roleMasks;
      case 'user':
        return this.userMasks;
    }
  }

  /** The base licence of `positions` for `children`: entitles most, then covers most, then listed last. */
  private chooseBase(positions: readonly number[], children: readonly Child<M>[]): number {
    const { ops, catalogue } = this;
    let best = -1;
    let bestCount = -1;
    for (const position of positions) {
      const down = catalogue.down[position]!;
      let count = 0;
      for (const child of children) {
        if (!child.exempt && !ops.isEmpty(child.mask) && ops.isEmpty(ops.andNot(child.mask, down))) count += 1;
      }
      const better =
        count > bestCount ||
        (count === bestCount && catalogue.downSize[position]! > catalogue.downSize[best]!) ||
        (count === bestCount && catalogue.downSize[position]! === catalogue.downSize[best]! && position > best);
      if (better) {
        best = position;
        bestCount = count;
      }
    }
    return best;
  }

  /** The ids of the licences in `mask`, in catalogue order; one shared frozen array per set. */
  private licenseList(mask: M): readonly string[] {
    let list = this.lists.get(mask);
    if (!list) {
      list = Object.freeze(this.ops.indices(mask).map((p) => this.catalogue.ids[p]!));
      this.lists.set(mask, list);
    }
    return list;
  }

  private describe(object: LicenseObjectRef, mask: M, children: readonly Child<M>[], exempt: boolean): LicenseRequirement {
    const { ops, catalogue } = this;
    const positions = ops.indices(mask);
    const base = positions.length === 0 ? -1 : this.chooseBase(positions, children);
    const baseDown = base < 0 ? ops.empty : catalogue.down[base]!;
    const attachPositions = positions.filter((p) => p !== base);

    // Children are many (a privilege may hold thousands of grants): plain objects sharing frozen
    // licence lists, rather than one frozen copy each.
    const entitlement: LicenseEntitlement[] = children.map((child) => {
      let status: EntitlementStatus;
      let attach = ops.empty;
      if (child.exempt) status = 'exempt';
      else if (ops.isEmpty(child.mask)) status = 'not-required';
      else {
        const uncovered = ops.andNot(child.mask, baseDown);
        if (ops.isEmpty(uncovered)) status = 'entitled';
        else {
          status = 'not-entitled';
          for (const p of attachPositions) if (!ops.isEmpty(ops.and(uncovered, catalogue.down[p]!))) attach = ops.or(attach, ops.bit(p));
        }
      }
      return { kind: child.ref.kind, id: child.ref.id, required: this.licenseList(child.mask), status, attach: this.licenseList(attach) };
    });

    const drivers: LicenseDriver[] = positions.map((position) => {
      const bit = ops.bit(position);
      const objects = children.filter((c) => !c.exempt && !ops.isEmpty(ops.and(c.mask, bit))).map((c) => c.ref);
      return Object.freeze({ license: catalogue.ids[position]!, objects: Object.freeze(objects) });
    });

    return Object.freeze({
      object: Object.freeze(object),
      licenses: this.licenseList(mask),
      base: base < 0 ? null : catalogue.ids[base]!,
      attach: Object.freeze(attachPositions.map((p) => catalogue.ids[p]!)),
      exempt,
      drivers: Object.freeze(drivers),
      entitlement: Object.freeze(entitlement),
    });
  }
}
