/**
 * Governance data for role design: security categories, the process hierarchy and its tasks, and
 * automatic role assignment rules.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, nameSchema, textSchema, MAX_ID_LENGTH } from './ids.js';
import { grantSchema, scopeSchema, MAX_GRANTS_PER_PRIVILEGE } from './schemas.js';
import { SecGovError } from './errors.js';
import { kindOf, readArgument } from './arguments.js';

/** Schema of a security category: the root of one process hierarchy (for example "Procure to pay"). */
export const securityCategorySchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  description: textSchema.optional(),
});
/** A security category. */
export type SecurityCategory = z.output<typeof securityCategorySchema>;
/** A security category as callers may write it. */
export type SecurityCategoryInput = z.input<typeof securityCategorySchema>;

/**
 * Schema of a process node: it belongs to a category and sits under another process of the same
 * category (`parent`) or directly under the category; processes nest to any depth.
 */
export const processSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  category: idSchema,
  parent: idSchema.optional(),
  description: textSchema.optional(),
});
/** A process node. */
export type Process = z.output<typeof processSchema>;
/** A process node as callers may write it. */
export type ProcessInput = z.input<typeof processSchema>;

/**
 * Schema of a task: the smallest end-to-end step of a process, listing entry points with a
 * tri-state per right (`allow` grants, `deny` denies, `unset` leaves it to others).
 */
export const taskSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  process: idSchema,
  description: textSchema.optional(),
  entryPoints: z.array(grantSchema).max(MAX_GRANTS_PER_PRIVILEGE).default([]),
});
/** A task. */
export type Task = z.output<typeof taskSchema>;
/** A task as callers may write it. */
export type TaskInput = z.input<typeof taskSchema>;

/** Deepest nesting of an assignment rule condition. */
export const MAX_CONDITION_DEPTH = 32;
/** Most values in one `in` condition and most operands of one `and`/`or`. */
export const MAX_CONDITION_ITEMS = 1_000;

const attribute = z.string().min(1).max(MAX_ID_LENGTH);
const value = z.string().max(MAX_ID_LENGTH);

/**
 * A condition over user attributes: declarative data, never code. `equals` and `in` compare the
 * attribute's value exactly (case-sensitive); `exists` tests presence.
 */
export type Condition =
  | { readonly attribute: string; readonly equals: string }
  | { readonly attribute: string; readonly in: readonly string[] }
  | { readonly attribute: string; readonly exists: boolean }
  | { readonly and: readonly Condition[] }
  | { readonly or: readonly Condition[] }
  | { readonly not: Condition };

/** Schema of a {@link Condition}, with depth and size limits. */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ attribute, equals: value }),
    z.strictObject({ attribute, in: z.array(value).max(MAX_CONDITION_ITEMS) }),
    z.strictObject({ attribute, exists: z.boolean() }),
    z.strictObject({ and: z.array(conditionSchema).min(1).max(MAX_CONDITION_ITEMS) }),
    z.strictObject({ or: z.array(conditionSchema).min(1).max(MAX_CONDITION_ITEMS) }),
    z.strictObject({ not: conditionSchema }),
  ]),
).superRefine((c, ctx) => {
  // The members' own schemas report malformed members; only the depth is checked here.
  if (measureCondition(c).depth > MAX_CONDITION_DEPTH) ctx.addIssue({ code: 'custom', message: `a condition may nest at most ${MAX_CONDITION_DEPTH} levels` });
});


const invalid = (message: string, param = 'condition'): SecGovError => new SecGovError('VALIDATION_FAILED', message, { ids: [param] });

/**
 * Walk a condition iteratively (hostile input cannot overflow the stack): its depth, stopping at the
 * first level past {@link MAX_CONDITION_DEPTH} as {@link conditionDepth} always has, and the first
 * node found that is not a condition (only types and list sizes are checked, not text lengths).
 */
