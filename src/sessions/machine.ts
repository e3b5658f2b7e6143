/**
 * The session state machine: one pure, table-driven transition function.
 *
 * ```
 * Draft --approve--> Planned (temporary role) / Approved (privileged user)
 * Planned/Approved --start--> Active --end--> Ended
 * Planned/Approved --expire (end passed before start)--> Ended
 * Draft/Planned/Approved --cancel--> Cancelled        Draft --reject--> Rejected
 * ```
 *
 * @module
 */
import { SecGovError } from '../model/errors.js';
import { MAX_TEXT_LENGTH } from '../model/ids.js';
import { assertSession } from './guard.js';
import { dueAtOf } from './due.js';
import { instantArg, invalid, isIdString, isRecord, readOptions } from '../model/arguments.js';
import type { EndReason, Session, SessionKind, SessionStatus } from './schemas.js';

/** Who made a transition: an administrator's command or the background processor. */
export type Initiator = 'administrator' | 'processor';

/** The events of the state machine. */
export const sessionEventTypes = ['edit', 'approve', 'reject', 'cancel', 'start', 'end', 'expire'] as const;
/** A session event type. */
export type SessionEventType = (typeof sessionEventTypes)[number];

/** An event: its type and, for `end`, why the session ends. */
export type SessionEvent =
  | { readonly type: 'edit' | 'approve' | 'reject' | 'cancel' | 'start' | 'expire'; readonly reason?: string }
  | { readonly type: 'end'; readonly endReason: Extract<EndReason, 'end-reached' | 'ended-early'>; readonly reason?: string };

/** The context of a transition: the time (from the Clock), the actor and who initiated it. */
export interface TransitionContext {
  /** The current instant, ISO-8601. */
  readonly now: string;
  /** The acting user, or `'processor'` for the background processor. */
  readonly actor: string;
  /** Whether an administrator or the background processor made the transition. */
  readonly by: Initiator;
}

/** One entry of a session's audit log. */
export interface SessionAuditEntry {
  /** When the transition happened. */
  readonly at: string;
  /** The session id. */
  readonly session: string;
  /** The event (`create` for the creation of the draft). */
  readonly event: SessionEventType | 'create';
  /** Status before (null for creation). */
  readonly from: SessionStatus | null;
  /** Status after. */
  readonly to: SessionStatus;
  /** The acting user, or `'processor'`. */
  readonly actor: string;
  /** Administrator or background processor. */
  readonly by: Initiator;
  /** Why (for ends: the end reason; otherwise the reason the actor gave), if any. */
  readonly reason?: string;
  /** The session's justification and ticket, so the log reads on its own. */
  readonly justification?: string | null;
  /** The session's ticket reference. */
  readonly ticket?: string | null;
}

/** What the service must do after a transition. Effects are data; the service carries them out. */
export type SessionEffect =
  | { readonly type: 'audit'; readonly entry: SessionAuditEntry }
  /** The session's roles (and account state) now apply to the user. */
  | { readonly type: 'grant' }
  /** The session's roles (and account state) no longer apply: the user's own state returns. */
  | { readonly type: 'revoke' }
  /** Write "session ended" to the session's user log. */
  | { readonly type: 'log-session-ended' };

/** One row of the transition table. */
export interface TransitionRow {
  /** The status the event applies to. */
  readonly from: SessionStatus;
  /** The event. */
  readonly event: SessionEventType;
  /** The status after the event, per session kind. */
  readonly to: Readonly<Record<SessionKind, SessionStatus>>;
  /** Who may cause it. */
  readonly by: readonly Initiator[];
  /** The condition on time, in words (checked by {@link transition}). */
  readonly when?: string;
  /** Effects besides the audit entry. */
  readonly effects: readonly SessionEffect['type'][];
}

const both = (status: SessionStatus) => ({ 'temporary-role': status, privileged: status }) as const;
const admin: readonly Initiator[] = ['administrator'];
const anyone: readonly Initiator[] = ['administrator', 'processor'];

/**
 * The transition table. Every allowed (status, event) pair is a row; anything else is refused
 * with `SESSION_INVALID_TRANSITION`. Exported so docs and tests can print it.
 */
