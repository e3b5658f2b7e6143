import { describe, expect, it } from 'vitest';
import { createModel, inForceAt, overlaySessions, validateSession, SecGovError, type Assignment, type Session } from '../../src/index.js';

const base: Assignment[] = [
  { user: 'bob', role: 'Clerk', scope: 'all', source: 'manual' },
  { user: 'bob', role: 'Viewer', scope: { organizations: [{ id: 'USMF', includeChildren: false }] }, source: 'manual' },
];

function session(over: Partial<Session>): Session {
  return {
    id: 'S-1', kind: 'temporary-role', status: 'active', user: 'bob', roles: ['Accountant'], scope: 'all', type: 'merge', account: null,
    start: '2026-03-02T08:00:00.000Z', end: '2026-03-09T08:00:00.000Z', justification: null, ticket: null, requestedBy: 'admin',
    requestedAt: '2026-03-01T00:00:00.000Z', approvedBy: 'admin', approvedAt: '2026-03-01T00:00:00.000Z', startedAt: '2026-03-02T08:00:00.000Z',
    endedAt: null, endReason: null, assignedDuring: [], version: 3, ...over,
  };
}

describe('overlaySessions', () => {
  it('without sessions the user has exactly their own assignments', () => {
    expect(overlaySessions(base, true, [])).toEqual({ assignments: base, enabled: true, sessions: [] });
  });
  it('Merge adds the session roles with the session scope', () => {
    const s = session({ scope: { organizations: [{ id: 'DEMF', includeChildren: true }] } });
    const state = overlaySessions(base, true, [s]);
    expect(state.assignments.map((a) => a.role)).toEqual(['Clerk', 'Viewer', 'Accountant']);
    expect(state.assignments[2]!.scope).toEqual({ organizations: [{ id: 'DEMF', includeChildren: true }] });
  });
  it('Replace suspends the own roles but keeps roles assigned during the session', () => {
    expect(overlaySessions(base, true, [session({ type: 'replace' })]).assignments.map((a) => a.role)).toEqual(['Accountant']);
    expect(overlaySessions(base, true, [session({ type: 'replace', assignedDuring: ['viewer'] })]).assignments.map((a) => a.role)).toEqual(['Viewer', 'Accountant']);
  });
  it('privileged sessions enable or disable the account while in force', () => {
    expect(overlaySessions(base, false, [session({ kind: 'privileged', account: 'enable', roles: [] })]).enabled).toBe(true);
    expect(overlaySessions(base, true, [session({ kind: 'privileged', account: 'disable', roles: [] })]).enabled).toBe(false);
  });
  it('overlapping Merge sessions add all their roles', () => {
    const state = overlaySessions(base, true, [session({ id: 'S-2', roles: ['Buyer'] }), session({ id: 'S-1' })]);
    expect(state.assignments.map((a) => a.role)).toEqual(['Clerk', 'Viewer', 'Accountant', 'Buyer']);
    expect(state.sessions).toEqual(['S-1', 'S-2']);
  });
});

describe('inForceAt', () => {
  it('is never true at or after the end', () => {
    for (const status of ['active', 'planned', 'approved', 'ended', 'draft'] as const) expect(inForceAt(session({ status }), '2026-03-09T08:00:00.000Z', { includeDrafts: true })).toBe(false);
  });
  it('scheduled sessions count from their start; drafts only when asked', () => {
    expect(inForceAt(session({ status: 'planned' }), '2026-03-02T07:59:59.999Z')).toBe(false);
    expect(inForceAt(session({ status: 'planned' }), '2026-03-02T08:00:00.000Z')).toBe(true);
    expect(inForceAt(session({ status: 'draft' }), '2026-03-03T00:00:00.000Z')).toBe(false);
    expect(inForceAt(session({ status: 'draft' }), '2026-03-03T00:00:00.000Z', { includeDrafts: true })).toBe(true);
    expect(inForceAt(session({ status: 'cancelled' }), '2026-03-03T00:00:00.000Z', { includeDrafts: true })).toBe(false);
  });
  it('ended sessions count over the time they actually ran', () => {
    const ended = session({ status: 'ended', startedAt: '2026-03-02T09:00:00.000Z', endedAt: '2026-03-04T00:00:00.000Z' });
    expect(inForceAt(ended, '2026-03-02T08:30:00.000Z')).toBe(false);
    expect(inForceAt(ended, '2026-03-03T00:00:00.000Z')).toBe(true);
    expect(inForceAt(ended, '2026-03-05T00:00:00.000Z')).toBe(false);
  });
});

