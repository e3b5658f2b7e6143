/**
 * The role assignment audit trail: who assigned or removed which role of which user, when, and how.
 *
 * @module
 */
import { z } from 'zod';
import type { SecGovError } from '../model/errors.js';
import { idKey, idSchema, MAX_ID_LENGTH, MAX_TEXT_LENGTH, textSchema } from '../model/ids.js';
import { instantSchema } from '../model/time.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { roleAssignmentFilterSchema } from '../audit/queries.js';
import { column, table, type ReportDocument } from './document.js';
import { assertIterable, isCanonicalInstant, readArgument } from '../model/arguments.js';

/**
 * Schema of one role assignment change, as produced from the security audit trail: `at` (instant),
 * `actor`, `user`, `role`, `change` (`assigned` or `unassigned`) and `source` (`manual`,
 * `automatic` from an assignment rule, or `session`); optionally the audit entry's `seq`, the
 * `session` and the `reason`, so the events of `Governance.roleAssignmentTrail` go in as they are.
 */
export const roleAssignmentChangeSchema = z.strictObject({
  at: instantSchema,
  actor: idSchema,
  user: idSchema,
  role: idSchema,
  change: z.enum(['assigned', 'unassigned']),
  source: z.enum(['manual', 'automatic', 'session']),
  seq: z.number().int().nonnegative().optional(),
  session: idSchema.nullable().optional(),
  reason: textSchema.nullable().optional(),
});

/** One role assignment change (the input of {@link roleAssignmentTrail}). */
export type RoleAssignmentChange = z.output<typeof roleAssignmentChangeSchema>;

/** Options of {@link roleAssignmentTrail}: the user and/or role, and the period. */
export interface AssignmentTrailOptions {
  /** Only changes of this user (case-insensitive). */
  readonly user?: string;
  /** Only changes of this role (case-insensitive). */
  readonly role?: string;
  /** Start of the period (inclusive); no bound when omitted. */
  readonly from?: string;
  /** End of the period (inclusive); no bound when omitted. */
  readonly to?: string;
}

