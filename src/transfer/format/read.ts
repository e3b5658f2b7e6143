/**
 * Reading a secgov transfer document into records: every element and attribute checked, every
 * record validated by its schema, every problem reported with its line and column.
 *
 * @module
 */
import type { z } from 'zod';
import type { Condition } from '../../model/design-schemas.js';
import { assignmentRuleSchema, processSchema, securityCategorySchema, taskSchema, type AssignmentRule, type Process, type SecurityCategory, type Task } from '../../model/design-schemas.js';
import { sodRuleSchema, type SodRule } from '../../model/governance-schemas.js';
import { parametersSchema, type Parameters } from '../../model/parameters.js';
import {
  dutySchema,
  entryPointSchema,
  licenseCatalogueSchema,
  privilegeSchema,
  rights,
  roleSchema,
  type Duty,
  type EntryPoint,
  type LicenseCatalogue,
  type Privilege,
  type Role,
} from '../../model/schemas.js';
import type { XmlLimits } from '../xml/limits.js';
import { attrKey, childrenOf, decodeEntities, elementName, parseXmlText, writtenName, type XNode } from '../xml/parse.js';
import type { ProblemList } from '../xml/problems.js';
import { TRANSFER_FORMAT_VERSION, TRANSFER_NAMESPACE, TRANSFER_ROOT, type TransferPart } from './constants.js';

/** Where a record came from: its element, and the elements of its references (by list name). */
export interface RecordSource {
  /** Offset of the record's element. */
  readonly at: number;
  /** Offsets of reference elements, per list (`grants`, `privileges`, `duties`, `subRoles`, `entryPoints`, `covers`). */
  readonly refs: Record<string, number[]>;
}

/** The content of a transfer document: records as the schemas output them. */
export interface TransferDocument {
  /** The format version of the document. */
  readonly formatVersion: number;
  /** The parts the document carries. */
  readonly parts: TransferPart;
  /** False when the governance part holds only some security categories. */
  readonly governanceComplete: boolean;
  /** The licence catalogue (configuration). */
  readonly licenses?: LicenseCatalogue;
  /** The governance parameters (governance). */
  readonly parameters?: Parameters;
  /** Entry points (configuration, or those the tasks of the governance part name). */
  readonly entryPoints: EntryPoint[];
  /** Privileges. */
  readonly privileges: Privilege[];
  /** Duties. */
  readonly duties: Duty[];
  /** Roles. */
  readonly roles: Role[];
  /** SoD rules. */
  readonly sodRules: SodRule[];
  /** Automatic assignment rules. */
  readonly assignmentRules: AssignmentRule[];
  /** Security categories. */
  readonly securityCategories: SecurityCategory[];
  /** Process nodes. */
  readonly processes: Process[];
  /** Tasks. */
  readonly tasks: Task[];
}

/** Record sources, parallel to the record arrays of a {@link TransferDocument}. @internal */
export interface DocumentSources {
  readonly root: number;
  readonly licenses: number;
  readonly licenseAt: number[];
  readonly parameters: number;
  readonly entryPoints: RecordSource[];
  readonly privileges: RecordSource[];
  readonly duties: RecordSource[];
  readonly roles: RecordSource[];
  readonly sodRules: RecordSource[];
  readonly assignmentRules: RecordSource[];
  readonly securityCategories: RecordSource[];
  readonly processes: RecordSource[];
  readonly tasks: RecordSource[];
}

type Attrs = Record<string, string> | undefined;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const BOOL: Record<string, boolean> = { true: true, false: false };

/** Reads one document; walks elements in pre-order so each element's offset is `starts[index]`. */
class Reader {
  private index = 0;
  readonly doc: Mutable<TransferDocument> = {
    formatVersion: TRANSFER_FORMAT_VERSION,
    parts: 'both',
    governanceComplete: true,
    entryPoints: [],
    privileges: [],
    duties: [],
    roles: [],
    sodRules: [],
    assignmentRules: [],
    securityCategories: [],
    processes: [],
    tasks: [],
  };
  readonly sources: Mutable<DocumentSources> = {
    root: 0,
    licenses: 0,
    licenseAt: [],
    parameters: 0,
    entryPoints: [],
    privileges: [],
    duties: [],
    roles: [],
    sodRules: [],
    assignmentRules: [],
    securityCategories: [],
    processes: [],
    tasks: [],
  };
  private configurationSeen = false;
  private governanceSeen = false;

