import { describe, expect, it } from 'vitest';
import {
  createModel,
  dueEvent,
  inForceAt,
  modelToData,
  objectHistory,
  overlaySessions,
  roleAssignmentEvents,
  sessionAssignments,
  sessionDueAt,
  summarizeUserLog,
  transition,
  validateSession,
  type AuditEntry,
  type Session,
  type TransitionContext,
  type UserLogEntry,
} from '../../src/index.js';
import { caught, errorCode, refused } from '../support/errors.js';

const huge = 'x'.repeat(1_000_000);
/** Values no parameter of these functions accepts. */
const hostile: unknown[] = [null, undefined, {}, [], 42, Number.NaN, huge, [null], { wrong: 'shape' }];
/** The same, without the empty array (an empty list is a valid list argument). */
const hostileLists = hostile.filter((v) => !(Array.isArray(v) && v.length === 0));
const hostileInstants: unknown[] = [...hostile, '', 'yesterday', '2026-02-30T00:00:00.000Z', new Date(Number.NaN), Infinity];

const START = '2026-03-02T08:00:00.000Z';
const END = '2026-03-09T08:00:00.000Z';
const DURING = '2026-03-03T00:00:00.000Z';

const session: Session = {
  id: 'S-1', kind: 'temporary-role', status: 'active', user: 'bob', roles: ['Accountant'], scope: 'all', type: 'merge', account: null,
  start: START, end: END, justification: 'cover', ticket: 'INC-1', requestedBy: 'admin', requestedAt: '2026-03-01T00:00:00.000Z',
  approvedBy: 'admin', approvedAt: '2026-03-01T00:00:00.000Z', startedAt: START, endedAt: null, endReason: null, assignedDuring: [], version: 3,
};
const planned: Session = { ...session, status: 'planned', startedAt: null };

/** Sessions of the wrong shape: each breaks one field. */
const badSessions: unknown[] = [
  ...hostile,
  modelToData(createModel({})),
  { ...session, status: 'bogus' },
  { ...session, status: undefined },
  { ...session, kind: 42 },
  { ...session, id: huge },
  { ...session, id: null },
  { ...session, user: {} },
  { ...session, roles: 'Accountant' },
  { ...session, roles: [null] },
  { ...session, roles: [huge] },
  { ...session, scope: null },
  { ...session, scope: { organizations: [null] } },
  { ...session, type: 'swap' },
  { ...session, account: 'maybe' },
  { ...session, start: 42 },
  { ...session, start: huge },
  { ...session, end: null },
  { ...session, end: '2026-03-09' },
  { ...session, end: '2026-02-30T00:00:00.000Z' },
  { ...session, startedAt: [] },
  { ...session, endedAt: Number.NaN },
  { ...session, endReason: 'bored' },
  { ...session, justification: 42 },
  { ...session, justification: huge },
  { ...session, assignedDuring: [null] },
  { ...session, version: Number.NaN },
  { ...session, version: '3' },
];

const ctx: TransitionContext = { now: DURING, actor: 'admin', by: 'administrator' };

const logEntry: UserLogEntry = { at: DURING, session: 'S-1', user: 'bob', type: 'sign-in', signIn: 'SI-1' };

