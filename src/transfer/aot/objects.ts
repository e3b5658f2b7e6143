/**
 * AOT security objects: `AxSecurityRole`, `AxSecurityDuty`, `AxSecurityPrivilege`, their
 * extensions, and menu items (for their licence fields), read from and written to the platform's
 * XML files. Elements the reader does not model are kept verbatim and written back unchanged.
 *
 * @module
 */
import { z } from 'zod';
import { SecGovError } from '../../model/errors.js';
import { parseOrThrow } from '../../model/zod-problems.js';
import { escapeText } from '../xml/escape.js';
import { resolveLimits, xmlLimitsSchema, type XmlLimits } from '../xml/limits.js';
import { problemListFor } from '../xml/parse.js';
import { xmlError } from '../xml/problems.js';
import type { ProblemList } from '../xml/problems.js';
import { decodeChecked, isBytes } from '../xml/source.js';
import { assertAotObject } from './check.js';
import { childElements, elementText, elementXml, readAotTree, treeXml, type AotElement, type AotTree } from './tree.js';

/** The AOT object types secgov reads. */
export const aotKinds = [
  'AxSecurityRole',
  'AxSecurityDuty',
  'AxSecurityPrivilege',
  'AxSecurityRoleExtension',
  'AxSecurityDutyExtension',
  'AxSecurityPrivilegeExtension',
  'AxMenuItemDisplay',
  'AxMenuItemOutput',
  'AxMenuItemAction',
] as const;
/** An AOT object type secgov reads. */
export type AotKind = (typeof aotKinds)[number];

/** The platform's permission values of one right. */
export const aotGrantValues = ['Allow', 'Deny', 'Unset'] as const;
/** A permission value of one right. */
export type AotGrantValue = (typeof aotGrantValues)[number];

/** The rights of an AOT `<Grant>`, in the order the platform writes them. */
export const aotRights = ['Correct', 'Create', 'Delete', 'Invoke', 'Read', 'Update'] as const;
/** A right of an AOT `<Grant>`. */
export type AotRight = (typeof aotRights)[number];

/** An AOT `<Grant>` (or `<GrantCurrentData>`): a value per right; rights not written are absent. */
export type AotGrant = { readonly [R in AotRight]?: AotGrantValue };

/** An `AxSecurityEntryPointReference`: a menu item, service operation or other securable object with its grant. */
export interface AotEntryPoint {
  /** The reference's own name. */
  readonly name: string;
  /** `MenuItemDisplay`, `MenuItemOutput`, `MenuItemAction`, `ServiceOperation`, … */
  readonly objectType?: string;
  /** The securable object's name. */
  readonly objectName?: string;
  /** The child (service operation, control). */
  readonly objectChildName?: string;
  /** The grant, when written. */
  readonly grant?: AotGrant;
  /** The grant on current data (date-effective tables), when written. */
  readonly grantCurrentData?: AotGrant;
  /** Child elements not modelled (`Forms` with its controls and data sources), kept verbatim. */
  readonly verbatim?: readonly AotVerbatim[];
}

/** An `AxSecurityDataEntityPermission` (data entity) or `AxSecurityDataEntityReference` (direct table access). */
export interface AotPermission {
  /** The data entity or table. */
  readonly name: string;
  /** The grant, when written. */
  readonly grant?: AotGrant;
  /** Child elements not modelled (`Fields`, `Methods`), kept verbatim. */
  readonly verbatim?: readonly AotVerbatim[];
}

/** An element kept verbatim: its name and its XML exactly as read. */
export interface AotVerbatim {
  /** The element name. */
  readonly name: string;
  /** The element's XML as read. */
  readonly xml: string;
}

