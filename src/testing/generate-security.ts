/**
 * Generation of the security configuration: entry points, privileges, duties and roles with
 * AOT-like names, realistic licences and the locality of a real installation (a privilege grants
 * mostly objects of its own module, popular tables are granted by many privileges).
 *
 * @module
 */
import type { DutyInput, EntryPointInput, EntryPointKind, GrantInput, PrivilegeInput, Right, RoleInput } from '../model/schemas.js';
import { entryPointId } from '../model/schemas.js';
import { SYSTEM_ADMINISTRATOR_ROLE } from '../model/parameters.js';
import type { Random } from './generate-random.js';
import type { ModelSizeProfile } from './generate-sizes.js';
import { dutyVerbs, jobTitles, kindSuffixes, modules, qualifiers } from './generate-names.js';

/** The role every user holds in the platform (assigned automatically). @internal */
export const SYSTEM_USER_ROLE = 'SystemUser';

/** An entry point with what the generator needs to know about it. @internal */
export interface GeneratedEntryPoint {
  readonly value: EntryPointInput;
  readonly id: string;
  readonly kind: EntryPointKind;
  readonly module: number;
}

/** The security configuration of a generated model, with the grouping the later steps need. @internal */
export interface GeneratedSecurity {
  readonly entryPoints: EntryPointInput[];
  readonly privileges: PrivilegeInput[];
  readonly duties: DutyInput[];
  readonly roles: RoleInput[];
  /** Ids of the ordinary roles (neither system administrator nor system user), most popular first. */
  readonly assignableRoles: string[];
}

// Share of each kind among the entry points of an installation.
const kindShares: readonly (readonly [EntryPointKind, number])[] = [
  ['menu-item-display', 0.22],
  ['menu-item-action', 0.14],
  ['menu-item-output', 0.06],
  ['table', 0.25],
  ['data-entity', 0.08],
  ['service-operation', 0.06],
  ['form-control', 0.17],
  ['web-content', 0.02],
];

type LicenseId = 'none' | 'self-serve' | 'team-members' | 'activity' | 'operations';
const licenseRank: Record<LicenseId, number> = { 'none': 0, 'self-serve': 1, 'team-members': 2, 'activity': 3, 'operations': 4 };

// Maintain licences by module tier: finance and supply chain need operations or activity,
// self-service modules (expenses, timesheets) mostly team members or self-serve.
const maintainWeights: Record<0 | 1 | 2, readonly (readonly [LicenseId, number])[]> = {
  2: [['operations', 70], ['activity', 22], ['team-members', 5], ['none', 3]],
  1: [['operations', 35], ['activity', 45], ['team-members', 15], ['none', 5]],
  0: [['activity', 10], ['team-members', 45], ['self-serve', 35], ['none', 10]],
};
// View licences are cheap; never above the maintain licence.
const viewWeights: readonly (readonly [LicenseId, number])[] = [['team-members', 40], ['none', 30], ['self-serve', 20], ['activity', 7], ['operations', 3]];

/** Counts per kind summing to `total`, each kind at least once when `total` allows. */
function countsPerKind(total: number): Map<EntryPointKind, number> {
  const counts = new Map<EntryPointKind, number>();
  let assigned = 0;
  for (const [kind, share] of kindShares) {
    const n = Math.max(total >= kindShares.length ? 1 : 0, Math.floor(total * share));
    counts.set(kind, n);
    assigned += n;
  }
  // Rounding leftovers go to display menu items, the most common kind.
  counts.set('menu-item-display', counts.get('menu-item-display')! + total - assigned);
  return counts;
}

/** Split `LedgerJournalTable` into `Ledger journal table` for display names (a loop: this runs for every object). */
function words(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const upper = c >= 65 && c <= 90;
    if (upper && i > 0) {
      const prev = name.charCodeAt(i - 1);
      const next = i + 1 < name.length ? name.charCodeAt(i + 1) : 0;
      const prevLower = (prev >= 97 && prev <= 122) || (prev >= 48 && prev <= 57);
      const prevUpper = prev >= 65 && prev <= 90;
      // A word starts at an upper-case letter after a lower-case one, or at the last capital of an acronym (`WHSShipment`).
      if (prevLower || (prevUpper && next >= 97 && next <= 122)) out += ' ';
    }
    out += i === 0 ? name.charAt(0).toUpperCase() : name.charAt(i).toLowerCase();
  }
  return out;
}