const auditEntry: AuditEntry = {
  seq: 1, hash: '0'.repeat(64), at: DURING, actor: 'admin', command: 'apply', reason: null, details: null,
  changes: [{ op: 'assign', assignment: { user: 'bob', role: 'Buyer', scope: 'all', source: 'manual' } }],
};
/** Audit trails of the wrong shape: each breaks one part of an entry. */
const badTrails: unknown[] = [
  ...hostileLists,
  'not a trail',
  new Map([['a', auditEntry]]),
  { [Symbol.iterator]: () => 42 },
  { [Symbol.iterator]: () => ({ next: () => null }) },
  [{ ...auditEntry, seq: 'one' }],
  [{ ...auditEntry, at: huge }],
  [{ ...auditEntry, actor: null }],
  [{ ...auditEntry, command: 42 }],
  [{ ...auditEntry, reason: {} }],
  [{ ...auditEntry, details: 'sessions' }],
  [{ ...auditEntry, changes: null }],
  [{ ...auditEntry, changes: [null] }],
  [{ ...auditEntry, changes: [{}] }],
  [{ ...auditEntry, changes: [{ op: 'assign', assignment: null }] }],
  [{ ...auditEntry, changes: [{ op: 'assign', assignment: { user: 42, role: 'Buyer', scope: 'all', source: 'manual' } }] }],
  [{ ...auditEntry, changes: [{ op: 'unassign', user: 'bob', role: huge }] }],
  [{ ...auditEntry, changes: [{ op: 'update', kind: 'role', id: 42, patch: {} }] }],
  [{ ...auditEntry, changes: [{ op: 'remove', kind: 'user', id: null }] }],
  [{ ...auditEntry, changes: [{ op: 'add', kind: 'role', value: null }] }],
  [{ ...auditEntry, changes: [{ op: 'add', kind: 'user', value: { name: 'no id' } }] }],
  [{ ...auditEntry, changes: [{ op: 'add', kind: 'entryPoint', value: { kind: 42 } }] }],
  [{ ...auditEntry, changes: [{ op: 'setGrant', privilege: [], grant: {} }] }],
  [auditEntry, null],
];
const note = { session: 'S-1', kind: 'temporary-role', user: 'bob', roles: ['Accountant'], event: 'start', from: 'planned', to: 'active' };
const badNotes: unknown[] = [null, 42, { ...note, roles: null }, { ...note, roles: [null] }, { ...note, user: 42 }, { ...note, session: huge }, { ...note, to: null }];

describe('the session state machine refuses hostile input with typed errors', () => {
  it('transition: every parameter', () => {
    for (const s of badSessions) refused(() => transition(s as Session, { type: 'cancel' }, ctx), 'session');
    const badEvents = [...hostile, { type: 'bogus' }, { type: huge }, { type: 'end' }, { type: 'end', endReason: 'expired-before-start' }, { type: 'cancel', reason: 42 }, { type: 'cancel', reason: huge }];
    for (const event of badEvents) refused(() => transition(planned, event as never, ctx), 'event');
    const badContexts = [...hostile, ...hostileInstants.map((now) => ({ ...ctx, now })), { ...ctx, actor: null }, { ...ctx, actor: huge }, { ...ctx, by: 'root' }, { ...ctx, by: undefined }];
    for (const context of badContexts) refused(() => transition(planned, { type: 'cancel' }, context as TransitionContext), 'context');
    // Valid input answers as before.
    expect(transition(planned, { type: 'cancel' }, ctx)[0]).toMatchObject({ status: 'cancelled', version: 4 });
    expect(errorCode(() => transition(planned, { type: 'reject' }, ctx))).toBe('SESSION_INVALID_TRANSITION');
  });

  it('dueEvent: every parameter', () => {
    for (const s of badSessions) refused(() => dueEvent(s as Session, DURING), 'session');
    for (const now of hostileInstants) refused(() => dueEvent(planned, now as string), 'now');
  });

  it('dueEvent reads an instant with an offset as the moment it names', () => {
    // 10:00+05:00 is 05:00Z, before the 08:00Z start: nothing is due yet.
    expect(dueEvent(planned, '2026-03-02T10:00:00+05:00')).toBeUndefined();
    expect(dueEvent(planned, '2026-03-02T08:00:00Z')).toEqual({ type: 'start' });
  });

  it('sessionDueAt: every parameter', () => {
    for (const s of badSessions) refused(() => sessionDueAt(s as Session), 'session');
  });
});

describe('the session overlay refuses hostile input with typed errors', () => {
  it('inForceAt: every parameter', () => {
    for (const s of badSessions) refused(() => inForceAt(s as Session, DURING), 'session');
    for (const instant of hostileInstants) refused(() => inForceAt(session, instant as string), 'instant');
    for (const options of [null, 42, huge, [], [null], { includeDrafts: 'yes' }, { includeDrafts: 1 }]) refused(() => inForceAt(session, DURING, options as never), 'options');
  });

  it('inForceAt reads an instant with an offset as the moment it names', () => {
    // 09:30+02:00 is 07:30Z, before the 08:00Z end.
    expect(inForceAt(session, '2026-03-09T09:30:00+02:00')).toBe(true);
  });

  it('overlaySessions: every parameter', () => {
    const badBases = [...hostileLists, [{}], [{ user: 'bob' }], [{ user: 'bob', role: huge, scope: 'all', source: 'manual' }], [{ user: 'bob', role: 'Clerk', scope: null, source: 'manual' }]];
    for (const base of badBases) refused(() => overlaySessions(base as never, true, [session]), 'base');
    for (const enabled of [null, undefined, 'true', 1, Number.NaN, {}, []]) refused(() => overlaySessions([], enabled as boolean, [session]), 'enabled');
    const badLists = [...hostileLists, ...badSessions.map((s) => [s]), [session, null]];
    for (const sessions of badLists) refused(() => overlaySessions([], true, sessions as Session[]), 'sessions');
  });

  it('sessionAssignments: every parameter', () => {
    for (const s of badSessions) refused(() => sessionAssignments(s as Session), 'session');
  });
});