describe('validateSession', () => {
  const model = createModel({
    roles: [{ id: 'Accountant', name: 'Accountant' }],
    users: [{ id: 'bob', name: 'Bob' }],
    organizations: [{ id: 'USMF', name: 'Contoso US' }],
  });
  const now = '2026-03-01T00:00:00.000Z';
  const codes = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(SecGovError);
      expect((e as SecGovError).code).toBe('SESSION_INVALID');
      return (e as SecGovError).details.problems!.map((p) => p.message);
    }
    return [];
  };
  it('accepts a valid session', () => {
    expect(codes(() => validateSession(session({ status: 'draft' }), model, [], now))).toEqual([]);
  });
  it('names unknown users, roles and organizations, and duplicate roles', () => {
    const messages = codes(() => validateSession(session({ user: 'zed', roles: ['Nope', 'accountant', 'Accountant'], scope: { organizations: [{ id: 'XX', includeChildren: false }] } }), model, [], now));
    expect(messages.join('\n')).toMatch(/unknown user "zed"/);
    expect(messages.join('\n')).toMatch(/unknown role "Nope"/);
    expect(messages.join('\n')).toMatch(/unknown organization "XX"/);
    expect(messages.join('\n')).toMatch(/role "Accountant" is listed twice/);
  });
  it('refuses end before start, a past end, and privileged sessions over 24 hours', () => {
    expect(codes(() => validateSession(session({ start: '2026-03-05T00:00:00.000Z', end: '2026-03-04T00:00:00.000Z' }), model, [], now)).join()).toMatch(/not after start/);
    expect(codes(() => validateSession(session({}), model, [], '2026-04-01T00:00:00.000Z')).join()).toMatch(/already passed/);
    const day = (end: string) => session({ kind: 'privileged', account: 'enable', start: '2026-03-02T08:00:00.000Z', end });
    expect(codes(() => validateSession(day('2026-03-03T08:00:00.000Z'), model, [], now))).toEqual([]);
    expect(codes(() => validateSession(day('2026-03-03T08:00:00.001Z'), model, [], now)).join()).toMatch(/at most 24 hours/);
  });
  it('24 hours are elapsed time: a local midnight-to-midnight day across the autumn DST change is 25 hours and refused', () => {
    // Europe/Oslo: 2026-10-25 03:00 CEST becomes 02:00 CET.
    const across = session({ kind: 'privileged', account: 'enable', start: '2026-10-25T00:00:00+02:00', end: '2026-10-26T00:00:00+01:00' });
    expect(codes(() => validateSession({ ...across, start: new Date(across.start).toISOString(), end: new Date(across.end).toISOString() }, model, [], now)).join()).toMatch(/25\.00 hours/);
    // Spring: 2026-03-29 02:00 CET becomes 03:00 CEST: the local day is 23 hours, allowed.
    const spring = { start: new Date('2026-03-29T00:00:00+01:00').toISOString(), end: new Date('2026-03-30T00:00:00+02:00').toISOString() };
    expect(codes(() => validateSession(session({ kind: 'privileged', account: 'enable', ...spring }), model, [], now))).toEqual([]);
  });
  it('sessions of one user may overlap only if both are Merge', () => {
    const other = session({ id: 'S-2', status: 'planned' });
    expect(codes(() => validateSession(session({ status: 'draft' }), model, [other], now))).toEqual([]);
    expect(codes(() => validateSession(session({ status: 'draft', type: 'replace' }), model, [other], now)).join()).toMatch(/overlaps session "S-2"/);
    expect(codes(() => validateSession(session({ status: 'draft' }), model, [{ ...other, type: 'replace' }], now)).join()).toMatch(/overlaps session "S-2"/);
    // Not overlapping: back to back.
    expect(codes(() => validateSession(session({ status: 'draft', type: 'replace', start: '2026-03-09T08:00:00.000Z', end: '2026-03-10T08:00:00.000Z' }), model, [other], now))).toEqual([]);
    // Drafts and final sessions hold no slot.
    expect(codes(() => validateSession(session({ type: 'replace' }), model, [{ ...other, status: 'draft' }, { ...other, id: 'S-3', status: 'ended' }], now))).toEqual([]);
  });
  it('requires a justification when the parameter says so', () => {
    const strict = { ...model, parameters: { ...model.parameters, requireJustification: true } };
    expect(codes(() => validateSession(session({}), strict, [], now)).join()).toMatch(/justification is required/);
    expect(codes(() => validateSession(session({ justification: 'month end' }), strict, [], now))).toEqual([]);
  });
});