/**
 * Draw unique names: `make` proposes a name; after a few collisions a number is appended
 * (`CustInvoiceJour2`), as developers do in real metadata.
 */
class UniqueNames {
  private readonly taken = new Set<string>();

  /** A name proposed by `make` that was not taken before (case-insensitively). */
  draw(make: () => string): string {
    let name = make();
    for (let attempt = 0; attempt < 8 && this.taken.has(name.toLowerCase()); attempt++) name = make();
    if (this.taken.has(name.toLowerCase())) {
      const base = name;
      for (let n = 2; this.taken.has(name.toLowerCase()); n++) name = `${base}${n}`;
    }
    this.taken.add(name.toLowerCase());
    return name;
  }

  /** Mark a name as taken; false when it already was. */
  claim(name: string): boolean {
    const key = name.toLowerCase();
    if (this.taken.has(key)) return false;
    this.taken.add(key);
    return true;
  }
}

function businessObject(rng: Random, module: number): string {
  const m = modules[module]!;
  return m.prefix + rng.pick(m.nouns) + rng.pick(qualifiers);
}

function licences(rng: Random, module: number, kind: EntryPointKind): { viewLicense: LicenseId; maintainLicense: LicenseId } {
  // Tables and web content are mostly reached through forms; they carry cheaper licences.
  const tier = kind === 'table' || kind === 'web-content' ? (Math.max(0, modules[module]!.tier - 1) as 0 | 1) : modules[module]!.tier;
  const maintainLicense = rng.weighted(maintainWeights[tier]);
  let viewLicense = rng.weighted(viewWeights);
  if (licenseRank[viewLicense] > licenseRank[maintainLicense]) viewLicense = maintainLicense;
  return { viewLicense, maintainLicense };
}

function generateEntryPoints(rng: Random, total: number): GeneratedEntryPoint[] {
  const result: GeneratedEntryPoint[] = [];
  const counts = countsPerKind(total);
  const namesPerKind = new Map<EntryPointKind, UniqueNames>();
  const formsByModule = new Map<number, string[]>();
  // Display menu items first: form controls reuse their names, as forms and their menu items share names.
  const order: EntryPointKind[] = ['menu-item-display', 'menu-item-action', 'menu-item-output', 'table', 'data-entity', 'service-operation', 'form-control', 'web-content'];
  for (const kind of order) {
    const names = new UniqueNames();
    namesPerKind.set(kind, names);
    const n = counts.get(kind) ?? 0;
    for (let i = 0; i < n; i++) {
      // Large modules (ledger, receivables, payables, inventory) come first in the list and are drawn more often.
      const module = Math.floor(Math.pow(rng.next(), 1.4) * modules.length);
      let value: EntryPointInput;
      if (kind === 'form-control') {
        // A control of a form (forms share their menu item's name): drawn as one `form/control` string so the pair is unique.
        const forms = formsByModule.get(module);
        const pair = names.draw(() => `${forms && forms.length > 0 ? rng.pick(forms) : businessObject(rng, module)}/${rng.pick(kindSuffixes['form-control'])}`);
        const slash = pair.lastIndexOf('/');
        value = { kind, name: pair.slice(0, slash), childName: pair.slice(slash + 1) };
      } else if (kind === 'service-operation') {
        const name = names.draw(() => `${modules[module]!.prefix}${rng.pick(modules[module]!.nouns)}Service.${rng.pick(kindSuffixes['service-operation'])}`);
        value = { kind, name };
      } else {
        const name = names.draw(() => businessObject(rng, module) + rng.pick(kindSuffixes[kind]));
        value = { kind, name };
        if (kind === 'menu-item-display') {
          let forms = formsByModule.get(module);
          if (!forms) formsByModule.set(module, (forms = []));
          forms.push(name);
        }
      }
      const label = words(value.childName === undefined ? value.name.replace(/\..*$/, '') : `${value.name} ${value.childName}`);
      const full: EntryPointInput = { ...value, label, ...licences(rng, module, kind) };
      result.push({ value: full, id: entryPointId(full), kind, module });
    }
  }
  return result;
}

