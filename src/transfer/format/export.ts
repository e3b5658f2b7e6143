/**
 * Export to the secgov transfer format: deterministic (objects sorted by id key, fixed attribute
 * order, so the same state always gives the same bytes) and produced in chunks.
 *
 * @module
 */
import { z } from 'zod';
import type { Condition } from '../../model/design-schemas.js';
import type { AssignmentRule, Process, SecurityCategory, Task } from '../../model/design-schemas.js';
import type { SodRule } from '../../model/governance-schemas.js';
import { SecGovError } from '../../model/errors.js';
import { idKey, idSchema } from '../../model/ids.js';
import { assertModel } from '../../model/assert-model.js';
import type { SecurityModel } from '../../model/model.js';
import type { Parameters } from '../../model/parameters.js';
import { entryPointId, rights, type Duty, type EntryPoint, type Grant, type LicenseCatalogue, type Privilege, type Role, type Scope } from '../../model/schemas.js';
import { parseOrThrow } from '../../model/zod-problems.js';
import { escapeAttr, escapeText, hasNonXmlCharacter } from '../xml/escape.js';
import { hasConfiguration, hasGovernance, TRANSFER_FORMAT_VERSION, TRANSFER_NAMESPACE, TRANSFER_ROOT, transferPartSchema, type TransferPart } from './constants.js';

/** Options of {@link exportXml}. */
export interface ExportOptions {
  /** What to export. Default `both`. */
  readonly parts?: TransferPart;
  /**
   * Export only these security categories (ids) with their processes and tasks. Default: all.
   * The document then says it is partial, and a `replace` import replaces only these categories.
   */
  readonly categories?: readonly string[];
}

const exportOptionsSchema = z.strictObject({
  parts: transferPartSchema.optional(),
  categories: z.array(idSchema).max(100_000).optional(),
});

const CHUNK = 64 * 1024;

