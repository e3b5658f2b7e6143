import { createGovernance, createModel, memoryStore, type Governance, type ModelDataInput, type ParametersPatch, type Store } from '../../src/index.js';
import { ManualClock } from '../../src/testing/index.js';

/** A small, hand-made model for session scenarios. */
export function scenarioData(): ModelDataInput {
  return {
    entryPoints: [
      { kind: 'menu-item-display', name: 'LedgerJournalTable', viewLicense: 'team-members', maintainLicense: 'operations' },
      { kind: 'menu-item-action', name: 'VendPaymentPost', viewLicense: 'activity', maintainLicense: 'operations' },
      { kind: 'menu-item-display', name: 'PurchTable', viewLicense: 'team-members', maintainLicense: 'activity' },
      { kind: 'menu-item-display', name: 'SysUserManagement', viewLicense: 'operations', maintainLicense: 'operations' },
    ],
    privileges: [
      { id: 'LedgerJournalMaintain', name: 'Maintain journals', grants: [{ entryPoint: 'menu-item-display:LedgerJournalTable', read: 'allow', update: 'allow', create: 'allow' }] },
      { id: 'VendPaymentPost', name: 'Post payments', grants: [{ entryPoint: 'menu-item-action:VendPaymentPost', invoke: 'allow', read: 'allow' }] },
      { id: 'PurchTableView', name: 'View purchase orders', grants: [{ entryPoint: 'menu-item-display:PurchTable', read: 'allow' }] },
      { id: 'SysUserManagement', name: 'Manage users', grants: [{ entryPoint: 'menu-item-display:SysUserManagement', read: 'allow', update: 'allow' }] },
    ],
    duties: [
      { id: 'LedgerJournalMaintainDuty', name: 'Maintain journals', privileges: ['LedgerJournalMaintain'] },
      { id: 'VendPaymentDuty', name: 'Pay vendors', privileges: ['VendPaymentPost'] },
      { id: 'PurchInquiry', name: 'Inquire into purchases', privileges: ['PurchTableView'] },
    ],
    roles: [
      { id: '-SYSADMIN-', name: 'System administrator', privileges: ['SysUserManagement'] },
      { id: 'Accountant', name: 'Accountant', duties: ['LedgerJournalMaintainDuty'] },
      { id: 'PaymentsClerk', name: 'Payments clerk', duties: ['VendPaymentDuty'] },
      { id: 'Buyer', name: 'Buyer', duties: ['PurchInquiry'] },
      { id: 'Auditor', name: 'Auditor', duties: ['PurchInquiry'] },
    ],
    organizations: [
      { id: 'GLOBAL', name: 'Contoso' },
      { id: 'USMF', name: 'Contoso US', parent: 'GLOBAL' },
      { id: 'DEMF', name: 'Contoso DE', parent: 'GLOBAL' },
    ],
    users: [
      { id: 'admin', name: 'Admin' },
      { id: 'admin2', name: 'Second admin' },
      { id: 'bob', name: 'Bob' },
      { id: 'carol', name: 'Carol' },
      { id: 'break-glass', name: 'Break-glass account', enabled: false },
      { id: 'retired-admin', name: 'Retired admin', enabled: false },
    ],
    assignments: [
      { user: 'admin', role: '-SYSADMIN-' },
      { user: 'admin2', role: '-SYSADMIN-' },
      { user: 'retired-admin', role: '-SYSADMIN-' },
      { user: 'bob', role: 'Buyer' },
      { user: 'bob', role: 'PaymentsClerk', scope: { organizations: [{ id: 'USMF' }] } },
      { user: 'carol', role: 'Accountant' },
    ],
  };
}

export const T0 = '2026-03-02T08:00:00.000Z';
export const at = (iso: string) => new Date(iso).toISOString();

export interface Fixture {
  gov: Governance;
  clock: ManualClock;
  store: Store;
}

export async function makeFixture(options: { store?: Store; parameters?: ParametersPatch; start?: string } = {}): Promise<Fixture> {
  const clock = new ManualClock(options.start ?? T0);
  const store = options.store ?? memoryStore();
  const gov = await createGovernance({ store, clock, model: createModel(scenarioData()), ...(options.parameters ? { parameters: options.parameters } : {}) });
  return { gov, clock, store };
}

export async function expectCode(promise: Promise<unknown> | (() => unknown), code: string): Promise<Error & { code: string; details: Record<string, unknown> }> {
  try {
    if (typeof promise === 'function') await promise();
    else await promise;
  } catch (error) {
    const e = error as Error & { code: string; details: Record<string, unknown> };
    if (e.code !== code) throw new Error(`expected ${code}, got ${e.code ?? e.name}: ${e.message}`);
    return e;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}

/** Run `a` now and `b` after `ticks` turns of the event loop. */
export async function race<A, B>(a: () => Promise<A>, b: () => Promise<B>, ticks: number): Promise<[A, B]> {
  const later = async () => {
    for (let k = 0; k < ticks; k++) await Promise.resolve();
    return b();
  };
  return Promise.all([a(), later()]);
}