function measureCondition(condition: unknown): { depth: number; problem?: string } {
  let max = 0;
  let problem: string | undefined;
  const report = (depth: number, text: string) => {
    problem ??= `condition is not a Condition: the node at depth ${depth} ${text}`;
  };
  const stack: [unknown, number][] = [[condition, 1]];
  while (stack.length > 0) {
    const [c, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (depth > MAX_CONDITION_DEPTH) return problem === undefined ? { depth } : { depth, problem };
    if (typeof c !== 'object' || c === null || Array.isArray(c)) {
      report(depth, `is ${kindOf(c)}, not an object`);
      continue;
    }
    const node = c as Record<string, unknown>;
    const operator = 'and' in node ? 'and' : 'or' in node ? 'or' : undefined;
    if (operator !== undefined) {
      const list = node[operator];
      if (!Array.isArray(list)) report(depth, `has "${operator}" ${kindOf(list)}, not an array`);
      else if (list.length > MAX_CONDITION_ITEMS) report(depth, `has more than ${MAX_CONDITION_ITEMS} "${operator}" operands`);
      else for (const x of list as unknown[]) stack.push([x, depth + 1]);
    } else if ('not' in node) stack.push([node.not, depth + 1]);
    else if (typeof node.attribute !== 'string') report(depth, `has attribute ${kindOf(node.attribute)}, not a string`);
    else if ('equals' in node) {
      if (typeof node.equals !== 'string') report(depth, `has "equals" ${kindOf(node.equals)}, not a string`);
    } else if ('in' in node) {
      const values = node.in;
      if (!Array.isArray(values)) report(depth, `has "in" ${kindOf(values)}, not an array`);
      else if (values.length > MAX_CONDITION_ITEMS) report(depth, `has more than ${MAX_CONDITION_ITEMS} "in" values`);
      else if (!(values as unknown[]).every((v) => typeof v === 'string')) report(depth, 'has an "in" value that is not a string');
    } else if (typeof node.exists !== 'boolean') report(depth, `has "exists" ${kindOf(node.exists)}, not a boolean`);
  }
  return problem === undefined ? { depth: max } : { depth: max, problem };
}

/**
 * The nesting depth of a condition (iterative: hostile input cannot overflow the stack). Past
 * {@link MAX_CONDITION_DEPTH} it stops looking and answers `MAX_CONDITION_DEPTH + 1`.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming `condition` when it, or a node of it that
 * is looked at, is not a {@link Condition} (wrong types, or more than {@link MAX_CONDITION_ITEMS}
 * operands or values)
 */
export function conditionDepth(condition: Condition): number {
  const { depth, problem } = readArgument('condition', () => measureCondition(condition));
  if (problem !== undefined) throw invalid(problem);
  return depth;
}

/**
 * Whether a user's attributes satisfy a condition.
 *
 * @param attributes - a plain object (or one without a prototype) of attribute names to string values
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming `condition` when it is not a {@link Condition}
 * or nests more than {@link MAX_CONDITION_DEPTH} levels, or naming `attributes` when it is not a
 * plain object or a value it is compared by is not a string
 */
export function matchesCondition(condition: Condition, attributes: Readonly<Record<string, string>>): boolean {
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    throw invalid(`attributes must be a plain object of strings, not ${kindOf(attributes)}`, 'attributes');
  }
  const proto = readArgument('attributes', () => Object.getPrototypeOf(attributes) as unknown);
  if (proto !== Object.prototype && proto !== null) throw invalid('attributes must be a plain object of strings, not a class instance', 'attributes');
  const { depth, problem } = readArgument('condition', () => measureCondition(condition));
  if (problem !== undefined) throw invalid(problem);
  if (depth > MAX_CONDITION_DEPTH) throw invalid(`condition nests more than ${MAX_CONDITION_DEPTH} levels`);
  return readArgument('condition', () => matches(condition, attributes));
}

/** {@link matchesCondition} of a checked condition (at most {@link MAX_CONDITION_DEPTH} deep, so the recursion is bounded). */
function matches(condition: Condition, attributes: Readonly<Record<string, string>>): boolean {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(attributes, key);
  const value = (key: string): string => {
    const v: unknown = attributes[key];
    if (typeof v !== 'string') throw invalid(`attributes.${key.length <= 40 ? key : key.slice(0, 40) + '…'} must be a string, not ${kindOf(v)}`, 'attributes');
    return v;
  };
  if ('and' in condition) return condition.and.every((c) => matches(c, attributes));
  if ('or' in condition) return condition.or.some((c) => matches(c, attributes));
  if ('not' in condition) return !matches(condition.not, attributes);
  if ('equals' in condition) return has(condition.attribute) && value(condition.attribute) === condition.equals;
  if ('in' in condition) return has(condition.attribute) && condition.in.includes(value(condition.attribute));
  return has(condition.attribute) === condition.exists;
}

/**
 * Schema of an automatic role assignment rule: users whose attributes match `condition` are
 * assigned `role` (source `automatic`, with `scope`); users who no longer match lose the automatic
 * assignment. Manual assignments are never touched, and excluded users are skipped.
 */
export const assignmentRuleSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  role: idSchema,
  scope: scopeSchema.default('all'),
  condition: conditionSchema,
  enabled: z.boolean().default(true),
});
/** An automatic role assignment rule. */
export type AssignmentRule = z.output<typeof assignmentRuleSchema>;
/** An automatic role assignment rule as callers may write it. */
export type AssignmentRuleInput = z.input<typeof assignmentRuleSchema>;
