import { describe, expect, it } from 'vitest';
import { expectCode, makeFixture } from './fixture.js';

describe('versions on the service', () => {
  it('creates, lists, compares with the current state, restores, and records each step', async () => {
    const { gov } = await makeFixture();
    const v1 = await gov.createVersion('admin', { name: 'Before go-live', description: 'Baseline' });
    expect(v1).toMatchObject({ id: 'V-000001', name: 'Before go-live', createdBy: 'admin' });
    await gov.apply('admin', [
      { op: 'update', kind: 'role', id: 'Buyer', patch: { duties: ['PurchInquiry', 'VendPaymentDuty'] } },
      { op: 'add', kind: 'duty', value: { id: 'Extra', name: 'Extra duty', privileges: ['PurchTableView'] } },
    ]);
    const diff = await gov.compareVersions(v1.id);
    expect(diff.entries.map((e) => [e.kind, e.id, e.status])).toEqual(expect.arrayContaining([['role', 'Buyer', 'changed'], ['duty', 'Extra', 'added']]));
    const restored = await gov.restoreVersion('admin', v1.id, { parts: 'configuration', reason: 'Roll back release 12' });
    expect(restored.kept).toEqual([]);
    const after = await gov.compareVersions(v1.id, 'current', { parts: ['configuration'] });
    expect(after.entries).toEqual([]);
    expect(gov.model().duties.has('extra')).toBe(false);
    expect((await gov.listVersions()).map((v) => v.id)).toEqual([v1.id]);
    await gov.deleteVersion('admin', v1.id);
    expect(await gov.listVersions()).toEqual([]);
    await expectCode(gov.deleteVersion('admin', v1.id), 'NOT_FOUND');
    await expectCode(gov.compareVersions('V-404'), 'NOT_FOUND');
    await expectCode(gov.createVersion('bob', { name: 'x' }), 'NOT_AUTHORIZED');
    await expectCode(gov.createVersion('admin', { name: '' }), 'VALIDATION_FAILED');
    const commands = (await gov.auditTrail()).map((e) => e.command);
    expect(commands).toEqual(['initialize', 'createVersion', 'apply', 'restoreVersion', 'deleteVersion']);
    const trail = await gov.auditTrail();
    expect(trail[3]!.reason).toBe('Roll back release 12');
  });
});
