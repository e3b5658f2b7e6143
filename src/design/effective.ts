/**
 * The entry points (with their combined rights) of a user, role, duty or privilege.
 *
 * @module
 */
import { compileAccess } from '../access/access-index.js';
import { SecGovError } from '../model/errors.js';
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import type { Grant } from '../model/schemas.js';
import { rights } from '../model/schemas.js';
import { emptyGrant, find, GrantSet, parseInput, roleClosure, shown } from './internal.js';
import { accessSourceSchema, type AccessSource } from './types.js';

/**
 * The entry points of a source, one grant per entry point, sorted by entry point id:
 * - a **user**: their effective access (`compileAccess(model).rightsOf`), in every organization
 *   or in `organization`: each right the user has is `allow`, each right a grant denies is `deny`;
 *   rights that do not apply to the entry point (only `invoke` applies to service operations) are
 *   left out, as effective access leaves them out;
 * - a **role**: the grants of its duties, direct privileges and sub-roles at any depth;
 * - a **duty**: the grants of its privileges; a **privilege**: its grants.
 *
 * Grants on one entry point are combined per right: `deny` wins over `allow`, `allow` over unset.
 * Entry points on which nothing is allowed or denied are left out.
 *
 * @example effectiveEntryPoints(model, { kind: 'role', id: 'Accountant' })
 * @throws {@link SecGovError} `NOT_FOUND` for an unknown source (or organization);
 *   `VALIDATION_FAILED` for malformed input or a disabled user (who has no access)
 */
export function effectiveEntryPoints(model: SecurityModel, source: AccessSource): Grant[] {
  const parsed = parseInput(model, accessSourceSchema, source, 'access source');
  return grantsOf(model, parsed);
}

/** {@link effectiveEntryPoints} on parsed input. @internal */
export function grantsOf(model: SecurityModel, source: AccessSource): Grant[] {
  const set = new GrantSet(model);
  const addPrivilege = (id: string): void => {
    const privilege = model.privileges.get(idKey(id));
    if (privilege) for (const g of privilege.grants) set.add(g);
  };
  const addDuty = (id: string): void => {
    const duty = model.duties.get(idKey(id));
    if (duty) for (const p of duty.privileges) addPrivilege(p);
  };
  switch (source.kind) {
    case 'privilege':
      find(model, 'privilege', source.id);
      addPrivilege(source.id);
      break;
    case 'duty':
      find(model, 'duty', source.id);
      addDuty(source.id);
      break;
    case 'role': {
      find(model, 'role', source.id);
      // Each privilege and duty once, however many sub-roles hold it.
      const duties = new Set<string>();
      const privileges = new Set<string>();
      for (const key of roleClosure(model, source.id)) {
        const role = model.roles.get(key)!;
        for (const d of role.duties) duties.add(idKey(d));
        for (const p of role.privileges) privileges.add(idKey(p));
      }
      for (const d of duties) for (const p of model.duties.get(d)?.privileges ?? []) privileges.add(idKey(p));
      for (const p of privileges) addPrivilege(p);
      break;
    }
    case 'user': {
      const user = find(model, 'user', source.id);
      if (!user.enabled) {
        throw new SecGovError('VALIDATION_FAILED', `user "${shown(user.id)}" is disabled and has no effective access: design from one of their roles instead`, { ids: [user.id] });
      }
      if (source.organization !== undefined) find(model, 'organization', source.organization);
      const access = compileAccess(model);
      for (const r of access.rightsOf(user.id, source.organization)) {
        const grant = emptyGrant(r.entryPoint);
        for (const right of rights) {
          if (r.allowed.includes(right)) grant[right] = 'allow';
          else if (r.denied.includes(right)) grant[right] = 'deny';
        }
        set.add(grant);
      }
      break;
    }
  }
  return set.grants();
}
