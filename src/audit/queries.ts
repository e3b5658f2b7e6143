/**
 * Questions answered from the audit trail: the history of one object, and the role assignment
 * audit trail.
 *
 * @module
 */
import { z } from 'zod';
import { objectKinds, type Change, type ObjectKind } from '../model/changes.js';
import { idKey, idSchema } from '../model/ids.js';
import { objectKey } from '../model/collections.js';
import { instantSchema } from '../model/time.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { assertIterable, invalid, isCanonicalInstant, isIdString, isRecord, readArgument, unreadable } from '../model/arguments.js';
import type { AuditEntry } from './trail.js';

/** What {@link objectHistory} can be asked about: an object kind, or the governance parameters. */
export type HistorySubject = ObjectKind | 'parameters';

/** One change of an object: who, when, why, and the change record. */
export interface HistoryItem {
  /** The audit entry's position. */
  readonly seq: number;
  /** When. */
  readonly at: string;
  /** Who. */
  readonly actor: string;
  /** The command. */
  readonly command: string;
  /** Why, if given. */
  readonly reason: string | null;
  /** The change record. */
  readonly change: Change;
}

/** Whether a change record is about the object (`key` is its {@link idKey}; ignored for parameters). */
function touches(change: Change, kind: HistorySubject, key: string): boolean {
  switch (change.op) {
    case 'add':
      return change.kind === kind && objectKey(change.kind, change.value) === key;
    case 'update':
    case 'remove':
      return change.kind === kind && idKey(change.id) === key;
    case 'setGrant':
    case 'removeGrant':
      return kind === 'privilege' && idKey(change.privilege) === key;
    case 'setParameters':
      return kind === 'parameters';
    case 'assign':
      return (kind === 'user' && idKey(change.assignment.user) === key) || (kind === 'role' && idKey(change.assignment.role) === key);
    case 'unassign':
      return (kind === 'user' && idKey(change.user) === key) || (kind === 'role' && idKey(change.role) === key);
    default:
      return false;
  }
}

const kinds: ReadonlySet<unknown> = new Set(objectKinds);
const historySubjects: ReadonlySet<unknown> = new Set([...objectKinds, 'parameters']);
const assignmentSources: ReadonlySet<unknown> = new Set(['manual', 'automatic']);

/**
 * Visit the entries of `entries` (checked by `assertIterable`), each checked as it is read: a
 * one-pass iterable is read once, and an iterable that breaks the iteration protocol is refused
 * rather than failing with a `TypeError`.
 */
function eachEntry(entries: Iterable<unknown>, visit: (entry: AuditEntry, i: number) => void): void {
  if (Array.isArray(entries)) {
    const length = readArgument('entries', () => entries.length);
    for (let i = 0; i < length; i++) {
      let e: unknown;
      try {
        e = entries[i];
      } catch (error) {
        throw unreadable(`entries[${i}]`, error);
      }
      assertEntry(e, i);
      visit(e, i);
    }
    return;
  }
  const iterator: unknown = entries[Symbol.iterator]();
  if (typeof iterator !== 'object' || iterator === null || typeof (iterator as Iterator<unknown>).next !== 'function') {
    throw invalid('entries', 'an iterable whose iterator has a next() method', entries);
  }
  const it = iterator as Iterator<unknown>;
  try {
    for (let i = 0; ; i++) {
      const step: unknown = it.next();
      if (!isRecord(step)) throw invalid('entries', 'an iterable whose next() returns { done, value }', step);
      if (step['done'] === true) return;
      const e = step['value'];
      assertEntry(e, i);
      visit(e, i);
    }
  } catch (error) {
    // Close the iterable (a generator's finally blocks run), as for...of does.
    try {
      it.return?.();
    } catch {
      // The original error says more.
    }
    throw error;
  }
}

/** The name of change `j` of entry `i` in messages (built only on failure). */
const changeName = (i: number, j: number) => `entries[${i}].changes[${j}]`;

function needId(c: Record<string, unknown>, i: number, j: number, field: string): void {
  if (!isIdString(c[field])) throw invalid(`${changeName(i, j)}.${field}`, 'an id', c[field]);
}