/** An AOT object read from (or to be written to) one file. */
export interface AotObject {
  /** The object type (the root element). */
  readonly kind: AotKind;
  /** `<Name>`: for an extension, `<Base>.<Model>`. */
  readonly name: string;
  /** `<Label>`: a label id (`@Model:Id`, `@SYS123`) or plain text. */
  readonly label?: string;
  /** `<Description>`: a label id or plain text. */
  readonly description?: string;
  /** Duty references (roles and role extensions). */
  readonly duties?: readonly string[];
  /** Privilege references (roles, duties and their extensions). */
  readonly privileges?: readonly string[];
  /** Sub-role references (roles and role extensions). */
  readonly subRoles?: readonly string[];
  /** Entry point references (privileges). */
  readonly entryPoints?: readonly AotEntryPoint[];
  /** Data entity permissions (privileges). */
  readonly dataEntityPermissions?: readonly AotPermission[];
  /** Direct access (table) permissions. */
  readonly directAccessPermissions?: readonly AotPermission[];
  /** `<ViewUserLicense>` of a menu item. */
  readonly viewUserLicense?: string;
  /** `<MaintainUserLicense>` of a menu item. */
  readonly maintainUserLicense?: string;
  /** Top-level elements the reader does not model, kept verbatim (they are written back unchanged). */
  readonly verbatim: readonly AotVerbatim[];
  /** The file as read: the writer keeps its bytes for everything that did not change. Absent for new objects. */
  readonly source?: AotTree;
}

const referenceLists = {
  Duties: ['duties', 'AxSecurityDutyReference'],
  Privileges: ['privileges', 'AxSecurityPrivilegeReference'],
  SubRoles: ['subRoles', 'AxSecurityRoleReference'],
} as const;
const permissionLists = {
  DataEntityPermissions: ['dataEntityPermissions', 'AxSecurityDataEntityPermission'],
  DirectAccessPermissions: ['directAccessPermissions', 'AxSecurityDataEntityReference'],
} as const;
const scalars = { Name: 'name', Label: 'label', Description: 'description', ViewUserLicense: 'viewUserLicense', MaintainUserLicense: 'maintainUserLicense' } as const;

type Mutable = { -readonly [K in keyof AotObject]: AotObject[K] };

function readGrant(element: AotElement, problems: ProblemList): AotGrant {
  const grant: Partial<Record<AotRight, AotGrantValue>> = {};
  for (const right of childElements(element)) {
    const value = elementText(right).trim();
    if (!(aotRights as readonly string[]).includes(right.name)) {
      problems.add('VALIDATION_FAILED', right.offset, `unknown right <${right.name}> in <${element.name}> (known: ${aotRights.join(', ')})`);
      continue;
    }
    if (!(aotGrantValues as readonly string[]).includes(value)) {
      problems.add('VALIDATION_FAILED', right.offset, `unknown grant value "${value.slice(0, 100)}" for <${right.name}> (known: ${aotGrantValues.join(', ')})`);
      continue;
    }
    grant[right.name as AotRight] = value as AotGrantValue;
  }
  return grant;
}

function readEntryPoint(element: AotElement, problems: ProblemList): AotEntryPoint {
  const ep: { -readonly [K in keyof AotEntryPoint]: AotEntryPoint[K] } = { name: '' };
  let named = false;
  const verbatim: AotVerbatim[] = [];
  for (const c of childElements(element)) {
    if (c.name === 'Name') (ep.name = elementText(c)), (named = true);
    else if (c.name === 'ObjectType') ep.objectType = elementText(c);
    else if (c.name === 'ObjectName') ep.objectName = elementText(c);
    else if (c.name === 'ObjectChildName') ep.objectChildName = elementText(c);
    else if (c.name === 'Grant') ep.grant = readGrant(c, problems);
    else if (c.name === 'GrantCurrentData') ep.grantCurrentData = readGrant(c, problems);
    else verbatim.push({ name: c.name, xml: elementXml(c) });
  }
  ep.verbatim = verbatim;
  if (!named) problems.add('VALIDATION_FAILED', element.offset, `<${element.name}> has no <Name>`);
  return ep;
}

function readPermission(element: AotElement, problems: ProblemList): AotPermission {
  let name: string | undefined;
  let grant: AotGrant | undefined;
  const verbatim: AotVerbatim[] = [];
  for (const c of childElements(element)) {
    if (c.name === 'Name') name = elementText(c);
    else if (c.name === 'Grant') grant = readGrant(c, problems);
    else verbatim.push({ name: c.name, xml: elementXml(c) });
  }
  if (name === undefined) problems.add('VALIDATION_FAILED', element.offset, `<${element.name}> has no <Name>`);
  return grant ? { name: name ?? '', grant, verbatim } : { name: name ?? '', verbatim };
}