/** The role assignment audit trail. */
export interface AssignmentTrailReport extends ReportDocument {
  /** The matching changes, oldest first (ties in input order). */
  readonly changes: readonly RoleAssignmentChange[];
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const VISIBLE = /\S/;
const KEYS = new Set(['at', 'actor', 'user', 'role', 'change', 'source']);
const OPTIONAL_KEYS = new Set(['seq', 'session', 'reason']);
const isId = (v: unknown): boolean => typeof v === 'string' && v.length >= 1 && v.length <= MAX_ID_LENGTH && !CONTROL.test(v) && VISIBLE.test(v);

/**
 * True when an entry is already exactly what the schema would output (plain object, the six keys
 * and any of the optional ones, a canonical instant, ids and enums): such entries skip the schema,
 * which handles and words everything else. Large trails are checked by hand at a fraction of the
 * schema's cost.
 */
function plainEntry(e: unknown): e is RoleAssignmentChange {
  try {
    return plainFields(e);
  } catch {
    // A getter or a Proxy's trap threw: the schema reads it again and words the error.
    return false;
  }
}

function plainFields(e: unknown): e is RoleAssignmentChange {
  if (typeof e !== 'object' || e === null || Object.getPrototypeOf(e) !== Object.prototype) return false;
  const r = e as Record<string, unknown>;
  let keys = 0;
  for (const k in r) {
    if (KEYS.has(k)) keys += 1;
    else if (!OPTIONAL_KEYS.has(k)) return false;
  }
  if (keys !== 6) return false;
  if ('seq' in r && !(Number.isSafeInteger(r.seq) && (r.seq as number) >= 0)) return false;
  if ('session' in r && r.session !== null && !isId(r.session)) return false;
  if ('reason' in r && r.reason !== null && !(typeof r.reason === 'string' && r.reason.length <= MAX_TEXT_LENGTH)) return false;
  if (!isCanonicalInstant(r.at)) return false;
  return isId(r.actor) && isId(r.user) && isId(r.role) && (r.change === 'assigned' || r.change === 'unassigned') && (r.source === 'manual' || r.source === 'automatic' || r.source === 'session');
}

/**
 * The role assignment audit trail for a user and/or a role over a period: every assignment and
 * removal, with its time, actor and source (manual, automatic rule, or session), oldest first.
 * Entries are validated ({@link roleAssignmentChangeSchema}); the period bounds are inclusive.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` for entries that are not an iterable, a malformed
 *   entry (named by index) or option
 */
export function roleAssignmentTrail(entries: Iterable<RoleAssignmentChange>, options: AssignmentTrailOptions = {}): AssignmentTrailReport {
  const o = parseOrThrow(roleAssignmentFilterSchema, options, 'options');
  assertIterable(entries, 'entries', 'an iterable of role assignment changes');
  const userKey = o.user === undefined ? undefined : idKey(o.user);
  const roleKey = o.role === undefined ? undefined : idKey(o.role);
  const changes: RoleAssignmentChange[] = [];
  let i = 0;
  // The caller's iterable is read in the loop (a one-pass iterable is read once): what its own
  // code throws names it. The loop's own work is on entries the schema accepted.
  readArgument('entries', () => {
    for (const raw of entries) {
      const e = plainEntry(raw) ? raw : parseOrThrow(roleAssignmentChangeSchema, raw, `entries[${i}]`);
      i += 1;
      if (userKey !== undefined && idKey(e.user) !== userKey) continue;
      if (roleKey !== undefined && idKey(e.role) !== roleKey) continue;
      if (o.from !== undefined && e.at < o.from) continue;
      if (o.to !== undefined && e.at > o.to) continue;
      changes.push(e);
    }
  });
  changes.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const subject = [o.user === undefined ? null : `user ${o.user}`, o.role === undefined ? null : `role ${o.role}`].filter((x) => x !== null).join(' and ');
  const period = o.from === undefined && o.to === undefined ? 'all time' : `${o.from ?? 'the beginning'} to ${o.to ?? 'now'}`;
  const users = new Set(changes.map((c) => idKey(c.user)));
  const roles = new Set(changes.map((c) => idKey(c.role)));
  return {
    name: 'role-assignment-trail',
    title: `Role assignment audit trail${subject === '' ? '' : ` of ${subject}`}`,
    description: `Every role assigned or removed${subject === '' ? '' : ` for ${subject}`} over ${period}: when, by whom, and whether by hand, by an automatic rule or by a session.`,
    at: o.to ?? null,
    summary: [
      { label: 'Changes', value: changes.length },
      { label: 'Assigned', value: changes.filter((c) => c.change === 'assigned').length },
      { label: 'Unassigned', value: changes.filter((c) => c.change === 'unassigned').length },
      { label: 'Users', value: users.size },
      { label: 'Roles', value: roles.size },
    ],
    charts: [],
    tables: [
      table('changes', 'Role assignment changes', [
        column<RoleAssignmentChange>('at', 'At', 'instant', (r) => r.at),
        column<RoleAssignmentChange>('user', 'User', 'text', (r) => r.user),
        column<RoleAssignmentChange>('role', 'Role', 'text', (r) => r.role),
        column<RoleAssignmentChange>('change', 'Change', 'text', (r) => r.change),
        column<RoleAssignmentChange>('source', 'Source', 'text', (r) => r.source),
        column<RoleAssignmentChange>('actor', 'Actor', 'text', (r) => r.actor),
        column<RoleAssignmentChange>('session', 'Session', 'text', (r) => r.session ?? null),
        column<RoleAssignmentChange>('reason', 'Reason', 'text', (r) => r.reason ?? null),
      ], changes),
    ],
    changes,
  };
}