function jsonLiteral(value: string): string {
  // JSON escapes controls and lone surrogates; U+FFFE/U+FFFF are escaped by hand.
  return JSON.stringify(value).replace(/[\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

// Readers trim values (JavaScript white space), so white space at either end is written as references.
const EDGE = /^\s|\s$/;
const reference = (ws: string): string => [...ws].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join('');
function edges(escaped: string): string {
  return EDGE.test(escaped) ? escaped.replace(/^\s+/, reference).replace(/\s+$/, reference) : escaped;
}

// eslint-disable-next-line no-control-regex
const SPECIAL = /[&<>"\u0000-\u001f\ud800-\udfff\ufffe\uffff]/;
const SPACE_AT = /\s/;
/** True when a value needs no escaping at all (the common case, checked cheaply). */
function plain(value: string): boolean {
  if (value.length === 0) return true;
  const a = value.charCodeAt(0);
  const b = value.charCodeAt(value.length - 1);
  if ((a <= 32 || a >= 0xa0) && SPACE_AT.test(value[0]!)) return false;
  if ((b <= 32 || b >= 0xa0) && SPACE_AT.test(value[value.length - 1]!)) return false;
  return !SPECIAL.test(value);
}

/** ` name="value"`, or ` name.json="…"` when the value holds characters XML cannot carry. */
function attr(name: string, value: string): string {
  if (plain(value)) return ` ${name}="${value}"`;
  return hasNonXmlCharacter(value) ? ` ${name}.json="${escapeAttr(jsonLiteral(value))}"` : ` ${name}="${edges(escapeAttr(value))}"`;
}

function textElement(indent: string, name: string, value: string): string {
  return hasNonXmlCharacter(value)
    ? `${indent}<${name} encoding="json">${escapeText(jsonLiteral(value))}</${name}>\n`
    : value === ''
      ? `${indent}<${name}/>\n`
      : `${indent}<${name}>${edges(escapeText(value))}</${name}>\n`;
}

function sortedBy<T>(values: Iterable<T>, id: (v: T) => string): T[] {
  const list = [...values].map((v) => [idKey(id(v)), v] as const);
  list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return list.map((e) => e[1]);
}

function grantAttrs(grant: Grant): string {
  // Spelled out right by right (the order of `rights`): a constant property read each, on the
  // hottest path of an export (one call per grant).
  let out = attr('entryPoint', grant.entryPoint);
  if (grant.read !== 'unset') out += ` read="${grant.read}"`;
  if (grant.update !== 'unset') out += ` update="${grant.update}"`;
  if (grant.create !== 'unset') out += ` create="${grant.create}"`;
  if (grant.delete !== 'unset') out += ` delete="${grant.delete}"`;
  if (grant.correct !== 'unset') out += ` correct="${grant.correct}"`;
  if (grant.invoke !== 'unset') out += ` invoke="${grant.invoke}"`;
  return out;
}

function entryPointXml(ep: EntryPoint, indent: string): string {
  let out = `${indent}<entryPoint kind="${ep.kind}"${attr('name', ep.name)}`;
  if (ep.childName !== undefined) out += attr('childName', ep.childName);
  if (ep.label !== undefined) out += attr('label', ep.label);
  return `${out}${attr('viewLicense', ep.viewLicense)}${attr('maintainLicense', ep.maintainLicense)}/>\n`;
}

function privilegeXml(p: Privilege, indent: string): string {
  const head = `${indent}<privilege${attr('id', p.id)}${attr('name', p.name)}`;
  if (p.description === undefined && p.grants.length === 0) return `${head}/>\n`;
  const inner = indent + '  ';
  let out = `${head}>\n`;
  if (p.description !== undefined) out += textElement(inner, 'description', p.description);
  for (const g of p.grants) out += `${inner}<grant${grantAttrs(g)}/>\n`;
  return `${out}${indent}</privilege>\n`;
}

function refs(inner: string, element: string, ids: readonly string[]): string {
  let out = '';
  for (const id of ids) out += `${inner}<${element}${attr('ref', id)}/>\n`;
  return out;
}

function dutyXml(d: Duty, indent: string): string {
  const head = `${indent}<duty${attr('id', d.id)}${attr('name', d.name)}`;
  if (d.description === undefined && d.privileges.length === 0) return `${head}/>\n`;
  const inner = indent + '  ';
  let out = `${head}>\n`;
  if (d.description !== undefined) out += textElement(inner, 'description', d.description);
  out += refs(inner, 'privilege', d.privileges);
  return `${out}${indent}</duty>\n`;
}

function roleXml(r: Role, indent: string): string {
  const head = `${indent}<role${attr('id', r.id)}${attr('name', r.name)}`;
  if (r.description === undefined && r.duties.length === 0 && r.privileges.length === 0 && r.subRoles.length === 0) return `${head}/>\n`;
  const inner = indent + '  ';
  let out = `${head}>\n`;
  if (r.description !== undefined) out += textElement(inner, 'description', r.description);
  out += refs(inner, 'duty', r.duties);
  out += refs(inner, 'privilege', r.privileges);
  out += refs(inner, 'subRole', r.subRoles);
  return `${out}${indent}</role>\n`;
}

function sodRuleXml(r: SodRule, indent: string): string {
  const head = `${indent}<sodRule${attr('id', r.id)}${attr('name', r.name)}${attr('firstDuty', r.firstDuty)}${attr('secondDuty', r.secondDuty)} severity="${r.severity}" enabled="${r.enabled}"`;
  if (r.risk === '' && r.mitigation === '') return `${head}/>\n`;
  const inner = indent + '  ';
  let out = `${head}>\n`;
  if (r.risk !== '') out += textElement(inner, 'risk', r.risk);
  if (r.mitigation !== '') out += textElement(inner, 'mitigation', r.mitigation);
  return `${out}${indent}</sodRule>\n`;
}

function scopeXml(scope: Scope, indent: string): string {
  if (scope === 'all') return '';
  let out = `${indent}<scope>\n`;
  for (const o of scope.organizations) out += `${indent}  <organization${attr('id', o.id)} includeChildren="${o.includeChildren}"/>\n`;
  return `${out}${indent}</scope>\n`;
}

function conditionXml(c: Condition, indent: string): string {
  if ('and' in c || 'or' in c) {
    const [name, list] = 'and' in c ? ['and', c.and] : ['or', c.or];
    let out = `${indent}<${name}>\n`;
    for (const x of list) out += conditionXml(x, indent + '  ');
    return `${out}${indent}</${name}>\n`;
  }
  if ('not' in c) return `${indent}<not>\n${conditionXml(c.not, indent + '  ')}${indent}</not>\n`;
  if ('equals' in c) return `${indent}<equals${attr('attribute', c.attribute)}${attr('value', c.equals)}/>\n`;
  if ('exists' in c) return `${indent}<exists${attr('attribute', c.attribute)} value="${c.exists}"/>\n`;
  if (c.in.length === 0) return `${indent}<in${attr('attribute', c.attribute)}/>\n`;
  let out = `${indent}<in${attr('attribute', c.attribute)}>\n`;
  for (const v of c.in) out += `${indent}  <value${attr('value', v)}/>\n`;
  return `${out}${indent}</in>\n`;
}

function assignmentRuleXml(r: AssignmentRule, indent: string): string {
  const inner = indent + '  ';
  let out = `${indent}<assignmentRule${attr('id', r.id)}${attr('name', r.name)}${attr('role', r.role)} enabled="${r.enabled}">\n`;
  out += scopeXml(r.scope, inner);
  out += `${inner}<condition>\n${conditionXml(r.condition, inner + '  ')}${inner}</condition>\n`;
  return `${out}${indent}</assignmentRule>\n`;
}

function categoryXml(c: SecurityCategory, indent: string): string {
  const head = `${indent}<securityCategory${attr('id', c.id)}${attr('name', c.name)}`;
  if (c.description === undefined) return `${head}/>\n`;
  return `${head}>\n${textElement(indent + '  ', 'description', c.description)}${indent}</securityCategory>\n`;
}

function processXml(p: Process, indent: string): string {
  let head = `${indent}<process${attr('id', p.id)}${attr('name', p.name)}${attr('category', p.category)}`;
  if (p.parent !== undefined) head += attr('parent', p.parent);
  if (p.description === undefined) return `${head}/>\n`;
  return `${head}>\n${textElement(indent + '  ', 'description', p.description)}${indent}</process>\n`;
}

function taskXml(t: Task, indent: string): string {
  const head = `${indent}<task${attr('id', t.id)}${attr('name', t.name)}${attr('process', t.process)}`;
  if (t.description === undefined && t.entryPoints.length === 0) return `${head}/>\n`;
  const inner = indent + '  ';
  let out = `${head}>\n`;
  if (t.description !== undefined) out += textElement(inner, 'description', t.description);
  for (const g of t.entryPoints) out += `${inner}<grant${grantAttrs(g)}/>\n`;
  return `${out}${indent}</task>\n`;
}

function licensesXml(catalogue: LicenseCatalogue, indent: string): string {
  let out = `${indent}<licenses>\n`;
  for (const l of catalogue.licenses) {
    const head = `${indent}  <license${attr('id', l.id)}${attr('name', l.name)}`;
    if (l.covers.length === 0) out += `${head}/>\n`;
    else out += `${head}>\n${refs(indent + '    ', 'covers', l.covers)}${indent}  </license>\n`;
  }
  return `${out}${indent}</licenses>\n`;
}

function numberText(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

function parametersXml(p: Parameters, indent: string): string {
  return (
    `${indent}<parameters checkSimilarity="${p.checkSimilarity}" similarityLevel="${numberText(p.similarityLevel)}"` +
    ` similarityEnforcement="${p.similarityEnforcement}" allowUnpublishedObjects="${p.allowUnpublishedObjects}"` +
    ` agingPeriods="${p.agingPeriods.map(numberText).join(' ')}" sodEnforcement="${p.sodEnforcement}"` +
    ` fourEyesApproval="${p.fourEyesApproval}" requireJustification="${p.requireJustification}"${attr('administratorRole', p.administratorRole)}/>\n`
  );
}

/** The objects one export writes, selected and sorted. @internal */
export interface ExportSelection {
  readonly parts: TransferPart;
  readonly complete: boolean;
  readonly entryPoints: readonly EntryPoint[];
  readonly categories: readonly SecurityCategory[];
  readonly processes: readonly Process[];
  readonly tasks: readonly Task[];
}

/** Select what an export writes. @internal */
export function selectForExport(model: SecurityModel, options: ExportOptions): ExportSelection {
  const parts = options.parts ?? 'both';
  let categories = [...model.securityCategories.values()];
  let processes = [...model.processes.values()];
  let tasks = [...model.tasks.values()];
  const complete = options.categories === undefined;
  if (options.categories !== undefined) {
    const wanted = new Set(options.categories.map(idKey));
    const missing = options.categories.filter((c) => !model.securityCategories.has(idKey(c)));
    if (missing.length > 0) {
      throw new SecGovError('NOT_FOUND', `cannot export unknown security categor${missing.length > 1 ? 'ies' : 'y'} ${missing.map((m) => `"${m}"`).join(', ')}`, { ids: missing });
    }
    categories = categories.filter((c) => wanted.has(idKey(c.id)));
    processes = processes.filter((p) => wanted.has(idKey(p.category)));
    const processKeys = new Set(processes.map((p) => idKey(p.id)));
    tasks = tasks.filter((t) => processKeys.has(idKey(t.process)));
  }
  let entryPoints: EntryPoint[] = [];
  if (hasConfiguration(parts)) entryPoints = [...model.entryPoints.values()];
  else {
    const used = new Set<string>();
    for (const t of tasks) for (const g of t.entryPoints) used.add(idKey(g.entryPoint));
    for (const key of used) {
      const ep = model.entryPoints.get(key);
      if (ep) entryPoints.push(ep);
    }
  }
  return {
    parts,
    complete,
    entryPoints: sortedBy(entryPoints, entryPointId),
    categories: hasGovernance(parts) ? sortedBy(categories, (c) => c.id) : [],
    processes: hasGovernance(parts) ? sortedBy(processes, (p) => p.id) : [],
    tasks: hasGovernance(parts) ? sortedBy(tasks, (t) => t.id) : [],
  };
}

/**
 * Export the state as a secgov transfer document, in chunks of about 64 KiB (join them, or write
 * them to a stream as they come). Deterministic: the same state always gives the same chunks.
 *
 * @param model - the state to export
 * @param options - the parts to export, optionally only some security categories
 * @throws {@link index!SecGovError} `VALIDATION_FAILED` for bad options or a `model` that is not a model,
 *   `NOT_FOUND` for an unknown category
 */
export function* exportXmlChunks(model: SecurityModel, options: ExportOptions = {}): Generator<string, void, undefined> {
  assertModel(model);
  const valid = parseOrThrow(exportOptionsSchema, options, 'export options') as ExportOptions;
  const sel = selectForExport(model, valid);
  let buf = `<?xml version="1.0" encoding="UTF-8"?>\n<${TRANSFER_ROOT} xmlns="${TRANSFER_NAMESPACE}" formatVersion="${TRANSFER_FORMAT_VERSION}" parts="${sel.parts}">\n`;
  const section = function* <T>(name: string, items: readonly T[], render: (v: T, indent: string) => string): Generator<string, void, undefined> {
    if (items.length === 0) {
      buf += `    <${name}/>\n`;
      return;
    }
    buf += `    <${name}>\n`;
    // Items are collected and joined once per chunk: one flat string instead of a deep chain of
    // concatenations for the collector to walk.
    let parts: string[] = [buf];
    let size = buf.length;
    for (const item of items) {
      const xml = render(item, '      ');
      parts.push(xml);
      size += xml.length;
      if (size >= CHUNK) {
        yield parts.join('');
        parts = [];
        size = 0;
      }
    }
    buf = `${parts.join('')}    </${name}>\n`;
  };
  if (hasConfiguration(sel.parts)) {
    buf += '  <configuration>\n';
    buf += licensesXml(model.licenses, '    ');
    yield* section('entryPoints', sel.entryPoints, entryPointXml);
    yield* section('privileges', sortedBy(model.privileges.values(), (p) => p.id), privilegeXml);
    yield* section('duties', sortedBy(model.duties.values(), (d) => d.id), dutyXml);
    yield* section('roles', sortedBy(model.roles.values(), (r) => r.id), roleXml);
    buf += '  </configuration>\n';
  }
  if (hasGovernance(sel.parts)) {
    buf += sel.complete ? '  <governance>\n' : '  <governance complete="false">\n';
    if (!hasConfiguration(sel.parts)) yield* section('entryPoints', sel.entryPoints, entryPointXml);
    yield* section('securityCategories', sel.categories, categoryXml);
    yield* section('processes', sel.processes, processXml);
    yield* section('tasks', sel.tasks, taskXml);
    yield* section('sodRules', sortedBy(model.sodRules.values(), (r) => r.id), sodRuleXml);
    yield* section('assignmentRules', sortedBy(model.assignmentRules.values(), (r) => r.id), assignmentRuleXml);
    buf += parametersXml(model.parameters, '    ');
    buf += '  </governance>\n';
  }
  buf += `</${TRANSFER_ROOT}>\n`;
  yield buf;
}

/**
 * Export the state as a secgov transfer document (see docs/xml-formats.md). The same state always
 * gives the same bytes, so exports can be kept under version control and diffed.
 *
 * @example
 * const xml = exportXml(model, { parts: 'configuration' });
 * @throws {@link index!SecGovError} `VALIDATION_FAILED` for bad options or a `model` that is not a model,
 *   `NOT_FOUND` for an unknown category
 */
export function exportXml(model: SecurityModel, options: ExportOptions = {}): string {
  let out = '';
  for (const chunk of exportXmlChunks(model, options)) out += chunk;
  return out;
}

/**
 * {@link exportXmlChunks} as an async iterable, for `stream.Readable.from` or a web `ReadableStream`;
 * it yields to the event loop between chunks.
 */
export async function* exportXmlStream(model: SecurityModel, options: ExportOptions = {}): AsyncGenerator<string, void, undefined> {
  for (const chunk of exportXmlChunks(model, options)) {
    yield chunk;
    await Promise.resolve();
  }
}
