/**
 * The sessions report: sessions by status, upcoming, active and ended in a period, with their logs.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import { sessionStatuses, type Session, type SessionStatus } from '../sessions/schemas.js';
import type { SessionAuditEntry } from '../sessions/machine.js';
import type { UserLog } from '../sessions/logs.js';
import { assertSession } from '../sessions/guard.js';
import { assertArrayOf, invalid, isCanonicalInstant, isIdString, isRecord, readArgument, readOptions } from '../model/arguments.js';
import { byKey, instant, scopeText } from './common.js';
import { column, table, type ReportColumn, type ReportDocument } from './document.js';

/** One session, flattened for a table. */
export interface SessionRow {
  /** The session id. */
  readonly id: string;
  /** `temporary-role` or `privileged`. */
  readonly kind: Session['kind'];
  /** Its status. */
  readonly status: SessionStatus;
  /** The user. */
  readonly user: string;
  /** The roles it grants. */
  readonly roles: readonly string[];
  /** `merge` or `replace`. */
  readonly type: Session['type'];
  /** The organization scope, in words. */
  readonly organizations: string;
  /** For privileged sessions: `enable` or `disable` the account while active. */
  readonly account: Session['account'];
  /** Planned start. */
  readonly start: string;
  /** Planned end. */
  readonly end: string;
  /** When it really started, or null. */
  readonly startedAt: string | null;
  /** When it really ended, or null. */
  readonly endedAt: string | null;
  /** Why it ended, or null. */
  readonly endReason: Session['endReason'];
  /** Who requested it. */
  readonly requestedBy: string;
  /** Who approved it, or null. */
  readonly approvedBy: string | null;
  /** The justification, or null. */
  readonly justification: string | null;
  /** The ticket reference, or null. */
  readonly ticket: string | null;
}

/** Sessions of one status. */
export interface SessionStatusRow {
  /** The status. */
  readonly status: SessionStatus;
  /** Temporary role sessions in it. */
  readonly temporaryRole: number;
  /** Privileged sessions in it. */
  readonly privileged: number;
  /** All sessions in it. */
  readonly total: number;
}

/** One entry of a listed session's audit log. */
export interface SessionLogRow {
  /** The session. */
  readonly session: string;
  /** When. */
  readonly at: string;
  /** The event. */
  readonly event: string;
  /** Status before, or null at creation. */
  readonly from: SessionStatus | null;
  /** Status after. */
  readonly to: SessionStatus;
  /** Who. */
  readonly actor: string;
  /** `administrator` or `processor`. */
  readonly by: string;
  /** Why, or null. */
  readonly reason: string | null;
}

/** One sign-in during a listed session. */
export interface SessionSignInRow {
  /** The session. */
  readonly session: string;
  /** The user. */
  readonly user: string;
  /** Signed in at. */
  readonly signedInAt: string;
  /** Signed out at, or null. */
  readonly signedOutAt: string | null;
  /** Minutes spent (one decimal). */
  readonly minutes: number;
}

/** Options of {@link sessionsReport}. */
export interface SessionsReportOptions {
  /** The instant that separates upcoming, active and past. */
  readonly at: string;
  /** Start of the period for ended sessions (inclusive); no bound when omitted. */
  readonly from?: string;
  /** End of the period for ended sessions (inclusive); `at` when omitted. */
  readonly to?: string;
  /** Audit logs by session id (for example from the service's `sessionAuditLog`). */
  readonly auditLogs?: ReadonlyMap<string, readonly SessionAuditEntry[]>;
  /** User logs by session id (the service's `userLog`). */
  readonly userLogs?: ReadonlyMap<string, UserLog>;
}

/** The sessions report. */
export interface SessionsReport extends ReportDocument {
  /** Sessions per status (every status, in lifecycle order). */
  readonly byStatus: readonly SessionStatusRow[];
  /** Planned or approved sessions that have not started and whose end is after `at`, by start. */
  readonly upcoming: readonly SessionRow[];
  /** Active sessions, by end. */
  readonly active: readonly SessionRow[];
  /** Sessions that ended in the period, latest first. */
  readonly ended: readonly SessionRow[];
  /** The audit log entries of the listed sessions, by session then time. */
  readonly log: readonly SessionLogRow[];
  /** The sign-ins during the listed sessions, by session then time. */
  readonly signIns: readonly SessionSignInRow[];
}

