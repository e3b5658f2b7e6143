/**
 * Between AOT objects and the security model: AOT files into model data (entry points with
 * licences, privileges with grants, duties, roles; extensions merged into their base objects), and
 * draft roles of the model out to an AOT project (files plus a Visual Studio project file).
 *
 * @module
 */
import { z } from 'zod';
import { assertModel } from '../../model/assert-model.js';
import { SecGovError } from '../../model/errors.js';
import { idKey, idSchema } from '../../model/ids.js';
import type { SecurityModel } from '../../model/model.js';
import {
  entryPointId,
  rights,
  type DutyInput,
  type EntryPointInput,
  type EntryPointKind,
  type GrantInput,
  type Permission,
  type PrivilegeInput,
  type RoleInput,
} from '../../model/schemas.js';
import { parseOrThrow } from '../../model/zod-problems.js';
import { escapeAttr, escapeText } from '../xml/escape.js';
import type { AotEntryPoint, AotGrant, AotGrantValue, AotObject, AotPermission, AotRight } from './objects.js';
import { assertAotObject, assertAotObjects } from './check.js';
import { aotFilePath } from './folder.js';
import { aotBytes } from './objects.js';

/** The platform's `ObjectType` of an entry point reference, mapped to a secgov entry point kind. */
export const aotObjectTypes: Readonly<Record<string, EntryPointKind>> = {
  MenuItemDisplay: 'menu-item-display',
  MenuItemOutput: 'menu-item-output',
  MenuItemAction: 'menu-item-action',
  ServiceOperation: 'service-operation',
  WebContent: 'web-content',
  WebMenuItem: 'web-content',
  FormControl: 'form-control',
  DataEntity: 'data-entity',
  Table: 'table',
};

/** The platform's user licence names (`ViewUserLicense`, `MaintainUserLicense`), mapped to the default catalogue. */
export const aotLicenses: Readonly<Record<string, string>> = {
  None: 'none',
  SelfServe: 'self-serve',
  Universal: 'team-members',
  TeamMembers: 'team-members',
  Activity: 'activity',
  Enterprise: 'operations',
  Operations: 'operations',
  Functional: 'operations',
};

const menuItemKinds: Readonly<Record<string, EntryPointKind>> = {
  AxMenuItemDisplay: 'menu-item-display',
  AxMenuItemOutput: 'menu-item-output',
  AxMenuItemAction: 'menu-item-action',
};

const rightOf: Record<AotRight, (typeof rights)[number]> = { Read: 'read', Update: 'update', Create: 'create', Delete: 'delete', Correct: 'correct', Invoke: 'invoke' };
const valueOf: Record<AotGrantValue, Permission> = { Allow: 'allow', Deny: 'deny', Unset: 'unset' };

/** A note about something the conversion could not map exactly. */
export interface AotNote {
  /** The object concerned (`Kind/Name`). */
  readonly object: string;
  /** What happened. */
  readonly message: string;
}

/** Model data built from AOT objects: `data` is ready for `createModel` (or `modelDataToChanges`). */
export interface AotModelData {
  /** The model data. */
  readonly data: {
    /** Entry points named by the privileges (licences from menu items read, else `none`). */
    readonly entryPoints: EntryPointInput[];
    /** Privileges (extensions merged). */
    readonly privileges: PrivilegeInput[];
    /** Duties (extensions merged). */
    readonly duties: DutyInput[];
    /** Roles (extensions merged). */
    readonly roles: RoleInput[];
  };
  /** Objects referenced but not among the files read, added as empty stand-ins (so the data is complete). */
  readonly stubs: readonly { readonly kind: 'privilege' | 'duty' | 'role'; readonly id: string }[];
  /** What could not be mapped exactly. */
  readonly notes: readonly AotNote[];
}

function mergeGrant(target: Record<string, Permission>, grant: AotGrant | undefined): void {
  if (!grant) return;
  for (const [right, value] of Object.entries(grant) as [AotRight, AotGrantValue][]) {
    const r = rightOf[right];
    const v = valueOf[value];
    // deny wins over allow; allow over unset
    if (v === 'deny' || (v === 'allow' && target[r] !== 'deny') || target[r] === undefined) target[r] = v;
  }
}

