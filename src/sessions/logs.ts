/**
 * The logs kept per session: audit log, user log, user role change log and recordings.
 *
 * @module
 */
import { z } from 'zod';
import { idKey, MAX_ID_LENGTH, MAX_TEXT_LENGTH } from '../model/ids.js';
import type { Scope } from '../model/schemas.js';
import { instantSchema } from '../model/time.js';
import { argName, assertArrayOf, instantArg, invalid, isCanonicalInstant, isIdString, isRecord } from '../model/arguments.js';

/** Names of the log streams of a session in the {@link Store}. */
export const sessionStreams = {
  /** Every status change. */
  audit: (session: string) => `session/${idKey(session)}/audit`,
  /** Sign-ins and sign-outs while the session was active, and its end. */
  users: (session: string) => `session/${idKey(session)}/users`,
  /** Role changes during the session. */
  roles: (session: string) => `session/${idKey(session)}/roles`,
  /** Interactions recorded during a privileged session. */
  recording: (session: string) => `session/${idKey(session)}/recording`,
} as const;

/** One entry of a session's user log. */
export interface UserLogEntry {
  /** When it happened. */
  readonly at: string;
  /** The session. */
  readonly session: string;
  /** The user. */
  readonly user: string;
  /** A sign-in, a sign-out, or the end of the session. */
  readonly type: 'sign-in' | 'sign-out' | 'session-ended';
  /** The sign-in this entry belongs to. */
  readonly signIn?: string;
}

/** One sign-in during a session, with the time spent. */
export interface SignInRecord {
  /** The sign-in id. */
  readonly signIn: string;
  /** The user. */
  readonly user: string;
  /** When the user signed in. */
  readonly signedInAt: string;
  /** When the user signed out, or null if still signed in (or never signed out before the end). */
  readonly signedOutAt: string | null;
  /** Time spent in milliseconds: until sign-out, or until the session ended, or until now. */
  readonly durationMs: number;
}

/** A session's user log: the entries, the sign-ins with time spent, and when the session ended. */
export interface UserLog {
  /** The raw entries, in order. */
  readonly entries: readonly UserLogEntry[];
  /** One row per sign-in. */
  readonly signIns: readonly SignInRecord[];
  /** When the session ended, or null while it has not. */
  readonly sessionEndedAt: string | null;
}

/** One entry of a session's user role change log. */
export interface RoleChangeEntry {
  /** When it happened. */
  readonly at: string;
  /** The session. */
  readonly session: string;
  /** The user whose roles changed. */
  readonly user: string;
  /**
   * `session-granted` / `session-removed`: the session's role applied / withdrawn at start / end;
   * `suspended` / `restored`: the user's own role suspended / back (Replace); `assigned` /
   * `unassigned`: an administrator's change during the session (kept after the end).
   */
  readonly change: 'session-granted' | 'session-removed' | 'suspended' | 'restored' | 'assigned' | 'unassigned';
  /** The role. */
  readonly role: string;
  /** Who made the change (`processor` for the session's own changes made by the processor). */
  readonly actor: string;
  /** The organization scope, when relevant. */
  readonly scope?: Scope;
}

/** Schema of an interaction event the host application reports during a privileged session. */
export const interactionSchema = z.strictObject({
  /** What happened (`open-form`, `click`, `set-value`, ...). */
  type: z.string().min(1).max(MAX_ID_LENGTH),
  /** What it happened to (form, control, menu item). */
  target: z.string().max(MAX_TEXT_LENGTH),
  /** The value entered, if any. */
  value: z.string().max(MAX_TEXT_LENGTH).optional(),
  /** When it happened; the Clock's time when omitted. */
  at: instantSchema.optional(),
});
/** An interaction event as the host reports it. */
export type InteractionInput = z.input<typeof interactionSchema>;

/** A stored interaction event. */
export interface RecordedInteraction {
  /** When it happened. */
  readonly at: string;
  /** The session. */
  readonly session: string;
  /** The sign-in it happened in, or null when the user was not signed in through secgov. */
  readonly signIn: string | null;
  /** The event type. */
  readonly type: string;
  /** The target. */
  readonly target: string;
  /** The value, if any. */
  readonly value?: string;
}

const userLogTypes: ReadonlySet<unknown> = new Set(['sign-in', 'sign-out', 'session-ended']);

function assertUserLogEntry(value: unknown, name: string, index: number): void {
  if (!isRecord(value)) throw invalid(argName(name, index), 'a user log entry { at, session, user, type }', value);
  if (!isCanonicalInstant(value['at'])) throw invalid(`${argName(name, index)}.at`, 'a canonical instant such as 2026-01-31T09:00:00.000Z', value['at']);
  if (!isIdString(value['session'])) throw invalid(`${argName(name, index)}.session`, 'an id', value['session']);
  if (!isIdString(value['user'])) throw invalid(`${argName(name, index)}.user`, 'an id', value['user']);
  if (!userLogTypes.has(value['type'])) throw invalid(`${argName(name, index)}.type`, 'sign-in, sign-out or session-ended', value['type']);
  if (value['signIn'] !== undefined && !isIdString(value['signIn'])) throw invalid(`${argName(name, index)}.signIn`, 'an id', value['signIn']);
}

/**
 * Compute the sign-ins and time spent of a session's user log.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument (and the entry) when
 *   `entries` is not an array of user log entries or `now` not an ISO-8601 instant
 */
export function summarizeUserLog(entries: readonly UserLogEntry[], now: string): UserLog {
  assertArrayOf(entries, 'entries', assertUserLogEntry);
  const at = instantArg(now, 'now');
  const ended = entries.find((e) => e.type === 'session-ended');
  const sessionEndedAt = ended ? ended.at : null;
  const signIns: SignInRecord[] = [];
  const open = new Map<string, number>();
  for (const entry of entries) {
    if (entry.type === 'sign-in' && entry.signIn !== undefined) {
      open.set(entry.signIn, signIns.length);
      signIns.push({ signIn: entry.signIn, user: entry.user, signedInAt: entry.at, signedOutAt: null, durationMs: 0 });
    } else if (entry.type === 'sign-out' && entry.signIn !== undefined && open.has(entry.signIn)) {
      const i = open.get(entry.signIn)!;
      signIns[i] = { ...signIns[i]!, signedOutAt: entry.at };
      open.delete(entry.signIn);
    }
  }
  return {
    entries,
    sessionEndedAt,
    signIns: signIns.map((s) => {
      const until = s.signedOutAt ?? sessionEndedAt ?? at;
      const stop = sessionEndedAt !== null && sessionEndedAt < until ? sessionEndedAt : until;
      return { ...s, durationMs: Math.max(0, Date.parse(stop) - Date.parse(s.signedInAt)) };
    }),
  };
}