// Which rights a grant allows, by what the privilege does with the entry point.
type Use = 'maintain' | 'view' | 'run';

function grantFor(ep: GeneratedEntryPoint, use: Use, rng: Random): GrantInput {
  const grant: { -readonly [K in keyof GrantInput]: GrantInput[K] } = { entryPoint: ep.id };
  // Service operations and data-entity methods only know invoke.
  if (ep.kind === 'service-operation') {
    grant.invoke = 'allow';
    return grant;
  }
  if (ep.kind === 'menu-item-action') {
    grant.read = 'allow';
    if (use !== 'view') grant.invoke = 'allow';
    return grant;
  }
  grant.read = 'allow';
  if (use === 'maintain' && ep.kind !== 'menu-item-output' && ep.kind !== 'web-content') {
    grant.update = 'allow';
    if (ep.kind !== 'form-control') {
      grant.create = 'allow';
      grant.delete = 'allow';
    }
    if (ep.kind === 'table' && rng.chance(0.1)) grant.correct = 'allow';
  }
  return grant;
}

// A few grants carry an explicit deny: a view privilege that must never delete, a hidden control.
function addDeny(grant: GrantInput, ep: GeneratedEntryPoint, rng: Random): GrantInput {
  if (ep.kind === 'service-operation') return { entryPoint: grant.entryPoint, invoke: 'deny' };
  if (ep.kind === 'form-control') return { entryPoint: grant.entryPoint, read: 'deny' };
  const right: Right = rng.pick(['delete', 'update', 'create'] as const);
  return { ...grant, [right]: 'deny' };
}

interface PrivilegePlan {
  readonly name: string;
  readonly use: Use;
  readonly primary: GeneratedEntryPoint;
}

// The privileges a primary entry point gets: Maintain/View pairs for forms and entities, one for the rest.
function plansFor(ep: GeneratedEntryPoint): PrivilegePlan[] {
  // `CustInvoiceService.post` becomes `CustInvoiceServicePost`.
  const base = ep.value.name.replace(/\.(.)/g, (_, c: string) => c.toUpperCase());
  switch (ep.kind) {
    case 'menu-item-display':
    case 'data-entity':
      return [
        { name: `${base}Maintain`, use: 'maintain', primary: ep },
        { name: `${base}View`, use: 'view', primary: ep },
      ];
    case 'menu-item-output':
      return [{ name: `${base}Generate`, use: 'view', primary: ep }];
    case 'menu-item-action':
      return [{ name: base, use: 'run', primary: ep }];
    case 'service-operation':
      return [{ name: `${base}Invoke`, use: 'run', primary: ep }];
    case 'web-content':
      return [{ name: `${base}View`, use: 'view', primary: ep }];
    default:
      return [];
  }
}

