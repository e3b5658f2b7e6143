/**
 * Random valid models for the versioning property tests: generated 'tiny' models with governance
 * data added, and random edits (each kept only when applyChanges accepts it).
 */
import { applyChanges, safeApplyChanges, entryPointId, type ChangeInput, type SecurityModel, type Grant, type Part } from '../../src/index.js';
import { generateModel } from '../../src/testing/index.js';
import { Random } from '../../src/testing/generate-random.js';

const PERMS = ['allow', 'deny', 'unset'] as const;
const RIGHTS = ['read', 'update', 'create', 'delete', 'correct', 'invoke'] as const;

function sample<T>(r: Random, items: readonly T[], max: number): T[] {
  const out: T[] = [];
  for (const x of items) if (out.length < max && r.chance(0.4)) out.push(x);
  return out;
}

function randomGrants(r: Random, model: SecurityModel, max: number): Grant[] {
  const eps = [...model.entryPoints.values()].map(entryPointId);
  return sample(r, eps, max).map((entryPoint) => {
    const g: Record<string, string> = { entryPoint };
    for (const right of RIGHTS) g[right] = r.pick(PERMS);
    return g as unknown as Grant;
  });
}

const ids = <T extends { id: string }>(m: ReadonlyMap<string, T>) => [...m.values()].map((x) => x.id);

/** A generated tiny model with security categories, processes, tasks, SoD rules, assignment rules, an exclusion and changed parameters. */
export function governedModel(seed: number): SecurityModel {
  const model = generateModel({ seed, size: 'tiny' });
  const r = new Random(seed, 'versioning');
  const duties = ids(model.duties);
  const roles = ids(model.roles);
  const changes: ChangeInput[] = [
    { op: 'add', kind: 'securityCategory', value: { id: 'P2P', name: 'Procure to pay' } },
    { op: 'add', kind: 'securityCategory', value: { id: 'R2R', name: 'Record to report', description: 'Finance' } },
    { op: 'add', kind: 'process', value: { id: 'Purch', name: 'Purchasing', category: 'P2P' } },
    { op: 'add', kind: 'process', value: { id: 'PurchOrders', name: 'Purchase orders', category: 'P2P', parent: 'Purch' } },
    { op: 'add', kind: 'process', value: { id: 'Ledger', name: 'Ledger', category: 'R2R' } },
    { op: 'add', kind: 'task', value: { id: 'ReviewPO', name: 'Review', process: 'PurchOrders', entryPoints: randomGrants(r, model, 3) } },
    { op: 'add', kind: 'task', value: { id: 'Post', name: 'Post', process: 'Ledger', entryPoints: randomGrants(r, model, 2) } },
    { op: 'add', kind: 'assignmentRule', value: { id: 'rule1', name: 'By department', role: r.pick(roles), condition: { attribute: 'department', equals: 'Finance' } } },
    { op: 'setParameters', patch: { similarityLevel: r.int(10, 90), checkSimilarity: r.chance(0.5) } },
  ];
  if (duties.length >= 2) changes.push({ op: 'add', kind: 'sodRule', value: { id: 'SOD-1', name: 'Rule', firstDuty: duties[0]!, secondDuty: duties[1]!, risk: 'risk' } });
  const user = r.pick(ids(model.users));
  changes.push({ op: 'exclude', exclusion: { user, role: r.pick(roles), reason: 'test' } });
  return applyChanges(model, changes);
}

/** The edits {@link randomEdits} may make, by part. */
type EditPart = Part;

let counter = 0;

/**
 * Apply `count` random edits to `model`, of the given parts only; an edit that applyChanges refuses
 * (an object in use, a cycle) is skipped. With `conflicts`, SoD conflicts may be raised and resolved.
 */
export function randomEdits(model: SecurityModel, seed: number, count: number, parts: readonly EditPart[] = ['configuration', 'governance', 'assignments'], conflicts = false): SecurityModel {
  const r = new Random(seed, 'edits');
  let m = model;
  for (let i = 0; i < count; i++) {
    const part = r.pick(parts);
    const candidate = edit(m, r, part, conflicts);
    if (!candidate) continue;
    const result = safeApplyChanges(m, candidate);
    if (result.ok) m = result.model;
  }
  return m;
}

