/**
 * A readable text rendering of a comparison.
 *
 * @module
 */
import { z } from 'zod';
import { SecGovError } from '../model/errors.js';
import { MAX_TEXT_LENGTH } from '../model/ids.js';
import { permissionSchema, rights } from '../model/schemas.js';
import { parseOrThrow } from '../model/zod-problems.js';
import type { ModelComparison } from './compare.js';
import type { FieldChange, FieldValue } from './fields.js';
import type { ComparedKind } from './parts.js';
import { comparedKinds, partNames, partSchema } from './parts.js';
import { kindOf, readArgument } from '../model/arguments.js';

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

function invalid(what: string, problem: string): SecGovError {
  return new SecGovError('VALIDATION_FAILED', `invalid ${what}: ${problem}`);
}

/** `value[key]` when `value` is a plain (non-array) object, or throw naming `what`. */
function record(value: unknown, what: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(what, `must be an object, not ${kindOf(value)}`);
  return value as Record<string, unknown>;
}

/** A string of at most {@link MAX_TEXT_LENGTH} characters, or throw naming `what`. */
function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw invalid(what, `must be a string, not ${kindOf(value)}`);
  if (value.length > MAX_TEXT_LENGTH) throw invalid(what, `must be at most ${MAX_TEXT_LENGTH} characters`);
  return value;
}

/** One of `allowed`, or throw naming `what`. */
function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(what, `must be one of ${allowed.join(', ')}${typeof value === 'string' ? '' : `, not ${kindOf(value)}`}`);
  }
  return value as T;
}

/** An array, or throw naming `what`. */
function list(value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(what, `must be an array, not ${kindOf(value)}`);
  return value;
}

function show(value: unknown, what: string): string {
  if (value === undefined) return '(none)';
  let json: unknown;
  try {
    json = JSON.stringify(value);
  } catch {
    // A cycle, a bigint, a nesting too deep, a throwing toJSON: not plain data.
    throw invalid(what, 'must be plain data (JSON)');
  }
  if (typeof json !== 'string') throw invalid(what, `must be plain data (JSON), not ${kindOf(value)}`);
  return json.length > MAX_VALUE_CHARS ? `${json.slice(0, MAX_VALUE_CHARS - 1)}…` : json;
}

const changeTypes = ['value', 'member', 'attribute', 'grant'] as const;
const memberChanges = ['added', 'removed'] as const;
const grantChanges = ['added', 'removed', 'changed'] as const;
const grantFields = ['grants', 'entryPoints'] as const;
const permissions = permissionSchema.options;
const statuses = ['added', 'removed', 'changed', 'unchanged'] as const;

/** The line of one field change, checking it as it goes; `what` names it in messages. */
function fieldChangeLine(value: unknown, what: string): string {
  const change = record(value, what);
  switch (oneOf(change['type'], changeTypes, `${what}.type`)) {
    case 'value':
      return `${text(change['field'], `${what}.field`)}: ${show(change['from'], `${what}.from`)} → ${show(change['to'], `${what}.to`)}`;
    case 'member': {
      const field = text(change['field'], `${what}.field`);
      const sign = oneOf(change['change'], memberChanges, `${what}.change`) === 'added' ? '+' : '-';
      return `${field}: ${sign} ${text(change['id'], `${what}.id`)}`;
    }
    case 'attribute': {
      const key = text(change['key'], `${what}.key`);
      for (const end of ['from', 'to'] as const) {
        if (change[end] !== undefined && typeof change[end] !== 'string') throw invalid(`${what}.${end}`, `must be a string or undefined, not ${kindOf(change[end])}`);
      }
      return `attribute ${JSON.stringify(key)}: ${show(change['from'], `${what}.from`)} → ${show(change['to'], `${what}.to`)}`;
    }
    case 'grant': {
      const field = oneOf(change['field'], grantFields, `${what}.field`);
      const entryPoint = text(change['entryPoint'], `${what}.entryPoint`);
      const kind = oneOf(change['change'], grantChanges, `${what}.change`);
      const parts = list(change['rights'], `${what}.rights`).map((r, i) => {
        const where = `${what}.rights[${i}]`;
        const right = record(r, where);
        return `${oneOf(right['right'], rights, `${where}.right`)} ${oneOf(right['from'], permissions, `${where}.from`)} → ${oneOf(right['to'], permissions, `${where}.to`)}`;
      });
      const rightsText = parts.join(', ');
      const sign = kind === 'added' ? '+' : kind === 'removed' ? '-' : '~';
      return `${field === 'grants' ? 'grant' : 'entry point'} ${sign} ${entryPoint}${rightsText ? `: ${rightsText}` : ''}`;
    }
  }
}