const statuses: ReadonlySet<unknown> = new Set(sessionStatuses);
const INSTANT = 'a canonical instant such as 2026-01-31T09:00:00.000Z';

/** Check a map option (`auditLogs`, `userLogs`): what the report reads of it is `get` and iteration. */
function checkLogMap(value: unknown, name: string): asserts value is ReadonlyMap<string, unknown> | undefined {
  if (value === undefined) return;
  const isMap = isRecord(value) && readArgument(name, () => typeof value['get'] === 'function' && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function');
  if (!isMap) {
    throw invalid(name, 'a Map from session ids to logs', value);
  }
}

/** Check the audit log of session `id`: the fields of each entry the report writes. */
function checkAuditLog(value: unknown, id: string): asserts value is readonly SessionAuditEntry[] {
  assertArrayOf(value, `auditLogs of "${id}"`, (e, name, i) => {
    const where = `${name}[${i}]`;
    if (!isRecord(e)) throw invalid(where, 'a session audit entry { at, event, from, to, actor, by, reason? }', e);
    if (!isCanonicalInstant(e['at'])) throw invalid(`${where}.at`, INSTANT, e['at']);
    if (typeof e['event'] !== 'string') throw invalid(`${where}.event`, 'an event name', e['event']);
    if (e['from'] !== null && !statuses.has(e['from'])) throw invalid(`${where}.from`, 'a session status or null', e['from']);
    if (!statuses.has(e['to'])) throw invalid(`${where}.to`, 'a session status', e['to']);
    if (!isIdString(e['actor'])) throw invalid(`${where}.actor`, 'an id', e['actor']);
    if (typeof e['by'] !== 'string') throw invalid(`${where}.by`, 'a string', e['by']);
    if (e['reason'] !== undefined && e['reason'] !== null && typeof e['reason'] !== 'string') throw invalid(`${where}.reason`, 'a string, null or undefined', e['reason']);
  });
}

/** Check the user log of session `id`: the sign-ins the report writes. */
function checkUserLog(value: unknown, id: string): asserts value is UserLog {
  const name = `userLogs of "${id}"`;
  if (!isRecord(value)) throw invalid(name, 'a user log { entries, signIns, sessionEndedAt }', value);
  assertArrayOf(value['signIns'], `${name}.signIns`, (r, list, i) => {
    const where = `${list}[${i}]`;
    if (!isRecord(r)) throw invalid(where, 'a sign-in { user, signedInAt, signedOutAt, durationMs }', r);
    if (!isIdString(r['user'])) throw invalid(`${where}.user`, 'an id', r['user']);
    if (!isCanonicalInstant(r['signedInAt'])) throw invalid(`${where}.signedInAt`, INSTANT, r['signedInAt']);
    if (r['signedOutAt'] !== null && !isCanonicalInstant(r['signedOutAt'])) throw invalid(`${where}.signedOutAt`, `${INSTANT}, or null`, r['signedOutAt']);
    if (typeof r['durationMs'] !== 'number' || !Number.isFinite(r['durationMs']) || r['durationMs'] < 0) throw invalid(`${where}.durationMs`, 'a number of milliseconds', r['durationMs']);
  });
}

function sessionRow(s: Session): SessionRow {
  return {
    id: s.id, kind: s.kind, status: s.status, user: s.user, roles: s.roles, type: s.type, organizations: scopeText(s.scope), account: s.account,
    start: s.start, end: s.end, startedAt: s.startedAt, endedAt: s.endedAt, endReason: s.endReason,
    requestedBy: s.requestedBy, approvedBy: s.approvedBy, justification: s.justification, ticket: s.ticket,
  };
}

const sessionColumns: readonly ReportColumn<SessionRow>[] = [
  column('id', 'Session', 'text', (r) => r.id),
  column('kind', 'Kind', 'text', (r) => r.kind),
  column('status', 'Status', 'text', (r) => r.status),
  column('user', 'User', 'text', (r) => r.user),
  column('roles', 'Roles', 'list', (r) => r.roles),
  column('type', 'Type', 'text', (r) => r.type),
  column('organizations', 'Organizations', 'text', (r) => r.organizations),
  column('account', 'Account', 'text', (r) => r.account),
  column('start', 'Start', 'instant', (r) => r.start),
  column('end', 'End', 'instant', (r) => r.end),
  column('startedAt', 'Started', 'instant', (r) => r.startedAt),
  column('endedAt', 'Ended', 'instant', (r) => r.endedAt),
  column('endReason', 'End reason', 'text', (r) => r.endReason),
  column('requestedBy', 'Requested by', 'text', (r) => r.requestedBy),
  column('approvedBy', 'Approved by', 'text', (r) => r.approvedBy),
  column('justification', 'Justification', 'text', (r) => r.justification),
  column('ticket', 'Ticket', 'text', (r) => r.ticket),
];

/**
 * The sessions report at `at`: how many sessions are in each status (by kind); the upcoming ones
 * (planned or approved, not started, ending after `at`), the active ones, and those that ended in
 * the period (`from` to `to`, inclusive; up to `at` by default); with the audit log and the
 * sign-ins of the listed sessions when their logs are given. Sessions are passed in (for example
 * `await governance.listSessions()`), so the report stays a pure function. Charted: sessions by status.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` when an instant is malformed, `sessions` is not a
 *   list of sessions (naming the first wrong one), `options` not an object, a log option not a Map,
 *   or a log of a listed session not of its shape
 */
export function sessionsReport(sessions: readonly Session[], options: SessionsReportOptions): SessionsReport {
  if (!isRecord(options)) throw invalid('options', 'an object { at, from?, to?, auditLogs?, userLogs? }', options);
  // Each option read once, here: a getter may answer differently the second time.
  const { at: atOption, from: fromOption, to: toOption, auditLogs, userLogs } = readOptions(options, ['at', 'from', 'to', 'auditLogs', 'userLogs']);
  const at = instant(atOption, 'at');
  const from = fromOption === undefined ? null : instant(fromOption, 'from');
  const to = toOption === undefined ? at : instant(toOption, 'to');
  assertArrayOf(sessions, 'sessions', (s, name, i) => assertSession(s, name, i));
  checkLogMap(auditLogs, 'auditLogs');
  checkLogMap(userLogs, 'userLogs');
  const counts = new Map<SessionStatus, [number, number]>(sessionStatuses.map((s) => [s, [0, 0]]));
  const upcoming: SessionRow[] = [];
  const active: SessionRow[] = [];
  const ended: SessionRow[] = [];
  for (const s of sessions) {
    counts.get(s.status)![s.kind === 'temporary-role' ? 0 : 1] += 1;
    if ((s.status === 'planned' || s.status === 'approved') && s.end > at) upcoming.push(sessionRow(s));
    else if (s.status === 'active') active.push(sessionRow(s));
    else if (s.status === 'ended' && s.endedAt !== null && (from === null || s.endedAt >= from) && s.endedAt <= to) ended.push(sessionRow(s));
  }
  upcoming.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : byKey(a.id, b.id)));
  active.sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : byKey(a.id, b.id)));
  ended.sort((a, b) => (a.endedAt! > b.endedAt! ? -1 : a.endedAt! < b.endedAt! ? 1 : byKey(a.id, b.id)));
  const byStatus: SessionStatusRow[] = sessionStatuses.map((status) => {
    const [t, p] = counts.get(status)!;
    return { status, temporaryRole: t, privileged: p, total: t + p };
  });
  const listed = [...upcoming, ...active, ...ended].map((s) => s.id).sort(byKey);
  const findLog = <T>(map: ReadonlyMap<string, T> | undefined, id: string): T | undefined => {
    if (!map) return undefined;
    const direct = map.get(id);
    if (direct !== undefined) return direct;
    for (const [k, v] of map) if (idKey(k) === idKey(id)) return v;
    return undefined;
  };
  const log: SessionLogRow[] = [];
  const signIns: SessionSignInRow[] = [];
  for (const id of listed) {
    // The logs are the caller's data: what reading them throws (a getter, a Proxy) is named.
    readArgument(`auditLogs of "${id}"`, () => {
      const audit: unknown = findLog(auditLogs, id);
      if (audit === undefined) return;
      checkAuditLog(audit, id);
      const entries = [...audit].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      for (const e of entries) log.push({ session: id, at: e.at, event: e.event, from: e.from, to: e.to, actor: e.actor, by: e.by, reason: e.reason ?? null });
    });
    readArgument(`userLogs of "${id}"`, () => {
      const userLog: unknown = findLog(userLogs, id);
      if (userLog === undefined) return;
      checkUserLog(userLog, id);
      for (const s of userLog.signIns) signIns.push({ session: id, user: s.user, signedInAt: s.signedInAt, signedOutAt: s.signedOutAt, minutes: Math.round(s.durationMs / 6_000) / 10 });
    });
  }
  return {
    name: 'sessions',
    title: 'Temporary role and privileged sessions',
    description: 'Which sessions are coming, which are in force, and which ended in the period, with who requested, approved and processed them.',
    at,
    summary: [
      { label: 'Sessions', value: sessions.length },
      { label: 'Upcoming', value: upcoming.length },
      { label: 'Active', value: active.length },
      { label: from === null ? `Ended up to ${to}` : `Ended ${from} – ${to}`, value: ended.length },
      { label: 'Awaiting approval (draft)', value: counts.get('draft')![0] + counts.get('draft')![1] },
    ],
    charts: [{ id: 'sessions-by-status', title: 'Sessions by status', series: ['temporary role', 'privileged'], bars: byStatus.map((r) => ({ label: r.status, values: [r.temporaryRole, r.privileged] })) }],
    tables: [
      table('upcoming', 'Upcoming sessions', sessionColumns, upcoming),
      table('active', 'Active sessions', sessionColumns, active),
      table('ended', 'Sessions ended in the period', sessionColumns, ended),
      table('by-status', 'Sessions by status', [
        column<SessionStatusRow>('status', 'Status', 'text', (r) => r.status),
        column<SessionStatusRow>('temporaryRole', 'Temporary role', 'number', (r) => r.temporaryRole),
        column<SessionStatusRow>('privileged', 'Privileged', 'number', (r) => r.privileged),
        column<SessionStatusRow>('total', 'Total', 'number', (r) => r.total),
      ], byStatus),
      table('log', 'Audit log of the listed sessions', [
        column<SessionLogRow>('session', 'Session', 'text', (r) => r.session),
        column<SessionLogRow>('at', 'At', 'instant', (r) => r.at),
        column<SessionLogRow>('event', 'Event', 'text', (r) => r.event),
        column<SessionLogRow>('from', 'From', 'text', (r) => r.from),
        column<SessionLogRow>('to', 'To', 'text', (r) => r.to),
        column<SessionLogRow>('actor', 'Actor', 'text', (r) => r.actor),
        column<SessionLogRow>('by', 'By', 'text', (r) => r.by),
        column<SessionLogRow>('reason', 'Reason', 'text', (r) => r.reason),
      ], log),
      table('sign-ins', 'Sign-ins during the listed sessions', [
        column<SessionSignInRow>('session', 'Session', 'text', (r) => r.session),
        column<SessionSignInRow>('user', 'User', 'text', (r) => r.user),
        column<SessionSignInRow>('signedInAt', 'Signed in', 'instant', (r) => r.signedInAt),
        column<SessionSignInRow>('signedOutAt', 'Signed out', 'instant', (r) => r.signedOutAt),
        column<SessionSignInRow>('minutes', 'Minutes', 'number', (r) => r.minutes),
      ], signIns),
    ],
    byStatus,
    upcoming,
    active,
    ended,
    log,
    signIns,
  };
}