function readReferences(element: AotElement, item: string, problems: ProblemList): string[] {
  const out: string[] = [];
  for (const c of childElements(element)) {
    if (c.name !== item) {
      problems.add('VALIDATION_FAILED', c.offset, `unexpected <${c.name}> in <${element.name}> (expected <${item}>)`);
      continue;
    }
    const name = childElements(c).find((n) => n.name === 'Name');
    if (!name) problems.add('VALIDATION_FAILED', c.offset, `<${item}> has no <Name>`);
    else out.push(elementText(name));
  }
  return out;
}

/** Extract the object held by a tree. */
function objectOf(tree: AotTree, problems: ProblemList): AotObject | undefined {
  const root = tree.root;
  if (!(aotKinds as readonly string[]).includes(root.name)) {
    problems.add('VALIDATION_FAILED', root.offset, `<${root.name}> is not an AOT object type secgov reads (${aotKinds.join(', ')})`);
    return undefined;
  }
  const kind = root.name as AotKind;
  const menuItem = kind.startsWith('AxMenuItem');
  const object: Mutable = { kind, name: '', verbatim: [], source: tree };
  const verbatim: AotVerbatim[] = [];
  let named = false;
  for (const c of childElements(root)) {
    if (Object.prototype.hasOwnProperty.call(scalars, c.name) && (menuItem || (c.name !== 'ViewUserLicense' && c.name !== 'MaintainUserLicense'))) {
      const field = scalars[c.name as keyof typeof scalars];
      (object as Record<string, unknown>)[field] = elementText(c);
      if (c.name === 'Name') named = true;
    } else if (!menuItem && Object.prototype.hasOwnProperty.call(referenceLists, c.name)) {
      const [field, item] = referenceLists[c.name as keyof typeof referenceLists];
      object[field] = readReferences(c, item, problems);
    } else if (!menuItem && Object.prototype.hasOwnProperty.call(permissionLists, c.name)) {
      const [field, item] = permissionLists[c.name as keyof typeof permissionLists];
      object[field] = childElements(c)
        .filter((p) => p.name === item || (problems.add('VALIDATION_FAILED', p.offset, `unexpected <${p.name}> in <${c.name}> (expected <${item}>)`), false))
        .map((p) => readPermission(p, problems));
    } else if (!menuItem && c.name === 'EntryPoints') {
      object.entryPoints = childElements(c)
        .filter((p) => p.name === 'AxSecurityEntryPointReference' || (problems.add('VALIDATION_FAILED', p.offset, `unexpected <${p.name}> in <EntryPoints>`), false))
        .map((p) => readEntryPoint(p, problems));
    } else verbatim.push({ name: c.name, xml: elementXml(c) });
  }
  object.verbatim = verbatim;
  if (!named || object.name.trim() === '') problems.add('VALIDATION_FAILED', root.offset, `<${root.name}> has no <Name>`);
  return object;
}

/** Options of {@link readAotObject}. */
export interface ReadAotOptions {
  /** Limits on the file (defaults: {@link defaultXmlLimits}). */
  readonly limits?: Partial<XmlLimits>;
  /** The file name, for messages. */
  readonly file?: string;
}

const readAotOptionsSchema = z.strictObject({ limits: xmlLimitsSchema.optional(), file: z.string().max(4096).optional() });

/**
 * Read one AOT file (`AxSecurityRole`, `AxSecurityDuty`, `AxSecurityPrivilege`, an extension, or
 * a menu item) into an {@link AotObject}.
 *
 * @param xml - the file's bytes (UTF-8, with or without a byte order mark) or text
 * @throws {@link index!SecGovError} listing every problem with its line and column (`PARSE_FAILED`,
 *   `LIMIT_EXCEEDED`, `VALIDATION_FAILED` for unknown grant values and missing names);
 *   `VALIDATION_FAILED` naming the argument when `xml` is not a string or `Uint8Array`, or
 *   `options` is not an object with only valid `limits` and a `file` name of at most 4,096 characters
 */