function generatePrivileges(rng: Random, entryPoints: readonly GeneratedEntryPoint[], profile: ModelSizeProfile): { privileges: PrivilegeInput[]; moduleOf: number[] } {
  const byModule: GeneratedEntryPoint[][] = modules.map(() => []);
  for (const ep of entryPoints) byModule[ep.module]!.push(ep);
  // Popularity: shuffle once, then skewed picks make the first entries (CustTable-like) shared by many privileges.
  for (const list of byModule) rng.shuffle(list);
  const everything = rng.shuffle([...entryPoints]);

  const primaries = rng.shuffle(entryPoints.filter((ep) => ep.kind !== 'table' && ep.kind !== 'form-control'));
  const names = new UniqueNames();
  const plans: PrivilegePlan[] = [];
  for (let round = 0; plans.length < profile.privileges && primaries.length > 0; round++) {
    for (const ep of primaries) {
      for (const plan of plansFor(ep)) {
        if (plans.length >= profile.privileges) break;
        // Later rounds (only for unusual profiles) make extended variants.
        const name = round === 0 ? plan.name : `${plan.name}Ext${round}`;
        plans.push({ ...plan, name: names.claim(name) ? name : names.draw(() => name) });
      }
      if (plans.length >= profile.privileges) break;
    }
  }

  const mean = profile.grants / Math.max(1, profile.privileges);
  const privileges: PrivilegeInput[] = [];
  const moduleOf: number[] = [];
  for (const plan of plans) {
    const count = rng.skewedCount(mean, 1, Math.max(1, Math.min(400, entryPoints.length)));
    const grants: GrantInput[] = [grantFor(plan.primary, plan.use, rng)];
    const seen = new Set<string>([plan.primary.id]);
    const local = byModule[plan.primary.module]!;
    for (let attempt = 0; grants.length < count && attempt < count * 3; attempt++) {
      const ep = rng.chance(0.8) && local.length > 0 ? rng.pickSkewed(local, 2) : rng.pickSkewed(everything, 2.5);
      if (seen.has(ep.id)) continue;
      seen.add(ep.id);
      // Related objects are often only looked up, even in a maintain privilege.
      const use: Use = plan.use === 'view' || rng.chance(0.4) ? 'view' : plan.use === 'run' ? 'view' : 'maintain';
      const grant = grantFor(ep, use, rng);
      grants.push(rng.chance(0.004) ? addDeny(grant, ep, rng) : grant);
    }
    const verb = { maintain: 'Maintain', view: 'View', run: 'Run' }[plan.use];
    privileges.push({
      id: plan.name,
      name: `${verb} ${plan.primary.value.label ?? plan.primary.value.name}`.slice(0, 1_000),
      grants,
    });
    moduleOf.push(plan.primary.module);
  }
  return { privileges, moduleOf };
}

function groupByModule(moduleOf: readonly number[], ids: readonly string[], rng: Random): string[][] {
  const groups: string[][] = modules.map(() => []);
  ids.forEach((id, i) => groups[moduleOf[i]!]!.push(id));
  for (const g of groups) rng.shuffle(g);
  return groups;
}

/** Distinct picks: mostly from `local` (skewed, so members overlap between groups), else from `all`. */
function pickMembers(rng: Random, count: number, local: readonly string[], all: readonly string[], localShare: number): string[] {
  const picked = new Set<string>();
  const keys = new Set<string>();
  for (let attempt = 0; picked.size < count && attempt < count * 6; attempt++) {
    const id = rng.chance(localShare) && local.length > 0 ? rng.pickSkewed(local, 1.6) : rng.pick(all);
    const key = id.toLowerCase();
    if (keys.has(key)) continue;
    keys.add(key);
    picked.add(id);
  }
  return [...picked];
}

function generateDuties(rng: Random, privilegeIds: readonly string[], privilegeModules: readonly number[], count: number): { duties: DutyInput[]; moduleOf: number[] } {
  const byModule = groupByModule(privilegeModules, privilegeIds, rng);
  const names = new UniqueNames();
  const duties: DutyInput[] = [];
  const moduleOf: number[] = [];
  for (let i = 0; i < count; i++) {
    const module = Math.floor(Math.pow(rng.next(), 1.4) * modules.length);
    const m = modules[module]!;
    let noun = '';
    let verb = '';
    const id = names.draw(() => {
      noun = rng.pick(m.nouns) + (rng.chance(0.5) ? rng.pick(qualifiers) : '');
      verb = rng.pick(dutyVerbs);
      return `${m.prefix}${noun}${verb}`;
    });
    duties.push({
      id,
      name: `${verb} ${words(noun).toLowerCase()} (${m.area.toLowerCase()})`,
      privileges: pickMembers(rng, rng.int(3, 8), byModule[module]!, privilegeIds, 0.85),
    });
    moduleOf.push(module);
  }
  return { duties, moduleOf };
}