export const sessionTransitionTable: readonly TransitionRow[] = Object.freeze([
  { from: 'draft', event: 'edit', to: both('draft'), by: admin, effects: [] },
  { from: 'draft', event: 'approve', to: { 'temporary-role': 'planned', privileged: 'approved' }, by: admin, effects: [] },
  { from: 'draft', event: 'reject', to: both('rejected'), by: admin, effects: [] },
  { from: 'draft', event: 'cancel', to: both('cancelled'), by: admin, effects: [] },
  { from: 'planned', event: 'cancel', to: both('cancelled'), by: admin, effects: [] },
  { from: 'approved', event: 'cancel', to: both('cancelled'), by: admin, effects: [] },
  { from: 'planned', event: 'start', to: both('active'), by: anyone, when: 'start <= now < end', effects: ['grant'] },
  { from: 'approved', event: 'start', to: both('active'), by: anyone, when: 'start <= now < end', effects: ['grant'] },
  { from: 'planned', event: 'expire', to: both('ended'), by: anyone, when: 'end <= now', effects: [] },
  { from: 'approved', event: 'expire', to: both('ended'), by: anyone, when: 'end <= now', effects: [] },
  { from: 'active', event: 'end', to: both('ended'), by: anyone, when: 'end <= now, or any time when ended early by an administrator', effects: ['revoke', 'log-session-ended'] },
]) as readonly TransitionRow[];

const rows = new Map(sessionTransitionTable.map((r) => [`${r.from}:${r.event}`, r]));

/** The events allowed in a status. */
export function allowedEvents(status: SessionStatus): SessionEventType[] {
  return sessionTransitionTable.filter((r) => r.from === status).map((r) => r.event);
}

function refuse(session: Session, event: SessionEventType, why: string): never {
  const allowed = allowedEvents(session.status);
  throw new SecGovError(
    'SESSION_INVALID_TRANSITION',
    `session "${session.id}" is ${session.status}: ${event} is not allowed (${why}; allowed: ${allowed.length ? allowed.join(', ') : 'none, the session is final'})`,
    { ids: [session.id], status: session.status, event, allowed },
  );
}

const eventTypes: ReadonlySet<unknown> = new Set(sessionEventTypes);
const endEventReasons: ReadonlySet<unknown> = new Set(['end-reached', 'ended-early']);
const initiators: ReadonlySet<unknown> = new Set(['administrator', 'processor']);

/** Check an event argument, each field read once (cheaply: it runs for every session the processor steps). */
function readEvent(event: unknown): SessionEvent {
  if (!isRecord(event)) throw invalid('event', 'a session event { type }', event);
  // Each field read once, here: the transition uses what was checked.
  const { type, endReason, reason } = readOptions(event, ['type', 'endReason', 'reason'], 'event');
  if (!eventTypes.has(type)) throw invalid('event.type', `one of ${sessionEventTypes.join(', ')}`, type);
  if (type === 'end' && !endEventReasons.has(endReason)) throw invalid('event.endReason', 'end-reached or ended-early', endReason);
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > MAX_TEXT_LENGTH)) throw invalid('event.reason', `a text of at most ${MAX_TEXT_LENGTH} characters`, reason);
  const given = reason === undefined ? {} : { reason: reason as string };
  return type === 'end' ? { type, endReason: endReason as 'end-reached' | 'ended-early', ...given } : { type: type as Exclude<SessionEventType, 'end'>, ...given };
}

/** Check a context argument, each field read once; its `now` in canonical form. */
function readContext(context: unknown): TransitionContext {
  if (!isRecord(context)) throw invalid('context', 'a transition context { now, actor, by }', context);
  const { now, actor, by } = readOptions(context, ['now', 'actor', 'by'], 'context');
  const at = instantArg(now, 'context.now');
  if (!isIdString(actor)) throw invalid('context.actor', 'an id', actor);
  if (!initiators.has(by)) throw invalid('context.by', 'administrator or processor', by);
  return { now: at, actor, by: by as Initiator };
}