export function readAotObject(xml: string | Uint8Array, options: ReadAotOptions = {}): AotObject {
  if (typeof xml !== 'string' && !isBytes(xml)) throw new SecGovError('VALIDATION_FAILED', 'xml must be a string or a Uint8Array of UTF-8 bytes', { ids: ['xml'] });
  return readAotChecked(xml, parseOrThrow(readAotOptionsSchema, options, 'options') as ReadAotOptions);
}

/** {@link readAotObject} of arguments already checked. @internal */
export function readAotChecked(xml: string | Uint8Array, options: ReadAotOptions): AotObject {
  const limits = resolveLimits(options.limits);
  const { text, bom } = decodeChecked(xml, limits, options.file);
  const problems = problemListFor(text, options.file);
  const tree = readAotTree(text, bom, limits, problems);
  const object = tree ? objectOf(tree, problems) : undefined;
  if (!object || !problems.empty) throw xmlError(problems.items, `the AOT file${options.file ? ` ${options.file}` : ''} cannot be read`, problems.dropped);
  return object;
}

// ---------------------------------------------------------------------------------------------
// Writing

interface Style {
  readonly nl: string;
  readonly indent: string;
}

function styleOf(object: AotObject): Style {
  const tree = object.source;
  if (!tree) return { nl: '\r\n', indent: '\t' };
  const first = tree.root.children.find((c): c is string => typeof c === 'string' && /\n/.test(c));
  const nl = tree.prolog.includes('\r\n') || (first?.includes('\r\n') ?? false) ? '\r\n' : '\n';
  const indent = first ? (first.split('\n').pop() ?? '\t') : '\t';
  return { nl, indent: indent === '' ? '\t' : indent };
}

const leaf = (name: string, value: string, pad: string): string => (value === '' ? `${pad}<${name} />` : `${pad}<${name}>${escapeText(value)}</${name}>`);

function grantXml(name: string, grant: AotGrant, pad: string, s: Style): string {
  const rights = aotRights.filter((r) => grant[r] !== undefined);
  if (rights.length === 0) return `${pad}<${name} />`;
  return `${pad}<${name}>${s.nl}${rights.map((r) => leaf(r, grant[r]!, pad + s.indent)).join(s.nl)}${s.nl}${pad}</${name}>`;
}

function listXml(name: string, items: readonly string[], pad: string, s: Style): string {
  return items.length === 0 ? `${pad}<${name} />` : `${pad}<${name}>${s.nl}${items.join(s.nl)}${s.nl}${pad}</${name}>`;
}

function referenceXml(item: string, name: string, pad: string, s: Style): string {
  return `${pad}<${item}>${s.nl}${leaf('Name', name, pad + s.indent)}${s.nl}${pad}</${item}>`;
}

function entryPointXml(ep: AotEntryPoint, pad: string, s: Style): string {
  const p = pad + s.indent;
  const lines = [leaf('Name', ep.name, p)];
  if (ep.grant) lines.push(grantXml('Grant', ep.grant, p, s));
  if (ep.grantCurrentData) lines.push(grantXml('GrantCurrentData', ep.grantCurrentData, p, s));
  if (ep.objectChildName !== undefined) lines.push(leaf('ObjectChildName', ep.objectChildName, p));
  if (ep.objectName !== undefined) lines.push(leaf('ObjectName', ep.objectName, p));
  if (ep.objectType !== undefined) lines.push(leaf('ObjectType', ep.objectType, p));
  if (ep.verbatim && ep.verbatim.length > 0) for (const v of ep.verbatim) lines.push(p + v.xml);
  else lines.push(`${p}<Forms />`);
  return `${pad}<AxSecurityEntryPointReference>${s.nl}${lines.join(s.nl)}${s.nl}${pad}</AxSecurityEntryPointReference>`;
}

function permissionXml(item: string, perm: AotPermission, pad: string, s: Style): string {
  const p = pad + s.indent;
  const lines: string[] = [];
  if (perm.grant) lines.push(grantXml('Grant', perm.grant, p, s));
  lines.push(leaf('Name', perm.name, p));
  if (perm.verbatim && perm.verbatim.length > 0) for (const v of perm.verbatim) lines.push(p + v.xml);
  else {
    lines.push(`${p}<Fields />`);
    if (item === 'AxSecurityDataEntityPermission') lines.push(`${p}<Methods />`);
  }
  return `${pad}<${item}>${s.nl}${lines.join(s.nl)}${s.nl}${pad}</${item}>`;
}