function edit(m: SecurityModel, r: Random, part: EditPart, conflicts: boolean): ChangeInput[] | undefined {
  const n = ++counter;
  const eps = [...m.entryPoints.values()].map(entryPointId);
  const privileges = ids(m.privileges);
  const duties = ids(m.duties);
  const roles = ids(m.roles);
  const users = ids(m.users);
  const orgs = ids(m.organizations);
  const pickOr = <T>(xs: readonly T[]) => (xs.length > 0 ? r.pick(xs) : undefined);
  if (part === 'configuration') {
    switch (r.int(0, 11)) {
      case 0:
        return [{ op: 'add', kind: 'entryPoint', value: { kind: 'menu-item-display', name: `Form${n}`, label: `Form ${n}`, viewLicense: r.pick(['none', 'team-members']) } }];
      case 1: {
        const ep = pickOr(eps);
        return ep === undefined ? undefined : [{ op: 'update', kind: 'entryPoint', id: ep, patch: r.chance(0.5) ? { label: null } : { maintainLicense: r.pick(['operations', 'activity', 'none']) } }];
      }
      case 2:
        return [{ op: 'add', kind: 'privilege', value: { id: `Priv${n}`, name: `Privilege ${n}`, grants: randomGrants(r, m, 4) } }];
      case 3: {
        const p = pickOr(privileges);
        const g = randomGrants(r, m, 2)[0];
        return p === undefined || g === undefined ? undefined : [{ op: 'setGrant', privilege: p, grant: g }];
      }
      case 4: {
        const p = pickOr([...m.privileges.values()].filter((x) => x.grants.length > 0));
        return p === undefined ? undefined : [{ op: 'removeGrant', privilege: p.id, entryPoint: r.pick(p.grants).entryPoint }];
      }
      case 5: {
        const p = pickOr(privileges);
        return p === undefined ? undefined : [{ op: 'update', kind: 'privilege', id: p, patch: r.chance(0.5) ? { name: `Renamed ${n}`, description: 'd' } : { grants: randomGrants(r, m, 20) } }];
      }
      case 6:
        return [{ op: 'add', kind: 'duty', value: { id: `Duty${n}`, name: `Duty ${n}`, privileges: sample(r, privileges, 3) } }];
      case 7: {
        const d = pickOr(duties);
        return d === undefined ? undefined : [{ op: 'update', kind: 'duty', id: d, patch: { privileges: sample(r, privileges, 4), description: r.chance(0.5) ? null : 'x' } }];
      }
      case 8:
        return [{ op: 'add', kind: 'role', value: { id: `Role${n}`, name: `Role ${n}`, duties: sample(r, duties, 2), privileges: sample(r, privileges, 2), subRoles: sample(r, roles, 1) } }];
      case 9: {
        const role = pickOr(roles);
        return role === undefined ? undefined : [{ op: 'update', kind: 'role', id: role, patch: { duties: sample(r, duties, 3), privileges: sample(r, privileges, 2), subRoles: sample(r, roles, 2), name: `Role name ${n}` } }];
      }
      case 10: {
        const kind = r.pick(['entryPoint', 'privilege', 'duty', 'role'] as const);
        const id = pickOr({ entryPoint: eps, privilege: privileges, duty: duties, role: roles }[kind]);
        return id === undefined ? undefined : [{ op: 'remove', kind, id }];
      }
      default: {
        const extra = { id: `lic${n}`, name: `Licence ${n}`, covers: ['operations'] };
        const licenses = m.licenses.licenses.filter((_, i) => i === 0 || r.chance(0.9)).map((l) => (r.chance(0.2) ? { ...l, name: `${l.name}*` } : l));
        return [{ op: 'setLicenseCatalogue', catalogue: { licenses: r.chance(0.5) ? [...licenses, extra] : licenses } }];
      }
    }
  }
  if (part === 'governance') {
    const cats = ids(m.securityCategories);
    const procs = ids(m.processes);
    const tasks = ids(m.tasks);
    const sods = ids(m.sodRules);
    const rules = ids(m.assignmentRules);
    switch (r.int(0, 10)) {
      case 0:
        return [{ op: 'add', kind: 'securityCategory', value: { id: `Cat${n}`, name: `Category ${n}` } }];
      case 1: {
        const cat = pickOr(cats);
        const parent = pickOr([...m.processes.values()].filter((p) => cat !== undefined && p.category.toLowerCase() === cat.toLowerCase()));
        return cat === undefined ? undefined : [{ op: 'add', kind: 'process', value: { id: `Proc${n}`, name: `Process ${n}`, category: cat, ...(parent && r.chance(0.6) ? { parent: parent.id } : {}) } }];
      }
      case 2: {
        const p = pickOr([...m.processes.values()]);
        if (!p) return undefined;
        const sameCat = [...m.processes.values()].filter((q) => q.category.toLowerCase() === p.category.toLowerCase() && q.id !== p.id);
        const parent = pickOr(sameCat);
        // A process with children keeps its category: applyChanges does not check the children of
        // an updated process (reported to the model's owner), so moving it would leave an invalid state.
        const hasChildren = [...m.processes.values()].some((q) => q.parent?.toLowerCase() === p.id.toLowerCase());
        return [{ op: 'update', kind: 'process', id: p.id, patch: r.chance(0.3) && !hasChildren ? { parent: null, category: r.pick(cats) } : { parent: parent?.id ?? null, name: `P ${n}` } }];
      }
      case 3: {
        const proc = pickOr(procs);
        return proc === undefined ? undefined : [{ op: 'add', kind: 'task', value: { id: `Task${n}`, name: `Task ${n}`, process: proc, entryPoints: randomGrants(r, m, 3) } }];
      }
      case 4: {
        const t = pickOr(tasks);
        return t === undefined ? undefined : [{ op: 'update', kind: 'task', id: t, patch: { entryPoints: randomGrants(r, m, 3), ...(r.chance(0.3) ? { process: r.pick(procs) } : {}) } }];
      }
      case 5: {
        if (duties.length < 2) return undefined;
        const [a, b] = [r.pick(duties), r.pick(duties)];
        return [{ op: 'add', kind: 'sodRule', value: { id: `SOD${n}`, name: `Rule ${n}`, firstDuty: a, secondDuty: b, severity: r.pick(['low', 'high']) } }];
      }
      case 6: {
        const s = pickOr(sods);
        return s === undefined ? undefined : [{ op: 'update', kind: 'sodRule', id: s, patch: { severity: r.pick(['low', 'medium', 'critical']), enabled: r.chance(0.5), mitigation: `m${n}` } }];
      }
      case 7: {
        const role = pickOr(roles);
        return role === undefined ? undefined : [{ op: 'add', kind: 'assignmentRule', value: { id: `AR${n}`, name: `Rule ${n}`, role, condition: { or: [{ attribute: 'department', equals: 'IT' }, { attribute: 'title', exists: true }] }, ...(orgs.length > 0 && r.chance(0.5) ? { scope: { organizations: [{ id: r.pick(orgs) }] } } : {}) } }];
      }
      case 8: {
        const rule = pickOr(rules);
        return rule === undefined ? undefined : [{ op: 'update', kind: 'assignmentRule', id: rule, patch: { enabled: r.chance(0.5), condition: { attribute: 'company', in: ['USDS', `c${n}`] }, role: r.pick(roles) } }];
      }
      case 9: {
        const kind = r.pick(['securityCategory', 'process', 'task', 'sodRule', 'assignmentRule'] as const);
        const id = pickOr({ securityCategory: cats, process: procs, task: tasks, sodRule: sods, assignmentRule: rules }[kind]);
        return id === undefined ? undefined : [{ op: 'remove', kind, id }];
      }
      default:
        return [{ op: 'setParameters', patch: r.chance(0.5) ? { fourEyesApproval: r.chance(0.5), agingPeriods: [r.int(1, 9), 20, 30, 40, 50] } : { administratorRole: r.pick(roles), sodEnforcement: r.pick(['enforce', 'report']) } }];
    }
  }
  switch (r.int(0, conflicts ? 8 : 6)) {
    case 0:
      return [{ op: 'add', kind: 'user', value: { id: `user${n}`, name: `User ${n}`, attributes: { department: r.pick(['IT', 'Finance']) } } }];
    case 1: {
      const u = pickOr(users);
      return u === undefined ? undefined : [{ op: 'update', kind: 'user', id: u, patch: { enabled: r.chance(0.5), attributes: { department: `D${n}` }, lastSignIn: r.chance(0.5) ? null : '2025-01-02T03:04:05.000Z' } }];
    }
    case 2: {
      const [u, role] = [pickOr(users), pickOr(roles)];
      return u === undefined || role === undefined ? undefined : [{ op: 'assign', assignment: { user: u, role, source: r.pick(['manual', 'automatic']), scope: orgs.length > 0 && r.chance(0.5) ? { organizations: [{ id: r.pick(orgs), includeChildren: r.chance(0.5) }] } : 'all' } }];
    }
    case 3: {
      const a = pickOr([...m.assignments.values()]);
      return a === undefined ? undefined : [{ op: 'unassign', user: a.user, role: a.role }];
    }
    case 4: {
      const [u, role] = [pickOr(users), pickOr(roles)];
      return u === undefined || role === undefined ? undefined : [{ op: 'exclude', exclusion: { user: u, role, reason: r.chance(0.5) ? null : `r${n}` } }];
    }
    case 5: {
      const e = pickOr([...m.exclusions.values()]);
      return e === undefined ? undefined : [{ op: 'include', user: e.user, role: e.role }];
    }
    case 6:
      return [{ op: 'add', kind: 'organization', value: { id: `Org${n}`, name: `Org ${n}`, ...(orgs.length > 0 ? { parent: r.pick(orgs) } : {}) } }];
    case 7: {
      const [u, role] = [pickOr(users), pickOr(roles)];
      return u === undefined || role === undefined ? undefined : [{ op: 'raiseConflict', conflict: { id: `C${n}`, user: u, role, scope: 'all', source: 'manual', rules: [{ rule: 'SOD-1', firstDuty: 'a', secondDuty: 'b', firstRoles: [role], secondRoles: [role], organizations: 'all' }], raisedAt: '2025-01-01T00:00:00.000Z' } }];
    }
    default: {
      const c = pickOr([...m.conflicts.values()].filter((x) => x.status !== 'denied'));
      return c === undefined ? undefined : [{ op: 'resolveConflict', id: c.id, status: c.status === 'allowed' ? 'allowed' : r.pick(['allowed', 'denied']), reason: `why ${n}`, resolvedBy: 'admin', resolvedAt: '2025-02-01T00:00:00.000Z' }];
    }
  }
}
