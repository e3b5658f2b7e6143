import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as secgov from '../../src/index.js';

const doc = readFileSync(new URL('../../docs/versions-and-audit.md', import.meta.url), 'utf8');
function blocks(lang: string): string[] {
  const out: { lang: string; text: string[] }[] = [];
  let open: { lang: string; text: string[] } | undefined;
  for (const line of doc.split('\n')) {
    if (line.startsWith('```')) {
      if (open) {
        out.push(open);
        open = undefined;
      } else open = { lang: line.slice(3).trim(), text: [] };
    } else open?.text.push(line);
  }
  return out.filter((b) => b.lang === lang).map((b) => b.text.join('\n'));
}

describe('docs/versions-and-audit.md: the worked example', () => {
  it('prints what the code in the guide prints', () => {
    const code = blocks('ts')
      .slice(0, 3)
      .join('\n')
      .replace(/^import .*$/m, '')
      .replace(/^\/\/.*$/gm, '');
    const printed: string[] = [];
    const run = new Function('secgov', 'console', `const { applyChanges, compareModels, createModel, renderComparison, restoreChanges } = secgov;\n${code}\nreturn { v1, current, restored };`) as (
      s: typeof secgov,
      c: { log: (x: string) => void },
    ) => { v1: secgov.SecurityModel; current: secgov.SecurityModel; restored: secgov.SecurityModel };
    const { v1, current, restored } = run(secgov, { log: (x) => printed.push(x) });
    const texts = blocks('');
    expect(printed[0]).toBe(texts[0]!.trim());
    const after = secgov.renderComparison(secgov.compareModels(v1, restored)).split('\n').slice(1).join('\n');
    expect(after).toBe(texts[1]!.trim());
    const both = secgov.restoreChanges(current, v1, { parts: 'both', removeCustomizations: false });
    expect(both.kept).toEqual([]);
    expect(secgov.compareModels(v1, secgov.applyChanges(current, both.changes), { parts: ['configuration', 'governance'] }).entries.map((e) => `${e.kind} ${e.id} ${e.status}`)).toEqual(['role Controller added']);
  });
});
