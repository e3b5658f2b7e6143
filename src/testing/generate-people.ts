/**
 * Generation of the organization hierarchy, the users and their role assignments.
 *
 * @module
 */
import type { AssignmentInput, OrganizationInput, UserInput } from '../model/schemas.js';
import { SYSTEM_ADMINISTRATOR_ROLE } from '../model/parameters.js';
import type { Random } from './generate-random.js';
import type { ModelSizeProfile } from './generate-sizes.js';
import { businessLines, countriesByRegion, departments, familyNames, givenNames, jobTitles, operatingUnits, regions } from './generate-names.js';
import { SYSTEM_USER_ROLE } from './generate-security.js';

const DAY_MS = 86_400_000;

/** The users, organizations and assignments of a generated model. @internal */
export interface GeneratedPeople {
  readonly organizations: OrganizationInput[];
  readonly users: UserInput[];
  readonly assignments: AssignmentInput[];
}

/** Organizations with the ids of the legal entities (users' companies) and of those that have children. */
interface Hierarchy {
  readonly organizations: OrganizationInput[];
  readonly legalEntities: string[];
  /** Legal entities and operating units: what assignments are usually scoped to. */
  readonly scopable: string[];
}

/**
 * A group root, regions below it, legal entities below the regions, operating units below the
 * legal entities: `count` organizations in all (at least one).
 */
function generateHierarchy(rng: Random, count: number): Hierarchy {
  const organizations: OrganizationInput[] = [{ id: 'CONTOSO', name: 'Contoso group' }];
  const rest = Math.max(0, count - 1);
  const regionCount = Math.min(regions.length, Math.max(rest > 0 ? 1 : 0, Math.round(count * 0.1)));
  const entityCount = Math.round((rest - regionCount) * 0.5);
  const unitCount = rest - regionCount - entityCount;

  for (let r = 0; r < regionCount; r++) {
    const [id, name] = regions[r]!;
    organizations.push({ id, name, parent: 'CONTOSO' });
  }
  const legalEntities: string[] = [];
  const taken = new Set<string>();
  for (let e = 0; e < entityCount; e++) {
    const region = e % regionCount;
    let id = '';
    for (let attempt = 0; attempt < 50 && (id === '' || taken.has(id)); attempt++) {
      id = rng.pick(countriesByRegion[region]!) + rng.pick(businessLines)[0];
    }
    for (let n = 2; taken.has(id); n++) id = `${rng.pick(countriesByRegion[region]!)}${n}`;
    taken.add(id);
    const line = businessLines.find(([code]) => id.endsWith(code));
    organizations.push({ id, name: `Contoso ${id.slice(0, 2)} ${line ? line[1].toLowerCase() : 'company'}`, parent: regions[region]![0] });
    legalEntities.push(id);
  }
  const units: string[] = [];
  for (let u = 0; u < unitCount; u++) {
    const parent = legalEntities.length > 0 ? legalEntities[u % legalEntities.length]! : 'CONTOSO';
    let id = '';
    for (let attempt = 0; attempt < 50 && (id === '' || taken.has(id)); attempt++) id = `${parent}-${rng.pick(operatingUnits)[0]}`;
    for (let n = 2; taken.has(id); n++) id = `${parent}-OU${n}`;
    taken.add(id);
    const unit = operatingUnits.find(([code]) => id.endsWith(`-${code}`));
    organizations.push({ id, name: `${parent} ${unit ? unit[1].toLowerCase() : 'operating unit'}`, parent });
    units.push(id);
  }
  if (legalEntities.length === 0) legalEntities.push('CONTOSO');
  return { organizations, legalEntities, scopable: [...legalEntities, ...units] };
}

/** Days before the reference date of a last sign-in: most users are active, some dormant for up to two years. */
function daysSinceSignIn(rng: Random): number {
  const bucket = rng.weighted([['active', 70], ['lapsing', 15], ['dormant', 15]] as const);
  if (bucket === 'active') return rng.next() * 30;
  if (bucket === 'lapsing') return 30 + rng.next() * 150;
  return 180 + rng.next() * 550;
}

