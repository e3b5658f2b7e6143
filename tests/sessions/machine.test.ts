import { describe, expect, it } from 'vitest';
import {
  SecGovError,
  allowedEvents,
  dueEvent,
  sessionEventTypes,
  sessionKinds,
  sessionStatuses,
  sessionTransitionTable,
  transition,
  type Session,
  type SessionEvent,
  type SessionEventType,
  type SessionKind,
  type SessionStatus,
  type TransitionContext,
} from '../../src/index.js';

const START = '2026-03-02T08:00:00.000Z';
const END = '2026-03-02T16:00:00.000Z';
const DURING = '2026-03-02T12:00:00.000Z';
const AFTER = '2026-03-03T00:00:00.000Z';
const BEFORE = '2026-03-01T00:00:00.000Z';

function session(kind: SessionKind, status: SessionStatus): Session {
  return {
    id: 'S-1', kind, status, user: 'bob', roles: ['Accountant'], scope: 'all', type: 'merge',
    account: kind === 'privileged' ? 'enable' : null, start: START, end: END, justification: 'cover', ticket: 'INC-1',
    requestedBy: 'admin', requestedAt: BEFORE, approvedBy: null, approvedAt: null, startedAt: status === 'active' ? START : null,
    endedAt: null, endReason: null, assignedDuring: [], version: 3,
  };
}

function eventFor(type: SessionEventType): SessionEvent {
  return type === 'end' ? { type, endReason: 'end-reached' } : { type };
}

/** A time at which the row's time condition holds. */
function nowFor(type: SessionEventType): string {
  return type === 'start' ? DURING : type === 'end' || type === 'expire' ? AFTER : BEFORE;
}

const admin = (now: string): TransitionContext => ({ now, actor: 'admin', by: 'administrator' });
const processor = (now: string): TransitionContext => ({ now, actor: 'processor', by: 'processor' });

