/**
 * User activity reports: aging over the five configured periods, and dormant users.
 *
 * @module
 */
import { z } from 'zod';
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { assertModel } from '../model/assert-model.js';
import { invalid, isRecord, readOptions } from '../model/arguments.js';
import { byKey, instant } from './common.js';
import { column, table, type ReportColumn, type ReportDocument } from './document.js';

/** One user's activity at the report's instant. */
export interface UserActivityRow {
  /** The user (display id). */
  readonly user: string;
  /** The user's name. */
  readonly userName: string;
  /** Whether the account is enabled. */
  readonly enabled: boolean;
  /** The last sign-in (ISO-8601), or null for never. */
  readonly lastSignIn: string | null;
  /** Whole days from the last sign-in to the report's instant (0 for a sign-in at or after it); -1 for never. */
  readonly daysSinceSignIn: number;
  /** The aging bucket's label (see {@link AgingBucketRow}). */
  readonly bucket: string;
  /** Roles assigned. */
  readonly roles: number;
}

/** One aging bucket: users whose days since last sign-in fall in it. */
export interface AgingBucketRow {
  /** The label: `0–30 days`, `31–60 days`, ..., `over 365 days`, `never signed in`. */
  readonly bucket: string;
  /** Smallest number of days in the bucket (null for never). */
  readonly fromDays: number | null;
  /** Largest number of days in the bucket (null: no limit, or never). */
  readonly toDays: number | null;
  /** Enabled users in it. */
  readonly enabled: number;
  /** Disabled users in it. */
  readonly disabled: number;
  /** All users in it. */
  readonly total: number;
}

/** Options shared by the activity reports. */
export interface ActivityOptions {
  /** The instant days are counted to (the library never reads the wall clock). */
  readonly at: string;
  /**
   * The last sign-in of a user (by id key) when it is known better than the model's `lastSignIn`
   * (for example the service's activity record); `undefined` falls back to the model.
   */
  readonly lastSignInOf?: (userKey: string) => string | null | undefined;
}

/** The user aging report. */
export interface UserAgingReport extends ReportDocument {
  /** The five periods used (days, ascending). */
  readonly periods: readonly number[];
  /** The seven buckets: five periods, beyond the last, never. */
  readonly buckets: readonly AgingBucketRow[];
  /** Every user, by id. */
  readonly users: readonly UserActivityRow[];
}

/** The labels and bounds of the buckets of five ascending periods. @internal */
export function agingBuckets(periods: readonly number[]): { label: string; from: number | null; to: number | null }[] {
  const out: { label: string; from: number | null; to: number | null }[] = [];
  let from = 0;
  for (const p of periods) {
    out.push({ label: `${from}–${p} days`, from, to: p });
    from = p + 1;
  }
  out.push({ label: `over ${periods[periods.length - 1]} days`, from, to: null });
  out.push({ label: 'never signed in', from: null, to: null });
  return out;
}

/** Check the model and the options shared by the activity reports; the `lastSignInOf` callback. */
function activityArguments(model: unknown, options: unknown): { readonly at: string; readonly lastSignInOf: ActivityOptions['lastSignInOf'] } {
  assertModel(model);
  if (!isRecord(options)) throw invalid('options', 'an object { at, lastSignInOf? }', options);
  const { at, lastSignInOf } = readOptions(options, ['at', 'lastSignInOf']);
  if (lastSignInOf !== undefined && typeof lastSignInOf !== 'function') throw invalid('lastSignInOf', 'a function answering an instant, null or undefined', lastSignInOf);
  return { at: instant(at, 'at'), lastSignInOf: lastSignInOf as ActivityOptions['lastSignInOf'] };
}

function activityRows(model: SecurityModel, at: string, lastSignInOf: ActivityOptions['lastSignInOf'], periods: readonly number[]): UserActivityRow[] {
  const buckets = agingBuckets(periods);
  const roles = new Map<string, number>();
  for (const a of model.assignments.values()) roles.set(idKey(a.user), (roles.get(idKey(a.user)) ?? 0) + 1);
  const atMs = Date.parse(at);
  const rows: UserActivityRow[] = [];
  for (const [key, user] of model.users) {
    const given = lastSignInOf?.(key);
    const last = given === undefined ? user.lastSignIn : given === null ? null : instant(given, `last sign-in of "${user.id}"`);
    let days = -1;
    let bucket = buckets[buckets.length - 1]!.label;
    if (last !== null) {
      const ms = atMs - Date.parse(last);
      days = ms <= 0 ? 0 : Math.floor(ms / 86_400_000);
      let i = 0;
      while (i < periods.length && days > periods[i]!) i += 1;
      bucket = buckets[i]!.label;
    }
    rows.push({ user: user.id, userName: user.name, enabled: user.enabled, lastSignIn: last, daysSinceSignIn: days, bucket, roles: roles.get(key) ?? 0 });
  }
  return rows.sort((a, b) => byKey(a.user, b.user));
}

const activityColumns: readonly ReportColumn<UserActivityRow>[] = [
  column('user', 'User', 'text', (r) => r.user),
  column('userName', 'Name', 'text', (r) => r.userName),
  column('enabled', 'Enabled', 'boolean', (r) => r.enabled),
  column('lastSignIn', 'Last sign-in', 'instant', (r) => r.lastSignIn),
  column('daysSinceSignIn', 'Days since sign-in', 'number', (r) => r.daysSinceSignIn),
  column('bucket', 'Period', 'text', (r) => r.bucket),
  column('roles', 'Roles', 'number', (r) => r.roles),
];

