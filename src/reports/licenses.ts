/**
 * Licence usage reports: by user, role, duty, privilege and entry point, totals per licence, and
 * the difference between two models (published and with unpublished changes).
 *
 * @module
 */
import { z } from 'zod';
import { accessLevel, type AccessLevel } from '../model/access-level.js';
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import { entryPointId, rights, type EntryPoint, type EntryPointKind, type Grant, type Right } from '../model/schemas.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { assertModel } from '../model/assert-model.js';
import { assertCompiledFrom, invalid, isRecord, readOptions } from '../model/arguments.js';
import { compileLicenses, type LicenseIndex } from '../licensing/compile.js';
import type { EntitlementStatus, LicenseRequirement, LicenseSummary } from '../licensing/types.js';
import { byKey, holdersByRole } from './common.js';
import { column, table, type ReportColumn, type ReportDocument, type SummaryItem } from './document.js';

/** What a licence usage report lists one row per. */
export type LicenseReportBy = 'user' | 'role' | 'duty' | 'privilege' | 'entry-point';

/** The licence standing of one user. */
export interface UserLicenseRow {
  /** The user (display id). */
  readonly user: string;
  /** The user's name. */
  readonly userName: string;
  /** Whether the account is enabled (disabled users need no licence). */
  readonly enabled: boolean;
  /** The base licence, or null when none is needed. */
  readonly base: string | null;
  /** The attach licences. */
  readonly attach: readonly string[];
  /** How many licences the user needs: the base plus the attach licences. */
  readonly quantity: number;
  /** Roles assigned. */
  readonly roles: number;
}

/** The licence standing of one role, duty or privilege. */
export interface ObjectLicenseRow {
  /** The kind of object. */
  readonly kind: 'role' | 'duty' | 'privilege';
  /** The object's id. */
  readonly id: string;
  /** Its name. */
  readonly name: string;
  /** The base licence, or null when none is needed. */
  readonly base: string | null;
  /** The attach licences. */
  readonly attach: readonly string[];
  /** True for the administrator role, whose needs do not count. */
  readonly exempt: boolean;
  /** Children (entry points, privileges, duties, sub-roles) the base licence entitles. */
  readonly entitled: number;
  /** Children needing an attach licence. */
  readonly notEntitled: number;
  /** Children needing no licence. */
  readonly notRequired: number;
  /** For roles: users assigned the role; null for duties and privileges. */
  readonly users: number | null;
}

/** One grant of one privilege, with the licence it needs and its standing against the privilege's base. */
export interface EntryPointLicenseRow {
  /** The privilege holding the grant. */
  readonly privilege: string;
  /** The entry point id (`kind:name[/child]`). */
  readonly entryPoint: string;
  /** The securable type (entry point kind). */
  readonly securableType: EntryPointKind;
  /** The AOT name. */
  readonly aotName: string;
  /** The child name, or null. */
  readonly childName: string | null;
  /** Rights the grant allows. */
  readonly rights: readonly Right[];
  /** Rights the grant denies. */
  readonly denied: readonly Right[];
  /** The grant's access level. */
  readonly accessLevel: AccessLevel;
  /** The licence the grant needs (view licence for read, maintain licence for write), or null. */
  readonly license: string | null;
  /** `entitled` by the privilege's base licence, `not-entitled` (needs an attach licence) or `not-required`. */
  readonly status: Exclude<EntitlementStatus, 'exempt'>;
}

/** Licence counts of one licence over all users. */
export interface LicenseTotalRow {
  /** The licence id. */
  readonly license: string;
  /** Its name. */
  readonly name: string;
  /** Users needing it as base licence. */
  readonly base: number;
  /** Users needing it as attach licence. */
  readonly attach: number;
  /** `base + attach`. */
  readonly total: number;
}

/** The row type of each {@link LicenseReportBy}. */
export interface LicenseRowOf {
  /** Per user. */
  readonly user: UserLicenseRow;
  /** Per role. */
  readonly role: ObjectLicenseRow;
  /** Per duty. */
  readonly duty: ObjectLicenseRow;
  /** Per privilege. */
  readonly privilege: ObjectLicenseRow;
  /** Per grant of a privilege. */
  readonly 'entry-point': EntryPointLicenseRow;
}

