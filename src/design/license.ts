/**
 * Duplicate to a licence: a copy of a role or duty that a target licence covers.
 *
 * @module
 */
import { z } from 'zod';
import type { Change } from '../model/changes.js';
import { SecGovError } from '../model/errors.js';
import { idKey, idSchema, MAX_NAME_LENGTH, nameSchema } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import type { Duty, Grant, Privilege, Role } from '../model/schemas.js';
import { rights } from '../model/schemas.js';
import { accessLevel } from '../model/access-level.js';
import { licenseCovers } from '../licensing/catalogue.js';
import { requiredLicense } from '../licensing/compile.js';
import { find, listed, NewIds, parseInput, Problems, shown, spelled } from './internal.js';
import type { DesignResult } from './types.js';

/** Schema of the input of {@link duplicateToLicense}. */
export const duplicateToLicenseSchema = z.strictObject({
  /** The role or duty to duplicate. */
  source: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('role'), id: idSchema }),
    z.strictObject({ kind: z.literal('duty'), id: idSchema }),
  ]),
  /** The target licence (an id of the model's catalogue, for example `team-members`). */
  license: idSchema,
  /** The id of the copy; default: the source's id followed by the suffix. */
  id: idSchema.optional(),
  /** The name of the copy; default: the source's name followed by the licence's name in brackets. */
  name: nameSchema.optional(),
  /** Appended to the id of every copied object; default: `-` and the licence id. */
  idSuffix: z.string().min(1).max(64).optional(),
  /**
   * When a grant needs more than the target for write access but the target covers its read
   * access, keep it read-only instead of removing it.
   */
  keepReadAccess: z.boolean().default(false),
});
/** The input of {@link duplicateToLicense}. */
export type DuplicateToLicenseInput = z.input<typeof duplicateToLicenseSchema>;

/** One grant the copy leaves out (or reduces), and why. */
export interface OmittedGrant {
  /** The original privilege holding the grant. */
  readonly privilege: string;
  /** The entry point of the grant (model spelling). */
  readonly entryPoint: string;
  /** The licence the grant needs, which the target does not cover. */
  readonly requires: string;
  /** Whether the grant needs that licence for read or for write access. */
  readonly access: 'read' | 'write';
  /** `removed`: the grant is not in the copy; `reduced-to-read`: the copy keeps its read access only. */
  readonly action: 'removed' | 'reduced-to-read';
  /** A readable reason. */
  readonly reason: string;
}

/** One object of the source and the copy made of it. */
export interface LicenseCopy {
  /** The kind of object. */
  readonly kind: 'privilege' | 'duty' | 'role';
  /** The original's id. */
  readonly from: string;
  /** The copy's id. */
  readonly to: string;
}

/** What {@link duplicateToLicense} did, besides the changes. */
export interface LicenseDuplicateResult extends DesignResult {
  /** The id of the copy of the source. */
  readonly copy: string;
  /** The target licence (catalogue spelling). */
  readonly license: string;
  /** Every grant left out or reduced, once per privilege and entry point, in traversal order. */
  readonly omitted: readonly OmittedGrant[];
  /** Every object copied (the copy of the source last). Members that fit are held as they are. */
  readonly copies: readonly LicenseCopy[];
  /** Members left out of the copy entirely because nothing of them fits the target. */
  readonly dropped: readonly { readonly kind: 'privilege' | 'duty' | 'role'; readonly id: string }[];
}

type Plan = { readonly kind: 'same'; readonly id: string } | { readonly kind: 'copy'; readonly id: string } | { readonly kind: 'drop' };

const truncateName = (name: string): string => (name.length <= MAX_NAME_LENGTH ? name : `${name.slice(0, MAX_NAME_LENGTH - 1)}…`);

/**
 * Duplicate a role or duty to a licence: a copy in which every grant that needs a licence the
 * target does not cover (see `requiredLicense` and `licenseCovers`) is removed, plus the list of
 * what was left out and why. Members are copied only as needed: a duty, privilege or sub-role
 * whose grants all fit is held as it is; one that loses grants is copied (id + suffix); one that
 * loses everything is left out. The source itself is always copied. Denied and unset rights need
 * no licence, so they always stay.
 *
 * @example duplicateToLicense(model, { source: { kind: 'role', id: 'Accountant' }, license: 'team-members' })
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown role, duty or licence; `DUPLICATE_ID` when
 *   an id of a copy is taken (pass `id` or `idSuffix`); `VALIDATION_FAILED` for malformed input or a
 *   generated id that is too long
 */