function generateUsers(rng: Random, count: number, referenceMs: number, hierarchy: Hierarchy): UserInput[] {
  const users: UserInput[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < count; i++) {
    if (i === 0) {
      // The installation's own administrator account.
      users.push({ id: 'admin', name: 'Administrator', enabled: true, lastSignIn: new Date(referenceMs - 3_600_000).toISOString(), attributes: { department: 'IT', title: 'Administrator', company: hierarchy.legalEntities[0]! } });
      taken.add('admin');
      continue;
    }
    const given = rng.pick(givenNames);
    const family = rng.pick(familyNames);
    const stem = `${given.charAt(0)}${family}`.toLowerCase();
    let id = stem;
    for (let n = 2; taken.has(id); n++) id = `${stem}${n}`;
    taken.add(id);
    const neverSignedIn = rng.chance(0.05);
    const lastSignIn = neverSignedIn ? null : new Date(referenceMs - Math.floor(daysSinceSignIn(rng) * DAY_MS)).toISOString();
    users.push({
      id,
      name: `${given} ${family}`,
      enabled: !rng.chance(0.07),
      lastSignIn,
      attributes: { department: rng.pick(departments), title: rng.pick(jobTitles), company: rng.pick(hierarchy.legalEntities) },
    });
  }
  return users;
}

// How many roles a user holds: 1 to 6, typically 2 or 3.
const roleCountWeights = [['1', 15], ['2', 25], ['3', 25], ['4', 18], ['5', 10], ['6', 7]] as const;

function scopeFor(rng: Random, hierarchy: Hierarchy): AssignmentInput['scope'] {
  // About 15% of assignments are limited to some companies or operating units.
  if (hierarchy.scopable.length === 0 || !rng.chance(0.15)) return 'all';
  const organizations: { id: string; includeChildren: boolean }[] = [];
  const want = rng.int(1, Math.min(3, hierarchy.scopable.length));
  while (organizations.length < want) {
    const id = rng.pick(hierarchy.scopable);
    if (organizations.some((o) => o.id === id)) continue;
    organizations.push({ id, includeChildren: rng.chance(0.4) });
  }
  return { organizations };
}

function generateAssignments(rng: Random, users: readonly UserInput[], roles: readonly string[], hierarchy: Hierarchy): AssignmentInput[] {
  const assignments: AssignmentInput[] = [];
  // A few administrators: the admin account and about one user in two thousand.
  const admins = Math.max(1, Math.round(users.length / 2_000));
  for (const [index, user] of users.entries()) {
    const wanted = Number(rng.weighted(roleCountWeights));
    const held = new Set<string>();
    const add = (role: string, assignment: Omit<AssignmentInput, 'user' | 'role'>): void => {
      if (held.has(role.toLowerCase())) return;
      held.add(role.toLowerCase());
      assignments.push({ user: user.id, role, ...assignment });
    };
    if (index <= admins) add(SYSTEM_ADMINISTRATOR_ROLE, { scope: 'all', source: 'manual' });
    // The platform gives every user the system user role automatically.
    if (rng.chance(0.9)) add(SYSTEM_USER_ROLE, { scope: 'all', source: 'automatic' });
    for (let attempt = 0; held.size < wanted && roles.length > 0 && attempt < wanted * 4; attempt++) {
      // Popular roles (the first in the list) are held by many users.
      add(rng.pickSkewed(roles, 1.8), { scope: scopeFor(rng, hierarchy), source: rng.chance(0.05) ? 'automatic' : 'manual' });
    }
    if (held.size === 0) add(SYSTEM_USER_ROLE, { scope: 'all', source: 'automatic' });
  }
  return assignments;
}

/** Generate organizations, users and assignments for one profile. @internal */
export function generatePeople(random: (stream: string) => Random, profile: ModelSizeProfile, roles: readonly string[], referenceMs: number): GeneratedPeople {
  const hierarchy = generateHierarchy(random('organizations'), profile.organizations);
  const users = generateUsers(random('users'), profile.users, referenceMs, hierarchy);
  const assignments = generateAssignments(random('assignments'), users, roles, hierarchy);
  return { organizations: hierarchy.organizations, users, assignments };
}