/** Options of {@link licenseUsageReport}. */
export interface LicenseUsageOptions<B extends LicenseReportBy> {
  /** What to list one row per. */
  readonly by: B;
  /** A licence index of the model already compiled (`compileLicenses(model)`), to reuse it. */
  readonly licenses?: LicenseIndex;
}

/** The licence usage report. */
export interface LicenseUsageReport<B extends LicenseReportBy = LicenseReportBy> extends ReportDocument {
  /** What the rows are per. */
  readonly by: B;
  /** The rows, by id (entry points: by privilege, then grant order). */
  readonly rows: readonly LicenseRowOf[B][];
  /** Users per licence, in catalogue order (licences meaning "none" left out). */
  readonly totals: readonly LicenseTotalRow[];
  /** The counts behind the totals. */
  readonly counts: LicenseSummary;
}

const bySchema = z.enum(['user', 'role', 'duty', 'privilege', 'entry-point']);

const list = (xs: readonly string[]) => xs;

function statusCounts(req: LicenseRequirement): { entitled: number; notEntitled: number; notRequired: number } {
  let entitled = 0;
  let notEntitled = 0;
  let notRequired = 0;
  for (const e of req.entitlement) {
    if (e.status === 'entitled') entitled += 1;
    else if (e.status === 'not-entitled') notEntitled += 1;
    else if (e.status === 'not-required') notRequired += 1;
  }
  return { entitled, notEntitled, notRequired };
}

function userRows(model: SecurityModel, index: LicenseIndex): UserLicenseRow[] {
  const roles = new Map<string, number>();
  for (const a of model.assignments.values()) roles.set(idKey(a.user), (roles.get(idKey(a.user)) ?? 0) + 1);
  const rows: UserLicenseRow[] = [];
  for (const [key, user] of model.users) {
    const req = index.ofUser(user.id);
    rows.push({ user: user.id, userName: user.name, enabled: user.enabled, base: req.base, attach: req.attach, quantity: req.licenses.length, roles: roles.get(key) ?? 0 });
  }
  return rows.sort((a, b) => byKey(a.user, b.user));
}

function objectRows(model: SecurityModel, index: LicenseIndex, kind: 'role' | 'duty' | 'privilege'): ObjectLicenseRow[] {
  const holders = kind === 'role' ? holdersByRole(model) : undefined;
  const records = kind === 'role' ? model.roles : kind === 'duty' ? model.duties : model.privileges;
  const of = kind === 'role' ? (id: string) => index.ofRole(id) : kind === 'duty' ? (id: string) => index.ofDuty(id) : (id: string) => index.ofPrivilege(id);
  const rows: ObjectLicenseRow[] = [];
  for (const [key, record] of records) {
    const req = of(record.id);
    rows.push({ kind, id: record.id, name: record.name, base: req.base, attach: req.attach, exempt: req.exempt, ...statusCounts(req), users: holders ? (holders.get(key)?.length ?? 0) : null });
  }
  return rows.sort((a, b) => byKey(a.id, b.id));
}

/** The rights a grant allows and denies and its access level, shared by every grant with the same permissions. */
interface GrantShape {
  readonly allowed: readonly Right[];
  readonly denied: readonly Right[];
  readonly level: AccessLevel;
}

const shapes = new Map<number, GrantShape>();

/** The {@link GrantShape} of a grant (cached by its permission pattern: 3^6 patterns at most). @internal */
export function grantShape(grant: Grant): GrantShape {
  let code = 0;
  for (const r of rights) code = code * 3 + (grant[r] === 'allow' ? 1 : grant[r] === 'deny' ? 2 : 0);
  let shape = shapes.get(code);
  if (!shape) {
    const allowed: Right[] = [];
    const denied: Right[] = [];
    for (const r of rights) {
      if (grant[r] === 'allow') allowed.push(r);
      else if (grant[r] === 'deny') denied.push(r);
    }
    shape = Object.freeze({ allowed: Object.freeze(allowed), denied: Object.freeze(denied), level: accessLevel(grant) });
    shapes.set(code, shape);
  }
  return shape;
}