/** The XML of one top-level field of `object`, or undefined when the object has no value for it. */
function fieldXml(object: AotObject, element: string, pad: string, s: Style): string | undefined {
  if (Object.prototype.hasOwnProperty.call(scalars, element)) {
    const value = (object as unknown as Record<string, string | undefined>)[scalars[element as keyof typeof scalars]];
    return value === undefined ? undefined : leaf(element, value, pad);
  }
  if (Object.prototype.hasOwnProperty.call(referenceLists, element)) {
    const [field, item] = referenceLists[element as keyof typeof referenceLists];
    const list = object[field];
    return list === undefined ? undefined : listXml(element, list.map((n) => referenceXml(item, n, pad + s.indent, s)), pad, s);
  }
  if (Object.prototype.hasOwnProperty.call(permissionLists, element)) {
    const [field, item] = permissionLists[element as keyof typeof permissionLists];
    const list = object[field];
    return list === undefined ? undefined : listXml(element, list.map((p) => permissionXml(item, p, pad + s.indent, s)), pad, s);
  }
  if (element === 'EntryPoints') return object.entryPoints === undefined ? undefined : listXml(element, object.entryPoints.map((e) => entryPointXml(e, pad + s.indent, s)), pad, s);
  return undefined;
}

/** The platform's element order for new files. */
const canonicalOrder: Record<string, readonly string[]> = {
  AxSecurityRole: ['Name', 'Description', 'Label', 'DirectAccessPermissions', 'Duties', 'Privileges', 'SubRoles'],
  AxSecurityRoleExtension: ['Name', 'DirectAccessPermissions', 'Duties', 'Privileges', 'SubRoles', 'PropertyModifications'],
  AxSecurityDuty: ['Name', 'Description', 'Label', 'Privileges'],
  AxSecurityDutyExtension: ['Name', 'Privileges', 'PropertyModifications'],
  AxSecurityPrivilege: ['Name', 'Description', 'Label', 'DataEntityPermissions', 'DirectAccessPermissions', 'EntryPoints', 'FormControlOverrides'],
  AxSecurityPrivilegeExtension: ['Name', 'DataEntityPermissions', 'DirectAccessPermissions', 'EntryPoints', 'PropertyModifications'],
  AxMenuItemDisplay: ['Name', 'Label', 'MaintainUserLicense', 'ViewUserLicense'],
  AxMenuItemOutput: ['Name', 'Label', 'MaintainUserLicense', 'ViewUserLicense'],
  AxMenuItemAction: ['Name', 'Label', 'MaintainUserLicense', 'ViewUserLicense'],
};
const emptyByDefault = new Set(['DirectAccessPermissions', 'Duties', 'Privileges', 'SubRoles', 'DataEntityPermissions', 'EntryPoints', 'FormControlOverrides', 'PropertyModifications']);

/**
 * Write an object back as its AOT file. An object read with {@link readAotObject} keeps the bytes
 * of everything that did not change (so an unchanged object gives the file as read, byte for byte,
 * byte order mark included); changed fields are written in the file's own indentation and line
 * ends; elements kept verbatim are written unchanged. A new object is written as the platform does
 * (tabs, CRLF, `<Element />` for empty lists).
 *
 * @returns the file's text (with a leading U+FEFF when the file had a byte order mark)
 * @throws {@link index!SecGovError} `VALIDATION_FAILED` naming `object` when it is not an
 *   {@link AotObject} (not an object, an unknown kind, a field of the wrong type, a grant with an
 *   unknown right or value, a string holding a character XML cannot carry, a `source` that is not
 *   a tree as read, or whose elements form a cycle)
 */
export function writeAotText(object: AotObject): string {
  assertAotObject(object, 'object', { xml: true, tree: true });
  return aotText(object);
}

