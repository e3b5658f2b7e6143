/**
 * Governance data for role design: security categories, the process hierarchy and its tasks, and
 * automatic role assignment rules.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, nameSchema, textSchema, MAX_ID_LENGTH } from './ids.js';
import { grantSchema, scopeSchema, MAX_GRANTS_PER_PRIVILEGE } from './schemas.js';

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
  if (conditionDepth(c) > MAX_CONDITION_DEPTH) ctx.addIssue({ code: 'custom', message: `a condition may nest at most ${MAX_CONDITION_DEPTH} levels` });
});

/** The nesting depth of a condition (iterative: hostile input cannot overflow the stack). */
export function conditionDepth(condition: Condition): number {
  let max = 0;
  const stack: [Condition, number][] = [[condition, 1]];
  while (stack.length > 0) {
    const [c, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (depth > MAX_CONDITION_DEPTH) return depth;
    if ('and' in c) for (const x of c.and) stack.push([x, depth + 1]);
    else if ('or' in c) for (const x of c.or) stack.push([x, depth + 1]);
    else if ('not' in c) stack.push([c.not, depth + 1]);
  }
  return max;
}

/** Whether a user's attributes satisfy a condition. */
export function matchesCondition(condition: Condition, attributes: Readonly<Record<string, string>>): boolean {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(attributes, key);
  if ('and' in condition) return condition.and.every((c) => matchesCondition(c, attributes));
  if ('or' in condition) return condition.or.some((c) => matchesCondition(c, attributes));
  if ('not' in condition) return !matchesCondition(condition.not, attributes);
  if ('equals' in condition) return has(condition.attribute) && attributes[condition.attribute] === condition.equals;
  if ('in' in condition) return has(condition.attribute) && condition.in.includes(attributes[condition.attribute]!);
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
