import { describe, expect, it } from 'vitest';
import { createGovernance, createModel, type Clock } from '../../src/index.js';
import { scenarioData } from './fixture.js';

describe('a custom clock with only now()', () => {
  it('still cuts session access at the scheduled end, before the processor runs', async () => {
    let now = Date.parse('2026-03-02T08:00:00Z');
    const clock: Clock = { now: () => new Date(now) };
    const gov = await createGovernance({ model: createModel(scenarioData()), clock });
    const s = await gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['PaymentsClerk'], type: 'merge', start: '2026-03-02T09:00:00Z', end: '2026-03-02T17:00:00Z' });
    await gov.approveSession('admin', s.id);
    now = Date.parse('2026-03-02T09:00:00Z');
    await gov.process();
    expect(gov.check('carol', 'menu-item-action:VendPaymentPost', 'invoke')).toBe(true);
    now = Date.parse('2026-03-02T17:00:00Z');
    expect(gov.check('carol', 'menu-item-action:VendPaymentPost', 'invoke')).toBe(false);
  });
});