function entryPointRows(model: SecurityModel, index: LicenseIndex): EntryPointLicenseRow[] {
  const rows: EntryPointLicenseRow[] = [];
  const privileges = [...model.privileges.values()].sort((a, b) => byKey(a.id, b.id));
  const epIds = new Map<EntryPoint, string>();
  for (const privilege of privileges) {
    const req = index.ofPrivilege(privilege.id);
    const grants = privilege.grants;
    for (let i = 0; i < grants.length; i++) {
      const grant = grants[i]!;
      const ep = model.entryPoints.get(idKey(grant.entryPoint))!;
      let id = epIds.get(ep);
      if (id === undefined) epIds.set(ep, (id = entryPointId(ep)));
      const e = req.entitlement[i]!;
      const shape = grantShape(grant);
      rows.push({
        privilege: privilege.id,
        entryPoint: id,
        securableType: ep.kind,
        aotName: ep.name,
        childName: ep.childName ?? null,
        rights: shape.allowed,
        denied: shape.denied,
        accessLevel: shape.level,
        license: e.required[0] ?? null,
        status: e.status === 'exempt' ? 'not-required' : e.status,
      });
    }
  }
  return rows;
}

function totalsOf(summary: LicenseSummary): LicenseTotalRow[] {
  return summary.licenses.map((l) => ({ license: l.license, name: l.name, base: l.base, attach: l.attach, total: l.base + l.attach }));
}

const userColumns: readonly ReportColumn<UserLicenseRow>[] = [
  column('user', 'User', 'text', (r) => r.user),
  column('userName', 'Name', 'text', (r) => r.userName),
  column('enabled', 'Enabled', 'boolean', (r) => r.enabled),
  column('base', 'Base licence', 'text', (r) => r.base),
  column('attach', 'Attach licences', 'list', (r) => list(r.attach)),
  column('quantity', 'Quantity', 'number', (r) => r.quantity),
  column('roles', 'Roles', 'number', (r) => r.roles),
];

function objectColumns(kind: 'role' | 'duty' | 'privilege'): ReportColumn<ObjectLicenseRow>[] {
  const label = kind[0]!.toUpperCase() + kind.slice(1);
  const cols: ReportColumn<ObjectLicenseRow>[] = [
    column('id', label, 'text', (r) => r.id),
    column('name', 'Name', 'text', (r) => r.name),
    column('base', 'Base licence', 'text', (r) => r.base),
    column('attach', 'Attach licences', 'list', (r) => list(r.attach)),
    column('entitled', 'Entitled', 'number', (r) => r.entitled),
    column('notEntitled', 'Not entitled', 'number', (r) => r.notEntitled),
    column('notRequired', 'Not required', 'number', (r) => r.notRequired),
  ];
  if (kind === 'role') cols.push(column('exempt', 'Exempt', 'boolean', (r) => r.exempt), column('users', 'Users', 'number', (r) => r.users));
  return cols;
}

const entryPointColumns: readonly ReportColumn<EntryPointLicenseRow>[] = [
  column('privilege', 'Privilege', 'text', (r) => r.privilege),
  column('securableType', 'Securable type', 'text', (r) => r.securableType),
  column('aotName', 'AOT name', 'text', (r) => r.aotName),
  column('childName', 'Child name', 'text', (r) => r.childName),
  column('rights', 'Rights', 'list', (r) => r.rights),
  column('denied', 'Denied', 'list', (r) => r.denied),
  column('accessLevel', 'Access level', 'text', (r) => r.accessLevel),
  column('license', 'Licence', 'text', (r) => r.license),
  column('status', 'Entitlement', 'text', (r) => r.status),
];

const totalColumns: readonly ReportColumn<LicenseTotalRow>[] = [
  column('license', 'Licence', 'text', (r) => r.license),
  column('name', 'Name', 'text', (r) => r.name),
  column('base', 'Base', 'number', (r) => r.base),
  column('attach', 'Attach', 'number', (r) => r.attach),
  column('total', 'Total', 'number', (r) => r.total),
];

function countSummary(counts: LicenseSummary): SummaryItem[] {
  return [
    { label: 'Users', value: counts.users },
    { label: 'Licensed users', value: counts.licensedUsers },
    { label: 'Unlicensed users', value: counts.unlicensedUsers },
    { label: 'Disabled users', value: counts.disabledUsers },
    { label: 'Attach licences', value: counts.attachLicenses },
  ];
}

