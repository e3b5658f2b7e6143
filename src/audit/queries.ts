/**
 * Questions answered from the audit trail: the history of one object, and the role assignment
 * audit trail.
 *
 * @module
 */
import type { Change, ObjectKind } from '../model/changes.js';
import { idKey } from '../model/ids.js';
import { objectKey } from '../model/collections.js';
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

/**
 * Every change of one object recorded in `entries` (oldest first): added, updated, removed, and for
 * privileges grant changes, for users and roles their assignments, for `parameters` every
 * parameter change.
 */
export function objectHistory(entries: Iterable<AuditEntry>, kind: HistorySubject, id: string): HistoryItem[] {
  const key = idKey(id);
  const out: HistoryItem[] = [];
  for (const e of entries) {
    for (const change of e.changes) {
      if (touches(change, kind, key)) out.push({ seq: e.seq, at: e.at, actor: e.actor, command: e.command, reason: e.reason, change });
    }
  }
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

interface SessionNote {
  readonly session: string;
  readonly user: string;
  readonly roles: readonly string[];
  readonly event: string;
  readonly to: string;
}

/**
 * The role assignment audit trail: who assigned or unassigned which role to whom, when, and how
 * (manual, automatic, or by a session starting and ending), read from the audit entries.
 */
export function roleAssignmentEvents(entries: Iterable<AuditEntry>, filter: RoleAssignmentFilter = {}): RoleAssignmentEvent[] {
  const user = filter.user === undefined ? undefined : idKey(filter.user);
  const role = filter.role === undefined ? undefined : idKey(filter.role);
  // The source of each assignment as the trail built it, so an unassignment says what it removed.
  const sources = new Map<string, 'manual' | 'automatic'>();
  const out: RoleAssignmentEvent[] = [];
  const push = (e: AuditEntry, event: Omit<RoleAssignmentEvent, 'seq' | 'at' | 'actor' | 'reason'>) => {
    if (user !== undefined && idKey(event.user) !== user) return;
    if (role !== undefined && idKey(event.role) !== role) return;
    if (filter.from !== undefined && e.at < filter.from) return;
    if (filter.to !== undefined && e.at >= filter.to) return;
    out.push({ seq: e.seq, at: e.at, actor: e.actor, reason: e.reason, ...event });
  };
  for (const e of entries) {
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
    const notes = e.details?.['sessions'];
    if (!Array.isArray(notes)) continue;
    for (const n of notes as SessionNote[]) {
      const change = n.to === 'active' ? 'assigned' : n.to === 'ended' && n.event !== 'expire' ? 'unassigned' : undefined;
      if (change === undefined) continue;
      for (const r of n.roles) push(e, { user: n.user, role: r, change, source: 'session', session: n.session });
    }
  }
  return out;
}