/** Check the fields of a change record the queries read: cheaply, they run over the whole trail. */
function assertChange(c: unknown, i: number, j: number): asserts c is Change {
  if (!isRecord(c) || typeof c['op'] !== 'string') throw invalid(changeName(i, j), 'a change record { op, ... }', c);
  switch (c['op']) {
    case 'add': {
      const value = c['value'];
      if (!kinds.has(c['kind'])) throw invalid(`${changeName(i, j)}.kind`, 'an object kind', c['kind']);
      if (!isRecord(value)) throw invalid(`${changeName(i, j)}.value`, 'an object', value);
      if (c['kind'] === 'entryPoint') {
        if (typeof value['kind'] !== 'string' || typeof value['name'] !== 'string' || (value['childName'] !== undefined && typeof value['childName'] !== 'string')) {
          throw invalid(`${changeName(i, j)}.value`, 'an entry point { kind, name, childName? }', value);
        }
      } else if (!isIdString(value['id'])) throw invalid(`${changeName(i, j)}.value.id`, 'an id', value['id']);
      break;
    }
    case 'update':
    case 'remove':
      if (!kinds.has(c['kind'])) throw invalid(`${changeName(i, j)}.kind`, 'an object kind', c['kind']);
      needId(c, i, j, 'id');
      break;
    case 'setGrant':
    case 'removeGrant':
      needId(c, i, j, 'privilege');
      break;
    case 'assign': {
      const a = c['assignment'];
      if (!isRecord(a) || !isIdString(a['user']) || !isIdString(a['role']) || !assignmentSources.has(a['source'])) {
        throw invalid(`${changeName(i, j)}.assignment`, 'an assignment { user, role, scope, source }', a);
      }
      break;
    }
    case 'unassign':
      needId(c, i, j, 'user');
      needId(c, i, j, 'role');
      break;
    default:
      break;
  }
}

/** Check one audit entry (and its change records), naming it by its position `i`. */
function assertEntry(e: unknown, i: number): asserts e is AuditEntry {
  try {
    checkEntry(e, i);
  } catch (error) {
    throw unreadable(`entries[${i}]`, error);
  }
}

function checkEntry(e: unknown, i: number): void {
  if (!isRecord(e)) throw invalid(`entries[${i}]`, 'an audit entry { seq, at, actor, command, changes, reason, details }', e);
  if (typeof e['seq'] !== 'number' || !Number.isSafeInteger(e['seq'])) throw invalid(`entries[${i}].seq`, 'a whole number', e['seq']);
  if (!isCanonicalInstant(e['at'])) throw invalid(`entries[${i}].at`, 'a canonical instant such as 2026-01-31T09:00:00.000Z', e['at']);
  if (!isIdString(e['actor'])) throw invalid(`entries[${i}].actor`, 'an id', e['actor']);
  if (!isIdString(e['command'])) throw invalid(`entries[${i}].command`, 'a command name', e['command']);
  if (e['reason'] !== null && typeof e['reason'] !== 'string') throw invalid(`entries[${i}].reason`, 'a text or null', e['reason']);
  if (e['details'] !== null && e['details'] !== undefined && !isRecord(e['details'])) throw invalid(`entries[${i}].details`, 'an object or null', e['details']);
  const changes = e['changes'];
  if (!Array.isArray(changes)) throw invalid(`entries[${i}].changes`, 'an array of change records', changes);
  for (let j = 0; j < changes.length; j++) assertChange(changes[j], i, j);
}

/**
 * Every change of one object recorded in `entries` (oldest first): added, updated, removed, and for
 * privileges grant changes, for users and roles their assignments, for `parameters` every
 * parameter change (`id` is then ignored).
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument when `entries` is not an
 *   array or iterable of audit entries (naming the first malformed entry), `kind` not an object kind
 *   or `parameters`, or `id` not an id
 */
export function objectHistory(entries: Iterable<AuditEntry>, kind: HistorySubject, id: string): HistoryItem[] {
  assertIterable(entries, 'entries', 'an array or iterable of audit entries');
  if (!historySubjects.has(kind)) throw invalid('kind', `one of ${[...historySubjects].join(', ')}`, kind);
  const key = kind === 'parameters' ? '' : idKey(parseOrThrow(idSchema, id, 'id'));
  const out: HistoryItem[] = [];
  eachEntry(entries, (e) => {
    for (const change of e.changes) {
      if (touches(change, kind, key)) out.push({ seq: e.seq, at: e.at, actor: e.actor, command: e.command, reason: e.reason, change });
    }
  });
  return out;
}

/** One event of the role assignment audit trail. */
export interface RoleAssignmentEvent {
  /** The audit entry's position. */
  readonly seq: number;
  /** When. */
  readonly at: string;
  /** Who made the change (`processor` for session starts and ends it made). */
  readonly actor: string;
  /** The user. */
  readonly user: string;
  /** The role. */
  readonly role: string;
  /** Assigned or unassigned. */
  readonly change: 'assigned' | 'unassigned';
  /** How: a manual or automatic assignment, or a temporary role or privileged session. */
  readonly source: 'manual' | 'automatic' | 'session';
  /** The session, for session events. */
  readonly session: string | null;
  /** Why, if given. */
  readonly reason: string | null;
}

/** Which events {@link roleAssignmentEvents} returns: every given criterion must hold. */
export interface RoleAssignmentFilter {
  /** Only this user. */
  readonly user?: string | undefined;
  /** Only this role. */
  readonly role?: string | undefined;
  /** From this instant (inclusive). */
  readonly from?: string | undefined;
  /** Until this instant (exclusive). */
  readonly to?: string | undefined;
}

