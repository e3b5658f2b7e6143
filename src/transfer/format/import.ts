/**
 * Importing a secgov transfer document: all or nothing. The whole document is parsed and checked,
 * references are resolved against the document plus the current state, the change records are
 * computed and tried on the model; any problem (with its line and column) stops everything.
 *
 * @module
 */
import { z } from 'zod';
import { collectionOf } from '../../model/collections.js';
import { applyTrustedChanges } from '../../model/apply.js';
import type { Change, ObjectKind } from '../../model/changes.js';
import { SecGovError, type Problem } from '../../model/errors.js';
import { idKey } from '../../model/ids.js';
import type { SecurityModel } from '../../model/model.js';
import { entryPointId } from '../../model/schemas.js';
import { parseOrThrow } from '../../model/zod-problems.js';
import { invalid, isRecord, readArgument } from '../../model/arguments.js';
import { compareModels, type ModelComparison } from '../../versioning/compare.js';
import type { Part } from '../../versioning/parts.js';
import { resolveLimits, xmlLimitsSchema, type XmlLimits } from '../xml/limits.js';
import { problemListFor } from '../xml/parse.js';
import type { ProblemList, XmlProblem } from '../xml/problems.js';
import { xmlError } from '../xml/problems.js';
import { decodeXml, isBytes } from '../xml/source.js';
import { hasConfiguration, hasGovernance, transferPartSchema, type TransferPart } from './constants.js';
import { readTransferText, type DocumentSources, type RecordSource, type TransferDocument } from './read.js';

/** Options of {@link parseXml}. */
export interface ParseXmlOptions {
  /** Limits on the document (defaults: {@link defaultXmlLimits}). */
  readonly limits?: Partial<XmlLimits>;
  /** A file name to put on problems. */
  readonly file?: string;
}

/**
 * How an import treats objects of the imported parts that the document does not hold:
 * `merge` keeps them (the document's objects are added or updated), `replace` removes them (the
 * imported parts become exactly the document).
 */
export type ImportAction = 'merge' | 'replace';

/** Options of {@link importXml}, {@link importChanges} and {@link previewImport}. */
export interface ImportOptions extends ParseXmlOptions {
  /** The parts to import (default: the parts the document carries). */
  readonly parts?: TransferPart;
  /** `merge` (default) or `replace`. */
  readonly action?: ImportAction;
}

const parseOptionsSchema = z.strictObject({ limits: xmlLimitsSchema.optional(), file: z.string().max(4096).optional() });
const importOptionsSchema = parseOptionsSchema.extend({ parts: transferPartSchema.optional(), action: z.enum(['merge', 'replace']).optional() });

/**
 * Parse and check a transfer document on its own (no state): well-formed, within the limits,
 * every element and attribute known, every record valid.
 *
 * @param xml - the document: text or UTF-8 bytes
 * @throws {@link index!SecGovError} listing every problem, each with line and column
 *   (`PARSE_FAILED`, `LIMIT_EXCEEDED`, `VALIDATION_FAILED`)
 */
export function parseXml(xml: string | Uint8Array, options: ParseXmlOptions = {}): TransferDocument {
  const opts = parseOrThrow(parseOptionsSchema, options, 'parse options');
  const { doc, problems } = readDocument(xml, resolveLimits(opts.limits), opts.file);
  problems.throwIfAny('the transfer document is not valid');
  return doc;
}

/** Read the document; records that failed are left out, their problems kept in `problems`. */
function readDocument(xml: string | Uint8Array, limits: XmlLimits, file: string | undefined): { doc: TransferDocument; sources: DocumentSources; problems: ProblemList; invalid: ReadonlySet<string> } {
  if (typeof xml !== 'string' && !isBytes(xml)) throw new SecGovError('VALIDATION_FAILED', 'the document must be a string or a Uint8Array of UTF-8 bytes');
  const { text } = decodeXml(xml, limits, file);
  const problems = problemListFor(text, file);
  const read = readTransferText(text, limits, problems);
  if (!read) throw xmlError(problems.items, 'the transfer document is not valid', problems.dropped);
  return { ...read, problems };
}

type Kind = Extract<ObjectKind, 'entryPoint' | 'privilege' | 'duty' | 'role' | 'sodRule' | 'assignmentRule' | 'securityCategory' | 'process' | 'task'>;
type Rec = { readonly [key: string]: unknown };