/**
 * One line for a field change (without indentation).
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `change` is not a {@link FieldChange}: not an
 * object, an unknown type, change or right, a missing or non-string field or id (or one longer than
 * `MAX_TEXT_LENGTH`), or a value that is not plain data
 */
export function renderFieldChange(change: FieldChange): string {
  return readArgument('change', () => fieldChangeLine(change, 'change'));
}

/** Append the lines of one comparison entry, checking it as it goes; `what` names it in messages. */
function renderEntry(value: unknown, what: string, lines: string[]): void {
  const entry = record(value, what);
  const kind = oneOf(entry['kind'], comparedKinds, `${what}.kind`);
  const name = kind === 'parameters' ? 'parameters' : `${comparedKindLabels[kind]} ${text(entry['id'], `${what}.id`)}`;
  lines.push(`${name}: ${oneOf(entry['status'], statuses, `${what}.status`)}`);
  // A loop, not push(...changes): spreading a long array overflows the stack.
  const changes = list(entry['changes'], `${what}.changes`);
  for (let i = 0; i < changes.length; i++) lines.push(`  ${fieldChangeLine(changes[i], `${what}.changes[${i}]`)}`);
}

const count = z.number().int().min(0);
const comparisonHeadSchema = z.object({
  identical: z.boolean(),
  parts: z.array(partSchema).max(partNames.length * 4),
  summary: z.object(Object.fromEntries(comparedKinds.map((kind) => [kind, z.object({ added: count, removed: count, changed: count, unchanged: count }).optional()]))),
  entries: z.array(z.unknown()),
});

/**
 * Render a comparison as text: a summary line, then one line per record (`role Clerk: changed`)
 * and one indented line per field change (`  duties: + PostJournals`,
 * `  grant ~ menu-item-display:LedgerJournalTable: update allow → unset`, `  name: "A" → "B"`).
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `comparison` is not a {@link ModelComparison}
 * (as `compareModels` returns): not an object, unknown parts, kinds or statuses, counts that
 * are not whole numbers, or a malformed entry or field change (see {@link renderFieldChange})
 */
export function renderComparison(comparison: ModelComparison): string {
  const { identical, parts: compared, summary, entries } = parseOrThrow(comparisonHeadSchema, comparison, 'comparison');
  const counts: string[] = [];
  for (const kind of comparedKinds) {
    const s = summary[kind];
    if (!s) continue;
    const parts = [s.added && `${s.added} added`, s.removed && `${s.removed} removed`, s.changed && `${s.changed} changed`].filter(Boolean);
    if (parts.length > 0) counts.push(`${comparedKindLabels[kind]}: ${parts.join(', ')}`);
  }
  const head = identical ? `no differences (${compared.join(', ')})` : `differences (${compared.join(', ')}): ${counts.join('; ')}`;
  const lines = [head];
  // Entries are checked as they are rendered: what their own code throws names the comparison.
  readArgument('comparison', () => {
    for (let i = 0; i < entries.length; i++) renderEntry(entries[i], `comparison.entries[${i}]`, lines);
  });
  return lines.join('\n');
}