/**
 * The pure transition function: the session after `event` at `context.now`, and the effects the
 * service must carry out. Never reads the clock, never does I/O.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument (`session`, `event` or
 *   `context`, and the field) when it is not a stored session, a session event or a transition
 *   context (a cheap structural check: types, known statuses and events, canonical instants)
 * @throws {@link SecGovError} `SESSION_INVALID_TRANSITION` naming the state and the event when the
 *   table has no such row, the initiator may not cause it, or its time condition does not hold
 */
export function transition(session: Session, event: SessionEvent, context: TransitionContext): [Session, SessionEffect[]] {
  assertSession(session, 'session');
  const e = readEvent(event);
  const c = readContext(context);
  const now = c.now;
  const row = rows.get(`${session.status}:${e.type}`);
  if (!row) refuse(session, e.type, 'no such transition');
  if (!row.by.includes(c.by)) refuse(session, e.type, `only ${row.by.join(' or ')} may do this`);
  let endReason: EndReason | null = session.endReason;
  switch (e.type) {
    case 'start':
      if (now < session.start) refuse(session, e.type, `it starts at ${session.start}`);
      if (now >= session.end) refuse(session, e.type, `its end ${session.end} has passed`);
      break;
    case 'expire':
      if (now < session.end) refuse(session, e.type, `its end ${session.end} has not passed`);
      endReason = 'expired-before-start';
      break;
    case 'end':
      if (e.endReason === 'end-reached' && now < session.end) refuse(session, e.type, `it ends at ${session.end}`);
      if (e.endReason === 'ended-early' && c.by !== 'administrator') refuse(session, e.type, 'only an administrator ends a session early');
      // Ending a session whose end has already passed (the processor had not run yet) is not early:
      // it reached its end, and is recorded as ended there.
      endReason = e.endReason === 'ended-early' && now >= session.end ? 'end-reached' : e.endReason;
      break;
    default:
      break;
  }
  const to = row.to[session.kind];
  const next: Session = {
    ...session,
    status: to,
    version: session.version + 1,
    ...(e.type === 'approve' ? { approvedBy: c.actor, approvedAt: now } : {}),
    ...(e.type === 'start' ? { startedAt: now } : {}),
    // A session is never in force past its end: when processing runs late, the session is
    // recorded as ended at its scheduled end (access was already cut there), not at `now`.
    ...(to === 'ended' ? { endedAt: endReason === 'end-reached' && session.end < now ? session.end : now, endReason } : {}),
  };
  const reason = e.type === 'end' || e.type === 'expire' ? (e.reason ? `${endReason}: ${e.reason}` : endReason ?? undefined) : e.reason;
  const entry: SessionAuditEntry = {
    at: now,
    session: session.id,
    event: e.type,
    from: session.status,
    to,
    actor: c.actor,
    by: c.by,
    ...(reason !== undefined ? { reason } : {}),
    justification: session.justification,
    ticket: session.ticket,
  };
  const effects: SessionEffect[] = [{ type: 'audit', entry }, ...row.effects.map((type) => ({ type }) as SessionEffect)];
  return [next, effects];
}

/**
 * When the processor must next look at a session: its start (or its end, if earlier) while
 * Planned or Approved, its end while Active; null once it is over (or still a draft). Stores index
 * open sessions by it to answer `findDueSessions`.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming `session` (and the field) when it is not a
 *   stored session
 */
export function sessionDueAt(session: Session): string | null {
  assertSession(session, 'session');
  return dueAtOf(session);
}


/**
 * The event the processor should apply to a session at `now`, if any: start a due Planned or
 * Approved session, end an Active one whose end has come, and expire one whose end passed before
 * it ever started (it ends without granting anything).
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming `session` (and the field) when it is not a
 *   stored session, or `now` when it is not an ISO-8601 instant
 */
export function dueEvent(session: Session, now: string): SessionEvent | undefined {
  assertSession(session, 'session');
  const at = instantArg(now, 'now');
  switch (session.status) {
    case 'planned':
    case 'approved':
      if (at >= session.end) return { type: 'expire' };
      if (at >= session.start) return { type: 'start' };
      return undefined;
    case 'active':
      return at >= session.end ? { type: 'end', endReason: 'end-reached' } : undefined;
    default:
      return undefined;
  }
}