/** Schema of a {@link RoleAssignmentFilter}: the service's audit query and the trail report parse with it too. @internal */
export const roleAssignmentFilterSchema = z.strictObject({ user: idSchema.optional(), role: idSchema.optional(), from: instantSchema.optional(), to: instantSchema.optional() });

interface SessionNote {
  readonly session: string;
  readonly user: string;
  readonly roles: readonly string[];
  readonly event: string;
  readonly to: string;
}

/** The name of session note `k` of entry `i` in messages (built only on failure). */
const noteName = (i: number, k: number) => `entries[${i}].details.sessions[${k}]`;

/** Check one session note of an entry's details: the fields {@link roleAssignmentEvents} reads. */
function assertNote(n: unknown, i: number, k: number): asserts n is SessionNote {
  if (!isRecord(n)) throw invalid(noteName(i, k), 'a session note { session, user, roles, event, to }', n);
  if (!isIdString(n['session'])) throw invalid(`${noteName(i, k)}.session`, 'an id', n['session']);
  if (!isIdString(n['user'])) throw invalid(`${noteName(i, k)}.user`, 'an id', n['user']);
  if (typeof n['event'] !== 'string') throw invalid(`${noteName(i, k)}.event`, 'a string', n['event']);
  if (typeof n['to'] !== 'string') throw invalid(`${noteName(i, k)}.to`, 'a string', n['to']);
  const roles = n['roles'];
  if (!Array.isArray(roles)) throw invalid(`${noteName(i, k)}.roles`, 'a list of ids', roles);
  for (let r = 0; r < roles.length; r++) if (!isIdString(roles[r])) throw invalid(`${noteName(i, k)}.roles[${r}]`, 'an id', roles[r]);
}

/**
 * The role assignment audit trail: who assigned or unassigned which role to whom, when, and how
 * (manual, automatic, or by a session starting and ending), read from the audit entries.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument when `entries` is not an
 *   array or iterable of audit entries (naming the first malformed entry or session note), or
 *   `filter` not a {@link RoleAssignmentFilter} (ids and ISO-8601 instants, no other fields)
 */
export function roleAssignmentEvents(entries: Iterable<AuditEntry>, filter: RoleAssignmentFilter = {}): RoleAssignmentEvent[] {
  assertIterable(entries, 'entries', 'an array or iterable of audit entries');
  const { user: forUser, role: forRole, from, to } = parseOrThrow(roleAssignmentFilterSchema, filter, 'filter');
  const user = forUser === undefined ? undefined : idKey(forUser);
  const role = forRole === undefined ? undefined : idKey(forRole);
  // The source of each assignment as the trail built it, so an unassignment says what it removed.
  const sources = new Map<string, 'manual' | 'automatic'>();
  const out: RoleAssignmentEvent[] = [];
  const push = (e: AuditEntry, event: Omit<RoleAssignmentEvent, 'seq' | 'at' | 'actor' | 'reason'>) => {
    if (user !== undefined && idKey(event.user) !== user) return;
    if (role !== undefined && idKey(event.role) !== role) return;
    if (from !== undefined && e.at < from) return;
    if (to !== undefined && e.at >= to) return;
    out.push({ seq: e.seq, at: e.at, actor: e.actor, reason: e.reason, ...event });
  };
  eachEntry(entries, (e, i) => {
    for (const c of e.changes) {
      if (c.op === 'assign') {
        sources.set(`${idKey(c.assignment.user)}\u0000${idKey(c.assignment.role)}`, c.assignment.source);
        push(e, { user: c.assignment.user, role: c.assignment.role, change: 'assigned', source: c.assignment.source, session: null });
      } else if (c.op === 'unassign') {
        const key = `${idKey(c.user)}\u0000${idKey(c.role)}`;
        push(e, { user: c.user, role: c.role, change: 'unassigned', source: sources.get(key) ?? 'manual', session: null });
        sources.delete(key);
      }
    }
    // The notes are the caller's data: a getter or a Proxy there is malformed input, named.
    readArgument(`entries[${i}].details.sessions`, () => {
      const notes = e.details?.['sessions'];
      if (notes === undefined) return;
      // The service writes a list here: anything else is not an audit entry it wrote.
      if (!Array.isArray(notes)) throw invalid(`entries[${i}].details.sessions`, 'a list of session notes', notes);
      for (let k = 0; k < notes.length; k++) {
        const n: unknown = notes[k];
        assertNote(n, i, k);
        const change = n.to === 'active' ? 'assigned' : n.to === 'ended' && n.event !== 'expire' ? 'unassigned' : undefined;
        if (change === undefined) continue;
        for (const r of n.roles) push(e, { user: n.user, role: r, change, source: 'session', session: n.session });
      }
    });
  });
  return out;
}