/** The document list and model map of each kind: the model's own names. */
const lists: { readonly [K in Kind]: (typeof collectionOf)[K] & keyof TransferDocument } = collectionOf;

const configurationKinds: readonly Kind[] = ['entryPoint', 'privilege', 'duty', 'role'];
const governanceKinds: readonly Kind[] = ['securityCategory', 'process', 'task', 'sodRule', 'assignmentRule'];
/** Fields a patch may carry, per kind (identity fields excluded). */
const patchFields: Record<Kind, readonly string[]> = {
  entryPoint: ['label', 'viewLicense', 'maintainLicense'],
  privilege: ['name', 'description', 'grants'],
  duty: ['name', 'description', 'privileges'],
  role: ['name', 'description', 'duties', 'privileges', 'subRoles'],
  sodRule: ['name', 'firstDuty', 'secondDuty', 'severity', 'risk', 'mitigation', 'enabled'],
  assignmentRule: ['name', 'role', 'scope', 'condition', 'enabled'],
  securityCategory: ['name', 'description'],
  process: ['name', 'category', 'parent', 'description'],
  task: ['name', 'process', 'description', 'entryPoints'],
};
const kindLabels: Record<Kind, string> = {
  entryPoint: 'entry point',
  privilege: 'privilege',
  duty: 'duty',
  role: 'role',
  sodRule: 'SoD rule',
  assignmentRule: 'assignment rule',
  securityCategory: 'security category',
  process: 'process',
  task: 'task',
};

const displayId = (kind: Kind, value: Rec): string => (kind === 'entryPoint' ? entryPointId(value as never) : (value as { id: string }).id);

/** Deep equality of plain records (an absent key equals an undefined one). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return typeof a === 'number' && typeof b === 'number' ? Object.is(a, b) || a === b : false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k in ra) if (!sameValue(ra[k], rb[k])) return false;
  for (const k in rb) if (!(k in ra) && rb[k] !== undefined) return false;
  return true;
}

/** The outcome of planning an import: the change records and the model they give. */
export interface ImportPlan {
  /** The change records, in an order {@link applyChanges} accepts. Empty when nothing changes. */
  readonly changes: Change[];
  /** The model after the changes (the input model when there are none). */
  readonly model: SecurityModel;
  /** The document as read. */
  readonly document: TransferDocument;
  /** The parts imported. */
  readonly parts: TransferPart;
}

interface Context {
  readonly model: SecurityModel;
  readonly doc: TransferDocument;
  readonly sources: DocumentSources;
  readonly problems: ProblemList;
  readonly parts: TransferPart;
  readonly action: ImportAction;
  /** Keys of the document's records, per kind (only kinds being imported). */
  readonly keys: Map<Kind, Map<string, number>>;
  /** Kinds whose state records absent from the document are removed. */
  readonly removing: Set<Kind>;
  /** With a partial governance part: the keys of the categories whose processes and tasks are replaced. */
  readonly scopeCategories: Set<string> | undefined;
  /** Keys of records the document holds but that failed validation (already reported). */
  readonly invalid: ReadonlySet<string>;
}

function importedKinds(parts: TransferPart, doc: TransferDocument): Kind[] {
  const out: Kind[] = [];
  if (hasConfiguration(parts)) out.push(...configurationKinds);
  else if (doc.entryPoints.length > 0) out.push('entryPoint');
  if (hasGovernance(parts)) out.push(...governanceKinds);
  return out;
}

/** The document's records of `kind` that the import uses (with governance alone: the entry points tasks name). */
function docRecords(ctx: Pick<Context, 'doc' | 'parts'>, kind: Kind): { values: readonly Rec[]; indexes: number[] | undefined } {
  const values = ctx.doc[lists[kind]] as readonly Rec[];
  if (kind !== 'entryPoint' || hasConfiguration(ctx.parts)) return { values, indexes: undefined };
  const used = new Set<string>();
  for (const t of ctx.doc.tasks) for (const g of t.entryPoints) used.add(idKey(g.entryPoint));
  const indexes: number[] = [];
  values.forEach((v, i) => {
    if (used.has(idKey(displayId('entryPoint', v)))) indexes.push(i);
  });
  return { values: indexes.map((i) => values[i]!), indexes };
}

function sourceOf(ctx: Context, kind: Kind, index: number): RecordSource {
  return (ctx.sources[lists[kind]] as RecordSource[])[index] ?? { at: ctx.sources.root, refs: {} };
}