  constructor(
    private readonly starts: readonly number[],
    private readonly problems: ProblemList,
  ) {}

  /** Enter an element: its offset. Children are then visited in order (or skipped). */
  private enter(): number {
    return this.starts[this.index++] ?? 0;
  }

  /** Skip the elements in `children` and below: only their count matters (without recursion, so any depth is skipped). */
  private skipChildren(children: XNode[]): void {
    const pending = [children];
    while (pending.length > 0) {
      for (const child of pending.pop()!) {
        const name = elementName(child);
        if (name === undefined || name === '?xml') continue;
        this.index++;
        pending.push(childrenOf(child, name));
      }
    }
  }

  private problem(at: number, message: string, code: 'VALIDATION_FAILED' | 'PARSE_FAILED' = 'VALIDATION_FAILED', ids?: readonly string[]): void {
    this.problems.add(code, at, message, ids);
  }

  /** Visit the element children of `children`, calling `visit` with each; text other than white space is a problem. */
  private elements(children: XNode[], parent: string, at: number, visit: (name: string, node: XNode, at: number) => void): void {
    for (const child of children) {
      const name = elementName(child);
      if (name === undefined) {
        if ('#text' in child || '#cdata' in child) this.problem(at, `<${parent}> holds text; only elements are expected there`);
        continue;
      }
      if (name === '?xml') continue;
      visit(name, child, this.enter());
    }
  }

  private unknown(name: string, node: XNode, at: number, parent: string): void {
    this.problem(at, `unknown element <${writtenName(name)}> in <${parent}>`);
    this.skipChildren(childrenOf(node, name));
  }

  /** Check that only `allowed` attributes are present. */
  private checkAttrs(attrs: Attrs, element: string, at: number, allowed: ReadonlySet<string>): void {
    if (!attrs) return;
    for (const key in attrs) {
      const name = key.slice(2);
      const base = name.endsWith('.json') ? name.slice(0, -5) : name;
      if (!allowed.has(base)) this.problem(at, `unknown attribute "${writtenName(name)}" on <${element}>`);
    }
  }

  /** A string attribute (decoded; `name.json` form accepted), or undefined. */
  private str(attrs: Attrs, name: string, element: string, at: number, required: boolean): string | undefined {
    const raw = attrs?.[attrKey(name)];
    if (raw !== undefined) {
      if (attrs![attrKey(name + '.json')] !== undefined) this.problem(at, `<${element}> has both "${name}" and "${name}.json"`);
      return decodeEntities(raw);
    }
    const json = attrs?.[attrKey(name + '.json')];
    if (json !== undefined) return this.json(decodeEntities(json), `attribute "${name}.json" of <${element}>`, at);
    if (required) this.problem(at, `<${element}> needs the attribute "${name}"`);
    return undefined;
  }