/**
 * Convert AOT objects into model data. Labels become names (the label id when it is one, such as
 * `@SYS12345`: labels are not resolved), descriptions stay as written. `Grant` and
 * `GrantCurrentData` of one entry point are combined (deny wins). Extensions (`Base.Model`) add
 * their members to the base object; references to objects not read become empty stand-ins,
 * listed in `stubs`.
 *
 * @throws {@link index!SecGovError} `VALIDATION_FAILED` naming `objects` when it is not an array of
 *   AOT objects (an element that is not an object, an unknown kind, a field of the wrong type, a
 *   grant with an unknown right or value)
 */
export function aotToModelData(objects: readonly AotObject[]): AotModelData {
  assertAotObjects(objects, 'objects', { xml: false, tree: false });
  const notes: AotNote[] = [];
  const entryPoints = new Map<string, EntryPointInput>();
  const licences = new Map<string, { view?: string; maintain?: string; label?: string }>();
  for (const o of objects) {
    const kind = menuItemKinds[o.kind];
    if (!kind) continue;
    const view = o.viewUserLicense === undefined ? undefined : aotLicenses[o.viewUserLicense];
    const maintain = o.maintainUserLicense === undefined ? undefined : aotLicenses[o.maintainUserLicense];
    if (o.viewUserLicense !== undefined && view === undefined) notes.push({ object: `${o.kind}/${o.name}`, message: `unknown licence "${o.viewUserLicense}" (treated as none)` });
    if (o.maintainUserLicense !== undefined && maintain === undefined) notes.push({ object: `${o.kind}/${o.name}`, message: `unknown licence "${o.maintainUserLicense}" (treated as none)` });
    licences.set(idKey(`${kind}:${o.name}`), { ...(view ? { view } : {}), ...(maintain ? { maintain } : {}), ...(o.label ? { label: o.label } : {}) });
  }
  const entryPoint = (kind: EntryPointKind, name: string, childName: string | undefined): string => {
    const ep: EntryPointInput = childName ? { kind, name, childName } : { kind, name };
    const id = entryPointId(ep as { kind: EntryPointKind; name: string });
    const key = idKey(id);
    if (!entryPoints.has(key)) {
      const l = licences.get(idKey(`${kind}:${name}`));
      entryPoints.set(key, { ...ep, ...(l?.label ? { label: l.label } : {}), viewLicense: l?.view ?? 'none', maintainLicense: l?.maintain ?? 'none' });
    }
    return id;
  };

  const privileges = new Map<string, PrivilegeInput & { grants: GrantInput[] }>();
  const duties = new Map<string, DutyInput & { privileges: string[] }>();
  const roles = new Map<string, RoleInput & { duties: string[]; privileges: string[]; subRoles: string[] }>();
  const extensions: AotObject[] = [];
  const nameOf = (o: AotObject) => (o.label && o.label.trim() ? o.label : o.name);
  const grantsOf = (o: AotObject): GrantInput[] => {
    const grants = new Map<string, Record<string, Permission> & { entryPoint: string }>();
    const add = (id: string, ...gs: (AotGrant | undefined)[]) => {
      let g = grants.get(idKey(id));
      if (!g) grants.set(idKey(id), (g = { entryPoint: id } as Record<string, Permission> & { entryPoint: string }));
      for (const x of gs) mergeGrant(g, x);
    };
    for (const ep of o.entryPoints ?? []) {
      const kind = ep.objectType === undefined ? undefined : aotObjectTypes[ep.objectType];
      if (!kind || !ep.objectName) {
        notes.push({ object: `${o.kind}/${o.name}`, message: `entry point "${ep.name}" has ${kind ? 'no ObjectName' : `object type "${ep.objectType ?? ''}" secgov does not map`}; left out` });
        continue;
      }
      add(entryPoint(kind, ep.objectName, ep.objectChildName || undefined), ep.grant, ep.grantCurrentData);
    }
    for (const p of o.dataEntityPermissions ?? []) add(entryPoint('data-entity', p.name, undefined), p.grant);
    for (const p of o.directAccessPermissions ?? []) add(entryPoint('table', p.name, undefined), p.grant);
    return [...grants.values()];
  };
  for (const o of objects) {
    const base = { id: o.name, name: nameOf(o), ...(o.description !== undefined ? { description: o.description } : {}) };
    if (o.kind === 'AxSecurityPrivilege') privileges.set(idKey(o.name), { ...base, grants: grantsOf(o) });
    else if (o.kind === 'AxSecurityDuty') duties.set(idKey(o.name), { ...base, privileges: [...(o.privileges ?? [])] });
    else if (o.kind === 'AxSecurityRole') roles.set(idKey(o.name), { ...base, duties: [...(o.duties ?? [])], privileges: [...(o.privileges ?? [])], subRoles: [...(o.subRoles ?? [])] });
    else if (o.kind.endsWith('Extension')) extensions.push(o);
  }
  const union = (list: string[], more: readonly string[] | undefined) => {
    const keys = new Set(list.map(idKey));
    for (const m of more ?? []) if (!keys.has(idKey(m))) (list.push(m), keys.add(idKey(m)));
  };
  for (const ext of extensions) {
    const baseName = ext.name.includes('.') ? ext.name.slice(0, ext.name.lastIndexOf('.')) : ext.name;
    const key = idKey(baseName);
    if (ext.kind === 'AxSecurityRoleExtension') {
      const role = roles.get(key);
      if (!role) {
        notes.push({ object: `${ext.kind}/${ext.name}`, message: `extends role "${baseName}", which was not read; extension left out` });
        continue;
      }
      union(role.duties, ext.duties);
      union(role.privileges, ext.privileges);
      union(role.subRoles, ext.subRoles);
    } else if (ext.kind === 'AxSecurityDutyExtension') {
      const duty = duties.get(key);
      if (!duty) {
        notes.push({ object: `${ext.kind}/${ext.name}`, message: `extends duty "${baseName}", which was not read; extension left out` });
        continue;
      }
      union(duty.privileges, ext.privileges);
    } else {
      const privilege = privileges.get(key);
      if (!privilege) {
        notes.push({ object: `${ext.kind}/${ext.name}`, message: `extends privilege "${baseName}", which was not read; extension left out` });
        continue;
      }
      for (const g of grantsOf(ext)) if (!privilege.grants.some((x) => idKey(x.entryPoint) === idKey(g.entryPoint))) privilege.grants.push(g);
    }
  }
  const stubs: { kind: 'privilege' | 'duty' | 'role'; id: string }[] = [];
  const stub = <T>(map: Map<string, T>, kind: 'privilege' | 'duty' | 'role', id: string, make: () => T) => {
    if (map.has(idKey(id))) return;
    map.set(idKey(id), make());
    stubs.push({ kind, id });
  };
  for (const role of [...roles.values()]) {
    for (const d of role.duties) stub(duties, 'duty', d, () => ({ id: d, name: d, privileges: [] }));
    for (const r of role.subRoles) stub(roles, 'role', r, () => ({ id: r, name: r, duties: [], privileges: [], subRoles: [] }));
  }
  for (const list of [...roles.values()].map((r) => r.privileges).concat([...duties.values()].map((d) => d.privileges))) {
    for (const p of list) stub(privileges, 'privilege', p, () => ({ id: p, name: p, grants: [] }));
  }
  return { data: { entryPoints: [...entryPoints.values()], privileges: [...privileges.values()], duties: [...duties.values()], roles: [...roles.values()] }, stubs, notes };
}

