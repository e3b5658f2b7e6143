import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sessionTransitionTable } from '../../src/index.js';

describe('docs/sessions.md', () => {
  it('prints exactly the exported transition table', () => {
    const doc = readFileSync(new URL('../../docs/sessions.md', import.meta.url), 'utf8');
    const block = doc.split('<!-- transition-table:start -->')[1]!.split('<!-- transition-table:end -->')[0]!.trim().split('\n').slice(2);
    const expected = sessionTransitionTable.map((r) => `| ${r.from} | ${r.event} | ${r.to['temporary-role']} | ${r.to.privileged} | ${r.by.join(', ')} | ${r.when ?? ''} | ${r.effects.join(', ')} |`);
    expect(block).toEqual(expected);
  });
});
