import { describe, expect, it } from 'vitest';
import { accessLevel, grantSchema, rights, type GrantInput } from '../../src/index.js';

const level = (input: Omit<GrantInput, 'entryPoint'>) => accessLevel(grantSchema.parse({ entryPoint: 'table:T', ...input }));

describe('accessLevel', () => {
  it('is not-specified when every right is unset', () => {
    expect(level({})).toBe('not-specified');
  });

  it('is read when only read is allowed', () => {
    expect(level({ read: 'allow' })).toBe('read');
    expect(level({ read: 'allow', update: 'deny', delete: 'deny' })).toBe('read');
  });

  it('is write when any right other than read is allowed', () => {
    for (const right of rights.filter((r) => r !== 'read')) {
      expect(level({ [right]: 'allow' }), right).toBe('write');
      expect(level({ read: 'allow', [right]: 'allow' }), right).toBe('write');
    }
    expect(level({ invoke: 'allow' })).toBe('write');
  });

  it('is denied when read is denied and nothing is allowed', () => {
    expect(level({ read: 'deny' })).toBe('denied');
    expect(level({ read: 'deny', update: 'deny', invoke: 'deny' })).toBe('denied');
  });

  it('a write right wins over a denied read (the grant still needs the maintain licence)', () => {
    expect(level({ read: 'deny', update: 'allow' })).toBe('write');
  });

  it('denying only a non-read right specifies nothing to license', () => {
    expect(level({ update: 'deny' })).toBe('not-specified');
  });

  it('accepts any object with the six rights (not only parsed grants)', () => {
    expect(accessLevel({ read: 'allow', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' })).toBe('read');
  });
});