/** Is `id` of `kind` present after the import? */
function exists(ctx: Context, kind: Kind, id: string): boolean {
  const key = idKey(id);
  if (ctx.keys.get(kind)?.has(key) || ctx.invalid.has(key)) return true;
  const state = ctx.model[lists[kind]] as ReadonlyMap<string, Rec>;
  const existing = state.get(key);
  if (!existing) return false;
  return !removed(ctx, kind, existing);
}

/** Will the import remove this state record (replace, not in the document)? */
function removed(ctx: Context, kind: Kind, existing: Rec): boolean {
  if (!ctx.removing.has(kind)) return false;
  if (ctx.keys.get(kind)?.has(idKey(displayId(kind, existing)))) return false;
  if (ctx.scopeCategories && (kind === 'securityCategory' || kind === 'process' || kind === 'task')) {
    const category = categoryOf(ctx, kind, existing);
    return category !== undefined && ctx.scopeCategories.has(category);
  }
  return true;
}

function categoryOf(ctx: Context, kind: 'securityCategory' | 'process' | 'task', record: Rec): string | undefined {
  if (kind === 'securityCategory') return idKey((record as { id: string }).id);
  if (kind === 'process') return idKey((record as { category: string }).category);
  const process = ctx.model.processes.get(idKey((record as { process: string }).process));
  return process ? idKey(process.category) : undefined;
}

function checkDocument(ctx: Context, kinds: readonly Kind[]): void {
  const { problems, doc } = ctx;
  // Duplicates within the document (ids are case-insensitive).
  for (const kind of kinds) {
    const keys = new Map<string, number>();
    const { values, indexes } = docRecords(ctx, kind);
    values.forEach((value, i) => {
      const index = indexes ? indexes[i]! : i;
      const id = displayId(kind, value);
      const key = idKey(id);
      const first = keys.get(key);
      if (first !== undefined) {
        const other = displayId(kind, (doc[lists[kind]] as readonly Rec[])[first]!);
        const line = problems.lines.locate(sourceOf(ctx, kind, first).at).line;
        problems.add('DUPLICATE_ID', sourceOf(ctx, kind, index).at, `${kindLabels[kind]} "${id}" appears twice in the document${other === id ? '' : ` (as "${other}"; ids are case-insensitive)`}, first on line ${line}`, [id, other]);
      } else keys.set(key, index);
    });
    ctx.keys.set(kind, keys);
  }

  const missing = (at: number, ownerKind: string, owner: string, what: string, id: string) =>
    problems.add('MISSING_REFERENCE', at, `${ownerKind} "${owner}" refers to missing ${what} "${id}" (not in the document${ctx.action === 'replace' ? '' : ' nor in the current state'})`, [owner, id]);
  const checkList = (kind: Kind, list: string, target: Kind, ids: (v: Rec) => readonly string[]) => {
    if (!ctx.keys.has(kind)) return;
    const { values, indexes } = docRecords(ctx, kind);
    values.forEach((value, i) => {
      const source = sourceOf(ctx, kind, indexes ? indexes[i]! : i);
      ids(value).forEach((id, j) => {
        if (!exists(ctx, target, id)) missing(source.refs[list]?.[j] ?? source.at, kindLabels[kind], displayId(kind, value), kindLabels[target], id);
      });
    });
  };
  const grantsOf = (field: string) => (v: Rec) => (v[field] as { entryPoint: string }[]).map((g) => g.entryPoint);
  checkList('privilege', 'grants', 'entryPoint', grantsOf('grants'));
  checkList('duty', 'privileges', 'privilege', (v) => v.privileges as string[]);
  checkList('role', 'duties', 'duty', (v) => v.duties as string[]);
  checkList('role', 'privileges', 'privilege', (v) => v.privileges as string[]);
  checkList('role', 'subRoles', 'role', (v) => v.subRoles as string[]);
  checkList('task', 'entryPoints', 'entryPoint', grantsOf('entryPoints'));
  checkList('task', 'process', 'process', (v) => [v.process as string]);
  checkList('process', 'category', 'securityCategory', (v) => [v.category as string]);
  checkList('process', 'parent', 'process', (v) => (v.parent === undefined ? [] : [v.parent as string]));
  checkList('sodRule', 'duties', 'duty', (v) => [v.firstDuty as string, v.secondDuty as string]);
  checkList('assignmentRule', 'role', 'role', (v) => [v.role as string]);
  // Licences of entry points: the document's catalogue when imported, else the current one.
  const catalogue = hasConfiguration(ctx.parts) && doc.licenses ? doc.licenses : ctx.model.licenses;
  const licences = new Set(catalogue.licenses.map((l) => idKey(l.id)));
  if (hasConfiguration(ctx.parts) && doc.licenses) {
    doc.licenses.licenses.forEach((l, i) => {
      for (const covered of l.covers) if (!licences.has(idKey(covered))) missing(ctx.sources.licenseAt[i] ?? ctx.sources.licenses, 'licence', l.id, 'licence', covered);
    });
  }
  if (ctx.keys.has('entryPoint')) {
    const { values, indexes } = docRecords(ctx, 'entryPoint');
    values.forEach((ep, i) => {
      for (const licence of [ep.viewLicense as string, ep.maintainLicense as string]) {
        if (!licences.has(idKey(licence))) missing(sourceOf(ctx, 'entryPoint', indexes ? indexes[i]! : i).at, 'entry point', displayId('entryPoint', ep), 'licence', licence);
      }
    });
  }
}