/**
 * Licence usage, one row per user, role, duty, privilege or entry point (each grant of each
 * privilege), with the totals per licence over all users. Users show their base and attach
 * licences and how many they need; roles, duties and privileges their base and attach licences and
 * how many of their children the base entitles, how many need an attach licence and how many need
 * none; entry points the securable type, AOT name and child name, rights, access level, the
 * licence the grant needs and whether the privilege's base licence entitles it. Charted: users per
 * licence (base and attach). Semantics are those of `compileLicenses`. To see the effect of
 * unpublished changes, run it on that model too, or use {@link licenseUsageDiff}.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` for an unknown `by`, a `licenses` index not
 *   compiled from `model`, or when `model` is not a model or `options` not an object
 */
export function licenseUsageReport<B extends LicenseReportBy>(model: SecurityModel, options: LicenseUsageOptions<B>): LicenseUsageReport<B> {
  assertModel(model);
  if (!isRecord(options)) throw invalid('options', 'an object { by, licenses? }', options);
  const read = readOptions(options, ['by', 'licenses']);
  const by = parseOrThrow(bySchema, read.by, 'by') as B;
  assertCompiledFrom(read.licenses, model, 'options.licenses', 'the licences');
  const index = (read.licenses as LicenseIndex | undefined) ?? compileLicenses(model);
  const counts = index.summary();
  const totals = totalsOf(counts);
  let rows: readonly LicenseRowOf[B][];
  let main;
  switch (by as LicenseReportBy) {
    case 'user': {
      const r = userRows(model, index);
      rows = r as LicenseRowOf[B][];
      main = table('users', 'Licences by user', userColumns, r);
      break;
    }
    case 'entry-point': {
      const r = entryPointRows(model, index);
      rows = r as LicenseRowOf[B][];
      main = table('entry-points', 'Licences by entry point', entryPointColumns, r);
      break;
    }
    default: {
      const kind = by as 'role' | 'duty' | 'privilege';
      const r = objectRows(model, index, kind);
      rows = r as LicenseRowOf[B][];
      main = table(`${kind}s`, `Licences by ${kind}`, objectColumns(kind), r);
    }
  }
  return {
    name: 'license-usage',
    title: `Licence usage by ${by.replace('-', ' ')}`,
    description: 'Which licences each object needs (base and attach), whether its base licence entitles each of its children, and how many users need each licence.',
    at: null,
    summary: countSummary(counts),
    charts: [{ id: 'license-totals', title: 'Users per licence', series: ['base', 'attach'], bars: totals.map((t) => ({ label: t.name, values: [t.base, t.attach] })) }],
    tables: [main, table('totals', 'Totals per licence', totalColumns, totals)],
    by,
    rows,
    totals,
    counts,
  };
}

/** How the users of one licence change between two models. */
export interface LicenseTotalDiffRow {
  /** The licence id. */
  readonly license: string;
  /** Its name. */
  readonly name: string;
  /** Base users before. */
  readonly baseBefore: number;
  /** Base users after. */
  readonly baseAfter: number;
  /** `baseAfter - baseBefore`. */
  readonly baseDelta: number;
  /** Attach users before. */
  readonly attachBefore: number;
  /** Attach users after. */
  readonly attachAfter: number;
  /** `attachAfter - attachBefore`. */
  readonly attachDelta: number;
  /** Change of base plus attach. */
  readonly totalDelta: number;
}

/** How one user's or role's licences change between two models. */
export interface LicenseChangeRow {
  /** `user` or `role`. */
  readonly kind: 'user' | 'role';
  /** The id. */
  readonly id: string;
  /** `added` (only after), `removed` (only before) or `changed`. */
  readonly change: 'added' | 'removed' | 'changed';
  /** Base licence before (null: none, or absent). */
  readonly baseBefore: string | null;
  /** Attach licences before. */
  readonly attachBefore: readonly string[];
  /** Base licence after. */
  readonly baseAfter: string | null;
  /** Attach licences after. */
  readonly attachAfter: readonly string[];
}

