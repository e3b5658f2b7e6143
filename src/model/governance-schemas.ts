/**
 * Governance records: segregation-of-duties rules, conflicts and their resolutions, exclusions.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, nameSchema, textSchema } from './ids.js';
import { scopeSchema } from './schemas.js';
import { instantSchema } from './time.js';

/** Severities of an SoD rule, lowest first. */
export const severities = ['low', 'medium', 'high', 'critical'] as const;
/** Schema of a severity. */
export const severitySchema = z.enum(severities);
/** The severity of an SoD rule. */
export type Severity = z.infer<typeof severitySchema>;

/**
 * Schema of a segregation-of-duties rule: a user must not hold both duties in one organization, and
 * a role must never contain both.
 */
export const sodRuleSchema = z
  .strictObject({
    id: idSchema,
    name: nameSchema,
    firstDuty: idSchema,
    secondDuty: idSchema,
    severity: severitySchema.default('medium'),
    /** The security risk the rule guards against. */
    risk: textSchema.default(''),
    /** How the risk is mitigated. */
    mitigation: textSchema.default(''),
    enabled: z.boolean().default(true),
  })
  .refine((r) => r.firstDuty.toLowerCase() !== r.secondDuty.toLowerCase(), { message: 'a rule needs two different duties', path: ['secondDuty'] });
/** An SoD rule. */
export type SodRule = z.output<typeof sodRuleSchema>;
/** An SoD rule as callers may write it. */
export type SodRuleInput = z.input<typeof sodRuleSchema>;

/** Where an assignment that raised a conflict came from. */
export const conflictSourceSchema = z.enum(['manual', 'automatic', 'session']);

/** Schema of one rule a conflicting assignment would break. */
export const conflictRuleSchema = z.strictObject({
  rule: idSchema,
  firstDuty: idSchema,
  secondDuty: idSchema,
  /** Roles (of the user, including the additional one) that bring the first duty. */
  firstRoles: z.array(idSchema),
  /** Roles that bring the second duty. */
  secondRoles: z.array(idSchema),
  /** Organizations where both duties meet: `'all'` or organization ids. */
  organizations: z.union([z.literal('all'), z.array(idSchema)]),
});
/** One rule a conflicting assignment would break. */
export type ConflictRule = z.output<typeof conflictRuleSchema>;

/**
 * Schema of an SoD conflict: an assignment that would give a user both duties of a rule, held
 * against the additional role until an administrator denies or allows it.
 */
export const conflictSchema = z.strictObject({
  id: idSchema,
  user: idSchema,
  /** The additional role: the one whose assignment raised the conflict. */
  role: idSchema,
  scope: scopeSchema,
  source: conflictSourceSchema,
  /** The session, when the assignment comes from a session. */
  session: idSchema.nullable().default(null),
  rules: z.array(conflictRuleSchema).min(1),
  raisedAt: instantSchema,
  status: z.enum(['unresolved', 'allowed', 'denied']).default('unresolved'),
  /** Reason for override (allowed) or denial. */
  reason: textSchema.nullable().default(null),
  /** When an override stops counting; null for never. */
  expiresAt: instantSchema.nullable().default(null),
  /** The mitigating control that makes the override acceptable. */
  mitigation: textSchema.nullable().default(null),
  resolvedBy: idSchema.nullable().default(null),
  resolvedAt: instantSchema.nullable().default(null),
});
/** An SoD conflict. */
export type Conflict = z.output<typeof conflictSchema>;
/** An SoD conflict as callers may write it. */
export type ConflictInput = z.input<typeof conflictSchema>;

/** Schema of an exclusion: the user is not assigned the role automatically until the exclusion is reset. */
export const exclusionSchema = z.strictObject({
  user: idSchema,
  role: idSchema,
  reason: textSchema.nullable().default(null),
});
/** An exclusion of a user from a role. */
export type Exclusion = z.output<typeof exclusionSchema>;