function buildChanges(ctx: Context, kinds: readonly Kind[]): Change[] {
  const changes: Change[] = [];
  const { model, doc } = ctx;
  if (hasConfiguration(ctx.parts) && doc.licenses && !sameValue(model.licenses, doc.licenses)) changes.push({ op: 'setLicenseCatalogue', catalogue: doc.licenses });
  // Removals first (a record re-added under another spelling of its id is removed, then added).
  for (const kind of kinds) {
    if (!ctx.removing.has(kind)) continue;
    for (const existing of (model[lists[kind]] as ReadonlyMap<string, Rec>).values()) {
      if (removed(ctx, kind, existing)) changes.push({ op: 'remove', kind, id: displayId(kind, existing) } as Change);
    }
  }
  for (const kind of kinds) {
    const state = model[lists[kind]] as ReadonlyMap<string, Rec>;
    for (const value of docRecords(ctx, kind).values) {
      const id = displayId(kind, value);
      const existing = state.get(idKey(id));
      if (!existing) {
        changes.push({ op: 'add', kind, value } as Change);
        continue;
      }
      if (sameValue(existing, value)) continue;
      if (displayId(kind, existing) !== id) {
        changes.push({ op: 'remove', kind, id: displayId(kind, existing) } as Change, { op: 'add', kind, value } as Change);
        continue;
      }
      const patch: Record<string, unknown> = {};
      for (const field of patchFields[kind]) {
        const next = value[field];
        const before = existing[field];
        if (sameValue(before, next)) continue;
        patch[field] = next === undefined ? null : next;
      }
      changes.push({ op: 'update', kind, id, patch } as Change);
    }
  }
  if (hasGovernance(ctx.parts) && doc.parameters) {
    const patch: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(doc.parameters)) {
      if (!sameValue((model.parameters as Record<string, unknown>)[field], value)) patch[field] = value;
    }
    if (Object.keys(patch).length > 0) changes.push({ op: 'setParameters', patch });
  }
  return changes;
}

/** Place problems of a failed trial apply on the document: at the element of the first id they name. */
function placeApplyProblems(ctx: Context, error: SecGovError): void {
  const where = new Map<string, number>();
  for (const kind of ctx.keys.keys()) {
    const { values, indexes } = docRecords(ctx, kind);
    values.forEach((v, i) => {
      const key = idKey(displayId(kind, v));
      if (!where.has(key)) where.set(key, sourceOf(ctx, kind, indexes ? indexes[i]! : i).at);
    });
  }
  const problems: readonly Problem[] = error.details.problems ?? [{ code: error.code, message: error.message }];
  for (const p of problems) {
    const at = (p.ids ?? []).map((id) => where.get(idKey(id))).find((x) => x !== undefined) ?? ctx.sources.root;
    ctx.problems.add(p.code, at, p.message, p.ids);
  }
}

/**
 * Plan an import: read and check the document, resolve its references against the document plus
 * `model`, compute the change records and try them.
 *
 * @internal
 */
