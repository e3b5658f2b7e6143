/**
 * Property test: the sessions' cheap guard (no zod, for hot paths) against the session schema, on
 * values mixing valid and invalid fields. On values in the form the schema yields (canonical
 * instants, every field present), the two agree: whatever the guard accepts the schema accepts
 * unchanged, and whatever the schema accepts unchanged the guard accepts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SESSION_ROLES, sessionKinds, sessionSchema, sessionStatuses } from '../../src/sessions/schemas.js';
import { assertSession } from '../../src/sessions/guard.js';
import { SecGovError } from '../../src/model/errors.js';

const long = (n: number) => 'x'.repeat(n);
const idArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('S-1', 'bob', 'Accountant', 'admin', 'a b', 'ÄÖ', long(256)) },
  fc.string({ minLength: 1, maxLength: 6 }),
  fc.constantFrom('', ' ', '\t', 'a\u0000b', 'tab\tin', 'del\u007f', long(257), null, 42, undefined, {}, ['x']),
);
const instantArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('2026-03-02T08:00:00.000Z', '2026-03-02T16:00:00.000Z', '2024-02-29T00:00:00.000Z', '2026-12-31T23:59:59.999Z') },
  fc.constantFrom('2026-03-02T10:00:00+02:00', '2026-03-02T08:00:00Z', '2026-02-30T00:00:00.000Z', '2025-02-29T00:00:00.000Z', 'soon', '', null, 0, undefined),
);
const orArb = <T,>(valid: fc.Arbitrary<T>, ...invalid: unknown[]) => fc.oneof({ weight: 6, arbitrary: valid as fc.Arbitrary<unknown> }, fc.constantFrom(...invalid));
const idListArb = (max: number) =>
  fc.oneof({ weight: 8, arbitrary: fc.array(idArb, { maxLength: 4 }) }, fc.constant(Array.from({ length: max + 1 }, (_, i) => `R${i}`)), fc.constantFrom('R1', null, {}));
const organizationArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ id: idArb, includeChildren: fc.boolean() }) },
  fc.record({ id: idArb }),
  fc.record({ id: idArb, includeChildren: fc.constantFrom(0, 'yes', null) }),
  fc.record({ id: idArb, includeChildren: fc.boolean(), extra: fc.constant(1) }),
  fc.constantFrom(null, 'O1'),
);
const scopeArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant('all') },
  { weight: 3, arbitrary: fc.record({ organizations: fc.array(organizationArb, { minLength: 1, maxLength: 3 }) }) },
  fc.constantFrom({ organizations: [] }, { organizations: [{ id: 'O1', includeChildren: true }], extra: 1 }, {}, 'some', null),
);

const sessionLikeArb = fc
  .record({
    id: idArb,
    kind: orArb(fc.constantFrom(...sessionKinds), 'other', null),
    status: orArb(fc.constantFrom(...sessionStatuses), 'Active', null),
    user: idArb,
    roles: idListArb(MAX_SESSION_ROLES),
    scope: scopeArb,
    type: orArb(fc.constantFrom('merge', 'replace'), 'Merge', null),
    account: orArb(fc.constantFrom('enable', 'disable', null), 'on', undefined),
    start: instantArb,
    end: instantArb,
    justification: orArb(fc.constantFrom(null, 'cover', long(10_000)), '', long(10_001), 3),
    ticket: orArb(fc.constantFrom(null, 'INC-1', 'tab\tin', ' '), '', long(257), 7),
    requestedBy: idArb,
    requestedAt: instantArb,
    approvedBy: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, idArb),
    approvedAt: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, instantArb),
    startedAt: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, instantArb),
    endedAt: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, instantArb),
    endReason: orArb(fc.constantFrom(null, 'end-reached', 'ended-early', 'expired-before-start'), 'done', undefined),
    assignedDuring: idListArb(100_000),
    version: orArb(fc.integer({ min: 1, max: 1_000 }), 0, -1, 2.5, Number.NaN, 2 ** 53, '1', null),
  })
  .chain((session) =>
    fc.constantFrom<(s: Record<string, unknown>) => Record<string, unknown>>(
      (s) => s,
      (s) => s,
      (s) => s,
      (s) => ({ ...s, extra: 1 }),
      (s) => {
        const { ticket: _ticket, ...rest } = s;
        return rest;
      },
    ).map((shape) => shape(session)),
  );

const guardAccepts = (value: unknown): boolean => {
  try {
    assertSession(value);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(SecGovError);
    expect((error as SecGovError).code).toBe('VALIDATION_FAILED');
    return false;
  }
};

describe('the session guard and the session schema', () => {
  it('agree on values in the form the schema yields', () => {
    let accepted = 0;
    fc.assert(
      fc.property(sessionLikeArb, (value) => {
        const parsed = sessionSchema.safeParse(value);
        const schemaAcceptsUnchanged = parsed.success && JSON.stringify(parsed.data) === JSON.stringify(value);
        const guard = guardAccepts(value);
        if (guard) {
          accepted++;
          expect(parsed.success).toBe(true);
          expect(parsed.data).toEqual(value);
        }
        expect(guard).toBe(schemaAcceptsUnchanged);
      }),
      { numRuns: 3_000 },
    );
    // Not vacuous: valid sessions were generated and accepted.
    expect(accepted).toBeGreaterThan(20);
  });
});

describe('the guard remembers only sessions that cannot change', () => {
  const good = (): Record<string, unknown> => ({
    id: 'S-1', kind: 'temporary-role', status: 'planned', user: 'bob', roles: ['Accountant'], scope: { organizations: [{ id: 'USMF', includeChildren: false }] },
    type: 'merge', account: null, start: '2026-03-02T08:00:00.000Z', end: '2026-03-02T16:00:00.000Z', justification: null, ticket: null,
    requestedBy: 'admin', requestedAt: '2026-03-01T00:00:00.000Z', approvedBy: null, approvedAt: null, startedAt: null, endedAt: null,
    endReason: null, assignedDuring: [], version: 1,
  });

  it('a session frozen only on the outside is checked again, and a change inside it is refused', () => {
    const s = good();
    Object.freeze(s);
    expect(guardAccepts(s)).toBe(true);
    (s['roles'] as unknown[])[0] = null;
    expect(guardAccepts(s)).toBe(false);
    const scoped = good();
    Object.freeze(scoped);
    Object.freeze(scoped['roles']);
    Object.freeze(scoped['assignedDuring']);
    expect(guardAccepts(scoped)).toBe(true);
    ((scoped['scope'] as { organizations: unknown[] }).organizations[0] as Record<string, unknown>)['id'] = '';
    expect(guardAccepts(scoped)).toBe(false);
  });

  it('a session frozen to the last array is accepted again without change', () => {
    const deepFreeze = (v: unknown): unknown => {
      if (typeof v === 'object' && v !== null) {
        for (const x of Object.values(v)) deepFreeze(x);
        Object.freeze(v);
      }
      return v;
    };
    const s = deepFreeze(good());
    expect(guardAccepts(s)).toBe(true);
    expect(guardAccepts(s)).toBe(true);
    expect(guardAccepts(deepFreeze({ ...good(), user: '' }))).toBe(false);
  });
});