describe('validateSession refuses hostile input with typed errors', () => {
  const model = createModel({ roles: [{ id: 'Accountant', name: 'Accountant' }], users: [{ id: 'bob', name: 'Bob' }] });
  const now = '2026-03-01T00:00:00.000Z';
  it('every parameter', () => {
    for (const s of badSessions) refused(() => validateSession(s as Session, model, [], now), 'session');
    for (const m of [...hostile, modelToData(model)]) refused(() => validateSession(session, m as never, [], now), 'model');
    for (const others of [...hostileLists, ...badSessions.map((s) => [s])]) refused(() => validateSession(session, model, others as Session[], now), 'others');
    for (const at of hostileInstants) refused(() => validateSession(session, model, [], at as string), 'now');
  });
});

describe('summarizeUserLog refuses hostile input with typed errors', () => {
  it('every parameter', () => {
    const badEntries = [...hostileLists, [{}], [{ ...logEntry, at: huge }], [{ ...logEntry, at: 42 }], [{ ...logEntry, type: 'bogus' }], [{ ...logEntry, user: null }], [{ ...logEntry, signIn: 42 }], [logEntry, null]];
    for (const entries of badEntries) refused(() => summarizeUserLog(entries as UserLogEntry[], DURING), 'entries');
    for (const now of hostileInstants) refused(() => summarizeUserLog([logEntry], now as string), 'now');
  });
});

describe('audit queries refuse hostile input with typed errors', () => {
  it('objectHistory: every parameter', () => {
    for (const entries of badTrails) refused(() => objectHistory(entries as AuditEntry[], 'role', 'Buyer'), 'entries');
    for (const kind of [...hostile, 'spaceship', 'Role']) refused(() => objectHistory([auditEntry], kind as never, 'Buyer'), 'kind');
    for (const id of [...hostile, '', ' ', 'a\u0000b']) refused(() => objectHistory([auditEntry], 'role', id as string), 'id');
  });

  it('objectHistory still answers valid input, from arrays and one-pass iterables', () => {
    expect(objectHistory([auditEntry], 'role', 'buyer').map((h) => h.seq)).toEqual([1]);
    expect(objectHistory((function* () { yield auditEntry; })(), 'user', 'BOB')).toHaveLength(1);
    expect(objectHistory([auditEntry], 'parameters', undefined as never)).toEqual([]);
  });

  it('roleAssignmentEvents: every parameter', () => {
    const trails = [...badTrails, ...badNotes.map((n) => [{ ...auditEntry, details: { sessions: [n] } }])];
    for (const entries of trails) refused(() => roleAssignmentEvents(entries as AuditEntry[]), 'entries');
    const badFilters = [null, 42, Number.NaN, huge, [], [null], { user: 42 }, { user: huge }, { role: null }, { from: 'yesterday' }, { to: huge }, { bogus: 1 }];
    for (const filter of badFilters) refused(() => roleAssignmentEvents([auditEntry], filter as never), 'filter');
  });

  it('roleAssignmentEvents still answers valid input', () => {
    const trail = [auditEntry, { ...auditEntry, seq: 2, changes: [], details: { sessions: [note] } }];
    expect(roleAssignmentEvents(trail).map((e) => `${e.seq}:${e.role}:${e.source}`)).toEqual(['1:Buyer:manual', '2:Accountant:session']);
    expect(roleAssignmentEvents(trail, { role: 'accountant', from: '2026-03-03T00:00:00Z' })).toHaveLength(1);
  });
});