export function planImport(model: SecurityModel, xml: string | Uint8Array, options: ImportOptions = {}): ImportPlan {
  const opts = parseOrThrow(importOptionsSchema, options, 'import options');
  const { doc, sources, problems, invalid } = readDocument(xml, resolveLimits(opts.limits), opts.file);
  const parts = opts.parts ?? doc.parts;
  const action = opts.action ?? 'merge';
  if ((hasConfiguration(parts) && !hasConfiguration(doc.parts)) || (hasGovernance(parts) && !hasGovernance(doc.parts))) {
    problems.add('VALIDATION_FAILED', sources.root, `the import asks for parts "${parts}" but the document carries only "${doc.parts}"`);
    throw xmlError(problems.items, 'the transfer document cannot be imported');
  }
  const kinds = importedKinds(parts, doc);
  const removing = new Set<Kind>();
  if (action === 'replace') {
    if (hasConfiguration(parts)) configurationKinds.forEach((k) => removing.add(k));
    if (hasGovernance(parts)) governanceKinds.forEach((k) => removing.add(k));
  }
  const scopeCategories = hasGovernance(parts) && !doc.governanceComplete ? new Set(doc.securityCategories.map((c) => idKey(c.id))) : undefined;
  const ctx: Context = { model, doc, sources, problems, parts, action, keys: new Map(), removing, scopeCategories, invalid };
  checkDocument(ctx, kinds);
  if (!problems.empty) throw xmlError(problems.items, 'the transfer document cannot be imported', problems.dropped);
  const changes = buildChanges(ctx, kinds);
  if (changes.length === 0) return { changes, model, document: doc, parts };
  let next: SecurityModel;
  try {
    next = applyTrustedChanges(model, changes);
  } catch (error) {
    if (!(error instanceof SecGovError)) throw error;
    placeApplyProblems(ctx, error);
    throw xmlError(problems.items, 'the transfer document cannot be imported', problems.dropped);
  }
  return { changes, model: next, document: doc, parts };
}

/**
 * The change records that import `xml` into `model` (all or nothing: every problem is reported
 * before anything is returned). Apply them with {@link applyChanges}, or record them as one change
 * through the governance service.
 *
 * @throws {@link index!SecGovError} listing every problem, each with line and column
 */
export function importChanges(model: SecurityModel, xml: string | Uint8Array, options: ImportOptions = {}): Change[] {
  return planImport(model, xml, options).changes;
}

/** The result of {@link importXml}. */
export interface ImportResult {
  /** The model with the document imported. */
  readonly model: SecurityModel;
  /** The change records applied (one batch). */
  readonly changes: readonly Change[];
}

/**
 * Import a transfer document into `model`: all or nothing. Returns the new model and the change
 * records that made it; `model` itself is never modified.
 *
 * @example
 * const { model: next, changes } = importXml(model, xml, { parts: 'both', action: 'replace' });
 * @throws {@link index!SecGovError} listing every problem, each with line and column; nothing is applied
 */
export function importXml(model: SecurityModel, xml: string | Uint8Array, options: ImportOptions = {}): ImportResult {
  const plan = planImport(model, xml, options);
  return { model: plan.model, changes: plan.changes };
}

/** The result of {@link previewImport}. */
export interface ImportPreview {
  /** The change records the import would apply. */
  readonly changes: readonly Change[];
  /** The structured difference between the current state and the state after the import, over the imported parts. */
  readonly comparison: ModelComparison;
}

/**
 * What importing `xml` would change, without changing anything: the change records and the
 * structured diff ({@link compareModels}) of the imported parts. `options.detail` is
 * `differences` (default) or `all`, as for {@link compareModels}.
 *
 * @throws {@link index!SecGovError} as {@link importXml}
 */
export function previewImport(model: SecurityModel, xml: string | Uint8Array, options: ImportOptions & { readonly detail?: 'differences' | 'all' } = {}): ImportPreview {
  if (!isRecord(options)) throw invalid('options', 'an object { parts?, action?, limits?, file?, detail? }', options);
  const { detail, ...rest } = readArgument('options', () => ({ ...options }));
  if (detail !== undefined && detail !== 'differences' && detail !== 'all') throw invalid('options.detail', "'differences' or 'all'", detail);
  const plan = planImport(model, xml, rest);
  const parts: Part[] = plan.parts === 'both' ? ['configuration', 'governance'] : [plan.parts];
  return { changes: plan.changes, comparison: compareModels(model, plan.model, { detail: detail ?? 'differences', parts }) };
}

export type { XmlProblem };