export function duplicateToLicense(model: SecurityModel, input: DuplicateToLicenseInput): LicenseDuplicateResult {
  const parsed = parseInput(model, duplicateToLicenseSchema, input, 'duplicate to licence');
  const license = model.licenses.licenses.find((l) => idKey(l.id) === idKey(parsed.license));
  if (!license) throw new SecGovError('NOT_FOUND', `licence "${shown(parsed.license)}" is not in the catalogue`, { ids: [shown(parsed.license)] });
  const sourceObject = parsed.source.kind === 'role' ? find(model, 'role', parsed.source.id) : find(model, 'duty', parsed.source.id);
  const suffix = parsed.idSuffix ?? `-${license.id}`;
  const problems = new Problems();
  const ids = new NewIds(model, problems);

  const coveredCache = new Map<string, boolean>();
  const covered = (required: string | null): boolean => {
    if (required === null) return true;
    const key = idKey(required);
    let c = coveredCache.get(key);
    if (c === undefined) coveredCache.set(key, (c = licenseCovers(model.licenses, license.id, required)));
    return c;
  };

  const omitted: OmittedGrant[] = [];
  const copies: LicenseCopy[] = [];
  const dropped: { kind: 'privilege' | 'duty' | 'role'; id: string }[] = [];
  const privilegeChanges: Change[] = [];
  const dutyChanges: Change[] = [];
  const roleChanges: Change[] = [];
  const copyName = (name: string) => truncateName(`${name} (${license.name})`);
  const isRoot = (kind: 'duty' | 'role', id: string) => parsed.source.kind === kind && idKey(id) === idKey(sourceObject.id);
  const newId = (kind: 'privilege' | 'duty' | 'role', id: string) => ids.claim(kind, kind !== 'privilege' && isRoot(kind, id) && parsed.id !== undefined ? parsed.id : `${id}${suffix}`);

  const privilegePlans = new Map<string, Plan>();
  const planPrivilege = (id: string): Plan => {
    const key = idKey(id);
    const known = privilegePlans.get(key);
    if (known) return known;
    const privilege = model.privileges.get(key)!;
    const kept: Grant[] = [];
    let changed = false;
    for (const grant of privilege.grants) {
      const required = requiredLicense(model, grant);
      if (covered(required)) {
        kept.push(grant);
        continue;
      }
      changed = true;
      const access = accessLevel(grant) === 'read' ? 'read' : 'write';
      const entryPoint = spelled(model, grant).entryPoint;
      const base = `needs licence "${required}" for ${access} access, which "${license.id}" does not cover`;
      if (parsed.keepReadAccess && access === 'write' && grant.read === 'allow') {
        const reduced: Grant = { ...grant };
        for (const r of rights) if (r !== 'read' && reduced[r] === 'allow') reduced[r] = 'unset';
        const readLicense = requiredLicense(model, reduced);
        if (covered(readLicense)) {
          kept.push(reduced);
          omitted.push({ privilege: privilege.id, entryPoint, requires: required!, access, action: 'reduced-to-read', reason: `${base}: kept read-only` });
          continue;
        }
      }
      omitted.push({ privilege: privilege.id, entryPoint, requires: required!, access, action: 'removed', reason: base });
    }
    let plan: Plan;
    if (!changed) plan = { kind: 'same', id: privilege.id };
    else if (kept.length === 0) {
      plan = { kind: 'drop' };
      dropped.push({ kind: 'privilege', id: privilege.id });
    } else {
      const copy: Privilege = { ...privilege, id: newId('privilege', privilege.id), name: copyName(privilege.name), grants: kept };
      privilegeChanges.push({ op: 'add', kind: 'privilege', value: copy });
      copies.push({ kind: 'privilege', from: privilege.id, to: copy.id });
      plan = { kind: 'copy', id: copy.id };
    }
    privilegePlans.set(key, plan);
    return plan;
  };

  /** Map members through their plans: the new list, whether anything differs, whether it was non-empty. */
  const mapMembers = (members: readonly string[], plan: (id: string) => Plan): { list: string[]; changed: boolean } => {
    const list: string[] = [];
    let changed = false;
    for (const m of members) {
      const p = plan(m);
      if (p.kind !== 'same') changed = true;
      if (p.kind !== 'drop') list.push(p.id);
    }
    return { list, changed };
  };

  const dutyPlans = new Map<string, Plan>();
  const planDuty = (id: string): Plan => {
    const key = idKey(id);
    const known = dutyPlans.get(key);
    if (known) return known;
    const duty = model.duties.get(key)!;
    const { list, changed } = mapMembers(duty.privileges, planPrivilege);
    let plan: Plan;
    const root = isRoot('duty', duty.id);
    if (!changed && !root) plan = { kind: 'same', id: duty.id };
    else if (list.length === 0 && duty.privileges.length > 0 && !root) {
      plan = { kind: 'drop' };
      dropped.push({ kind: 'duty', id: duty.id });
    } else {
      const copy: Duty = { ...duty, id: newId('duty', duty.id), name: root && parsed.name !== undefined ? parsed.name : copyName(duty.name), privileges: list };
      dutyChanges.push({ op: 'add', kind: 'duty', value: copy });
      copies.push({ kind: 'duty', from: duty.id, to: copy.id });
      plan = { kind: 'copy', id: copy.id };
    }
    dutyPlans.set(key, plan);
    return plan;
  };

  const rolePlans = new Map<string, Plan>();
  const planRole = (role: Role): Plan => {
    const duties = mapMembers(role.duties, planDuty);
    const privileges = mapMembers(role.privileges, planPrivilege);
    const subRoles = mapMembers(role.subRoles, (s) => rolePlans.get(idKey(s)) ?? { kind: 'same', id: s });
    const root = isRoot('role', role.id);
    const changed = duties.changed || privileges.changed || subRoles.changed;
    if (!changed && !root) return { kind: 'same', id: role.id };
    const total = duties.list.length + privileges.list.length + subRoles.list.length;
    if (total === 0 && role.duties.length + role.privileges.length + role.subRoles.length > 0 && !root) {
      dropped.push({ kind: 'role', id: role.id });
      return { kind: 'drop' };
    }
    const copy: Role = {
      ...role,
      id: newId('role', role.id),
      name: root && parsed.name !== undefined ? parsed.name : copyName(role.name),
      duties: duties.list,
      privileges: privileges.list,
      subRoles: subRoles.list,
    };
    roleChanges.push({ op: 'add', kind: 'role', value: copy });
    copies.push({ kind: 'role', from: role.id, to: copy.id });
    return { kind: 'copy', id: copy.id };
  };

  let rootPlan: Plan;
  if (parsed.source.kind === 'duty') rootPlan = planDuty(sourceObject.id);
  else {
    // Post-order over the sub-role graph, iteratively: every sub-role is planned before its holders.
    const stack: { key: string; next: number }[] = [{ key: idKey(sourceObject.id), next: 0 }];
    const visiting = new Set<string>([idKey(sourceObject.id)]);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const role = model.roles.get(frame.key)!;
      if (frame.next < role.subRoles.length) {
        const child = idKey(role.subRoles[frame.next++]!);
        if (!rolePlans.has(child) && !visiting.has(child) && model.roles.has(child)) {
          visiting.add(child);
          stack.push({ key: child, next: 0 });
        }
        continue;
      }
      stack.pop();
      rolePlans.set(frame.key, planRole(role));
    }
    rootPlan = rolePlans.get(idKey(sourceObject.id))!;
  }
  problems.throwIfAny();

  const copy = rootPlan.kind === 'drop' ? '' : rootPlan.id;
  const changes = [...privilegeChanges, ...dutyChanges, ...roleChanges];
  const removed = omitted.filter((o) => o.action === 'removed').length;
  const reduced = omitted.length - removed;
  return {
    changes,
    description:
      `Add ${parsed.source.kind} "${copy}", a copy of ${parsed.source.kind} "${sourceObject.id}" for licence "${license.id}" (${license.name}): ` +
      (omitted.length === 0
        ? 'every grant fits, nothing was left out.'
        : `${removed} grant${removed === 1 ? '' : 's'} removed${reduced > 0 ? `, ${reduced} reduced to read` : ''} (${listed(omitted.map((o) => `${o.privilege} on ${o.entryPoint} needs ${o.requires}`))}); ` +
          `${copies.length} object${copies.length === 1 ? '' : 's'} copied${dropped.length > 0 ? `, ${dropped.length} left out entirely (${listed(dropped.map((d) => `${d.kind} ${d.id}`))})` : ''}.`),
    created: changes.map((c) => ({ kind: (c as { kind: 'privilege' | 'duty' | 'role' }).kind, id: (c as { value: { id: string } }).value.id })),
    updated: [],
    copy,
    license: license.id,
    omitted,
    copies,
    dropped,
  };
}
