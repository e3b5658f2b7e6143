/**
 * A readable text rendering of a comparison.
 *
 * @module
 */
import type { ComparisonEntry, ModelComparison } from './compare.js';
import type { FieldChange, FieldValue } from './fields.js';
import type { ComparedKind } from './parts.js';
import { comparedKinds } from './parts.js';

/** Readable names of the compared kinds. */
export const comparedKindLabels: Readonly<Record<ComparedKind, string>> = {
  entryPoint: 'entry point',
  privilege: 'privilege',
  duty: 'duty',
  role: 'role',
  license: 'licence',
  securityCategory: 'security category',
  process: 'process',
  task: 'task',
  sodRule: 'SoD rule',
  assignmentRule: 'assignment rule',
  parameters: 'parameters',
  organization: 'organization',
  user: 'user',
  assignment: 'assignment',
  conflict: 'conflict',
  exclusion: 'exclusion',
};

const MAX_VALUE_CHARS = 200;

function show(value: FieldValue | undefined): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** One line for a field change (without indentation). */
export function renderFieldChange(change: FieldChange): string {
  switch (change.type) {
    case 'value':
      return `${change.field}: ${show(change.from)} → ${show(change.to)}`;
    case 'member':
      return `${change.field}: ${change.change === 'added' ? '+' : '-'} ${change.id}`;
    case 'attribute':
      return `attribute ${JSON.stringify(change.key)}: ${show(change.from)} → ${show(change.to)}`;
    case 'grant': {
      const rights = change.rights.map((r) => `${r.right} ${r.from} → ${r.to}`).join(', ');
      const sign = change.change === 'added' ? '+' : change.change === 'removed' ? '-' : '~';
      return `${change.field === 'grants' ? 'grant' : 'entry point'} ${sign} ${change.entryPoint}${rights ? `: ${rights}` : ''}`;
    }
  }
}

function renderEntry(entry: ComparisonEntry): string[] {
  const name = entry.kind === 'parameters' ? 'parameters' : `${comparedKindLabels[entry.kind]} ${entry.id}`;
  const lines = [`${name}: ${entry.status}`];
  for (const change of entry.changes) lines.push(`  ${renderFieldChange(change)}`);
  return lines;
}

/**
 * Render a comparison as text: a summary line, then one line per record (`role Clerk: changed`)
 * and one indented line per field change (`  duties: + PostJournals`,
 * `  grant ~ menu-item-display:LedgerJournalTable: update allow → unset`, `  name: "A" → "B"`).
 */
export function renderComparison(comparison: ModelComparison): string {
  const counts: string[] = [];
  for (const kind of comparedKinds) {
    const s = comparison.summary[kind];
    if (!s) continue;
    const parts = [s.added && `${s.added} added`, s.removed && `${s.removed} removed`, s.changed && `${s.changed} changed`].filter(Boolean);
    if (parts.length > 0) counts.push(`${comparedKindLabels[kind]}: ${parts.join(', ')}`);
  }
  const head = comparison.identical ? `no differences (${comparison.parts.join(', ')})` : `differences (${comparison.parts.join(', ')}): ${counts.join('; ')}`;
  const lines = [head];
  for (const entry of comparison.entries) lines.push(...renderEntry(entry));
  return lines.join('\n');
}
