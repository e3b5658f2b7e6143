/**
 * Shared fixtures and assertions for the model tests.
 */
import { expect } from 'vitest';
import {
  SecGovError,
  applyChanges,
  createModel,
  modelToData,
  type ChangeInput,
  type ModelDataInput,
  type SecGovErrorCode,
  type SecurityModel,
} from '../../src/index.js';

/** Entry point ids used by {@link baseData}. */
export const JOURNAL_FORM = 'menu-item-display:LedgerJournalTable';
export const POST_ACTION = 'menu-item-action:LedgerJournalPost';
export const PAY_SERVICE = 'service-operation:VendPayments/settle';

/**
 * A small but complete model: every kind of object, every kind of reference, and the
 * administrator role (so a round trip through `modelToData` keeps `parameters.administratorRole` valid).
 */
export function baseData(): ModelDataInput {
  return {
    entryPoints: [
      { kind: 'menu-item-display', name: 'LedgerJournalTable', viewLicense: 'team-members', maintainLicense: 'operations' },
      { kind: 'menu-item-action', name: 'LedgerJournalPost', maintainLicense: 'activity' },
      { kind: 'service-operation', name: 'VendPayments', childName: 'settle' },
    ],
    privileges: [
      { id: 'LedgerJournalView', name: 'View journals', grants: [{ entryPoint: JOURNAL_FORM, read: 'allow' }] },
      {
        id: 'LedgerJournalMaintain',
        name: 'Maintain journals',
        grants: [
          { entryPoint: JOURNAL_FORM, read: 'allow', update: 'allow', create: 'allow' },
          { entryPoint: POST_ACTION, invoke: 'allow' },
        ],
      },
      { id: 'VendPaymentsSettle', name: 'Settle payments', grants: [{ entryPoint: PAY_SERVICE, invoke: 'allow' }] },
    ],
    duties: [{ id: 'MaintainJournals', name: 'Maintain journals', privileges: ['LedgerJournalMaintain'] }],
    roles: [
      { id: 'Accountant', name: 'Accountant', duties: ['MaintainJournals'], privileges: ['LedgerJournalView'], subRoles: ['Clerk'] },
      { id: 'Clerk', name: 'Clerk', privileges: ['VendPaymentsSettle'] },
      { id: '-SYSADMIN-', name: 'System administrator' },
    ],
    organizations: [
      { id: 'USMF', name: 'Contoso USA' },
      { id: 'USMF-East', name: 'Contoso USA East', parent: 'USMF' },
    ],
    users: [
      { id: 'alice', name: 'Alice' },
      { id: 'bob', name: 'Bob', enabled: false },
    ],
    assignments: [
      { user: 'alice', role: 'Accountant', scope: { organizations: [{ id: 'USMF', includeChildren: true }] } },
      { user: 'bob', role: 'Clerk' },
    ],
  };
}

/** The model of {@link baseData}. */
export function baseModel(): SecurityModel {
  return createModel(baseData());
}

/**
 * Run `action`, expect it to throw a {@link SecGovError} with `code`, and return the error.
 * A crash with any other error fails the test with that error's message.
 */
export function expectSecGovError(action: () => unknown, code: SecGovErrorCode): SecGovError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) throw new Error(`expected SecGovError ${code}, but nothing was thrown`);
  if (!(thrown instanceof SecGovError)) {
    throw new Error(`expected SecGovError ${code}, got ${String((thrown as Error)?.name)}: ${String((thrown as Error)?.message)}`);
  }
  expect(thrown.code, thrown.message).toBe(code);
  expect(thrown.message.length).toBeGreaterThan(0);
  return thrown;
}

/** The codes of every problem an error carries. */
export function problemCodes(error: SecGovError): string[] {
  return (error.details.problems ?? []).map((p) => p.code);
}

/** A deep copy of a model, to compare the original with after a failed change. */
export function snapshot(model: SecurityModel): SecurityModel {
  return structuredClone(model);
}

/**
 * Apply `changes` and expect a typed error with `code`; check the old model is untouched.
 * Returns the error.
 */
export function expectRejected(model: SecurityModel, changes: unknown, code: SecGovErrorCode): SecGovError {
  const before = snapshot(model);
  const error = expectSecGovError(() => applyChanges(model, changes as ChangeInput[]), code);
  expect(model).toEqual(before);
  return error;
}

/** Rebuild a model from its plain data. */
export function roundTrip(model: SecurityModel): SecurityModel {
  return createModel(JSON.parse(JSON.stringify(modelToData(model))) as ModelDataInput);
}