  private json(text: string, what: string, at: number): string | undefined {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'string') return value;
    } catch {
      // reported below
    }
    this.problem(at, `${what} must hold a JSON string literal`);
    return undefined;
  }

  private bool(attrs: Attrs, name: string, element: string, at: number, fallback: boolean | undefined): boolean | undefined {
    const raw = attrs?.[attrKey(name)];
    if (raw === undefined) {
      if (fallback === undefined) this.problem(at, `<${element}> needs the attribute "${name}"`);
      return fallback;
    }
    const value = BOOL[raw];
    if (value === undefined) this.problem(at, `attribute "${name}" of <${element}> must be "true" or "false", not "${decodeEntities(raw).slice(0, 100)}"`);
    return value;
  }

  private num(raw: string, what: string, at: number): number | undefined {
    const value = raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(value)) {
      this.problem(at, `${what} must be a number, not "${raw.slice(0, 100)}"`);
      return undefined;
    }
    return value;
  }

  /** The text content of a text element (`encoding="json"` accepted). */
  private text(node: XNode, name: string, at: number): string | undefined {
    const attrs = node[':@'] as Attrs;
    this.checkAttrs(attrs, name, at, ENCODING_ONLY);
    let raw = '';
    for (const child of childrenOf(node, name)) {
      if ('#text' in child) raw += decodeEntities(String(child['#text']));
      else if ('#cdata' in child) raw += cdataText(child);
      else {
        const n = elementName(child);
        if (n !== undefined && n !== '?xml') this.unknown(n, child, this.enter(), name);
      }
    }
    const encoding = attrs?.[attrKey('encoding')];
    if (encoding === undefined) return raw;
    if (encoding !== 'json') {
      this.problem(at, `attribute "encoding" of <${name}> must be "json"`);
      return undefined;
    }
    return this.json(raw, `<${name} encoding="json">`, at);
  }

  /** Ids (keys) of records that failed validation, so references to them are not reported again. */
  readonly invalid = new Set<string>();

  /** Validate `input` with `schema`; problems point at the element (or the reference element named by the issue path). */
  private validate<S extends z.ZodType>(schema: S, input: unknown, what: string, source: RecordSource): z.output<S> | undefined {
    const result = schema.safeParse(input);
    if (result.success) return result.data;
    const id = (input as { id?: unknown }).id;
    if (typeof id === 'string') this.invalid.add(id.toLowerCase());
    for (const issue of result.error.issues.slice(0, 50)) {
      const [list, index] = issue.path;
      let at = source.at;
      if (typeof list === 'string' && typeof index === 'number') at = source.refs[list]?.[index] ?? at;
      const path = issue.path.map(String).join('.');
      this.problem(at, `${what}: ${path ? `${path}: ` : ''}${issue.message}`);
    }
    return undefined;
  }

  read(nodes: XNode[]): void {
    let root: XNode | undefined;
    for (const node of nodes) {
      const name = elementName(node);
      if (name === undefined || name === '?xml') continue;
      root = node;
    }
    if (!root) return;
    const name = elementName(root)!;
    const at = this.enter();
    this.sources.root = at;
    if (name !== TRANSFER_ROOT) {
      this.problem(at, `the root element is <${writtenName(name)}>; a secgov transfer document starts with <${TRANSFER_ROOT} xmlns="${TRANSFER_NAMESPACE}">`, 'PARSE_FAILED');
      return;
    }
    const attrs = root[':@'] as Attrs;
    this.checkAttrs(attrs, name, at, ROOT_ATTRS);
    const ns = attrs?.[attrKey('xmlns')];
    if (ns !== TRANSFER_NAMESPACE) this.problem(at, `<${TRANSFER_ROOT}> must declare xmlns="${TRANSFER_NAMESPACE}"${ns === undefined ? '' : `, not "${decodeEntities(ns).slice(0, 200)}"`}`, 'PARSE_FAILED');
    const version = attrs?.[attrKey('formatVersion')];
    if (version !== String(TRANSFER_FORMAT_VERSION)) {
      this.problem(at, version === undefined ? `<${TRANSFER_ROOT}> needs formatVersion="${TRANSFER_FORMAT_VERSION}"` : `formatVersion "${decodeEntities(version).slice(0, 50)}" is not supported (this release reads version ${TRANSFER_FORMAT_VERSION})`, 'PARSE_FAILED');
      return;
    }
    const parts = attrs?.[attrKey('parts')];
    if (parts !== 'both' && parts !== 'governance' && parts !== 'configuration') this.problem(at, `attribute "parts" of <${TRANSFER_ROOT}> must be "governance", "configuration" or "both"`);
    else this.doc.parts = parts;
    this.elements(childrenOf(root, name), name, at, (child, node, childAt) => {
      if (child === 'configuration' && !this.configurationSeen) {
        this.configurationSeen = true;
        this.configuration(node, childAt);
      } else if (child === 'governance' && !this.governanceSeen) {
        this.governanceSeen = true;
        this.governance(node, childAt);
      } else if (child === 'configuration' || child === 'governance') {
        this.problem(childAt, `<${child}> appears twice`);
        this.skipChildren(childrenOf(node, child));
      } else this.unknown(child, node, childAt, name);
    });
    const wantConfiguration = this.doc.parts !== 'governance';
    const wantGovernance = this.doc.parts !== 'configuration';
    if (wantConfiguration !== this.configurationSeen) this.problem(at, wantConfiguration ? `parts="${this.doc.parts}" but there is no <configuration>` : `parts="governance" but there is a <configuration>`);
    if (wantGovernance !== this.governanceSeen) this.problem(at, wantGovernance ? `parts="${this.doc.parts}" but there is no <governance>` : `parts="configuration" but there is a <governance>`);
  }

  private sections(node: XNode, name: string, at: number, handlers: Record<string, (node: XNode, at: number) => void>): void {
    const seen = new Set<string>();
    this.elements(childrenOf(node, name), name, at, (child, childNode, childAt) => {
      const handler = Object.prototype.hasOwnProperty.call(handlers, child) ? handlers[child] : undefined;
      if (!handler) return this.unknown(child, childNode, childAt, name);
      if (seen.has(child)) {
        this.problem(childAt, `<${child}> appears twice in <${name}>`);
        return this.skipChildren(childrenOf(childNode, child));
      }
      seen.add(child);
      handler(childNode, childAt);
    });
  }

  /** Read the items of a list section (all children must be `item` elements). */
  private list(node: XNode, name: string, at: number, item: string, read: (node: XNode, at: number) => void): void {
    this.checkAttrs(node[':@'] as Attrs, name, at, NONE);
    this.elements(childrenOf(node, name), name, at, (child, childNode, childAt) => {
      if (child !== item) return this.unknown(child, childNode, childAt, name);
      read(childNode, childAt);
    });
  }

  private configuration(node: XNode, at: number): void {
    this.checkAttrs(node[':@'] as Attrs, 'configuration', at, NONE);
    this.sections(node, 'configuration', at, {
      licenses: (n, a) => this.licenses(n, a),
      entryPoints: (n, a) => this.list(n, 'entryPoints', a, 'entryPoint', (e, ea) => this.entryPoint(e, ea)),
      privileges: (n, a) => this.list(n, 'privileges', a, 'privilege', (e, ea) => this.privilege(e, ea)),
      duties: (n, a) => this.list(n, 'duties', a, 'duty', (e, ea) => this.duty(e, ea)),
      roles: (n, a) => this.list(n, 'roles', a, 'role', (e, ea) => this.role(e, ea)),
    });
  }

  private governance(node: XNode, at: number): void {
    const attrs = node[':@'] as Attrs;
    this.checkAttrs(attrs, 'governance', at, COMPLETE_ONLY);
    if (attrs?.[attrKey('complete')] !== undefined) this.doc.governanceComplete = this.bool(attrs, 'complete', 'governance', at, true) ?? true;
    this.sections(node, 'governance', at, {
      entryPoints: (n, a) => this.list(n, 'entryPoints', a, 'entryPoint', (e, ea) => this.entryPoint(e, ea)),
      securityCategories: (n, a) => this.list(n, 'securityCategories', a, 'securityCategory', (e, ea) => this.category(e, ea)),
      processes: (n, a) => this.list(n, 'processes', a, 'process', (e, ea) => this.process(e, ea)),
      tasks: (n, a) => this.list(n, 'tasks', a, 'task', (e, ea) => this.task(e, ea)),
      sodRules: (n, a) => this.list(n, 'sodRules', a, 'sodRule', (e, ea) => this.sodRule(e, ea)),
      assignmentRules: (n, a) => this.list(n, 'assignmentRules', a, 'assignmentRule', (e, ea) => this.assignmentRule(e, ea)),
      parameters: (n, a) => this.parameters(n, a),
    });
  }

  private licenses(node: XNode, at: number): void {
    this.sources.licenses = at;
    const licenses: { id: string | undefined; name: string | undefined; covers: string[] }[] = [];
    const source: RecordSource = { at, refs: { licenses: [] } };
    this.list(node, 'licenses', at, 'license', (n, a) => {
      const attrs = n[':@'] as Attrs;
      this.checkAttrs(attrs, 'license', a, ID_NAME);
      const license = { id: this.str(attrs, 'id', 'license', a, true), name: this.str(attrs, 'name', 'license', a, true), covers: [] as string[] };
      source.refs.licenses!.push(a);
      this.sources.licenseAt.push(a);
      this.elements(childrenOf(n, 'license'), 'license', a, (child, c, ca) => {
        if (child !== 'covers') return this.unknown(child, c, ca, 'license');
        const ref = this.ref(c, child, ca);
        if (ref !== undefined) license.covers.push(ref);
      });
      licenses.push(license);
    });
    const parsed = this.validate(licenseCatalogueSchema, { licenses }, 'licence catalogue', source);
    if (parsed) this.doc.licenses = parsed;
  }

  private parameters(node: XNode, at: number): void {
    this.sources.parameters = at;
    const attrs = node[':@'] as Attrs;
    this.checkAttrs(attrs, 'parameters', at, PARAMETER_ATTRS);
    this.skipChildren(childrenOf(node, 'parameters'));
    const input: Record<string, unknown> = {};
    for (const name of ['checkSimilarity', 'allowUnpublishedObjects', 'fourEyesApproval', 'requireJustification']) input[name] = this.bool(attrs, name, 'parameters', at, undefined);
    for (const name of ['similarityEnforcement', 'sodEnforcement', 'administratorRole']) input[name] = this.str(attrs, name, 'parameters', at, true);
    const level = attrs?.[attrKey('similarityLevel')];
    input.similarityLevel = level === undefined ? this.problem(at, '<parameters> needs the attribute "similarityLevel"') : this.num(level, 'attribute "similarityLevel"', at);
    const aging = attrs?.[attrKey('agingPeriods')];
    if (aging === undefined) this.problem(at, '<parameters> needs the attribute "agingPeriods"');
    else input.agingPeriods = aging.split(/\s+/).filter(Boolean).map((d) => this.num(d, 'each of "agingPeriods"', at));
    const parsed = this.validate(parametersSchema, input, 'parameters', { at, refs: {} });
    if (parsed) this.doc.parameters = parsed;
  }

  /** A `<x ref="…"/>` reference element. */
  private ref(node: XNode, name: string, at: number): string | undefined {
    const attrs = node[':@'] as Attrs;
    this.checkAttrs(attrs, name, at, REF_ONLY);
    this.noChildren(node, name);
    return this.str(attrs, 'ref', name, at, true);
  }

  private noChildren(node: XNode, name: string): void {
    const children = childrenOf(node, name);
    if (children.length === 0) return;
    this.elements(children, name, 0, (child, c, ca) => this.unknown(child, c, ca, name));
  }

  private entryPoint(node: XNode, at: number): void {
    const attrs = node[':@'] as Attrs;
    this.checkAttrs(attrs, 'entryPoint', at, ENTRY_POINT_ATTRS);
    this.noChildren(node, 'entryPoint');
    const input: Record<string, unknown> = {
      kind: this.str(attrs, 'kind', 'entryPoint', at, true),
      name: this.str(attrs, 'name', 'entryPoint', at, true),
      viewLicense: this.str(attrs, 'viewLicense', 'entryPoint', at, false),
      maintainLicense: this.str(attrs, 'maintainLicense', 'entryPoint', at, false),
    };
    const childName = this.str(attrs, 'childName', 'entryPoint', at, false);
    if (childName !== undefined) input.childName = childName;
    const label = this.str(attrs, 'label', 'entryPoint', at, false);
    if (label !== undefined) input.label = label;
    if (input.viewLicense === undefined) delete input.viewLicense;
    if (input.maintainLicense === undefined) delete input.maintainLicense;
    const source = { at, refs: {} };
    const value = this.validate(entryPointSchema, input, `entry point "${String(input.kind)}:${String(input.name)}"`, source);
    if (value) {
      this.doc.entryPoints.push(value);
      this.sources.entryPoints.push(source);
    }
  }

  private grant(node: XNode, at: number): Record<string, unknown> {
    const attrs = node[':@'] as Attrs;
    this.checkAttrs(attrs, 'grant', at, GRANT_ATTRS);
    this.noChildren(node, 'grant');
    const grant: Record<string, unknown> = { entryPoint: this.str(attrs, 'entryPoint', 'grant', at, true) };
    if (attrs) {
      for (const right of rights) {
        const v = attrs[attrKey(right)];
        if (v !== undefined) grant[right] = v;
      }
    }
    return grant;
  }

  /** Common reading of `<kind id name>` with an optional description and member children. */
  private record(node: XNode, element: string, at: number, allowed: ReadonlySet<string>, members: Record<string, string>, extra?: (name: string, node: XNode, at: number, input: Record<string, unknown>, source: RecordSource) => boolean): { input: Record<string, unknown>; source: RecordSource } {
    const attrs = node[':@'] as Attrs;
    this.checkAttrs(attrs, element, at, allowed);
    const input: Record<string, unknown> = {};
    for (const name of allowed) {
      if (name === 'enabled' || name === 'severity') continue;
      const v = this.str(attrs, name, element, at, name === 'id' || name === 'name');
      if (v !== undefined) input[name] = v;
    }
    const source: RecordSource = { at, refs: {} };
    for (const list of Object.values(members)) {
      input[list] = [];
      source.refs[list] = [];
    }
    let textSeen = false;
    this.elements(childrenOf(node, element), element, at, (child, c, ca) => {
      if (child === 'description') {
        if (textSeen) this.problem(ca, `<description> appears twice in <${element}>`);
        textSeen = true;
        const text = this.text(c, child, ca);
        if (text !== undefined) input.description = text;
        return;
      }
      const list = Object.prototype.hasOwnProperty.call(members, child) ? members[child] : undefined;
      if (list !== undefined) {
        const value = child === 'grant' ? this.grant(c, ca) : this.ref(c, child, ca);
        (input[list] as unknown[]).push(value);
        source.refs[list]!.push(ca);
        return;
      }
      if (extra && extra(child, c, ca, input, source)) return;
      this.unknown(child, c, ca, element);
    });
    return { input, source };
  }

  private privilege(node: XNode, at: number): void {
    const { input, source } = this.record(node, 'privilege', at, ID_NAME, { grant: 'grants' });
    const value = this.validate(privilegeSchema, input, `privilege "${String(input.id)}"`, source);
    if (value) this.doc.privileges.push(value), this.sources.privileges.push(source);
  }

  private duty(node: XNode, at: number): void {
    const { input, source } = this.record(node, 'duty', at, ID_NAME, { privilege: 'privileges' });
    const value = this.validate(dutySchema, input, `duty "${String(input.id)}"`, source);
    if (value) this.doc.duties.push(value), this.sources.duties.push(source);
  }

  private role(node: XNode, at: number): void {
    const { input, source } = this.record(node, 'role', at, ID_NAME, { duty: 'duties', privilege: 'privileges', subRole: 'subRoles' });
    const value = this.validate(roleSchema, input, `role "${String(input.id)}"`, source);
    if (value) this.doc.roles.push(value), this.sources.roles.push(source);
  }

  private sodRule(node: XNode, at: number): void {
    const attrs = node[':@'] as Attrs;
    const { input, source } = this.record(node, 'sodRule', at, SOD_ATTRS, {}, (child, c, ca, inp) => {
      if (child !== 'risk' && child !== 'mitigation') return false;
      if (inp[child] !== undefined) this.problem(ca, `<${child}> appears twice in <sodRule>`);
      const text = this.text(c, child, ca);
      if (text !== undefined) inp[child] = text;
      return true;
    });
    const severity = attrs?.[attrKey('severity')];
    if (severity !== undefined) input.severity = decodeEntities(severity);
    const enabled = this.bool(attrs, 'enabled', 'sodRule', at, true);
    if (enabled !== undefined) input.enabled = enabled;
    if ('description' in input) {
      this.problem(at, '<sodRule> has no <description>; use <risk> and <mitigation>');
      delete input.description;
    }
    const value = this.validate(sodRuleSchema, input, `SoD rule "${String(input.id)}"`, source);
    if (value) this.doc.sodRules.push(value), this.sources.sodRules.push(source);
  }

  private assignmentRule(node: XNode, at: number): void {
    const attrs = node[':@'] as Attrs;
    let conditionSeen = false;
    const { input, source } = this.record(node, 'assignmentRule', at, RULE_ATTRS, {}, (child, c, ca, inp) => {
      if (child === 'scope') {
        if (inp.scope !== undefined) this.problem(ca, '<scope> appears twice in <assignmentRule>');
        this.checkAttrs(c[':@'] as Attrs, 'scope', ca, NONE);
        const organizations: Record<string, unknown>[] = [];
        this.elements(childrenOf(c, 'scope'), 'scope', ca, (o, on, oa) => {
          if (o !== 'organization') return this.unknown(o, on, oa, 'scope');
          const oattrs = on[':@'] as Attrs;
          this.checkAttrs(oattrs, 'organization', oa, ORG_ATTRS);
          this.noChildren(on, o);
          organizations.push({ id: this.str(oattrs, 'id', o, oa, true), includeChildren: this.bool(oattrs, 'includeChildren', o, oa, false) });
        });
        inp.scope = { organizations };
        return true;
      }
      if (child === 'condition') {
        if (conditionSeen) this.problem(ca, '<condition> appears twice in <assignmentRule>');
        conditionSeen = true;
        this.checkAttrs(c[':@'] as Attrs, 'condition', ca, NONE);
        const conditions = this.conditions(c, 'condition', ca);
        if (conditions.length !== 1) this.problem(ca, '<condition> must hold exactly one condition element');
        else inp.condition = conditions[0];
        return true;
      }
      return false;
    });
    const enabled = this.bool(attrs, 'enabled', 'assignmentRule', at, true);
    if (enabled !== undefined) input.enabled = enabled;
    if ('description' in input) {
      this.problem(at, '<assignmentRule> has no <description>');
      delete input.description;
    }
    if (!conditionSeen) this.problem(at, '<assignmentRule> needs a <condition>');
    const value = this.validate(assignmentRuleSchema, input, `assignment rule "${String(input.id)}"`, source);
    if (value) this.doc.assignmentRules.push(value), this.sources.assignmentRules.push(source);
  }

  private conditions(node: XNode, name: string, at: number): Condition[] {
    const out: Condition[] = [];
    this.elements(childrenOf(node, name), name, at, (child, c, ca) => {
      const attrs = c[':@'] as Attrs;
      if (child === 'and' || child === 'or' || child === 'not') {
        this.checkAttrs(attrs, child, ca, NONE);
        const inner = this.conditions(c, child, ca);
        if (child === 'not') {
          if (inner.length !== 1) this.problem(ca, '<not> must hold exactly one condition element');
          else out.push({ not: inner[0]! });
        } else out.push(child === 'and' ? { and: inner } : { or: inner });
        return;
      }
      if (child === 'equals' || child === 'exists' || child === 'in') {
        this.checkAttrs(attrs, child, ca, child === 'in' ? ATTRIBUTE_ONLY : ATTRIBUTE_VALUE);
        const attribute = this.str(attrs, 'attribute', child, ca, true) ?? '';
        if (child === 'equals') {
          this.noChildren(c, child);
          out.push({ attribute, equals: this.str(attrs, 'value', child, ca, true) ?? '' });
        } else if (child === 'exists') {
          this.noChildren(c, child);
          out.push({ attribute, exists: this.bool(attrs, 'value', child, ca, undefined) ?? true });
        } else {
          const values: string[] = [];
          this.elements(childrenOf(c, child), child, ca, (v, vn, va) => {
            if (v !== 'value') return this.unknown(v, vn, va, 'in');
            const vattrs = vn[':@'] as Attrs;
            this.checkAttrs(vattrs, 'value', va, VALUE_ONLY);
            this.noChildren(vn, v);
            values.push(this.str(vattrs, 'value', 'value', va, true) ?? '');
          });
          out.push({ attribute, in: values });
        }
        return;
      }
      this.unknown(child, c, ca, name);
    });
    return out;
  }

  private category(node: XNode, at: number): void {
    const { input, source } = this.record(node, 'securityCategory', at, ID_NAME, {});
    const value = this.validate(securityCategorySchema, input, `security category "${String(input.id)}"`, source);
    if (value) this.doc.securityCategories.push(value), this.sources.securityCategories.push(source);
  }

  private process(node: XNode, at: number): void {
    const { input, source } = this.record(node, 'process', at, PROCESS_ATTRS, {});
    const value = this.validate(processSchema, input, `process "${String(input.id)}"`, source);
    if (value) this.doc.processes.push(value), this.sources.processes.push(source);
  }

  private task(node: XNode, at: number): void {
    const { input, source } = this.record(node, 'task', at, TASK_ATTRS, { grant: 'entryPoints' });
    const value = this.validate(taskSchema, input, `task "${String(input.id)}"`, source);
    if (value) this.doc.tasks.push(value), this.sources.tasks.push(source);
  }
}