describe('session transition table', () => {
  for (const kind of sessionKinds) {
    for (const row of sessionTransitionTable) {
      it(`${kind}: ${row.from} --${row.event}--> ${row.to[kind]}`, () => {
        const before = session(kind, row.from);
        const ctx = row.by.includes('administrator') ? admin(nowFor(row.event)) : processor(nowFor(row.event));
        const [next, effects] = transition(before, eventFor(row.event), ctx);
        expect(next.status).toBe(row.to[kind]);
        expect(next.version).toBe(before.version + 1);
        expect(before.status).toBe(row.from); // the input is not changed
        const audit = effects.find((e) => e.type === 'audit');
        expect(audit).toMatchObject({ entry: { session: 'S-1', from: row.from, to: row.to[kind], event: row.event, actor: ctx.actor, by: ctx.by, justification: 'cover', ticket: 'INC-1' } });
        expect(effects.filter((e) => e.type !== 'audit').map((e) => e.type)).toEqual(row.effects);
      });
    }

    for (const status of sessionStatuses) {
      for (const type of sessionEventTypes) {
        if (sessionTransitionTable.some((r) => r.from === status && r.event === type)) continue;
        it(`${kind}: ${status} refuses ${type}`, () => {
          const s = session(kind, status);
          const error = catchError(() => transition(s, eventFor(type), admin(nowFor(type))));
          expect(error.code).toBe('SESSION_INVALID_TRANSITION');
          expect(error.message).toContain(status);
          expect(error.message).toContain(type);
          expect(error.details).toMatchObject({ status, event: type, allowed: allowedEvents(status) });
        });
      }
    }
  }

  it('approve leads to Planned for temporary role sessions and Approved for privileged sessions', () => {
    expect(transition(session('temporary-role', 'draft'), { type: 'approve' }, admin(BEFORE))[0]).toMatchObject({ status: 'planned', approvedBy: 'admin', approvedAt: BEFORE });
    expect(transition(session('privileged', 'draft'), { type: 'approve' }, admin(BEFORE))[0].status).toBe('approved');
  });

  it('only administrators edit, approve, reject and cancel', () => {
    for (const type of ['edit', 'approve', 'reject', 'cancel'] as const) {
      expect(catchError(() => transition(session('temporary-role', 'draft'), { type }, processor(BEFORE))).code).toBe('SESSION_INVALID_TRANSITION');
    }
  });

  it('start only between start and end', () => {
    expect(catchError(() => transition(session('temporary-role', 'planned'), { type: 'start' }, processor(BEFORE))).message).toContain('starts at');
    expect(catchError(() => transition(session('temporary-role', 'planned'), { type: 'start' }, processor(AFTER))).message).toContain('has passed');
    expect(catchError(() => transition(session('temporary-role', 'planned'), { type: 'start' }, processor(END))).code).toBe('SESSION_INVALID_TRANSITION');
    expect(transition(session('temporary-role', 'planned'), { type: 'start' }, processor(START))[0]).toMatchObject({ status: 'active', startedAt: START });
  });

  it('end-reached only once the end has come; ended early only by an administrator', () => {
    const active = session('privileged', 'active');
    expect(catchError(() => transition(active, { type: 'end', endReason: 'end-reached' }, processor(DURING))).code).toBe('SESSION_INVALID_TRANSITION');
    expect(catchError(() => transition(active, { type: 'end', endReason: 'ended-early' }, processor(DURING))).code).toBe('SESSION_INVALID_TRANSITION');
    const [early] = transition(active, { type: 'end', endReason: 'ended-early', reason: 'done' }, admin(DURING));
    expect(early).toMatchObject({ status: 'ended', endedAt: DURING, endReason: 'ended-early' });
  });

  it('a late end is recorded at the scheduled end: a session is never in force past its end', () => {
    const [ended, effects] = transition(session('privileged', 'active'), { type: 'end', endReason: 'end-reached' }, processor(AFTER));
    expect(ended).toMatchObject({ endedAt: END, endReason: 'end-reached' });
    expect(effects[0]).toMatchObject({ type: 'audit', entry: { at: AFTER, reason: 'end-reached' } });
  });

  it('an administrator ending a session whose end has passed ends it at its end, as reached (a privileged session never outlasts 24 h)', () => {
    for (const now of [END, AFTER]) {
      const [ended, effects] = transition(session('privileged', 'active'), { type: 'end', endReason: 'ended-early', reason: 'cleanup' }, admin(now));
      expect(ended).toMatchObject({ status: 'ended', endedAt: END, endReason: 'end-reached' });
      expect(effects[0]).toMatchObject({ type: 'audit', entry: { at: now, reason: 'end-reached: cleanup', actor: 'admin' } });
    }
  });

  it('expire ends a session that never started, without granting anything', () => {
    expect(catchError(() => transition(session('temporary-role', 'planned'), { type: 'expire' }, processor(DURING))).code).toBe('SESSION_INVALID_TRANSITION');
    const [expired, effects] = transition(session('temporary-role', 'planned'), { type: 'expire' }, processor(AFTER));
    expect(expired).toMatchObject({ status: 'ended', startedAt: null, endReason: 'expired-before-start' });
    expect(effects.map((e) => e.type)).toEqual(['audit']);
  });

  it('dueEvent picks what the processor must do', () => {
    expect(dueEvent(session('temporary-role', 'planned'), BEFORE)).toBeUndefined();
    expect(dueEvent(session('temporary-role', 'planned'), DURING)).toEqual({ type: 'start' });
    expect(dueEvent(session('privileged', 'approved'), AFTER)).toEqual({ type: 'expire' });
    expect(dueEvent(session('privileged', 'active'), DURING)).toBeUndefined();
    expect(dueEvent(session('privileged', 'active'), END)).toEqual({ type: 'end', endReason: 'end-reached' });
    for (const status of ['draft', 'ended', 'cancelled', 'rejected'] as const) expect(dueEvent(session('privileged', status), AFTER)).toBeUndefined();
  });
});

function catchError(fn: () => unknown): SecGovError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SecGovError);
    return error as SecGovError;
  }
  throw new Error('expected an error');
}