/** The licence difference between two models. */
export interface LicenseUsageDiffReport extends ReportDocument {
  /** Per licence: users before, after and the change (every licence of either catalogue). */
  readonly totals: readonly LicenseTotalDiffRow[];
  /** Users and roles whose base or attach licences differ (users first, then roles, by id). */
  readonly changes: readonly LicenseChangeRow[];
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The role keys of each user's assignments (by user key), sorted. */
function roleKeysByUser(model: SecurityModel): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of model.assignments.values()) {
    const key = idKey(a.user);
    const list = out.get(key);
    if (list) list.push(idKey(a.role));
    else out.set(key, [idKey(a.role)]);
  }
  for (const list of out.values()) list.sort();
  return out;
}

/**
 * The licence effect of a change before it is published: totals per licence in `published` and in
 * `withUnpublished` with the differences, and every user and role whose base or attach licences
 * differ (including users and roles that exist in only one of them). Pass the published model and
 * the model with the unpublished changes applied (or any two models: two versions, a what-if).
 */
export function licenseUsageDiff(published: SecurityModel, withUnpublished: SecurityModel): LicenseUsageDiffReport {
  const before = compileLicenses(published);
  const after = compileLicenses(withUnpublished);
  const sb = before.summary();
  const sa = after.summary();
  const keys: string[] = [];
  const rowsByKey = new Map<string, { license: string; name: string; b: [number, number]; a: [number, number] }>();
  for (const [s, side] of [[sb, 'b'], [sa, 'a']] as const) {
    for (const l of s.licenses) {
      const key = idKey(l.license);
      let r = rowsByKey.get(key);
      if (!r) {
        rowsByKey.set(key, (r = { license: l.license, name: l.name, b: [0, 0], a: [0, 0] }));
        keys.push(key);
      }
      r[side] = [l.base, l.attach];
    }
  }
  const totals: LicenseTotalDiffRow[] = keys.map((k) => {
    const r = rowsByKey.get(k)!;
    return {
      license: r.license, name: r.name,
      baseBefore: r.b[0], baseAfter: r.a[0], baseDelta: r.a[0] - r.b[0],
      attachBefore: r.b[1], attachAfter: r.a[1], attachDelta: r.a[1] - r.b[1],
      totalDelta: r.a[0] + r.a[1] - r.b[0] - r.b[1],
    };
  });
  // A user whose enabled flag and roles are the same on both sides, each role needing the same
  // licences, needs the same licences: only the others are looked at in detail.
  const sameRules = published.licenses === withUnpublished.licenses || JSON.stringify(published.licenses) === JSON.stringify(withUnpublished.licenses);
  const sameAdmin = idKey(published.parameters.administratorRole) === idKey(withUnpublished.parameters.administratorRole);
  const roleSame = new Map<string, boolean>();
  const unchangedRole = (key: string): boolean => {
    let same = roleSame.get(key);
    if (same === undefined) {
      const b = published.roles.get(key);
      const a = withUnpublished.roles.get(key);
      same = b !== undefined && a !== undefined && sameList(before.ofRole(b.id).licenses, after.ofRole(a.id).licenses);
      roleSame.set(key, same);
    }
    return same;
  };
  const rolesBefore = roleKeysByUser(published);
  const rolesAfter = roleKeysByUser(withUnpublished);
  const unchangedUser = (key: string): boolean => {
    if (!sameRules || !sameAdmin || published.users.get(key)!.enabled !== withUnpublished.users.get(key)!.enabled) return false;
    const b = rolesBefore.get(key) ?? [];
    const a = rolesAfter.get(key) ?? [];
    return sameList(b, a) && b.every(unchangedRole);
  };
  const changes: LicenseChangeRow[] = [];
  for (const [kind, records, of, unchanged] of [
    ['user', [published.users, withUnpublished.users], [(id: string) => before.ofUser(id), (id: string) => after.ofUser(id)], unchangedUser],
    ['role', [published.roles, withUnpublished.roles], [(id: string) => before.ofRole(id), (id: string) => after.ofRole(id)], () => false],
  ] as const) {
    const found: LicenseChangeRow[] = [];
    for (const [key, record] of records[0]) {
      const other = records[1].get(key);
      if (other && unchanged(key)) continue;
      const b = of[0](record.id);
      if (!other) {
        if (b.licenses.length > 0) found.push({ kind, id: record.id, change: 'removed', baseBefore: b.base, attachBefore: b.attach, baseAfter: null, attachAfter: [] });
        continue;
      }
      const a = of[1](other.id);
      if (b.base !== a.base || !sameList(b.attach, a.attach)) found.push({ kind, id: other.id, change: 'changed', baseBefore: b.base, attachBefore: b.attach, baseAfter: a.base, attachAfter: a.attach });
    }
    for (const [key, record] of records[1]) {
      if (records[0].has(key)) continue;
      const a = of[1](record.id);
      if (a.licenses.length > 0) found.push({ kind, id: record.id, change: 'added', baseBefore: null, attachBefore: [], baseAfter: a.base, attachAfter: a.attach });
    }
    changes.push(...found.sort((x, y) => byKey(x.id, y.id)));
  }
  const userChanges = changes.filter((c) => c.kind === 'user').length;
  return {
    name: 'license-usage-diff',
    title: 'Licence usage: published and with unpublished changes',
    description: 'How many users need each licence now and after the unpublished changes, and which users and roles change licence.',
    at: null,
    summary: [
      { label: 'Users changing licence', value: userChanges },
      { label: 'Roles changing licence', value: changes.length - userChanges },
      { label: 'Licensed users before', value: sb.licensedUsers },
      { label: 'Licensed users after', value: sa.licensedUsers },
      { label: 'Attach licences before', value: sb.attachLicenses },
      { label: 'Attach licences after', value: sa.attachLicenses },
    ],
    charts: [{ id: 'license-totals-diff', title: 'Users per licence: published and with unpublished changes', series: ['published', 'with unpublished'], bars: diffBars(totals) }],
    tables: [
      table('totals', 'Totals per licence', [
        column<LicenseTotalDiffRow>('license', 'Licence', 'text', (r) => r.license),
        column<LicenseTotalDiffRow>('name', 'Name', 'text', (r) => r.name),
        column<LicenseTotalDiffRow>('baseBefore', 'Base (published)', 'number', (r) => r.baseBefore),
        column<LicenseTotalDiffRow>('baseAfter', 'Base (unpublished)', 'number', (r) => r.baseAfter),
        column<LicenseTotalDiffRow>('baseDelta', 'Base change', 'number', (r) => r.baseDelta),
        column<LicenseTotalDiffRow>('attachBefore', 'Attach (published)', 'number', (r) => r.attachBefore),
        column<LicenseTotalDiffRow>('attachAfter', 'Attach (unpublished)', 'number', (r) => r.attachAfter),
        column<LicenseTotalDiffRow>('attachDelta', 'Attach change', 'number', (r) => r.attachDelta),
        column<LicenseTotalDiffRow>('totalDelta', 'Total change', 'number', (r) => r.totalDelta),
      ], totals),
      table('changes', 'Users and roles changing licence', [
        column<LicenseChangeRow>('kind', 'Kind', 'text', (r) => r.kind),
        column<LicenseChangeRow>('id', 'Id', 'text', (r) => r.id),
        column<LicenseChangeRow>('change', 'Change', 'text', (r) => r.change),
        column<LicenseChangeRow>('baseBefore', 'Base before', 'text', (r) => r.baseBefore),
        column<LicenseChangeRow>('attachBefore', 'Attach before', 'list', (r) => r.attachBefore),
        column<LicenseChangeRow>('baseAfter', 'Base after', 'text', (r) => r.baseAfter),
        column<LicenseChangeRow>('attachAfter', 'Attach after', 'list', (r) => r.attachAfter),
      ], changes),
    ],
    totals,
    changes,
  };
}

function diffBars(totals: readonly LicenseTotalDiffRow[]): { label: string; values: number[] }[] {
  const bars: { label: string; values: number[] }[] = [];
  for (const t of totals) {
    bars.push({ label: `${t.name} (published)`, values: [t.baseBefore + t.attachBefore, 0] });
    bars.push({ label: `${t.name} (unpublished)`, values: [0, t.baseAfter + t.attachAfter] });
  }
  return bars;
}