/**
 * User activity aging: how many users (enabled and disabled) last signed in within each of the
 * five configured periods (`model.parameters.agingPeriods`, e.g. 0–30, 31–60, 61–90, 91–180 and
 * 181–365 days), longer ago, or never; and every user with the days since their last sign-in
 * (-1 for never). Days are whole days to `at`. Charted: users per period.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `model` is not a model, `options` not an
 *   object, `at` (or a given last sign-in) not an instant, or `lastSignInOf` not a function
 */
export function userAgingReport(model: SecurityModel, options: ActivityOptions): UserAgingReport {
  const { at, lastSignInOf } = activityArguments(model, options);
  const periods = model.parameters.agingPeriods;
  const users = activityRows(model, at, lastSignInOf, periods);
  const buckets = agingBuckets(periods).map((b) => ({ bucket: b.label, fromDays: b.from, toDays: b.to, enabled: 0, disabled: 0, total: 0 }));
  const byLabel = new Map(buckets.map((b) => [b.bucket, b]));
  for (const u of users) {
    const b = byLabel.get(u.bucket)!;
    if (u.enabled) b.enabled += 1;
    else b.disabled += 1;
    b.total += 1;
  }
  return {
    name: 'user-aging',
    title: 'User activity aging',
    description: `How long ago users last signed in, over the configured periods (${periods.join(', ')} days).`,
    at,
    summary: [
      { label: 'Users', value: users.length },
      { label: `Signed in within ${periods[0]} days`, value: buckets[0]!.total },
      { label: `Not signed in for over ${periods[periods.length - 1]} days`, value: buckets[buckets.length - 2]!.total },
      { label: 'Never signed in', value: buckets[buckets.length - 1]!.total },
    ],
    charts: [{ id: 'aging-buckets', title: 'Users by time since last sign-in', series: ['enabled', 'disabled'], bars: buckets.map((b) => ({ label: b.bucket, values: [b.enabled, b.disabled] })) }],
    tables: [
      table('buckets', 'Users per period', [
        column<AgingBucketRow>('bucket', 'Period', 'text', (r) => r.bucket),
        column<AgingBucketRow>('fromDays', 'From day', 'number', (r) => r.fromDays),
        column<AgingBucketRow>('toDays', 'To day', 'number', (r) => r.toDays),
        column<AgingBucketRow>('enabled', 'Enabled users', 'number', (r) => r.enabled),
        column<AgingBucketRow>('disabled', 'Disabled users', 'number', (r) => r.disabled),
        column<AgingBucketRow>('total', 'Users', 'number', (r) => r.total),
      ], buckets),
      table('users', 'Users', activityColumns, users),
    ],
    periods,
    buckets,
    users,
  };
}

/** Options of {@link dormantUsersReport}. */
export interface DormantOptions extends ActivityOptions {
  /** Users not signed in for at least this many whole days (and users who never signed in) are dormant. */
  readonly daysInactive: number;
  /** Which accounts to list: `enabled` (default: the ones that matter), `disabled`, or `all`. */
  readonly status?: 'enabled' | 'disabled' | 'all';
}

/** The dormant users report. */
export interface DormantUsersReport extends ReportDocument {
  /** The threshold used. */
  readonly daysInactive: number;
  /** The dormant users: never signed in first, then longest inactive first, then by id. */
  readonly users: readonly UserActivityRow[];
}

const dormantSchema = z.strictObject({
  at: z.unknown(),
  lastSignInOf: z.unknown().optional(),
  daysInactive: z.number().int().min(0).max(1_000_000),
  status: z.enum(['enabled', 'disabled', 'all']).default('enabled'),
});

/**
 * Dormant users: accounts (enabled by default; or disabled, or all) whose last sign-in is at least
 * `daysInactive` whole days before `at`, or who never signed in (days since: -1). Candidates to
 * disable, or to remove roles from.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` for a bad instant, a negative or fractional
 *   `daysInactive`, an unknown `status`, or as {@link userAgingReport}
 */
export function dormantUsersReport(model: SecurityModel, options: DormantOptions): DormantUsersReport {
  const { at, lastSignInOf } = activityArguments(model, options);
  const parsed = parseOrThrow(dormantSchema, options, 'options');
  const all = activityRows(model, at, lastSignInOf, model.parameters.agingPeriods);
  const users = all
    .filter((u) => (parsed.status === 'all' || u.enabled === (parsed.status === 'enabled')) && (u.daysSinceSignIn < 0 || u.daysSinceSignIn >= parsed.daysInactive))
    .sort((a, b) => (a.daysSinceSignIn < 0 ? (b.daysSinceSignIn < 0 ? 0 : -1) : b.daysSinceSignIn < 0 ? 1 : b.daysSinceSignIn - a.daysSinceSignIn) || byKey(a.user, b.user));
  return {
    name: 'dormant-users',
    title: 'Dormant users',
    description: `${parsed.status === 'all' ? 'Users' : parsed.status === 'enabled' ? 'Enabled users' : 'Disabled users'} who have not signed in for ${parsed.daysInactive} days or more, or never.`,
    at,
    summary: [
      { label: 'Dormant users', value: users.length },
      { label: 'Never signed in', value: users.filter((u) => u.daysSinceSignIn < 0).length },
      { label: 'Of them holding roles', value: users.filter((u) => u.roles > 0).length },
      { label: 'Days inactive', value: parsed.daysInactive },
    ],
    charts: [],
    tables: [table('users', 'Dormant users', activityColumns, users)],
    daysInactive: parsed.daysInactive,
    users,
  };
}