function generateRoles(
  rng: Random,
  dutyIds: readonly string[],
  dutyModules: readonly number[],
  privilegeIds: readonly string[],
  privilegeModules: readonly number[],
  count: number,
): { roles: RoleInput[]; assignableRoles: string[] } {
  const dutiesByModule = groupByModule(dutyModules, dutyIds, rng);
  const privilegesByModule = groupByModule(privilegeModules, privilegeIds, rng);
  const names = new UniqueNames();
  names.claim(SYSTEM_ADMINISTRATOR_ROLE);
  names.claim(SYSTEM_USER_ROLE);

  const roles: RoleInput[] = [
    { id: SYSTEM_ADMINISTRATOR_ROLE, name: 'System administrator', description: 'Full access to the system; exempt from licence counting.' },
    {
      id: SYSTEM_USER_ROLE,
      name: 'System user',
      description: 'Assigned automatically to every user: the address book, workflow and personal settings.',
      duties: pickMembers(rng, Math.min(4, dutyIds.length), [...(dutiesByModule[modules.findIndex((m) => m.prefix === 'DirParty')] ?? []), ...(dutiesByModule[modules.findIndex((m) => m.prefix === 'Workflow')] ?? [])], dutyIds, 0.9),
      privileges: pickMembers(rng, Math.min(3, privilegeIds.length), privilegesByModule[modules.findIndex((m) => m.prefix === 'DirParty')] ?? [], privilegeIds, 0.9),
    },
  ];
  const depth: number[] = [];
  const assignable: string[] = [];
  for (let i = 0; i < count - 2; i++) {
    const module = Math.floor(Math.pow(rng.next(), 1.4) * modules.length);
    const m = modules[module]!;
    const second = rng.chance(0.3) ? Math.floor(rng.next() * modules.length) : module;
    let title = '';
    let noun = '';
    const id = names.draw(() => {
      noun = rng.chance(0.6) ? rng.pick(m.nouns) : '';
      title = rng.pick(jobTitles);
      return `${m.prefix}${noun}${title}`;
    });
    const duties = [
      ...pickMembers(rng, rng.skewedCount(7, 2, 30), dutiesByModule[module]!, dutyIds, 0.8),
      ...(second !== module ? pickMembers(rng, rng.int(1, 3), dutiesByModule[second]!, dutyIds, 1) : []),
    ];
    const dutyKeys = new Set<string>();
    const uniqueDuties: string[] = [];
    for (const d of duties) {
      if (dutyKeys.has(d.toLowerCase())) continue;
      dutyKeys.add(d.toLowerCase());
      uniqueDuties.push(d);
    }
    const direct = rng.chance(0.6) ? pickMembers(rng, rng.int(1, 4), privilegesByModule[module]!, privilegeIds, 0.7) : [];
    // About one role in ten includes one to three earlier roles of shallow depth: acyclic by construction.
    const subRoles: string[] = [];
    let myDepth = 0;
    if (assignable.length > 0 && rng.chance(0.1)) {
      const want = rng.int(1, 3);
      for (let attempt = 0; subRoles.length < want && attempt < 10; attempt++) {
        const j = Math.floor(rng.next() * assignable.length);
        if (depth[j]! >= 2 || subRoles.includes(assignable[j]!)) continue;
        subRoles.push(assignable[j]!);
        myDepth = Math.max(myDepth, depth[j]! + 1);
      }
    }
    roles.push({
      id,
      name: `${m.area}${noun ? ' ' + words(noun).toLowerCase() : ''} ${title.toLowerCase()}`,
      duties: uniqueDuties,
      privileges: direct,
      subRoles,
    });
    depth.push(myDepth);
    assignable.push(id);
  }
  return { roles, assignableRoles: assignable };
}

/** Generate the security configuration of one profile. @internal */
export function generateSecurity(random: (stream: string) => Random, profile: ModelSizeProfile): GeneratedSecurity {
  const entryPoints = generateEntryPoints(random('entry-points'), profile.entryPoints);
  const { privileges, moduleOf: privilegeModules } = generatePrivileges(random('privileges'), entryPoints, profile);
  const privilegeIds = privileges.map((p) => p.id);
  const { duties, moduleOf: dutyModules } = generateDuties(random('duties'), privilegeIds, privilegeModules, profile.duties);
  const { roles, assignableRoles } = generateRoles(random('roles'), duties.map((d) => d.id), dutyModules, privilegeIds, privilegeModules, profile.roles);
  return { entryPoints: entryPoints.map((e) => e.value), privileges, duties, roles, assignableRoles };
}