function cdataText(node: XNode): string {
  let out = '';
  for (const t of node['#cdata'] as XNode[]) out += String(t['#text'] ?? '');
  return out;
}

const set = (...names: string[]): ReadonlySet<string> => new Set(names);
const NONE = set();
const ROOT_ATTRS = set('xmlns', 'formatVersion', 'parts');
const COMPLETE_ONLY = set('complete');
const ENCODING_ONLY = set('encoding');
const ID_NAME = set('id', 'name');
const REF_ONLY = set('ref');
const VALUE_ONLY = set('value');
const ATTRIBUTE_ONLY = set('attribute');
const ATTRIBUTE_VALUE = set('attribute', 'value');
const ORG_ATTRS = set('id', 'includeChildren');
const ENTRY_POINT_ATTRS = set('kind', 'name', 'childName', 'label', 'viewLicense', 'maintainLicense');
const GRANT_ATTRS = set('entryPoint', ...rights);
const SOD_ATTRS = set('id', 'name', 'firstDuty', 'secondDuty', 'severity', 'enabled');
const RULE_ATTRS = set('id', 'name', 'role', 'enabled');
const PROCESS_ATTRS = set('id', 'name', 'category', 'parent');
const TASK_ATTRS = set('id', 'name', 'process');
const PARAMETER_ATTRS = set('checkSimilarity', 'similarityLevel', 'similarityEnforcement', 'allowUnpublishedObjects', 'agingPeriods', 'sodEnforcement', 'fourEyesApproval', 'requireJustification', 'administratorRole');

/**
 * Read a transfer document's text: scan, parse and check every element.
 *
 * @returns the document (records that failed are left out and their problems recorded), or
 *   `undefined` when the document could not be parsed at all
 * @internal
 */
export function readTransferText(text: string, limits: XmlLimits, problems: ProblemList): { doc: TransferDocument; sources: DocumentSources; invalid: ReadonlySet<string> } | undefined {
  const parsed = parseXmlText(text, limits, problems);
  if (!parsed) return undefined;
  const reader = new Reader(parsed.starts, problems);
  reader.read(parsed.nodes);
  return { doc: reader.doc, sources: reader.sources, invalid: reader.invalid };
}
