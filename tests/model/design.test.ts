import { describe, expect, it } from 'vitest';
import { applyChanges, conditionSchema, createModel, matchesCondition, modelToData, SecGovError, type ChangeInput, type Condition } from '../../src/index.js';

const base = createModel({
  entryPoints: [{ kind: 'menu-item-display', name: 'PurchTable' }],
  roles: [{ id: 'Buyer', name: 'Buyer' }],
  securityCategories: [{ id: 'P2P', name: 'Procure to pay' }, { id: 'O2C', name: 'Order to cash' }],
  processes: [
    { id: 'Purchasing', name: 'Purchasing', category: 'P2P' },
    { id: 'PurchaseOrders', name: 'Purchase orders', category: 'P2P', parent: 'Purchasing' },
  ],
  tasks: [{ id: 'ReviewPO', name: 'Review purchase orders', process: 'PurchaseOrders', entryPoints: [{ entryPoint: 'menu-item-display:PurchTable', read: 'allow', delete: 'deny' }] }],
  assignmentRules: [{ id: 'buyers', name: 'Buyers by department', role: 'Buyer', condition: { attribute: 'department', equals: 'Purchasing' } }],
});

function codes(changes: ChangeInput[]): string[] {
  try {
    applyChanges(base, changes);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(SecGovError);
    return ((error as SecGovError).details['problems'] as { code: string }[] | undefined)?.map((p) => p.code) ?? [(error as SecGovError).code];
  }
}

describe('process hierarchy, tasks and assignment rules in the model', () => {
  it('round-trips through plain data', () => {
    expect(modelToData(createModel(modelToData(base)))).toEqual(modelToData(base));
    expect(base.tasks.get('reviewpo')?.entryPoints[0]).toMatchObject({ read: 'allow', delete: 'deny', update: 'unset' });
  });

  it('checks references', () => {
    expect(codes([{ op: 'add', kind: 'process', value: { id: 'X', name: 'X', category: 'Nope' } }])).toEqual(['MISSING_REFERENCE']);
    expect(codes([{ op: 'add', kind: 'process', value: { id: 'X', name: 'X', category: 'P2P', parent: 'Nope' } }])).toEqual(['MISSING_REFERENCE']);
    expect(codes([{ op: 'add', kind: 'task', value: { id: 'T', name: 'T', process: 'Nope' } }])).toEqual(['MISSING_REFERENCE']);
    expect(codes([{ op: 'add', kind: 'task', value: { id: 'T', name: 'T', process: 'Purchasing', entryPoints: [{ entryPoint: 'table:Nope' }] } }])).toEqual(['MISSING_REFERENCE']);
    expect(codes([{ op: 'add', kind: 'assignmentRule', value: { id: 'r', name: 'r', role: 'Nope', condition: { attribute: 'a', exists: true } } }])).toEqual(['MISSING_REFERENCE']);
  });

  it('refuses a parent in another category and parent cycles', () => {
    expect(codes([{ op: 'add', kind: 'process', value: { id: 'X', name: 'X', category: 'O2C', parent: 'Purchasing' } }])).toEqual(['VALIDATION_FAILED']);
    expect(codes([{ op: 'update', kind: 'process', id: 'Purchasing', patch: { parent: 'PurchaseOrders' } }])).toEqual(['VALIDATION_FAILED']);
  });

  it('keeps what is referred to', () => {
    expect(codes([{ op: 'remove', kind: 'securityCategory', id: 'P2P' }])).toContain('IN_USE');
    expect(codes([{ op: 'remove', kind: 'process', id: 'PurchaseOrders' }])).toEqual(['IN_USE']);
    expect(codes([{ op: 'remove', kind: 'entryPoint', id: 'menu-item-display:PurchTable' }])).toEqual(['IN_USE']);
    expect(codes([{ op: 'remove', kind: 'role', id: 'Buyer' }])).toEqual(['IN_USE']);
    expect(codes([{ op: 'remove', kind: 'task', id: 'ReviewPO' }, { op: 'remove', kind: 'process', id: 'PurchaseOrders' }])).toEqual([]);
  });
});

describe('assignment rule conditions', () => {
  const attrs = Object.assign(Object.create(null) as Record<string, string>, { department: 'Purchasing', site: 'US' });
  Object.defineProperty(attrs, '__proto__', { value: 'x', enumerable: true });

  it.each<[Condition, boolean]>([
    [{ attribute: 'department', equals: 'Purchasing' }, true],
    [{ attribute: 'department', equals: 'purchasing' }, false],
    [{ attribute: 'site', in: ['DE', 'US'] }, true],
    [{ attribute: 'missing', in: ['undefined'] }, false],
    [{ attribute: 'site', exists: true }, true],
    [{ attribute: 'constructor', exists: true }, false],
    [{ attribute: '__proto__', equals: 'x' }, true],
    [{ and: [{ attribute: 'site', equals: 'US' }, { not: { attribute: 'department', equals: 'Sales' } }] }, true],
    [{ or: [{ attribute: 'site', equals: 'DE' }, { attribute: 'toString', exists: true }] }, false],
  ])('%j → %s', (condition, expected) => {
    expect(matchesCondition(conditionSchema.parse(condition), attrs)).toBe(expected);
  });

  it('refuses code, unknown operators and deep nesting', () => {
    expect(conditionSchema.safeParse({ attribute: 'a', matches: '.*' }).success).toBe(false);
    expect(conditionSchema.safeParse({ script: 'return true' }).success).toBe(false);
    expect(conditionSchema.safeParse({ and: [] }).success).toBe(false);
    let deep: Condition = { attribute: 'a', exists: true };
    for (let i = 0; i < 40; i++) deep = { not: deep };
    expect(conditionSchema.safeParse(deep).success).toBe(false);
  });
});

describe('process categories', () => {
  it('refuses moving a process to another category while its children stay', () => {
    expect(codes([{ op: 'update', kind: 'process', id: 'Purchasing', patch: { category: 'O2C' } }])).toEqual(['VALIDATION_FAILED']);
    expect(codes([
      { op: 'update', kind: 'process', id: 'Purchasing', patch: { category: 'O2C' } },
      { op: 'update', kind: 'process', id: 'PurchaseOrders', patch: { category: 'O2C' } },
    ])).toEqual([]);
  });
});