/** {@link writeAotText} of an object already checked. @internal */
export function aotText(object: AotObject): string {
  const s = styleOf(object);
  const tree = object.source;
  const bom = tree?.bom ? '\uFEFF' : '';
  if (tree) {
    const original = objectOf(tree, problemListFor(''));
    const root = tree.root;
    const seen = new Set<string>();
    let out = root.startTag;
    let verbatimIndex = 0;
    const children = root.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (typeof child === 'string') {
        out += child;
        continue;
      }
      seen.add(child.name);
      if (!isModelled(object.kind, child.name)) {
        const kept = object.verbatim[verbatimIndex++];
        out += kept ? kept.xml : '';
        continue;
      }
      const before = original ? fieldXml(original, child.name, '', s) : undefined;
      const after = fieldXml(object, child.name, '', s);
      if (after === before) out += elementXml(child);
      else if (after === undefined) out = out.replace(/[ \t]*\r?\n?[ \t]*$/, '');
      else out += fieldXml(object, child.name, s.indent, s)!.slice(s.indent.length);
    }
    // Fields the file did not have, then any verbatim elements added to the object.
    let extra = '';
    for (const name of canonicalOrder[object.kind] ?? []) {
      if (seen.has(name) || !isModelled(object.kind, name)) continue;
      const xml = fieldXml(object, name, s.indent, s);
      if (xml !== undefined) extra += s.nl + xml;
    }
    for (const v of object.verbatim.slice(verbatimIndex)) extra += s.nl + s.indent + v.xml;
    if (extra) {
      const tail = /\r?\n[ \t]*$/.exec(out);
      out = tail ? out.slice(0, tail.index) + extra + tail[0] : out + extra + s.nl;
    }
    return bom + tree.prolog + out + root.endTag + tree.epilog;
  }
  const lines: string[] = [];
  const unused = [...object.verbatim];
  for (const name of canonicalOrder[object.kind] ?? []) {
    let xml = isModelled(object.kind, name) ? fieldXml(object, name, s.indent, s) : undefined;
    if (!isModelled(object.kind, name)) {
      const kept = unused.findIndex((v) => v.name === name);
      if (kept !== -1) xml = s.indent + unused.splice(kept, 1)[0]!.xml;
    }
    if (xml === undefined && emptyByDefault.has(name) && defaultFor(object.kind, name)) xml = `${s.indent}<${name} />`;
    if (xml !== undefined) lines.push(xml);
  }
  for (const v of unused) lines.push(s.indent + v.xml);
  return `${bom}<?xml version="1.0" encoding="utf-8"?>${s.nl}<${object.kind} xmlns:i="http://www.w3.org/2001/XMLSchema-instance">${s.nl}${lines.join(s.nl)}${s.nl}</${object.kind}>`;
}

function defaultFor(kind: AotKind, element: string): boolean {
  return !kind.startsWith('AxMenuItem') && (canonicalOrder[kind]?.includes(element) ?? false);
}

function isModelled(kind: AotKind, element: string): boolean {
  if (kind.startsWith('AxMenuItem')) return element === 'Name' || element === 'Label' || element === 'Description' || element === 'ViewUserLicense' || element === 'MaintainUserLicense';
  return Object.prototype.hasOwnProperty.call(referenceLists, element) || Object.prototype.hasOwnProperty.call(permissionLists, element) || element === 'EntryPoints' || element === 'Name' || element === 'Label' || element === 'Description';
}

/**
 * {@link writeAotText} as UTF-8 bytes (the byte order mark, when the file had one, as EF BB BF).
 *
 * @throws {@link index!SecGovError} `VALIDATION_FAILED` naming `object`, as {@link writeAotText}
 */
export function writeAotObject(object: AotObject): Uint8Array {
  assertAotObject(object, 'object', { xml: true, tree: true });
  return aotBytes(object);
}

/** {@link writeAotObject} of an object already checked. @internal */
export function aotBytes(object: AotObject): Uint8Array {
  return new TextEncoder().encode(aotText(object));
}

/**
 * The XML of an object exactly as read (no changes applied), or undefined for a new object.
 *
 * @throws {@link index!SecGovError} `VALIDATION_FAILED` naming `object` when it is not an
 *   {@link AotObject} (as {@link writeAotText}, but any string is accepted: only `source` is written)
 */
export function sourceXml(object: AotObject): string | undefined {
  assertAotObject(object, 'object', { xml: false, tree: true });
  return object.source ? (object.source.bom ? '\uFEFF' : '') + treeXml(object.source) : undefined;
}
