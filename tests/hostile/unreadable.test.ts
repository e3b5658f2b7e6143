/**
 * Arguments whose reading runs the caller's code, and that code throws (a getter, a Proxy's trap):
 * refused with VALIDATION_FAILED naming the argument, what was thrown kept as the error's `cause`,
 * nothing changed. And the argument checks this sweep added (options objects, store work,
 * verifier positions, clock durations).
 */
import { describe, expect, it } from 'vitest';
import {
  applyChanges,
  compareModels,
  AuditChainVerifier,
  createGovernance,
  createModel,
  entryPointId,
  isSecGovError,
  memoryStore,
  renderComparison,
  safeApplyChanges,
  SecGovError,
  verifyCompliance,
} from '../../src/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { caught } from '../support/errors.js';

const boom = new Error('boom');
const getter = (key: string) => Object.defineProperty({}, key, { get: () => { throw boom; }, enumerable: true });
const proxy = new Proxy({}, { get: () => { throw boom; }, getPrototypeOf: () => { throw boom; }, ownKeys: () => { throw boom; } });

const model = createModel({ users: [{ id: 'admin', name: 'Admin' }], roles: [{ id: '-SYSADMIN-', name: 'Admin' }], assignments: [{ user: 'admin', role: '-SYSADMIN-' }] });

describe('arguments whose reading throws', () => {
  it('a change with a throwing getter: VALIDATION_FAILED under changes, the getter\'s error as cause', () => {
    const error = caught(() => applyChanges(model, [getter('op') as never]));
    expect(error?.code).toBe('VALIDATION_FAILED');
    expect(error?.message).toMatch(/^changes: could not be read: boom/);
    expect(error?.cause).toBe(boom);
    const result = safeApplyChanges(model, [proxy as never]);
    expect(result.ok).toBe(false);
  });

  it('the service refuses such changes and options, and keeps its model', async () => {
    const gov = await createGovernance({ model, clock: new ManualClock('2026-03-02T08:00:00Z') });
    const before = gov.model();
    await expect(gov.apply('admin', [getter('op') as never])).rejects.toMatchObject({ code: 'VALIDATION_FAILED', cause: boom });
    await expect(gov.apply('admin', [], getter('reason') as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', cause: boom });
    expect(() => gov.simulate('admin', proxy as never)).toThrow(SecGovError);
    expect(gov.model()).toBe(before);
  });

  it('a hand-checked argument names itself: a model, an entry point, the service dependencies', async () => {
    const notModel = caught(() => verifyCompliance(proxy as never, { at: '2026-01-01T00:00:00.000Z' }));
    expect(notModel).toMatchObject({ code: 'VALIDATION_FAILED', details: { ids: ['model'] }, cause: boom });
    expect(caught(() => entryPointId(getter('kind') as never))).toMatchObject({ code: 'VALIDATION_FAILED', details: { ids: ['ep'] }, cause: boom });
    await expect(createGovernance(getter('store') as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { ids: ['options'] }, cause: boom });
  });

  it('the comparison renderer names the comparison when an entry cannot be read', () => {
    const comparison = compareModels(model, model);
    const error = caught(() => renderComparison({ ...comparison, identical: false, entries: [proxy] } as never));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { ids: ['comparison'] }, cause: boom });
  });

  it('isSecGovError answers false for a proxy whose traps throw, and never throws', () => {
    expect(isSecGovError(proxy)).toBe(false);
    expect(isSecGovError(new SecGovError('VALIDATION_FAILED', 'x'), 'VALIDATION_FAILED')).toBe(true);
  });

  it('an error message that cannot be turned into text still makes an error', () => {
    expect(new SecGovError('VALIDATION_FAILED', proxy as never).message).toBe('[object]');
  });
});

describe('argument checks added with the sweep', () => {
  it('the service checks the options of model() and process()', async () => {
    const gov = await createGovernance({ model, clock: new ManualClock('2026-03-02T08:00:00Z') });
    expect(() => gov.model({ unpublished: 'yes' } as never)).toThrow(SecGovError);
    expect(() => gov.model({ unpublished: true, extra: 1 } as never)).toThrow(SecGovError);
    expect(gov.model({ unpublished: false })).toBe(gov.model());
    await expect(gov.process({ batchSize: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(gov.process(null as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(gov.process()).resolves.toMatchObject({ started: [] });
  });

  it('the memory store refuses work that is not a function, with a rejected promise', async () => {
    const store = memoryStore();
    await expect(store.transact(null as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { ids: ['work'] } });
    await expect(store.transact(async (tx) => tx.stateRevision())).resolves.toBe(0);
  });

  it('the audit chain verifier refuses a position that is not an integer, and a record it cannot read breaks the chain', () => {
    const verifier = new AuditChainVerifier();
    expect(() => verifier.push('1' as never, {})).toThrow(SecGovError);
    expect(() => verifier.push(Symbol('p') as never, {})).toThrow(SecGovError);
    expect(verifier.push(1, proxy)).toBe(false);
    expect(verifier.result()).toMatchObject({ ok: false, seq: 1, reason: 'malformed' });
  });

  it('the manual clock takes a Date, an ISO-8601 string or milliseconds, and durations of finite numbers', () => {
    for (const start of [Symbol('t'), 10n, Object.create(null), Object.create(Date.prototype), proxy]) {
      expect(caught(() => new ManualClock(start as never))).toMatchObject({ code: 'VALIDATION_FAILED', details: { ids: ['start'] } });
    }
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    expect(caught(() => clock.advance({ hours: 'two' } as never))).toMatchObject({ details: { ids: ['by.hours'] } });
    expect(caught(() => clock.advance({ days: Number.NaN }))).toMatchObject({ details: { ids: ['by.days'] } });
    expect(caught(() => clock.advance(null as never))).toMatchObject({ details: { ids: ['by'] } });
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(clock.advance({ hours: 2 }).toISOString()).toBe('2026-01-01T02:00:00.000Z');
  });
});