const typeOfKind: Partial<Record<EntryPointKind, string>> = {
  'menu-item-display': 'MenuItemDisplay',
  'menu-item-output': 'MenuItemOutput',
  'menu-item-action': 'MenuItemAction',
  'service-operation': 'ServiceOperation',
  'web-content': 'WebContent',
  'form-control': 'FormControl',
};

function aotGrant(grant: GrantInput): AotGrant | undefined {
  const out: Partial<Record<AotRight, AotGrantValue>> = {};
  for (const [aot, right] of Object.entries(rightOf) as [AotRight, (typeof rights)[number]][]) {
    const v = grant[right];
    if (v === 'allow') out[aot] = 'Allow';
    else if (v === 'deny') out[aot] = 'Deny';
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The files of an AOT project: paths relative to the project folder, and their bytes. */
export interface AotProject {
  /** The files: `<Kind>/<Name>.xml` for each object and `<projectName>.rnrproj`. */
  readonly files: readonly { readonly path: string; readonly content: Uint8Array }[];
  /** The objects written. */
  readonly objects: readonly AotObject[];
}

/** Options of {@link draftRolesToAotProject}. */
export interface DraftProjectOptions {
  /** The Visual Studio project name. */
  readonly projectName: string;
  /** The model (package) the project belongs to. */
  readonly modelName: string;
}

const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,80}$/;
const roleIdsSchema = z.array(idSchema);
const draftOptionsSchema = z.strictObject({
  projectName: z.string().max(81, 'must be at most 81 characters'),
  modelName: z.string().max(81, 'must be at most 81 characters'),
});

/** A GUID derived from a text (FNV-1a), so the same project always gets the same id. */
function stableGuid(text: string): string {
  let hex = '';
  for (let round = 0; hex.length < 32; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    hex += h.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`.toUpperCase();
}

/**
 * Convert draft roles of the model into platform metadata: each role, its duties and all
 * privileges they reach (sub-roles included) as `AxSecurityRole`/`AxSecurityDuty`/
 * `AxSecurityPrivilege` files, plus a Visual Studio project file (`.rnrproj`) listing them,
 * ready to add to a solution.
 *
 * @throws {@link index!SecGovError} `NOT_FOUND` for an unknown role; `VALIDATION_FAILED` for an id
 *   that cannot be an AOT object name (letters, digits and `_`, starting with a letter or `_`), for
 *   a name or description holding a character XML cannot carry, and naming the argument when
 *   `model` is not a model, `roleIds` not an array of ids, or `options` not an object with string
 *   `projectName` and `modelName` (and nothing else)
 */
export function draftRolesToAotProject(model: SecurityModel, roleIds: readonly string[], options: DraftProjectOptions): AotProject {
  assertModel(model, 'model');
  parseOrThrow(roleIdsSchema, roleIds, 'roleIds');
  parseOrThrow(draftOptionsSchema, options, 'options');
  for (const [what, name] of [['project', options.projectName], ['model', options.modelName]] as const) {
    if (!SAFE_NAME.test(name)) throw new SecGovError('VALIDATION_FAILED', `"${name}" cannot be a ${what} name (letters, digits and _)`, { ids: [name] });
  }
  const roles = new Map<string, AotObject>();
  const duties = new Map<string, AotObject>();
  const privileges = new Map<string, AotObject>();
  const check = (id: string) => {
    if (!SAFE_NAME.test(id)) throw new SecGovError('VALIDATION_FAILED', `"${id}" cannot be an AOT object name (letters, digits and _, starting with a letter or _)`, { ids: [id] });
  };
  const addPrivilege = (id: string) => {
    const p = model.privileges.get(idKey(id));
    if (!p || privileges.has(idKey(id))) return;
    check(p.id);
    const entryPoints: AotEntryPoint[] = [];
    const dataEntity: AotPermission[] = [];
    const direct: AotPermission[] = [];
    for (const g of p.grants) {
      const ep = model.entryPoints.get(idKey(g.entryPoint));
      if (!ep) continue;
      const grant = aotGrant(g);
      if (ep.kind === 'data-entity') dataEntity.push(grant ? { name: ep.name, grant } : { name: ep.name });
      else if (ep.kind === 'table') direct.push(grant ? { name: ep.name, grant } : { name: ep.name });
      else {
        const name = ep.childName ? `${ep.name}${ep.childName}` : ep.name;
        entryPoints.push({ name, objectType: typeOfKind[ep.kind]!, objectName: ep.name, ...(ep.childName ? { objectChildName: ep.childName } : {}), ...(grant ? { grant } : {}) });
      }
    }
    privileges.set(idKey(id), { kind: 'AxSecurityPrivilege', name: p.id, label: p.name, ...(p.description ? { description: p.description } : {}), dataEntityPermissions: dataEntity, directAccessPermissions: direct, entryPoints, verbatim: [] });
  };
  const pending = [...roleIds];
  const requested = new Set(roleIds.map(idKey));
  while (pending.length > 0) {
    const id = pending.pop()!;
    const role = model.roles.get(idKey(id));
    if (!role) throw new SecGovError('NOT_FOUND', `role "${id}" does not exist`, { ids: [id] });
    if (roles.has(idKey(id))) continue;
    check(role.id);
    roles.set(idKey(id), { kind: 'AxSecurityRole', name: role.id, label: role.name, ...(role.description ? { description: role.description } : {}), duties: role.duties, privileges: role.privileges, subRoles: role.subRoles, verbatim: [] });
    for (const d of role.duties) {
      const duty = model.duties.get(idKey(d));
      if (!duty || duties.has(idKey(d))) continue;
      check(duty.id);
      duties.set(idKey(d), { kind: 'AxSecurityDuty', name: duty.id, label: duty.name, ...(duty.description ? { description: duty.description } : {}), privileges: duty.privileges, verbatim: [] });
      duty.privileges.forEach(addPrivilege);
    }
    role.privileges.forEach(addPrivilege);
    for (const sub of role.subRoles) if (!requested.has(idKey(sub))) (requested.add(idKey(sub)), pending.push(sub));
  }
  const byName = (a: AotObject, b: AotObject) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const objects = [...[...roles.values()].sort(byName), ...[...duties.values()].sort(byName), ...[...privileges.values()].sort(byName)];
  const folders: Record<string, string> = { AxSecurityRole: 'Security Roles', AxSecurityDuty: 'Security Duties', AxSecurityPrivilege: 'Security Privileges' };
  const nl = '\r\n';
  const items = objects
    .map((o) => `    <Content Include="${escapeAttr(`${o.kind}\\${o.name}`)}">${nl}      <SubType>Content</SubType>${nl}      <Name>${escapeText(o.name)}</Name>${nl}      <Link>${escapeText(`${folders[o.kind]}\\${o.name}`)}</Link>${nl}    </Content>`)
    .join(nl);
  const usedFolders = [...new Set(objects.map((o) => folders[o.kind]!))].map((f) => `    <Folder Include="${f}\\" />`).join(nl);
  const project =
    `<?xml version="1.0" encoding="utf-8"?>${nl}` +
    `<Project ToolsVersion="14.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">${nl}` +
    `  <PropertyGroup>${nl}` +
    `    <Configuration Condition=" '$(Configuration)' == '' ">Debug</Configuration>${nl}` +
    `    <Platform Condition=" '$(Platform)' == '' ">AnyCPU</Platform>${nl}` +
    `    <BuildTasksDirectory Condition=" '$(BuildTasksDirectory)' == ''">$(MSBuildProgramFiles32)\\MSBuild\\Microsoft\\Dynamics\\AX</BuildTasksDirectory>${nl}` +
    `    <Model>${options.modelName}</Model>${nl}` +
    `    <TargetFrameworkVersion>v4.6</TargetFrameworkVersion>${nl}` +
    `    <OutputPath>bin</OutputPath>${nl}` +
    `    <SchemaVersion>2.0</SchemaVersion>${nl}` +
    `    <GenerateCrossReferences>True</GenerateCrossReferences>${nl}` +
    `    <ProjectGuid>{${stableGuid(`${options.modelName}/${options.projectName}`)}}</ProjectGuid>${nl}` +
    `    <Name>${options.projectName}</Name>${nl}` +
    `    <RootNamespace>${options.projectName}</RootNamespace>${nl}` +
    `  </PropertyGroup>${nl}` +
    `  <PropertyGroup Condition="'$(Configuration)|$(Platform)' == 'Debug|AnyCPU'">${nl}` +
    `    <Configuration>Debug</Configuration>${nl}` +
    `    <DBSyncInBuild>False</DBSyncInBuild>${nl}` +
    `    <GenerateFormAdaptors>False</GenerateFormAdaptors>${nl}` +
    `    <Company>${nl}    </Company>${nl}` +
    `    <Partition>initial</Partition>${nl}` +
    `    <PackageName>${options.modelName}</PackageName>${nl}` +
    `    <PlatformTarget>AnyCPU</PlatformTarget>${nl}` +
    `    <DataEntityExpansionDepth>1</DataEntityExpansionDepth>${nl}` +
    `    <DataEntityUseLabelTextAsFieldName>false</DataEntityUseLabelTextAsFieldName>${nl}` +
    `  </PropertyGroup>${nl}` +
    `  <ItemGroup>${nl}${usedFolders}${nl}  </ItemGroup>${nl}` +
    `  <ItemGroup>${nl}${items}${nl}  </ItemGroup>${nl}` +
    `  <Import Project="$(MSBuildExtensionsPath)\\Microsoft\\Dynamics\\AX\\Microsoft.Dynamics.Framework.Tools.BuildTasks.targets" />${nl}` +
    `</Project>`;
  const files = objects.map((o) => {
    // Model names and descriptions may hold characters XML cannot carry: refuse rather than write a broken file.
    assertAotObject(o, `${o.kind} "${o.name}"`, { xml: true, tree: false });
    return { path: aotFilePath(o), content: aotBytes(o) };
  });
  files.push({ path: `${options.projectName}.rnrproj`, content: new TextEncoder().encode('\uFEFF' + project) });
  return { files, objects };
}
